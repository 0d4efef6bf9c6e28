// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_table.c - the database commands of ovs-vsctl on the Interface, Port and
 * Bridge tables: get, set (with the string maps external_ids and
 * other_config), remove, clear, list, find, br-set-external-id,
 * br-get-external-id.
 *
 * A record's columns are read as cells and printed as ovs-vsctl prints them
 * (ovsdb.c): strings quoted when they must be, an unset column [], maps
 * {k=v, ...}; `-f json` keeps vportctl's typed values for get, and prints
 * ovs-vsctl's table ({"data": ..., "headings": ...}) for list and find.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vportctl.h"
#include "commands.h"
#include "db.h"
#include "ovsdb.h"
#include "rules.h"

/* A record of one table: an interface (or port) row, or a bridge. */
struct record {
	enum table_id t;
	char name[NAME_MAX_LEN + 1];
	struct iface ifc, d;		/* the row and its derived columns */
	struct vport vp;		/* its kernel vport as recorded */
	char fail_mode[16];
};

/* A column's value. */
struct cell {
	enum column_kind kind;
	bool set;			/* a string or number that has a value */
	long num;
	char *str;
	struct smap map;
	struct strset list;		/* COLK_SET, sorted */
};

enum cell_fmt { CF_STRING, CF_BARE, CF_JSON, CF_VJSON };

static int record_from_iface(struct vctx *c, enum table_id t, const struct iface *ifc,
			     struct record *r)
{
	memset(r, 0, sizeof(*r));
	r->t = t;
	snprintf(r->name, sizeof(r->name), "%s", ifc->name);
	r->ifc = *ifc;
	r->d = *ifc;
	rules_derive(ifc, &r->d);
	r->vp.port_no = -1;
	if (r->d.kname[0] && db_vport_get(c, r->d.kname, &r->vp) < 0)
		return -1;
	return 0;
}

/* 1 found, 0 not, -1 error. */
static int record_get(struct vctx *c, enum table_id t, const char *name, struct record *r)
{
	struct iface ifc;
	int rc;

	if (t == TBL_BRIDGE) {
		memset(r, 0, sizeof(*r));
		r->t = t;
		snprintf(r->name, sizeof(r->name), "%s", name);
		return db_bridge_fail_mode(c, name, r->fail_mode, sizeof(r->fail_mode));
	}
	rc = db_iface_get(c, name, &ifc);
	if (rc <= 0)
		return rc;
	return record_from_iface(c, t, &ifc, r) ? -1 : 1;
}

static enum map_col map_of(enum table_id t, const struct column *col)
{
	bool ext = col->id == COL_EXTERNAL_IDS;

	switch (t) {
	case TBL_PORT: return ext ? MAP_PORT_EXTERNAL_IDS : MAP_PORT_OTHER_CONFIG;
	case TBL_BRIDGE: return ext ? MAP_BR_EXTERNAL_IDS : MAP_BR_OTHER_CONFIG;
	default: return ext ? MAP_IF_EXTERNAL_IDS : MAP_IF_OTHER_CONFIG;
	}
}

static bool is_smap_col(const struct column *col)
{
	return col->id == COL_EXTERNAL_IDS || col->id == COL_OTHER_CONFIG;
}

static void cell_str(struct cell *cl, const char *s)
{
	cl->set = s != NULL;
	cl->str = s ? xstrdup(s) : NULL;
}

static void cell_num(struct cell *cl, long v)
{
	cl->set = v >= 0;
	cl->num = v;
}

static void cell_free(struct cell *cl)
{
	free(cl->str);
	smap_free(&cl->map);
	strset_free(&cl->list);
}

static int cell_get(struct vctx *c, const struct record *r, const struct column *col,
		    struct cell *cl)
{
	const struct iface *ifc = &r->ifc;
	struct db_iter it;
	struct iface p;
	int rc;

	memset(cl, 0, sizeof(*cl));
	cl->kind = col->kind;
	smap_init(&cl->map);
	strset_init(&cl->list);
	switch (col->id) {
	case COL_NAME: cell_str(cl, r->name); break;
	case COL_TYPE: cell_str(cl, iftype_name(ifc->type)); break;
	case COL_BRIDGE: cell_str(cl, ifc->bridge); break;
	case COL_BACKER: cell_str(cl, iftype_is_tunnel(ifc->type) ? r->d.kname : NULL); break;
	case COL_FAIL_MODE: cell_str(cl, r->fail_mode); break;
	case COL_DP_PORT: cell_num(cl, r->vp.present ? r->vp.port_no : -1); break;
	case COL_MTU_REQUEST: cell_num(cl, ifc->mtu_request); break;
	case COL_DP_PORT_REQUEST: cell_num(cl, ifc->dp_port_request); break;
	case COL_OPTIONS:
		for (int i = 0; i < ifc->nopts; i++)
			smap_set(&cl->map, ifc->opts[i].key, ifc->opts[i].val);
		break;
	case COL_EXTERNAL_IDS:
	case COL_OTHER_CONFIG:
		if (db_map_get(c, map_of(r->t, col), r->name, &cl->map) < 0)
			return -1;
		break;
	case COL_INTERFACES:
		strset_add(&cl->list, r->name);
		break;
	case COL_PORTS:
		db_ifaces(c, r->name, &it);
		while ((rc = db_ifaces_next(&it, &p)) == 1)
			strset_add(&cl->list, p.name);
		if (rc < 0)
			return -1;
		break;
	}
	return 0;
}

static void print_atom(FILE *f, const char *s, enum cell_fmt fmt)
{
	if (fmt == CF_STRING)
		ovsdb_atom_print(f, s);
	else if (fmt == CF_BARE)
		fputs(s, f);
	else
		json_str(f, s);
}

/* As ovs-vsctl prints it (CF_STRING, CF_BARE, CF_JSON), or as vportctl's JSON (CF_VJSON). */
static void cell_print(FILE *f, const struct cell *cl, enum cell_fmt fmt)
{
	switch (cl->kind) {
	case COLK_STRING:
	case COLK_NUMBER:
		if (!cl->set) {
			fputs(fmt == CF_STRING ? "[]" : fmt == CF_JSON ? "[\"set\",[]]" :
			      fmt == CF_VJSON ? "null" : "", f);
		} else if (cl->kind == COLK_NUMBER) {
			fprintf(f, "%ld", cl->num);
		} else {
			print_atom(f, cl->str, fmt);
		}
		return;
	case COLK_MAP:
		fputs(fmt == CF_STRING ? "{" : fmt == CF_JSON ? "[\"map\",[" :
		      fmt == CF_VJSON ? "{" : "", f);
		for (size_t i = 0; i < cl->map.n; i++) {
			fputs(!i ? "" : fmt == CF_STRING || fmt == CF_VJSON ? ", " :
			      fmt == CF_JSON ? "," : " ", f);
			if (fmt == CF_JSON)
				fputc('[', f);
			print_atom(f, cl->map.k[i], fmt);
			fputs(fmt == CF_JSON ? "," : fmt == CF_VJSON ? ": " : "=", f);
			print_atom(f, cl->map.v[i], fmt);
			if (fmt == CF_JSON)
				fputc(']', f);
		}
		fputs(fmt == CF_STRING || fmt == CF_VJSON ? "}" : fmt == CF_JSON ? "]]" : "", f);
		return;
	case COLK_SET:
		if (fmt == CF_JSON && cl->list.n == 1) {
			json_str(f, cl->list.v[0]);
			return;
		}
		fputs(fmt == CF_STRING || fmt == CF_VJSON ? "[" : fmt == CF_JSON ? "[\"set\",[" : "",
		      f);
		for (size_t i = 0; i < cl->list.n; i++) {
			fputs(!i ? "" : fmt == CF_STRING || fmt == CF_VJSON ? ", " :
			      fmt == CF_JSON ? "," : " ", f);
			print_atom(f, cl->list.v[i], fmt);
		}
		fputs(fmt == CF_STRING || fmt == CF_VJSON ? "]" : fmt == CF_JSON ? "]]" : "", f);
		return;
	}
}

/* A map in show: {k=v, ...}, as get prints it. */
void smap_format(FILE *f, const struct smap *m)
{
	struct cell cl = { .kind = COLK_MAP, .map = *m };

	cell_print(f, &cl, CF_STRING);
}

void smap_format_json(FILE *f, const struct smap *m)
{
	struct cell cl = { .kind = COLK_MAP, .map = *m };

	cell_print(f, &cl, CF_VJSON);
}

static int find_table(struct vctx *c, const char *name, enum table_id *t)
{
	if (table_find(name, t))
		return fail(c, EXIT_INVALID, "unknown table '%s': expected interface, port or bridge",
			    name);
	return 0;
}

/* The record of set/get/list: 1 found, 0 missing with --if-exists, -1 error. */
static int find_record(struct vctx *c, struct cmdline *cl, enum table_id t, const char *name,
		       struct record *r)
{
	int rc = record_get(c, t, name, r);

	if (rc == 0 && !(cl->opts & CMD_IF_EXISTS))
		return fail(c, EXIT_FAIL, "no %s named %s", table_name(t), shown(name));
	return rc;
}

/* COLUMN[:KEY] of get: the column and the key (allocated) or NULL. */
static int get_arg(struct vctx *c, enum table_id t, const char *record, const char *arg,
		   const struct column **col, char **key)
{
	const char *colon = strchr(arg, ':');
	char name[64], *err;

	*key = NULL;
	snprintf(name, sizeof(name), "%.*s", (int)(colon ? colon - arg : (long)strlen(arg)), arg);
	if (column_resolve(c, t, record, name, col))
		return -1;
	if (!colon)
		return 0;
	if ((*col)->kind != COLK_MAP)
		return fail(c, EXIT_INVALID, "cannot specify key to get for non-map column %s",
			    (*col)->name);
	*key = ovsdb_atom_parse(colon + 1, &err);
	if (!*key) {
		fail(c, EXIT_INVALID, "invalid key in '%s': %s", arg, err);
		free(err);
		return -1;
	}
	return 0;
}

int cmd_get(struct vctx *c, struct cmdline *cl)
{
	int n = cl->argc - 2, rc = -1, i;
	struct cell *cells;
	struct record r;
	char **keys;
	enum table_id t;

	if (find_table(c, cl->argv[0], &t))
		return -1;
	rc = find_record(c, cl, t, cl->argv[1], &r);
	if (rc <= 0)
		return rc;
	rc = -1;
	cells = xmalloc(n * sizeof(*cells));
	keys = xmalloc(n * sizeof(*keys));
	/* Every column first, so that nothing is printed for a bad request. */
	for (i = 0; i < n; i++) {
		const struct column *col;

		keys[i] = NULL;
		if (get_arg(c, t, r.name, cl->argv[i + 2], &col, &keys[i]) ||
		    cell_get(c, &r, col, &cells[i])) {
			free(keys[i]);
			goto out;
		}
		if (keys[i] && !smap_get(&cells[i].map, keys[i]) && !(cl->opts & CMD_IF_EXISTS)) {
			fail(c, EXIT_FAIL, "no key \"%s\" in %s record \"%s\" column %s", keys[i],
			     table_name(t), r.name, col->name);
			cell_free(&cells[i]);
			free(keys[i]);
			goto out;
		}
	}
	if (c->json)
		fputc('{', c->out);
	for (int k = 0; k < n; k++) {
		const char *arg = cl->argv[k + 2];
		bool again = false;

		if (c->json) {	/* a column asked for twice is one key */
			for (int j = 0; j < k && !again; j++)
				again = !strcmp(cl->argv[j + 2], arg);
			if (again)
				continue;
			fputs(k ? ", " : "", c->out);
			json_str(c->out, arg);
			fputs(": ", c->out);
		}
		if (keys[k]) {
			const char *v = smap_get(&cells[k].map, keys[k]);
			if (c->json && !v)
				fputs("null", c->out);
			else if (v)
				print_atom(c->out, v, c->json ? CF_VJSON : CF_STRING);
		} else {
			cell_print(c->out, &cells[k], c->json ? CF_VJSON : CF_STRING);
		}
		if (!c->json)
			fputc('\n', c->out);
	}
	if (c->json)
		fputs("}\n", c->out);
	rc = 0;
out:
	for (int k = 0; k < i; k++) {
		cell_free(&cells[k]);
		free(keys[k]);
	}
	free(cells);
	free(keys);
	return rc;
}

/* ---- set ---- */

struct map_edit {
	bool loaded;
	struct smap old, now;
};

/* The map as it is, once per command. */
static int map_load(struct vctx *c, const struct record *r, const struct column *col,
		    struct map_edit *e)
{
	if (!e->loaded) {
		if (db_map_get(c, map_of(r->t, col), r->name, &e->old) < 0)
			return -1;
		smap_copy(&e->now, &e->old);
		e->loaded = true;
	}
	return 0;
}

static void maps_free(struct map_edit maps[2])
{
	for (int m = 0; m < 2; m++) {
		smap_free(&maps[m].old);
		smap_free(&maps[m].now);
	}
}

/*
 * The end of set, remove and clear: write the interface row if a column of
 * it changed, each map that changed; free the maps either way.
 */
static int record_write(struct vctx *c, enum table_id t, struct record *r, bool touched,
			struct map_edit maps[2])
{
	int rc = touched ? db_iface_update(c, &r->ifc) : 0;

	for (int m = 0; m < 2; m++) {
		const struct column *col = column_find(m ? "other_config" : "external_ids");
		if (!rc && maps[m].loaded && !smap_equal(&maps[m].old, &maps[m].now))
			rc = db_map_put(c, map_of(t, col), r->name, &maps[m].now);
	}
	maps_free(maps);
	return rc;
}

static int set_map(struct vctx *c, const struct record *r, const struct column *col,
		   struct map_edit *e, const char *key, const char *val)
{
	struct datum d;
	char *err;

	if (map_load(c, r, col, e))
		return -1;
	if (key)
		return map_apply(c, r->t, r->name, col->name, &e->now, key, val);
	/* the whole map: {k=v, ...} */
	if (datum_parse(val, true, false, &d, &err)) {
		fail(c, EXIT_INVALID, "invalid value for %s of %s %s: %s", col->name,
		     table_name(r->t), r->name, err);
		free(err);
		return -1;
	}
	smap_free(&e->now);
	for (size_t i = 0; i < d.n; i++)
		if (map_apply(c, r->t, r->name, col->name, &e->now, d.k[i], d.v[i])) {
			datum_free(&d);
			return -1;
		}
	datum_free(&d);
	return 0;
}

static int set_bridge_column(struct vctx *c, const struct record *r, const struct column *col,
			     const char *arg, const char *key, const char *val)
{
	char list[200];

	if (col->id != COL_FAIL_MODE) {
		table_columns_join(TBL_BRIDGE, true, list, sizeof(list));
		return fail(c, EXIT_INVALID, "cannot set column %s of bridge %s: it is read-only "
			    "(settable: %s)", col->name, r->name, list);
	}
	if (key)
		return fail(c, EXIT_INVALID, "invalid setting '%s' for bridge %s: column %s is not "
			    "a map, so it takes no key", arg, r->name, col->name);
	if (strcmp(val, "standalone") && strcmp(val, "secure"))
		return fail(c, EXIT_INVALID, "invalid fail_mode '%s' for bridge %s: expected "
			    "standalone or secure", val, r->name);
	strset_add(&c->touched_br, r->name);
	return db_bridge_set_fail_mode(c, r->name, val);
}

int cmd_set(struct vctx *c, struct cmdline *cl)
{
	struct map_edit maps[2] = { 0 };
	bool touched = false;
	struct record r;
	enum table_id t;
	int rc;

	if (find_table(c, cl->argv[0], &t))
		return -1;
	rc = find_record(c, cl, t, cl->argv[1], &r);
	if (rc <= 0)
		return rc;
	rc = -1;
	for (int i = 2; i < cl->argc; i++) {
		const char *arg = cl->argv[i];
		const struct column *col;
		char name[64], *key, *val;
		int s = setting_split(c, t, r.name, arg, name, sizeof(name), &key, &val);

		if (s > 0)
			fail(c, EXIT_INVALID, "invalid setting '%s' for %s %s: expected "
			     "COLUMN=VALUE or COLUMN:KEY=VALUE", arg, table_name(t), r.name);
		if (s)
			goto out;
		s = column_resolve(c, t, r.name, name, &col);
		if (!s && is_smap_col(col))
			s = set_map(c, &r, col, &maps[col->id == COL_OTHER_CONFIG], key, val);
		else if (!s && t == TBL_BRIDGE)
			s = set_bridge_column(c, &r, col, arg, key, val);
		else if (!s) {
			if (!touched)
				touch_iface(c, &r.ifc);
			touched = true;
			s = rules_apply_column(c, t, &r.ifc, arg);
		}
		free(key);
		free(val);
		if (s)
			goto out;
	}
	return record_write(c, t, &r, touched, maps);
out:
	maps_free(maps);
	return rc;
}

/* ---- set-fail-mode, del-fail-mode, get-fail-mode ---- */

/*
 * ovs-vsctl's fail-mode commands are set and clear of the bridge's fail_mode
 * column: the same checks, and the same flows follow.  An unset fail_mode is
 * standalone here, so del-fail-mode makes the bridge standalone again.
 */
static int fail_mode_via(struct vctx *c, struct cmdline *cl, cmd_fn fn, const char *arg)
{
	char *argv[] = { "bridge", cl->argv[0], (char *)arg };
	struct cmdline sub = { .cmd = cl->cmd, .argc = 3, .argv = argv, .lineno = cl->lineno };

	return fn(c, &sub);
}

int cmd_set_fail_mode(struct vctx *c, struct cmdline *cl)
{
	size_t len = strlen("fail_mode=") + strlen(cl->argv[1]) + 1;
	char *arg = xmalloc(len);
	int rc;

	snprintf(arg, len, "fail_mode=%s", cl->argv[1]);
	rc = fail_mode_via(c, cl, cmd_set, arg);
	free(arg);
	return rc;
}

int cmd_del_fail_mode(struct vctx *c, struct cmdline *cl)
{
	return fail_mode_via(c, cl, cmd_clear, "fail_mode");
}

int cmd_get_fail_mode(struct vctx *c, struct cmdline *cl)
{
	struct record r;
	int rc = record_get(c, TBL_BRIDGE, cl->argv[0], &r);

	if (rc <= 0)
		return rc < 0 ? -1 : fail(c, EXIT_FAIL, "no bridge named %s", shown(cl->argv[0]));
	if (c->json)
		json_str(c->out, r.fail_mode);
	else
		fputs(r.fail_mode, c->out);
	fputc('\n', c->out);
	return 0;
}

/* ---- br-set-external-id, br-get-external-id ---- */

static int bridge_map(struct vctx *c, const char *br, struct smap *m)
{
	int rc = db_map_get(c, MAP_BR_EXTERNAL_IDS, br, m);

	if (rc == 0)
		return fail(c, EXIT_FAIL, "no bridge named %s", shown(br));
	return rc < 0 ? -1 : 0;
}

int cmd_br_set_external_id(struct vctx *c, struct cmdline *cl)
{
	const char *br = cl->argv[0], *key = cl->argv[1];
	const char *val = cl->argc > 2 ? cl->argv[2] : NULL;
	struct smap m, old;
	int rc = -1;

	if (bridge_map(c, br, &m))
		return -1;
	smap_copy(&old, &m);
	if (!map_apply(c, TBL_BRIDGE, br, "external_ids", &m, key, val))
		rc = smap_equal(&old, &m) ? 0 : db_map_put(c, MAP_BR_EXTERNAL_IDS, br, &m);
	smap_free(&m);
	smap_free(&old);
	return rc;
}

int cmd_br_get_external_id(struct vctx *c, struct cmdline *cl)
{
	const char *br = cl->argv[0];
	struct smap m;

	if (bridge_map(c, br, &m))
		return -1;
	if (cl->argc > 1) {
		const char *v = smap_get(&m, cl->argv[1]);
		if (c->json) {
			if (v)
				json_str(c->out, v);
			else
				fputs("null", c->out);
			fputc('\n', c->out);
		} else if (v) {
			fprintf(c->out, "%s\n", v);
		}
	} else if (c->json) {
		smap_format_json(c->out, &m);
		fputc('\n', c->out);
	} else {
		for (size_t i = 0; i < m.n; i++)
			fprintf(c->out, "%s=%s\n", m.k[i], m.v[i]);
	}
	smap_free(&m);
	return 0;
}

/* ---- list and find ---- */

enum relop { OP_EQ, OP_NE, OP_LT, OP_GT, OP_LE, OP_GE,
	     OP_SET_EQ, OP_SET_NE, OP_SET_LT, OP_SET_GT, OP_SET_LE, OP_SET_GE };

/* Longest first, so that "{<=}" is not read as "{<" ... */
static const struct { const char *s; enum relop op; } relops[] = {
	{ "{!=}", OP_SET_NE }, { "{<=}", OP_SET_LE }, { "{>=}", OP_SET_GE },
	{ "{=}", OP_SET_EQ }, { "{<}", OP_SET_LT }, { "{>}", OP_SET_GT },
	{ "!=", OP_NE }, { "<=", OP_LE }, { ">=", OP_GE },
	{ "=", OP_EQ }, { "<", OP_LT }, { ">", OP_GT },
};

struct cond {
	const struct column *col;
	char *key;
	enum relop op;
	struct datum want;
};

static int parse_cond(struct vctx *c, enum table_id t, const char *arg, struct cond *cd)
{
	size_t n = strcspn(arg, ":=!<>{");
	const char *p = arg + n;
	char name[64], *err;

	memset(cd, 0, sizeof(cd[0]));
	snprintf(name, sizeof(name), "%.*s", (int)(n < sizeof(name) ? n : sizeof(name) - 1), arg);
	if (!*p)
		return fail(c, EXIT_INVALID, "invalid condition '%s': expected COLUMN[:KEY]=VALUE "
			    "(or !=, <, >, <=, >=, {=}, {!=}, {<}, {>}, {<=}, {>=})", arg);
	if (column_resolve(c, t, NULL, name, &cd->col))
		return -1;
	if (*p == ':') {
		p++;
		cd->key = ovsdb_key_parse(&p, "=!<>{", &err);
		if (!cd->key) {
			fail(c, EXIT_INVALID, "invalid key in condition '%s': %s", arg, err);
			free(err);
			return -1;
		}
		if (cd->col->kind != COLK_MAP)
			return fail(c, EXIT_INVALID, "invalid condition '%s': column %s is not a map, "
				    "so it takes no key", arg, cd->col->name);
	}
	size_t i;
	for (i = 0; i < sizeof(relops) / sizeof(relops[0]); i++)
		if (!strncmp(p, relops[i].s, strlen(relops[i].s)))
			break;
	if (i == sizeof(relops) / sizeof(relops[0]))
		return fail(c, EXIT_INVALID, "invalid condition '%s': unknown operator at '%s' "
			    "(expected =, !=, <, >, <=, >=, {=}, {!=}, {<}, {>}, {<=} or {>=})",
			    arg, p);
	cd->op = relops[i].op;
	p += strlen(relops[i].s);
	if (datum_parse(p, !cd->key && cd->col->kind == COLK_MAP,
			!cd->key && cd->col->kind == COLK_NUMBER, &cd->want, &err)) {
		fail(c, EXIT_INVALID, "invalid condition '%s': %s", arg, err);
		free(err);
		return -1;
	}
	return 0;
}

static void cell_datum(const struct cell *cl, struct datum *d)
{
	char buf[24];

	memset(d, 0, sizeof(*d));
	d->map = cl->kind == COLK_MAP;
	d->num = cl->kind == COLK_NUMBER;
	if ((cl->kind == COLK_STRING || cl->kind == COLK_NUMBER) && cl->set) {
		snprintf(buf, sizeof(buf), "%ld", cl->num);
		datum_add(d, cl->kind == COLK_STRING ? cl->str : buf, NULL);
	}
	for (size_t i = 0; cl->kind == COLK_MAP && i < cl->map.n; i++)
		datum_add(d, cl->map.k[i], cl->map.v[i]);
	for (size_t i = 0; cl->kind == COLK_SET && i < cl->list.n; i++)
		datum_add(d, cl->list.v[i], NULL);
	datum_sort(d);
}

static bool relop_holds(enum relop op, const struct datum *a, const struct datum *b)
{
	switch (op) {
	case OP_EQ: case OP_SET_EQ: return datum_cmp(a, b) == 0;
	case OP_NE: case OP_SET_NE: return datum_cmp(a, b) != 0;
	case OP_LT: return datum_cmp(a, b) < 0;
	case OP_GT: return datum_cmp(a, b) > 0;
	case OP_LE: return datum_cmp(a, b) <= 0;
	case OP_GE: return datum_cmp(a, b) >= 0;
	case OP_SET_LT: return b->n > a->n && datum_includes_all(a, b);
	case OP_SET_GT: return a->n > b->n && datum_includes_all(b, a);
	case OP_SET_LE: return datum_includes_all(a, b);
	case OP_SET_GE: return datum_includes_all(b, a);
	}
	return false;
}

/* As db-ctl-base.c: a missing key satisfies only the set operators (as the empty set). */
static int cond_holds(struct vctx *c, const struct record *r, const struct cond *cd)
{
	struct cell cl;
	struct datum a;
	bool ok;

	if (cell_get(c, r, cd->col, &cl))
		return -1;
	if (cd->key) {
		const char *v = smap_get(&cl.map, cd->key);
		memset(&a, 0, sizeof(a));
		if (!v && cd->op < OP_SET_EQ) {
			cell_free(&cl);
			return 0;
		}
		if (v)
			datum_add(&a, v, NULL);
	} else {
		cell_datum(&cl, &a);
	}
	ok = relop_holds(cd->op, &a, &cd->want);
	datum_free(&a);
	cell_free(&cl);
	return ok;
}

/* The output of one list or find: the cells as text, row after row. */
struct table_out {
	const struct column **cols;
	size_t ncols, nrows, cap;
	char **text;
};

static int table_columns(struct vctx *c, enum table_id t, struct table_out *o)
{
	o->cols = NULL;
	o->ncols = 0;
	if (!c->columns) {
		for (const struct column *col = column_next(t, NULL); col; col = column_next(t, col)) {
			o->cols = xrealloc(o->cols, (o->ncols + 1) * sizeof(*o->cols));
			o->cols[o->ncols++] = col;
		}
		return 0;
	}
	char *list = xstrdup(c->columns), *save = NULL;
	int rc = 0;
	for (char *w = strtok_r(list, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		const struct column *col;
		if ((rc = column_resolve(c, t, NULL, w, &col)))
			break;
		o->cols = xrealloc(o->cols, (o->ncols + 1) * sizeof(*o->cols));
		o->cols[o->ncols++] = col;
	}
	free(list);
	if (!rc && !o->ncols)
		rc = fail(c, EXIT_INVALID, "--columns= names no column");
	return rc;
}

static int table_add_row(struct vctx *c, struct table_out *o, const struct record *r)
{
	enum cell_fmt fmt = c->json ? CF_JSON : c->bare ? CF_BARE : CF_STRING;

	if ((o->nrows + 1) * o->ncols > o->cap) {
		o->cap = (o->nrows + 1) * o->ncols * 2;
		o->text = xrealloc(o->text, o->cap * sizeof(*o->text));
	}
	for (size_t x = 0; x < o->ncols; x++) {
		struct cell cl;
		size_t len;
		FILE *f;
		char **dst = &o->text[o->nrows * o->ncols + x];

		if (cell_get(c, r, o->cols[x], &cl))
			return -1;
		*dst = NULL;
		f = open_memstream(dst, &len);
		if (!f) {
			cell_free(&cl);
			return fail(c, EXIT_FAIL, "out of memory");
		}
		cell_print(f, &cl, fmt);
		fclose(f);
		cell_free(&cl);
	}
	o->nrows++;
	return 0;
}

/*
 * One line of -f table: each cell padded to its column's width, one blank
 * between columns, no blanks at the end of the line.
 */
static void table_line(FILE *f, const size_t *w, size_t n, const char *const *cell)
{
	size_t last = n, len = 0;

	for (; last; last--) {
		len = strlen(cell[last - 1]);
		while (len && cell[last - 1][len - 1] == ' ')
			len--;
		if (len)
			break;
	}
	for (size_t x = 0; x + 1 < last; x++)
		fprintf(f, "%s%-*s", x ? " " : "", (int)w[x], cell[x]);
	if (last)
		fprintf(f, "%s%.*s", last > 1 ? " " : "", (int)len, cell[last - 1]);
	fputc('\n', f);
}

static void table_print(struct vctx *c, const struct table_out *o)
{
	FILE *f = c->out;

	if (c->json) {
		fputs("{\"data\":[", f);
		for (size_t y = 0; y < o->nrows; y++) {
			fputs(y ? ",[" : "[", f);
			for (size_t x = 0; x < o->ncols; x++)
				fprintf(f, "%s%s", x ? "," : "", o->text[y * o->ncols + x]);
			fputc(']', f);
		}
		fputs("],\"headings\":[", f);
		for (size_t x = 0; x < o->ncols; x++) {
			fputs(x ? "," : "", f);
			json_str(f, o->cols[x]->name);
		}
		fputs("]}\n", f);
		return;
	}
	if (!c->table_fmt) {	/* lib/table.c's list format */
		for (size_t y = 0; y < o->nrows; y++) {
			if (y)
				fputc('\n', f);
			for (size_t x = 0; x < o->ncols; x++) {
				if (!c->no_heading)
					fprintf(f, "%-20s: ", o->cols[x]->name);
				fprintf(f, "%s\n", o->text[y * o->ncols + x]);
			}
		}
		return;
	}
	/* a table: columns as wide as their widest cell (and heading), blanks trimmed */
	size_t *w = xmalloc(o->ncols * sizeof(*w));
	if (c->ntables++)
		fputc('\n', f);
	for (size_t x = 0; x < o->ncols; x++) {
		w[x] = c->no_heading ? 0 : strlen(o->cols[x]->name);
		for (size_t y = 0; y < o->nrows; y++) {
			size_t l = strlen(o->text[y * o->ncols + x]);
			if (l > w[x])
				w[x] = l;
		}
	}
	if (!c->no_heading) {
		const char **head = xmalloc(o->ncols * 2 * sizeof(*head));
		for (size_t x = 0; x < o->ncols; x++) {
			char *dash = xmalloc(w[x] + 1);
			memset(dash, '-', w[x]);
			dash[w[x]] = '\0';
			head[x] = o->cols[x]->name;
			head[o->ncols + x] = dash;
		}
		table_line(f, w, o->ncols, head);
		table_line(f, w, o->ncols, head + o->ncols);
		for (size_t x = 0; x < o->ncols; x++)
			free((char *)head[o->ncols + x]);
		free(head);
	}
	for (size_t y = 0; y < o->nrows; y++)
		table_line(f, w, o->ncols, (const char *const *)&o->text[y * o->ncols]);
	free(w);
}

static void table_free(struct table_out *o)
{
	for (size_t i = 0; i < o->nrows * o->ncols; i++)
		free(o->text[i]);
	free(o->text);
	free(o->cols);
}

/* Every record of t (sorted by name) that meets every condition, into o. */
static int table_scan(struct vctx *c, enum table_id t, const struct cond *conds, int nconds,
		      struct table_out *o)
{
	struct strset names;
	struct record r;
	struct iface ifc;
	struct db_iter it;
	int rc = 0;

	strset_init(&names);
	if (t == TBL_BRIDGE) {
		rc = db_bridge_names(c, &names);
	} else {
		db_ifaces(c, NULL, &it);
		while ((rc = db_ifaces_next(&it, &ifc)) == 1)
			strset_add(&names, ifc.name);
	}
	for (size_t i = 0; rc >= 0 && i < names.n; i++) {
		bool ok = true;
		if (record_get(c, t, names.v[i], &r) != 1) {
			rc = -1;
			break;
		}
		for (int k = 0; ok && k < nconds; k++) {
			int h = cond_holds(c, &r, &conds[k]);
			if (h < 0)
				rc = -1;
			ok = h == 1;
		}
		if (ok && rc >= 0 && table_add_row(c, o, &r))
			rc = -1;
	}
	strset_free(&names);
	return rc < 0 ? -1 : 0;
}

int cmd_list(struct vctx *c, struct cmdline *cl)
{
	struct table_out o = { 0 };
	struct record r;
	enum table_id t;
	int rc = -1;

	if (find_table(c, cl->argv[0], &t) || table_columns(c, t, &o))
		goto out;
	if (cl->argc == 1) {
		if (table_scan(c, t, NULL, 0, &o))
			goto out;
	} else {
		for (int i = 1; i < cl->argc; i++) {
			int f = find_record(c, cl, t, cl->argv[i], &r);
			if (f < 0 || (f == 1 && table_add_row(c, &o, &r)))
				goto out;
		}
	}
	table_print(c, &o);
	rc = 0;
out:
	table_free(&o);
	return rc;
}

int cmd_find_rows(struct vctx *c, struct cmdline *cl)
{
	struct table_out o = { 0 };
	int n = cl->argc - 1, k, rc = -1;
	struct cond *conds = xmalloc((n ? n : 1) * sizeof(*conds));
	enum table_id t;

	k = 0;
	if (find_table(c, cl->argv[0], &t) || table_columns(c, t, &o))
		goto out;
	for (; k < n; k++)
		if (parse_cond(c, t, cl->argv[k + 1], &conds[k])) {
			free(conds[k].key);
			datum_free(&conds[k].want);
			goto out;
		}
	if (table_scan(c, t, conds, n, &o))
		goto out;
	table_print(c, &o);
	rc = 0;
out:
	for (int i = 0; i < k; i++) {
		free(conds[i].key);
		datum_free(&conds[i].want);
	}
	free(conds);
	table_free(&o);
	return rc;
}

/* ---- remove and clear ---- */

/* A column that remove and clear may empty: a map, or an optional number of an interface. */
static int emptiable(struct vctx *c, const char *verb, const struct record *r,
		     const struct column *col)
{
	bool ok = col->settable && (col->kind == COLK_MAP || col->kind == COLK_NUMBER ||
				    col->id == COL_FAIL_MODE);

	if (!ok)
		return fail(c, EXIT_INVALID, "cannot %s column %s of %s %s: it cannot be empty%s",
			    verb, col->name, table_name(r->t), r->name,
			    col->settable ? "" : " (it is read-only)");
	return 0;
}

/* The interface's options as a map, and back. */
static void opts_to_smap(const struct iface *ifc, struct smap *m)
{
	smap_init(m);
	for (int i = 0; i < ifc->nopts; i++)
		smap_set(m, ifc->opts[i].key, ifc->opts[i].val);
}

static int cmd_empty(struct vctx *c, struct cmdline *cl, bool clear)
{
	struct map_edit maps[2] = { 0 };
	const struct column *col;
	bool touched = false;
	struct record r;
	enum table_id t;
	int rc, first = clear ? 2 : 3;

	if (find_table(c, cl->argv[0], &t))
		return -1;
	rc = find_record(c, cl, t, cl->argv[1], &r);
	if (rc <= 0)
		return rc;
	rc = -1;
	for (int i = 2; i < (clear ? cl->argc : 3); i++) {
		const char *verb = clear ? "clear" : "remove from";

		if (column_resolve(c, t, r.name, cl->argv[i], &col) || emptiable(c, verb, &r, col))
			goto out;
		if (col->id == COL_FAIL_MODE) {
			/* unset is standalone, vportctl's default as Open vSwitch's */
			struct cell cur;
			if (cell_get(c, &r, col, &cur))
				goto out;
			bool drop = clear;
			for (int k = first; !clear && k < cl->argc; k++)
				drop |= !strcmp(cl->argv[k], cur.str);
			cell_free(&cur);
			if (drop && set_bridge_column(c, &r, col, "fail_mode=standalone", NULL,
						      "standalone"))
				goto out;
			continue;
		}
		if (col->kind == COLK_NUMBER) {
			long *v = col->id == COL_MTU_REQUEST ? &r.ifc.mtu_request :
				  &r.ifc.dp_port_request;
			bool drop = clear;
			for (int k = first; !clear && k < cl->argc; k++) {
				unsigned long n;
				if (parse_ulong(cl->argv[k], col->max, &n)) {
					fail(c, EXIT_INVALID, "invalid %s '%s' for %s %s: expected "
					     "%lu-%lu", col->name, cl->argv[k], table_name(t), r.name,
					     col->min, col->max);
					goto out;
				}
				drop |= (long)n == *v;
			}
			if (drop) {
				if (!touched)
					touch_iface(c, &r.ifc);
				touched = true;
				*v = -1;
			}
			continue;
		}
		/* a map: KEY, or KEY=VALUE (removed only with that value) */
		struct smap opts, *m = &opts;
		struct map_edit *e = NULL;
		if (is_smap_col(col)) {
			e = &maps[col->id == COL_OTHER_CONFIG];
			if (map_load(c, &r, col, e))
				goto out;
			m = &e->now;
		} else {
			opts_to_smap(&r.ifc, &opts);
		}
		if (clear) {
			smap_free(m);
		}
		for (int k = first; !clear && k < cl->argc; k++) {
			struct datum d;
			char *err;
			if (datum_parse(cl->argv[k], true, false, &d, &err)) {
				free(err);
				if (datum_parse(cl->argv[k], false, false, &d, &err)) {
					fail(c, EXIT_INVALID, "invalid value for %s of %s %s: %s",
					     col->name, table_name(t), r.name, err);
					free(err);
					if (!e)
						smap_free(&opts);
					goto out;
				}
			}
			for (size_t j = 0; j < d.n; j++) {
				const char *have = smap_get(m, d.k[j]);
				if (have && (!d.map || !strcmp(have, d.v[j])))
					smap_set(m, d.k[j], NULL);
			}
			datum_free(&d);
		}
		if (!e) {	/* options: the interface's, checked by rules_finish */
			if (!touched)
				touch_iface(c, &r.ifc);
			touched = true;
			r.ifc.nopts = 0;
			for (size_t j = 0; j < opts.n; j++)
				opt_set(&r.ifc, opts.k[j], opts.v[j]);
			smap_free(&opts);
		}
	}
	return record_write(c, t, &r, touched, maps);
out:
	maps_free(maps);
	return rc;
}

int cmd_remove(struct vctx *c, struct cmdline *cl)
{
	return cmd_empty(c, cl, false);
}

int cmd_clear(struct vctx *c, struct cmdline *cl)
{
	return cmd_empty(c, cl, true);
}
