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

enum column_id {
	COL_NAME, COL_TYPE, COL_OPTIONS, COL_BRIDGE, COL_DP_PORT, COL_BACKER, COL_MTU_REQUEST,
	COL_DP_PORT_REQUEST,
	COL_OPTION_KEY,		/* options:KEY, in get */
};
enum column_kind { COLK_STRING, COLK_MAP, COLK_NUMBER };
struct column {
	const char *name;
	enum column_id id;
	enum column_kind kind;
	bool settable;
	unsigned long min, max;	/* a settable number's range */
};
const struct column *column_find(const char *name);
void columns_join(bool settable, char *buf, size_t len);
void iftypes_join(char *buf, size_t len);
void columns_print(FILE *f);
int rules_apply_setting(struct vctx *c, struct iface *ifc, const char *arg);
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
