/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rules.h - interface types, columns, options and the configuration rules.
 */
#ifndef RULES_H
#define RULES_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "model.h"

struct vctx;

/* The tables vportctl has, as ovs-vsctl names them (case-insensitive, unique prefixes). */
enum table_id { TBL_INTERFACE, TBL_PORT, TBL_BRIDGE, TBL_N };
#define TBIT(t) (1u << (t))

enum column_id {
	COL_NAME, COL_TYPE, COL_OPTIONS, COL_BRIDGE, COL_DP_PORT, COL_BACKER, COL_MTU_REQUEST,
	COL_DP_PORT_REQUEST, COL_EXTERNAL_IDS, COL_OTHER_CONFIG, COL_INTERFACES, COL_PORTS,
	COL_FAIL_MODE,
};
enum column_kind { COLK_STRING, COLK_MAP, COLK_NUMBER, COLK_SET };
struct column {
	const char *name;
	enum column_id id;
	enum column_kind kind;
	unsigned tables;	/* TBIT()s of the tables that have it */
	unsigned listed;	/* TBIT()s of the tables whose `list` prints it by default */
	bool settable;
	unsigned long min, max;	/* a settable number's range */
};
const char *table_name(enum table_id t);
int table_find(const char *name, enum table_id *t);	/* 0, -1 unknown */
/* COLUMN as ovs-vsctl finds it: exact, or a unique case-insensitive prefix, '-' for '_'. */
const struct column *column_lookup(enum table_id t, const char *name, bool *ambiguous);
const struct column *column_find(const char *name);	/* an interface column, exactly */
int column_resolve(struct vctx *c, enum table_id t, const char *record, const char *name,
		   const struct column **col);	/* a message on failure (65) */
const struct column *column_next(enum table_id t, const struct column *prev);	/* listed */
void columns_join(bool settable, char *buf, size_t len);
void table_columns_join(enum table_id t, bool settable, char *buf, size_t len);
void iftypes_join(char *buf, size_t len);
void columns_print(FILE *f);
int map_check(struct vctx *c, enum table_id t, const char *record, const char *column,
	      const char *key, const char *val);	/* the length and character rules */
int map_apply(struct vctx *c, enum table_id t, const char *record, const char *column,
	      struct smap *m, const char *key, const char *val);	/* KEY=VALUE or KEY= */
int setting_split(struct vctx *c, enum table_id t, const char *record, const char *arg,
		  char *col, size_t collen, char **key, char **val);	/* 1: no '=' */
int rules_apply_setting(struct vctx *c, struct iface *ifc, const char *arg);
int rules_apply_column(struct vctx *c, enum table_id t, struct iface *ifc, const char *arg);
void opts_format_json(FILE *f, const struct iface *ifc);
const char *iftype_name(enum iftype t);
int iftype_parse(const char *s, enum iftype *t);
bool iftype_is_tunnel(enum iftype t);
const char *const *iftype_option_keys(enum iftype t);
bool option_key_known(const char *key);
const char *opt_get(const struct iface *ifc, const char *key);
int opt_set(struct iface *ifc, const char *key, const char *val);	/* val NULL/"" removes */
void opts_format(FILE *f, const struct iface *ifc);	/* {k="v", ...} */
int rules_validate(struct vctx *c, struct iface *ifc);
int rules_check_value(struct vctx *c, const struct iface *ifc, const char *key, const char *val);
void rules_join_keys(const char *const *keys, char *buf, size_t len);
void rules_derive(const struct iface *ifc, struct iface *out);
int rules_udp_port(const struct iface *ifc);
int rules_finish(struct vctx *c);
uint32_t iftype_vport_type(enum iftype t);
bool is_backer_name(const char *s);

#endif
