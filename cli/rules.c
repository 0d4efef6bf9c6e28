// SPDX-License-Identifier: GPL-2.0
/*
 * rules.c - Open vSwitch's interface rules: types, tunnel options, backers.
 *
 * Tunnel interfaces are "ghost ports": they exist only here.  Every tunnel of
 * one type and UDP port shares one kernel vport, its backer (vxlan_sys_4789,
 * genev_sys_6081, gre_sys).  Two tunnels on one backer must differ in
 * remote_ip, local_ip or in_key (OVS's tunnel match); a vxlan backer with GBP
 * is a different configuration from one without.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "vportctl.h"
#include "db.h"
#include "rules.h"
#include "ovsdb.h"

static const char *const type_names[IF_NTYPES] = {
	[IF_SYSTEM] = "system", [IF_INTERNAL] = "internal", [IF_VXLAN] = "vxlan",
	[IF_GENEVE] = "geneve", [IF_GRE] = "gre", [IF_PATCH] = "patch",
};

static const char *const keys_none[] = { NULL };
static const char *const keys_vxlan[] = {
	"remote_ip", "local_ip", "key", "in_key", "out_key", "dst_port", "tos", "ttl",
	"csum", "df_default", "exts", NULL
};
static const char *const keys_geneve[] = {
	"remote_ip", "local_ip", "key", "in_key", "out_key", "dst_port", "tos", "ttl",
	"csum", "df_default", NULL
};
static const char *const keys_gre[] = {
	"remote_ip", "local_ip", "key", "in_key", "out_key", "tos", "ttl", "csum",
	"df_default", NULL
};
static const char *const keys_patch[] = { "peer", NULL };

static const char *const *const type_keys[IF_NTYPES] = {
	[IF_SYSTEM] = keys_none, [IF_INTERNAL] = keys_none, [IF_VXLAN] = keys_vxlan,
	[IF_GENEVE] = keys_geneve, [IF_GRE] = keys_gre, [IF_PATCH] = keys_patch,
};

const char *iftype_name(enum iftype t)
{
	return t < IF_NTYPES ? type_names[t] : "?";
}

int iftype_parse(const char *s, enum iftype *t)
{
	if (!*s) {		/* the empty type is system, as in OVS */
		*t = IF_SYSTEM;
		return 0;
	}
	for (int i = 0; i < IF_NTYPES; i++)
		if (!strcmp(s, type_names[i])) {
			*t = i;
			return 0;
		}
	return -EINVAL;
}

bool iftype_is_tunnel(enum iftype t)
{
	return t == IF_VXLAN || t == IF_GENEVE || t == IF_GRE;
}

const char *const *iftype_option_keys(enum iftype t)
{
	return type_keys[t];
}

bool option_key_known(const char *key)
{
	for (int t = 0; t < IF_NTYPES; t++)
		for (const char *const *k = type_keys[t]; *k; k++)
			if (!strcmp(*k, key))
				return true;
	return false;
}

uint32_t iftype_vport_type(enum iftype t)
{
	switch (t) {
	case IF_SYSTEM: return OVS_VPORT_TYPE_NETDEV;
	case IF_INTERNAL: return OVS_VPORT_TYPE_INTERNAL;
	case IF_VXLAN: return OVS_VPORT_TYPE_VXLAN;
	case IF_GENEVE: return OVS_VPORT_TYPE_GENEVE;
	case IF_GRE: return OVS_VPORT_TYPE_GRE;
	default: return OVS_VPORT_TYPE_UNSPEC;
	}
}

const char *opt_get(const struct iface *ifc, const char *key)
{
	for (int i = 0; i < ifc->nopts; i++)
		if (!strcmp(ifc->opts[i].key, key))
			return ifc->opts[i].val;
	return NULL;
}

/* Keeps the options sorted by key.  -E2BIG: too many, -ENAMETOOLONG: value too long. */
int opt_set(struct iface *ifc, const char *key, const char *val)
{
	int i;

	for (i = 0; i < ifc->nopts; i++) {
		int cmp = strcmp(ifc->opts[i].key, key);
		if (cmp == 0) {
			if (!val || !*val) {
				memmove(&ifc->opts[i], &ifc->opts[i + 1],
					(ifc->nopts - i - 1) * sizeof(ifc->opts[0]));
				ifc->nopts--;
				return 0;
			}
			break;
		}
		if (cmp > 0) {
			if (!val || !*val)
				return 0;
			if (ifc->nopts == MAX_OPTS)
				return -E2BIG;
			memmove(&ifc->opts[i + 1], &ifc->opts[i],
				(ifc->nopts - i) * sizeof(ifc->opts[0]));
			ifc->nopts++;
			snprintf(ifc->opts[i].key, sizeof(ifc->opts[i].key), "%s", key);
			break;
		}
	}
	if (!val || !*val)
		return 0;
	if (strlen(val) >= OPT_VAL_MAX)
		return -ENAMETOOLONG;
	if (i == ifc->nopts) {
		if (ifc->nopts == MAX_OPTS)
			return -E2BIG;
		ifc->nopts++;
		snprintf(ifc->opts[i].key, sizeof(ifc->opts[i].key), "%s", key);
	}
	snprintf(ifc->opts[i].val, sizeof(ifc->opts[i].val), "%s", val);
	return 0;
}

void opts_format(FILE *f, const struct iface *ifc)
{
	fputc('{', f);
	for (int i = 0; i < ifc->nopts; i++)
		fprintf(f, "%s%s=\"%s\"", i ? ", " : "", ifc->opts[i].key, ifc->opts[i].val);
	fputc('}', f);
}

void opts_format_json(FILE *f, const struct iface *ifc)
{
	fputc('{', f);
	for (int i = 0; i < ifc->nopts; i++) {
		fputs(i ? ", " : "", f);
		json_str(f, ifc->opts[i].key);
		fputs(": ", f);
		json_str(f, ifc->opts[i].val);
	}
	fputc('}', f);
}

/*
 * The columns of the three tables, in the order `list` prints them
 * (alphabetical, as ovs-vsctl).  A port is its one interface, so the port
 * table also takes the interface's columns (`set port p1 type=internal`), but
 * its own external_ids and other_config are the Port's, apart from the
 * Interface's.  ofport and ofport_request are Open vSwitch's names of dp_port
 * and dp_port_request.  What set and add-port may change (with the range of a
 * number; the empty value clears it), what get, list and find read, and what
 * --columns prints for the completion: this table.
 */
#define TI TBIT(TBL_INTERFACE)
#define TP TBIT(TBL_PORT)
#define TB TBIT(TBL_BRIDGE)
static const struct column columns[] = {
	{ "backer", COL_BACKER, COLK_STRING, TI | TP, 0, false, 0, 0 },
	{ "bridge", COL_BRIDGE, COLK_STRING, TI | TP, 0, false, 0, 0 },
	{ "dp_port", COL_DP_PORT, COLK_NUMBER, TI | TP, 0, false, 0, 0 },
	{ "dp_port_request", COL_DP_PORT_REQUEST, COLK_NUMBER, TI | TP, 0, true, 1, 65534 },
	{ "external_ids", COL_EXTERNAL_IDS, COLK_MAP, TI | TP | TB, TI | TP | TB, true, 0, 0 },
	{ "fail_mode", COL_FAIL_MODE, COLK_STRING, TB, TB, true, 0, 0 },
	{ "interfaces", COL_INTERFACES, COLK_SET, TP, TP, false, 0, 0 },
	{ "mtu_request", COL_MTU_REQUEST, COLK_NUMBER, TI | TP, TI, true, 68, 65535 },
	{ "name", COL_NAME, COLK_STRING, TI | TP | TB, TI | TP | TB, false, 0, 0 },
	{ "ofport", COL_DP_PORT, COLK_NUMBER, TI | TP, TI, false, 0, 0 },
	{ "ofport_request", COL_DP_PORT_REQUEST, COLK_NUMBER, TI | TP, TI, true, 1, 65534 },
	{ "options", COL_OPTIONS, COLK_MAP, TI | TP, TI, true, 0, 0 },
	{ "other_config", COL_OTHER_CONFIG, COLK_MAP, TI | TP | TB, TI | TP | TB, true, 0, 0 },
	{ "ports", COL_PORTS, COLK_SET, TB, TB, false, 0, 0 },
	{ "type", COL_TYPE, COLK_STRING, TI | TP, TI, true, 0, 0 },
	{ NULL }
};
#undef TI
#undef TP
#undef TB

static const char *const table_names[TBL_N] = {
	[TBL_INTERFACE] = "interface", [TBL_PORT] = "port", [TBL_BRIDGE] = "bridge",
};

const char *table_name(enum table_id t)
{
	return table_names[t];
}

static int lower_(int ch)
{
	return ch == '-' ? '_' : tolower(ch);
}

/* db-ctl-base.c's score_partial_match: exact, then case and '-' insensitive, then a prefix. */
static unsigned score(const char *name, const char *s)
{
	unsigned n;

	if (!strcmp(name, s))
		return UINT_MAX;
	for (n = 0;; n++, name++, s++) {
		if (lower_((unsigned char)*name) != lower_((unsigned char)*s))
			break;
		if (!*name)
			return UINT_MAX - 1;
	}
	return *s ? 0 : n;
}

int table_find(const char *name, enum table_id *t)
{
	unsigned best = 0, n = 0;

	for (int i = 0; i < TBL_N; i++) {
		unsigned sc = score(table_names[i], name);
		if (sc > best) {
			best = sc;
			*t = i;
			n = 1;
		} else if (sc && sc == best) {
			n++;
		}
	}
	return n == 1 ? 0 : -1;
}

const struct column *column_lookup(enum table_id t, const char *name, bool *ambiguous)
{
	const struct column *found = NULL;
	unsigned best = 0, n = 0;

	*ambiguous = false;
	for (const struct column *col = columns; col->name; col++) {
		if (!(col->tables & TBIT(t)))
			continue;
		unsigned sc = score(col->name, name);
		if (sc > best) {
			best = sc;
			found = col;
			n = 1;
		} else if (sc && sc == best) {
			n++;
		}
	}
	*ambiguous = n > 1;
	return n == 1 ? found : NULL;
}

const struct column *column_find(const char *name)
{
	for (const struct column *col = columns; col->name; col++)
		if ((col->tables & TBIT(TBL_INTERFACE)) && !strcmp(col->name, name))
			return col;
	return NULL;
}

/* The columns `list` prints by default, one after another (start with NULL). */
const struct column *column_next(enum table_id t, const struct column *prev)
{
	for (const struct column *col = prev ? prev + 1 : columns; col->name; col++)
		if (col->listed & TBIT(t))
			return col;
	return NULL;
}

/* "name, type, ..." (all) or "type, options:KEY, ..." (settable). */
void table_columns_join(enum table_id t, bool settable, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (const struct column *col = columns; col->name; col++)
		if ((col->tables & TBIT(t)) && (!settable || col->settable))
			n += snprintf(buf + n, n < len ? len - n : 0, "%s%s%s", n ? ", " : "",
				      col->name, settable && col->kind == COLK_MAP ? ":KEY" : "");
}

void columns_join(bool settable, char *buf, size_t len)
{
	table_columns_join(TBL_INTERFACE, settable, buf, len);
}

/* COLUMN of record in table t, or a message: unknown (or ambiguous) column, 65. */
int column_resolve(struct vctx *c, enum table_id t, const char *record, const char *name,
		   const struct column **col)
{
	char list[400];
	bool amb;

	*col = column_lookup(t, name, &amb);
	if (*col)
		return 0;
	if (!strcmp(name, "_uuid") || !strcmp(name, "_version"))
		return fail(c, EXIT_INVALID, "unknown column '%s' in table %s: vportctl has no "
			    "record UUIDs; a record is named by its name", name, table_name(t));
	if (amb) {
		size_t n = 0;
		list[0] = '\0';
		for (const struct column *k = columns; k->name; k++)
			if ((k->tables & TBIT(t)) && score(k->name, name))
				n += snprintf(list + n, n < sizeof(list) ? sizeof(list) - n : 0,
					      "%s%s", n ? ", " : "", k->name);
		return fail(c, EXIT_INVALID, "ambiguous column '%s' in table %s: it is the start of "
			    "%s", name, table_name(t), list);
	}
	table_columns_join(t, false, list, sizeof(list));
	if (!record)
		return fail(c, EXIT_INVALID, "unknown column '%s' in table %s (columns: %s)", name,
			    table_name(t), list);
	return fail(c, EXIT_INVALID, "unknown column '%s' for %s %s (columns: %s)", name,
		    table_name(t), record, list);
}

/*
 * --columns: NAME<TAB>SETTING<TAB>TABLES, the setting "NAME=", "NAME:" (a map)
 * or "-" (read-only), the tables "interface,port" ... (for the completion).
 */
void columns_print(FILE *f)
{
	for (const struct column *col = columns; col->name; col++) {
		fprintf(f, "%s\t%s%s\t", col->name, col->settable ? col->name : "-",
			!col->settable ? "" : col->kind == COLK_MAP ? ":" : "=");
		for (int t = 0, n = 0; t < TBL_N; t++)
			if (col->tables & TBIT(t))
				fprintf(f, "%s%s", n++ ? "," : "", table_names[t]);
		fputc('\n', f);
	}
}

/*
 * The string maps (external_ids, other_config): a key of 1-255 bytes without
 * '=', a value of 1-1024 bytes, neither with a newline, at most 256 keys.
 */
#define MAP_KEY_MAX 255
#define MAP_VAL_MAX 1024
#define MAP_KEYS_MAX 256

int map_check(struct vctx *c, enum table_id t, const char *record, const char *column,
	      const char *key, const char *val)
{
	if (!*key || strlen(key) > MAP_KEY_MAX || strchr(key, '=') || strchr(key, '\n'))
		return fail(c, EXIT_INVALID, "invalid key '%s' in %s of %s %s: expected 1-%d "
			    "bytes, without '=' or a newline", key, column, table_name(t), record,
			    MAP_KEY_MAX);
	if (val && (strlen(val) > MAP_VAL_MAX || strchr(val, '\n')))
		return fail(c, EXIT_INVALID, "invalid value for %s:%s of %s %s: expected at most "
			    "%d bytes, without a newline", column, key, table_name(t), record,
			    MAP_VAL_MAX);
	return 0;
}

/* KEY=VALUE into m; an empty (or NULL) value removes KEY. */
int map_apply(struct vctx *c, enum table_id t, const char *record, const char *column,
	      struct smap *m, const char *key, const char *val)
{
	if (map_check(c, t, record, column, key, val))
		return -1;
	if (val && *val && !smap_get(m, key) && m->n >= MAP_KEYS_MAX)
		return fail(c, EXIT_INVALID, "cannot set %s:%s of %s %s: at most %d keys", column,
			    key, table_name(t), record, MAP_KEYS_MAX);
	smap_set(m, key, val && *val ? val : NULL);
	return 0;
}

/* "system, internal, vxlan, geneve, gre or patch" */
void iftypes_join(char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int t = 0; t < IF_NTYPES; t++)
		n += snprintf(buf + n, n < len ? len - n : 0, "%s%s",
			      !t ? "" : t == IF_NTYPES - 1 ? " or " : ", ", type_names[t]);
}

/* Decimal or 0x-hex, no sign. */
static int parse_num(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;
	int base = 10;

	if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2)) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -EINVAL;
	/* Digits only: strtoull would also take a second 0x, a sign or blanks. */
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (base == 16 && strchr("abcdefABCDEF", *p))))
			return -EINVAL;
	errno = 0;
	unsigned long long v = strtoull(s, &end, base);
	if (errno || *end || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/*
 * AF_INET / AF_INET6 and the canonical text, or 0 for "flow", -1 if invalid.
 * An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is the IPv4 address, so that
 * duplicates are found whichever way an address is written.  *bad says why an
 * address cannot be a tunnel endpoint (multicast, unspecified), or is NULL.
 */
static int parse_ip(const char *s, char *canon, size_t len, const char **bad)
{
	static const unsigned char unspec[16], mapped[12] = { [10] = 0xff, [11] = 0xff };
	unsigned char a[16];

	*bad = NULL;
	if (!strcmp(s, "flow")) {
		snprintf(canon, len, "flow");
		return 0;
	}
	if (inet_pton(AF_INET6, s, a) == 1) {
		if (memcmp(a, mapped, sizeof(mapped))) {
			if (a[0] == 0xff)
				*bad = "multicast addresses are not allowed";
			else if (!memcmp(a, unspec, sizeof(a)))
				*bad = "the unspecified address is not allowed";
			inet_ntop(AF_INET6, a, canon, len);
			return AF_INET6;
		}
		memmove(a, a + 12, 4);
	} else if (inet_pton(AF_INET, s, a) != 1) {
		return -1;
	}
	if ((a[0] & 0xf0) == 0xe0)
		*bad = "multicast addresses are not allowed";
	else if (!memcmp(a, unspec, 4))
		*bad = "the unspecified address is not allowed";
	inet_ntop(AF_INET, a, canon, len);
	return AF_INET;
}

static int bad_opt(struct vctx *c, const struct iface *ifc, const char *key, const char *val,
		   const char *expected)
{
	return fail(c, EXIT_INVALID, "invalid options:%s '%s' for %s interface %s: %s",
		    key, val, iftype_name(ifc->type), ifc->name, expected);
}

void rules_join_keys(const char *const *keys, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; keys[i]; i++)
		n += snprintf(buf + n, n < len ? len - n : 0, "%s%s", i ? ", " : "", keys[i]);
}

/*
 * One option value on its own.  Checked when it is set, with the interface's
 * type at that moment, and again for the final configuration.
 */
int rules_check_value(struct vctx *c, const struct iface *ifc, const char *key, const char *val)
{
	unsigned long long v, keymax = ifc->type == IF_VXLAN || ifc->type == IF_GENEVE ?
				       0xffffffull : 0xffffffffull;
	char canon[INET6_ADDRSTRLEN], expect[96];
	unsigned long ul;
	const char *bad;

	if (!strcmp(key, "remote_ip") || !strcmp(key, "local_ip")) {
		if (parse_ip(val, canon, sizeof(canon), &bad) < 0)
			return bad_opt(c, ifc, key, val, "expected an IPv4 or IPv6 address, or flow");
		if (bad)
			return bad_opt(c, ifc, key, val, bad);
	} else if (!strcmp(key, "key") || !strcmp(key, "in_key") || !strcmp(key, "out_key")) {
		snprintf(expect, sizeof(expect), "expected 0-%llu or flow", keymax);
		if (strcmp(val, "flow") && parse_num(val, keymax, &v))
			return bad_opt(c, ifc, key, val, expect);
	} else if (!strcmp(key, "dst_port")) {
		if (parse_ulong(val, 65535, &ul) || ul == 0)
			return bad_opt(c, ifc, key, val, "expected a UDP port 1-65535");
	} else if (!strcmp(key, "tos")) {
		if (strcmp(val, "inherit") && (parse_num(val, 255, &v) || (v & 3)))
			return bad_opt(c, ifc, key, val,
				       "expected a DSCP TOS byte 0-252 with the two ECN bits clear "
				       "(a multiple of 4), or inherit");
	} else if (!strcmp(key, "ttl")) {
		if (strcmp(val, "inherit") && (parse_ulong(val, 255, &ul) || ul == 0))
			return bad_opt(c, ifc, key, val, "expected 1-255 or inherit");
	} else if (!strcmp(key, "csum") || !strcmp(key, "df_default")) {
		if (strcmp(val, "true") && strcmp(val, "false"))
			return bad_opt(c, ifc, key, val, "expected true or false");
	} else if (!strcmp(key, "exts")) {
		if (strcmp(val, "gbp"))
			return bad_opt(c, ifc, key, val, "expected gbp");
	} else if (!strcmp(key, "peer")) {
		if (!valid_name(val))
			return bad_opt(c, ifc, key, val, "expected an interface name of 1-15 "
				       "characters of A-Z a-z 0-9 _ . -");
	}
	return 0;
}

static int validate_tunnel(struct vctx *c, const struct iface *ifc)
{
	char canon[INET6_ADDRSTRLEN];
	const char *remote = opt_get(ifc, "remote_ip"), *local = opt_get(ifc, "local_ip");
	const char *bad;

	if (!remote)
		return fail(c, EXIT_INVALID, "%s interface %s requires options:remote_ip "
			    "(an IPv4 or IPv6 address, or flow)", iftype_name(ifc->type), ifc->name);
	for (int i = 0; i < ifc->nopts; i++)
		if (rules_check_value(c, ifc, ifc->opts[i].key, ifc->opts[i].val))
			return -1;
	if (local) {
		int rfam = parse_ip(remote, canon, sizeof(canon), &bad);
		int lfam = parse_ip(local, canon, sizeof(canon), &bad);
		if (lfam == 0 && rfam != 0)
			return bad_opt(c, ifc, "local_ip", local, "local_ip=flow requires remote_ip=flow");
		if (lfam && rfam && lfam != rfam)
			return bad_opt(c, ifc, "local_ip", local,
				       "remote_ip and local_ip must be of the same address family");
	}
	return 0;
}

static void derive_key(const struct iface *ifc, char *buf, size_t len)
{
	const char *s = opt_get(ifc, "in_key");
	unsigned long long v = 0;

	if (!s)
		s = opt_get(ifc, "key");
	if (s && !strcmp(s, "flow")) {
		snprintf(buf, len, "flow");
		return;
	}
	if (s)
		parse_num(s, ~0ull, &v);
	snprintf(buf, len, "%llu", v);	/* no key matches key 0, as in OVS */
}

/* A numeric column; the empty value clears it. */
static int set_number(struct vctx *c, enum table_id t, const struct iface *ifc,
		      const struct column *col, const char *val, long *dst)
{
	unsigned long v;

	if (!*val) {
		*dst = -1;
		return 0;
	}
	if (parse_ulong(val, col->max, &v) || v < col->min)
		return fail(c, EXIT_INVALID, "invalid %s '%s' for %s %s: expected %lu-%lu",
			    col->name, val, table_name(t), ifc->name, col->min, col->max);
	*dst = v;
	return 0;
}

/*
 * COLUMN[:KEY]=VALUE as ovs-vsctl splits it: the column name up to ':' or '=',
 * the key a word or a quoted string, the value the rest ("..." unquoted).
 * 1 without '=' (*val NULL), 0, or -1 with a message.
 */
int setting_split(struct vctx *c, enum table_id t, const char *record, const char *arg,
		  char *col, size_t collen, char **key, char **val)
{
	const char *p = arg, *v;
	char *err;
	size_t n;

	*key = *val = NULL;
	n = strcspn(p, ":=");
	snprintf(col, collen, "%.*s", (int)(n < collen ? n : collen - 1), p);
	p += n;
	if (*p == ':') {
		p++;
		*key = ovsdb_key_parse(&p, "=", &err);
		if (!*key) {
			fail(c, EXIT_INVALID, "invalid key in '%s' for %s %s: %s", arg, table_name(t),
			     record, err);
			free(err);
			return -1;
		}
	}
	if (*p != '=')
		return *p ? fail(c, EXIT_INVALID, "invalid setting '%s' for %s %s: expected "
				 "COLUMN[:KEY]=VALUE", arg, table_name(t), record) : 1;
	v = p + 1;
	if (strchr(v, '\n')) {
		free(*key);
		*key = NULL;
		return fail(c, EXIT_INVALID, "invalid value for %s of %s %s: it contains a newline",
			    col, table_name(t), record);
	}
	*val = ovsdb_atom_parse(v, &err);
	if (!*val) {
		free(*key);
		*key = NULL;
		fail(c, EXIT_INVALID, "invalid value for %s of %s %s: %s", col, table_name(t),
		     record, err);
		free(err);
		return -1;
	}
	return 0;
}

static int apply_column(struct vctx *c, enum table_id t, struct iface *ifc, const char *arg,
			const struct column *col, const char *key, const char *val)
{
	char list[400];

	if (col->kind == COLK_MAP && col->id != COL_OPTIONS)	/* only add-port gets here */
		return fail(c, EXIT_INVALID, "add-port does not set %s: add "
			    "'-- set %s %s %s:KEY=VALUE'", col->name, table_name(t), ifc->name,
			    col->name);
	if (col->kind == COLK_MAP) {
		if (!key)
			return fail(c, EXIT_INVALID, "invalid setting '%s' for %s %s: set "
				    "options one key at a time, as options:KEY=VALUE", arg,
				    table_name(t), ifc->name);
		if (!option_key_known(key)) {
			const char *const *keys = iftype_option_keys(ifc->type);
			rules_join_keys(keys, list, sizeof(list));
			if (!keys[0])
				return fail(c, EXIT_INVALID, "invalid option '%s' for %s interface %s: "
					    "%s interfaces take no options", key,
					    iftype_name(ifc->type), ifc->name, iftype_name(ifc->type));
			return fail(c, EXIT_INVALID, "invalid option '%s' for %s interface %s: "
				    "expected one of %s", key, iftype_name(ifc->type), ifc->name, list);
		}
		if (*val && rules_check_value(c, ifc, key, val))
			return -1;
		int rc = opt_set(ifc, key, val);
		if (rc)
			return fail(c, EXIT_INVALID, "invalid options:%s '%s' for interface %s: %s",
				    key, val, ifc->name, rc == -E2BIG ? "too many options" :
				    "the value is too long");
		return 0;
	}
	if (key)
		return fail(c, EXIT_INVALID, "invalid setting '%s' for %s %s: column %s is "
			    "not a map, so it takes no key", arg, table_name(t), ifc->name, col->name);
	if (!col->settable) {
		table_columns_join(t, true, list, sizeof(list));
		return fail(c, EXIT_INVALID, "cannot set column %s of %s %s: it is read-only"
			    " (settable: %s)", col->name, table_name(t), ifc->name, list);
	}
	switch (col->id) {
	case COL_TYPE: {
		enum iftype ty;
		if (iftype_parse(val, &ty)) {
			iftypes_join(list, sizeof(list));
			return fail(c, EXIT_INVALID, "invalid type '%s' for %s %s: expected %s",
				    val, table_name(t), ifc->name, list);
		}
		ifc->type = ty;
		return 0;
	}
	case COL_MTU_REQUEST:
		return set_number(c, t, ifc, col, val, &ifc->mtu_request);
	case COL_DP_PORT_REQUEST:
		return set_number(c, t, ifc, col, val, &ifc->dp_port_request);
	default:
		return -1;	/* no other column is settable */
	}
}

/* Apply one COL[:KEY]=VALUE to an interface, of table t as the user named it (set, add-port). */
int rules_apply_column(struct vctx *c, enum table_id t, struct iface *ifc, const char *arg)
{
	const struct column *col;
	char name[64], *key, *val;
	int rc = setting_split(c, t, ifc->name, arg, name, sizeof(name), &key, &val);

	if (rc < 0)
		return -1;
	if (rc > 0)
		return fail(c, EXIT_INVALID, "invalid setting '%s' for %s %s: expected "
			    "COLUMN=VALUE or options:KEY=VALUE", arg, table_name(t), ifc->name);
	rc = column_resolve(c, t, ifc->name, name, &col);
	if (!rc)
		rc = apply_column(c, t, ifc, arg, col, key, val);
	free(key);
	free(val);
	return rc;
}

int rules_apply_setting(struct vctx *c, struct iface *ifc, const char *arg)
{
	return rules_apply_column(c, TBL_INTERFACE, ifc, arg);
}

/* The UDP port of a vxlan or geneve interface (its backer's), -1 for other types. */
int rules_udp_port(const struct iface *ifc)
{
	unsigned long long port;
	const char *s;

	if (ifc->type != IF_VXLAN && ifc->type != IF_GENEVE)
		return -1;
	port = ifc->type == IF_VXLAN ? 4789 : 6081;
	if ((s = opt_get(ifc, "dst_port")))
		parse_num(s, 65535, &port);
	return port;
}

void rules_derive(const struct iface *ifc, struct iface *out)
{
	char remote[INET6_ADDRSTRLEN] = "", local[INET6_ADDRSTRLEN] = "", key[24];
	const char *s, *bad;

	out->kname[0] = out->backer_cfg[0] = out->tnl_id[0] = '\0';
	switch (ifc->type) {
	case IF_SYSTEM:
	case IF_INTERNAL:
		snprintf(out->kname, sizeof(out->kname), "%s", ifc->name);
		return;
	case IF_PATCH:
	case IF_NTYPES:
		return;
	case IF_VXLAN:
	case IF_GENEVE:
		snprintf(out->kname, sizeof(out->kname), "%s_%d",
			 ifc->type == IF_VXLAN ? "vxlan_sys" : "genev_sys", rules_udp_port(ifc));
		s = opt_get(ifc, "exts");
		if (ifc->type == IF_VXLAN && s && !strcmp(s, "gbp"))
			snprintf(out->backer_cfg, sizeof(out->backer_cfg), "gbp");
		break;
	case IF_GRE:
		snprintf(out->kname, sizeof(out->kname), "gre_sys");
		break;
	}
	if ((s = opt_get(ifc, "remote_ip")))
		parse_ip(s, remote, sizeof(remote), &bad);
	if ((s = opt_get(ifc, "local_ip")))
		parse_ip(s, local, sizeof(local), &bad);
	derive_key(ifc, key, sizeof(key));
	snprintf(out->tnl_id, sizeof(out->tnl_id), "%s|%s|%s", remote, local, key);
}

/*
 * Validate one interface as it stands at the end of the invocation, and fill
 * in its derived columns.
 */
int rules_validate(struct vctx *c, struct iface *ifc)
{
	const char *const *keys = type_keys[ifc->type];
	char list[160];

	for (int i = 0; i < ifc->nopts; i++) {
		bool ok = false;
		for (const char *const *k = keys; *k; k++)
			ok |= !strcmp(*k, ifc->opts[i].key);
		if (ok)
			continue;
		if (!keys[0])
			return fail(c, EXIT_INVALID, "invalid option '%s' for %s interface %s: "
				    "%s interfaces take no options", ifc->opts[i].key,
				    iftype_name(ifc->type), ifc->name, iftype_name(ifc->type));
		rules_join_keys(keys, list, sizeof(list));
		return fail(c, EXIT_INVALID, "invalid option '%s' for %s interface %s: expected "
			    "one of %s", ifc->opts[i].key, iftype_name(ifc->type), ifc->name, list);
	}
	if (!strcmp(ifc->name, ifc->bridge) && ifc->type != IF_INTERNAL)
		return fail(c, EXIT_FAIL, "cannot change the type of interface %s: it is the "
			    "local interface of bridge %s and stays internal", ifc->name, ifc->bridge);
	if (ifc->type == IF_PATCH && opt_get(ifc, "peer")) {
		/* Without a peer it is unpaired, as in OVS, until options:peer is set. */
		const char *peer = opt_get(ifc, "peer");
		if (rules_check_value(c, ifc, "peer", peer))
			return -1;
		if (!strcmp(peer, ifc->name))
			return bad_opt(c, ifc, "peer", peer, "a patch port cannot be its own peer");
	}
	if (iftype_is_tunnel(ifc->type) && validate_tunnel(c, ifc))
		return -1;
	rules_derive(ifc, ifc);
	return 0;
}

bool is_backer_name(const char *s)
{
	return !strncmp(s, "vxlan_sys_", 10) || !strncmp(s, "genev_sys_", 10) ||
	       !strcmp(s, "gre_sys");
}

/* In --batch, errors found at the end name the line that last touched the interface. */
static void set_where(struct vctx *c, size_t i, char *buf, size_t len)
{
	c->where = NULL;
	if (c->touched_line && c->touched_line[i]) {
		snprintf(buf, len, "line %d: ", c->touched_line[i]);
		c->where = buf;
	}
}

static const char *touched_verb(struct vctx *c, const char *name)
{
	return strset_has(&c->created_if, name) ? "create" : "configure";
}

/* The rules one interface obeys on its own, and those against one other. */
static int check_one(struct vctx *c, struct iface *ifc, const char *verb)
{
	char kname[sizeof(ifc->kname)], cfg[sizeof(ifc->backer_cfg)], tid[sizeof(ifc->tnl_id)];
	char other[NAME_MAX_LEN + 1];
	struct iface o;
	int rc;

	memcpy(kname, ifc->kname, sizeof(kname));
	memcpy(cfg, ifc->backer_cfg, sizeof(cfg));
	memcpy(tid, ifc->tnl_id, sizeof(tid));
	if (rules_validate(c, ifc))
		return -1;
	if ((ifc->mtu_request >= 0 || ifc->dp_port_request >= 0) &&
	    ifc->type != IF_SYSTEM && ifc->type != IF_INTERNAL)
		return fail(c, EXIT_INVALID, "cannot %s %s interface %s with %s: it applies only to "
			    "system and internal interfaces", verb, iftype_name(ifc->type), ifc->name,
			    ifc->mtu_request >= 0 ? "mtu_request" : "dp_port_request");
	if (strcmp(kname, ifc->kname) || strcmp(cfg, ifc->backer_cfg) || strcmp(tid, ifc->tnl_id))
		if (db_iface_update(c, ifc))
			return -1;
	if (ifc->dp_port_request >= 0) {
		rc = db_port_request_user(c, ifc->dp_port_request, ifc->name, other, sizeof(other));
		if (rc)
			return rc < 0 ? -1 : fail(c, EXIT_FAIL, "cannot %s interface %s: "
						  "dp_port_request %ld is already requested by "
						  "interface %s", verb, ifc->name,
						  ifc->dp_port_request, other);
	}
	if (ifc->type == IF_VXLAN || ifc->type == IF_GENEVE) {
		/* vxlan_sys_N and genev_sys_N would both bind UDP port N. */
		int port = rules_udp_port(ifc);
		snprintf(other, sizeof(other), "%s_%d", ifc->type == IF_VXLAN ? "genev_sys" :
			 "vxlan_sys", port);
		rc = db_iface_of_kname(c, other, &o);
		if (rc)
			return rc < 0 ? -1 : fail(c, EXIT_FAIL, "cannot %s interface %s: UDP port %d "
						  "is already used by %s interface %s", verb,
						  ifc->name, port, iftype_name(o.type), o.name);
	}
	return 0;
}

/* Two tunnels on one backer must differ in their match, and agree on GBP. */
static int check_tunnel(struct vctx *c, const struct iface *ifc, const char *verb, char *where,
			size_t wlen)
{
	char other[NAME_MAX_LEN + 1];
	int64_t other_id;
	int rc;

	rc = db_same_tunnel(c, ifc, other, sizeof(other), &other_id);
	if (rc < 0)
		return -1;
	if (rc) {
		/* Blame the later of the two: the earlier one was there first. */
		if (other_id > ifc->id) {
			long j = strset_find(&c->touched_if, other);
			if (j >= 0)
				set_where(c, j, where, wlen);
			return fail(c, EXIT_FAIL, "cannot %s interface %s: tunnel with the same "
				    "configuration as interface %s", touched_verb(c, other), other,
				    ifc->name);
		}
		return fail(c, EXIT_FAIL, "cannot %s interface %s: tunnel with the same "
			    "configuration as interface %s", verb, ifc->name, other);
	}
	rc = db_other_backer_cfg(c, ifc, other, sizeof(other));
	if (rc)
		return rc < 0 ? -1 : fail(c, EXIT_FAIL, "cannot %s interface %s: VXLAN-GBP and "
					  "non-GBP tunnels cannot share UDP port %d (interface %s "
					  "%s exts=gbp)", verb, ifc->name, rules_udp_port(ifc), other,
					  ifc->backer_cfg[0] ? "has no" : "has");
	return 0;
}

/*
 * After all commands: validate every touched interface as it now stands,
 * refresh its derived columns, note its kernel vport, then apply the rules
 * that involve other interfaces (duplicate tunnels, GBP on one port).
 */
int rules_finish(struct vctx *c)
{
	char where[32];
	struct iface ifc;
	size_t n = c->touched_if.n;
	bool *tunnel = xmalloc((n ? n : 1) * sizeof(*tunnel));
	int rc = -1;

	for (size_t i = 0; i < n; i++) {
		const char *name = c->touched_if.v[i];
		int r = db_iface_get(c, name, &ifc);

		tunnel[i] = false;
		set_where(c, i, where, sizeof(where));
		if (r < 0)
			goto out;
		if (r == 0)
			continue;
		if (check_one(c, &ifc, touched_verb(c, name)))
			goto out;
		if (ifc.kname[0])
			strset_add(&c->touched_k, ifc.kname);
		tunnel[i] = iftype_is_tunnel(ifc.type);
	}
	for (size_t i = 0; i < n; i++) {
		const char *name = c->touched_if.v[i];

		if (!tunnel[i] || db_iface_get(c, name, &ifc) != 1)
			continue;
		set_where(c, i, where, sizeof(where));
		if (check_tunnel(c, &ifc, touched_verb(c, name), where, sizeof(where)))
			goto out;
	}
	rc = 0;
out:
	c->where = NULL;
	free(tunnel);
	return rc;
}
