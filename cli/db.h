/* SPDX-License-Identifier: GPL-2.0 */
/*
 * db.h - the configuration database (db.c, the only user of SQLite).
 */
#ifndef DB_H
#define DB_H

#include <stdbool.h>
#include <stdint.h>
#include "model.h"

struct vctx;
struct sqlite3_stmt;

void db_init(void);
int db_open(struct vctx *c, bool write);
int db_finish(struct vctx *c, bool commit);
void db_close(struct vctx *c);
int db_bridge_exists(struct vctx *c, const char *name);
int db_bridge_add(struct vctx *c, const char *name);
int db_bridge_del(struct vctx *c, const char *name);
int db_bridge_names(struct vctx *c, struct strset *names);	/* sorted */
int db_iface_get(struct vctx *c, const char *name, struct iface *ifc);	/* 1 found, 0 not, -1 */

/* Row iterators: *_next() gives 1 for a row, 0 at the end, -1 on error. */
struct db_iter {
	struct vctx *c;
	struct sqlite3_stmt *stmt;
};
void db_ifaces(struct vctx *c, const char *bridge, struct db_iter *it);	/* NULL: all */
int db_ifaces_next(struct db_iter *it, struct iface *ifc);
void db_iface_names(struct vctx *c, const char *bridge, struct db_iter *it);
int db_iface_names_next(struct db_iter *it, const char **name, const char **kname);
void db_backer_users(struct vctx *c, const char *kname, struct db_iter *it);
int db_backer_users_next(struct db_iter *it, const char **name);

/* Lookups the rules ask for: 1 (the other interface's name in other), 0, -1. */
int db_port_request_user(struct vctx *c, long port_no, const char *except, char *other,
			 size_t len);
int db_same_tunnel(struct vctx *c, const struct iface *ifc, char *other, size_t len,
		   int64_t *other_id);
int db_other_backer_cfg(struct vctx *c, const struct iface *ifc, char *other, size_t len);
int db_iface_insert(struct vctx *c, struct iface *ifc);
int db_iface_update(struct vctx *c, const struct iface *ifc);
int db_iface_delete(struct vctx *c, const char *name);
int db_vport_get(struct vctx *c, const char *name, struct vport *vp);	/* 1 found, 0 not */
int db_vport_put(struct vctx *c, const char *name, const struct vport *vp);
int db_vport_del(struct vctx *c, const char *name);
int db_vport_any(struct vctx *c);	/* 1 if a vport is recorded, 0 if not, -1 */
int db_vport_names(struct vctx *c, struct strset *names);	/* sorted */
int db_iface_of_kname(struct vctx *c, const char *kname, struct iface *ifc);	/* 1, 0, -1 */
int db_count_bridges(struct vctx *c);

/* Forwarding: a bridge's fail_mode, and the flows as last committed (flows.c). */
struct flow;
struct flowset;
int db_bridge_fail_mode(struct vctx *c, const char *br, char *buf, size_t len);	/* 1, 0, -1 */
int db_bridge_secure(struct vctx *c, const char *br);	/* 1 secure, 0 not, -1 */
int db_bridge_set_fail_mode(struct vctx *c, const char *br, const char *mode);
void db_patch_ifaces(struct vctx *c, const char *br, struct db_iter *it);	/* db_ifaces_next */
int db_backer_used_on(struct vctx *c, const char *kname, const char *br);	/* 1, 0, -1 */
int db_flow_count(struct vctx *c, const char *br);	/* the bridge's members' flows, -1 */
int db_flow_old_domain_bridges(struct vctx *c, const char *br, struct strset *out);
int db_flows_of_bridges(struct vctx *c, const struct strset *brs, struct flowset *out);
int db_flows_all(struct vctx *c, struct flowset *out);
int db_flow_put(struct vctx *c, const struct flow *f);
int db_flow_del(struct vctx *c, const uint8_t ufid[OVSNL_UFID_LEN]);
int db_flow_del_all(struct vctx *c);

/* The string maps, by table and column: 1 (the row's map in m), 0 (no such row), -1. */
enum map_col {
	MAP_IF_EXTERNAL_IDS, MAP_IF_OTHER_CONFIG, MAP_PORT_EXTERNAL_IDS, MAP_PORT_OTHER_CONFIG,
	MAP_BR_EXTERNAL_IDS, MAP_BR_OTHER_CONFIG, MAP_N
};
int db_map_get(struct vctx *c, enum map_col col, const char *name, struct smap *m);
int db_map_put(struct vctx *c, enum map_col col, const char *name, const struct smap *m);
/* db_ifaces of one bridge, with each row's maps: external_ids, other_config, then the port's. */
void db_ifaces_maps(struct vctx *c, const char *bridge, struct db_iter *it);
int db_ifaces_maps_next(struct db_iter *it, struct iface *ifc, struct smap m[4]);

#endif
