// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_config.c - the commands that read and change the configuration:
 * add-br, del-br, list-br, br-exists, add-port, del-port, list-ports,
 * list-ifaces, port-to-br, set, get.
 *
 * They change rows only.  What they touch is noted, and checked as a whole
 * by rules_finish() once every command of the invocation has run, so that
 * `add-port br0 vx1 -- set interface vx1 type=vxlan ...` works as in
 * ovs-vsctl.
 */
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <strings.h>

#include "vportctl.h"
#include "commands.h"
#include "db.h"
#include "rules.h"

/* Note an interface (and its kernel vport, as recorded) before changing it. */
void touch_names(struct vctx *c, const char *name, const char *kname)
{
	strset_add(&c->touched_if, name);
	c->touched_line = xrealloc(c->touched_line, c->touched_if.cap * sizeof(int));
	c->touched_line[strset_find(&c->touched_if, name)] = c->lineno;
	if (kname && kname[0])
		strset_add(&c->touched_k, kname);
}

void touch_iface(struct vctx *c, const struct iface *ifc)
{
	strset_add(&c->touched_br, ifc->bridge);
	touch_names(c, ifc->name, ifc->kname);
}

static int name_conflict(struct vctx *c, const char *prefix, const char *name)
{
	struct iface ifc;
	int rc;

	rc = db_bridge_exists(c, name);
	if (rc)
		return rc < 0 ? -1 : fail(c, EXIT_FAIL, "%s because a bridge named %s already exists",
					  prefix, name);
	rc = db_iface_get(c, name, &ifc);
	if (rc)
		return rc < 0 ? -1 : fail(c, EXIT_FAIL, "%s because a port named %s already exists "
					  "on bridge %s", prefix, name, ifc.bridge);
	return 0;
}

int cmd_add_br(struct vctx *c, struct cmdline *cl)
{
	const char *br = cl->argv[0];
	char prefix[64];
	struct iface ifc;
	int rc;

	if (check_name(c, "bridge", br))
		return -1;
	rc = db_bridge_exists(c, br);
	if (rc < 0)
		return -1;
	if (rc && (cl->opts & CMD_MAY_EXIST)) {
		strset_add(&c->touched_k, br);
		strset_add(&c->ensure_k, br);
		return 0;
	}
	snprintf(prefix, sizeof(prefix), "cannot create a bridge named %s", br);
	if (name_conflict(c, prefix, br))
		return -1;
	if (db_bridge_add(c, br))
		return -1;
	memset(&ifc, 0, sizeof(ifc));
	snprintf(ifc.name, sizeof(ifc.name), "%s", br);
	snprintf(ifc.bridge, sizeof(ifc.bridge), "%s", br);
	ifc.type = IF_INTERNAL;
	ifc.mtu_request = ifc.dp_port_request = -1;
	rules_derive(&ifc, &ifc);
	if (db_iface_insert(c, &ifc))
		return -1;
	strset_add(&c->created_if, br);
	touch_iface(c, &ifc);
	return 0;
}

int cmd_del_br(struct vctx *c, struct cmdline *cl)
{
	const char *br = cl->argv[0];
	struct db_iter it;
	const char *name, *kname;
	int rc = db_bridge_exists(c, br);

	if (rc <= 0) {
		if (rc == 0 && (cl->opts & CMD_IF_EXISTS))
			return 0;
		return rc < 0 ? -1 : fail(c, EXIT_FAIL, "no bridge named %s", shown(br));
	}
	strset_add(&c->touched_br, br);
	/* Names only: a bridge may hold thousands of ports. */
	db_iface_names(c, br, &it);
	while ((rc = db_iface_names_next(&it, &name, &kname)) == 1)
		touch_names(c, name, kname);
	if (rc < 0)
		return -1;
	return db_bridge_del(c, br);
}

static void print_names(struct vctx *c, struct strset *names)
{
	if (c->json) {
		fputc('[', c->out);
		for (size_t i = 0; i < names->n; i++) {
			if (i)
				fputs(", ", c->out);
			json_str(c->out, names->v[i]);
		}
		fputs("]\n", c->out);
		return;
	}
	for (size_t i = 0; i < names->n; i++)
		fprintf(c->out, "%s\n", names->v[i]);
}

int cmd_list_br(struct vctx *c, struct cmdline *cl)
{
	struct strset names;
	int rc;

	(void)cl;
	strset_init(&names);
	rc = db_bridge_names(c, &names);
	if (rc >= 0)
		print_names(c, &names);
	strset_free(&names);
	return rc < 0 ? -1 : 0;
}

int cmd_br_exists(struct vctx *c, struct cmdline *cl)
{
	int rc = db_bridge_exists(c, cl->argv[0]);

	if (rc < 0)
		return -1;
	return rc ? 0 : fail(c, EXIT_NOBRIDGE, "%s", "");
}

static int list_ifaces(struct vctx *c, const char *br)
{
	struct strset names;
	struct iface ifc;
	struct db_iter it;
	int rc;

	if (br) {
		rc = db_bridge_exists(c, br);
		if (rc <= 0)
			return rc < 0 ? -1 : fail(c, EXIT_FAIL, "no bridge named %s", shown(br));
	}
	db_ifaces(c, br, &it);
	strset_init(&names);
	while ((rc = db_ifaces_next(&it, &ifc)) == 1) {
		if (strcmp(ifc.name, ifc.bridge))	/* not a bridge's local port */
			strset_add(&names, ifc.name);
	}
	if (rc >= 0)
		print_names(c, &names);
	strset_free(&names);
	return rc < 0 ? -1 : 0;
}

int cmd_list_ports(struct vctx *c, struct cmdline *cl)
{
	return list_ifaces(c, cl->argv[0]);
}

int cmd_list_ifaces(struct vctx *c, struct cmdline *cl)
{
	return list_ifaces(c, cl->argc ? cl->argv[0] : NULL);
}

/* A port: an interface that is not its bridge's local one. */
static int find_port(struct vctx *c, const char *name, struct iface *ifc)
{
	int rc = db_iface_get(c, name, ifc);

	if (rc == 1 && !strcmp(ifc->name, ifc->bridge))
		return 0;
	return rc;
}

int cmd_port_to_br(struct vctx *c, struct cmdline *cl)
{
	struct iface ifc;
	int rc = find_port(c, cl->argv[0], &ifc);

	if (rc <= 0)
		return rc < 0 ? -1 : fail(c, EXIT_FAIL, "no port named %s", shown(cl->argv[0]));
	if (c->json) {
		json_str(c->out, ifc.bridge);
		fputc('\n', c->out);
	} else {
		fprintf(c->out, "%s\n", ifc.bridge);
	}
	return 0;
}

static bool iface_same(const struct iface *a, const struct iface *b, char *why, size_t len)
{
	if (a->type != b->type) {
		snprintf(why, len, "its type is %s, not %s", iftype_name(a->type),
			 iftype_name(b->type));
		return false;
	}
	bool same = a->nopts == b->nopts;
	for (int i = 0; same && i < a->nopts; i++)
		same = !strcmp(a->opts[i].key, b->opts[i].key) && !strcmp(a->opts[i].val, b->opts[i].val);
	if (!same) {
		snprintf(why, len, "its options differ");
		for (int i = 0; i < b->nopts; i++) {
			const char *v = opt_get(a, b->opts[i].key);
			if (!v)
				snprintf(why, len, "it has no options:%s", b->opts[i].key);
			else if (strcmp(v, b->opts[i].val))
				snprintf(why, len, "its options:%s is \"%s\", not \"%s\"",
					 b->opts[i].key, v, b->opts[i].val);
			else
				continue;
			break;
		}
		return false;
	}
	if (a->mtu_request != b->mtu_request || a->dp_port_request != b->dp_port_request) {
		snprintf(why, len, "its mtu_request or dp_port_request differ");
		return false;
	}
	return true;
}

int cmd_add_port(struct vctx *c, struct cmdline *cl)
{
	const char *br = cl->argv[0], *port = cl->argv[1];
	struct iface ifc, cur;
	char prefix[64];
	int rc;

	if (check_name(c, "port", port))
		return -1;
	memset(&ifc, 0, sizeof(ifc));
	snprintf(ifc.name, sizeof(ifc.name), "%s", port);
	snprintf(ifc.bridge, sizeof(ifc.bridge), "%s", br);
	ifc.type = IF_SYSTEM;
	ifc.mtu_request = ifc.dp_port_request = -1;
	for (int i = 2; i < cl->argc; i++)
		if (rules_apply_setting(c, &ifc, cl->argv[i]))
			return -1;

	if ((cl->opts & CMD_MAY_EXIST) && (rc = find_port(c, port, &cur)) != 0) {
		char why[160];
		if (rc < 0)
			return -1;
		if (strcmp(cur.bridge, br))
			return fail(c, EXIT_FAIL, "\"--may-exist add-port %s %s\" but %s is actually "
				    "attached to bridge %s", br, port, port, cur.bridge);
		if (!iface_same(&cur, &ifc, why, sizeof(why)))
			return fail(c, EXIT_FAIL, "\"--may-exist add-port %s %s\" but port %s exists "
				    "with other settings: %s", br, port, port, why);
		if (cur.kname[0]) {
			strset_add(&c->touched_k, cur.kname);
			strset_add(&c->ensure_k, cur.kname);
		}
		return 0;
	}
	snprintf(prefix, sizeof(prefix), "cannot create a port named %s", port);
	if (name_conflict(c, prefix, port))
		return -1;
	rc = db_bridge_exists(c, br);
	if (rc <= 0)
		return rc < 0 ? -1 : fail(c, EXIT_FAIL, "no bridge named %s", shown(br));
	rules_derive(&ifc, &ifc);	/* rules_finish then finds nothing to update */
	if (db_iface_insert(c, &ifc))
		return -1;
	strset_add(&c->created_if, port);
	touch_iface(c, &ifc);
	return 0;
}

int cmd_del_port(struct vctx *c, struct cmdline *cl)
{
	const char *br = cl->argc == 2 ? cl->argv[0] : NULL;
	const char *port = cl->argv[cl->argc - 1];
	struct iface ifc;
	int rc;

	if (br) {
		rc = db_bridge_exists(c, br);
		if (rc <= 0)
			return rc < 0 ? -1 : fail(c, EXIT_FAIL, "no bridge named %s", shown(br));
	}
	rc = db_iface_get(c, port, &ifc);
	if (rc < 0)
		return -1;
	if (rc == 1 && !strcmp(ifc.name, ifc.bridge)) {
		if ((cl->opts & CMD_IF_EXISTS))
			return 0;
		return fail(c, EXIT_FAIL, "cannot delete port %s because it is the local port for "
			    "bridge %s (deleting this port requires deleting the entire bridge)",
			    port, ifc.bridge);
	}
	if (rc == 0)
		return (cl->opts & CMD_IF_EXISTS) ? 0 : fail(c, EXIT_FAIL, "no port named %s", shown(port));
	if (br && strcmp(br, ifc.bridge)) {
		if ((cl->opts & CMD_IF_EXISTS))
			return 0;
		return fail(c, EXIT_FAIL, "bridge %s does not have a port %s", br, port);
	}
	touch_iface(c, &ifc);
	return db_iface_delete(c, port);
}

static int check_table(struct vctx *c, const char *table)
{
	if (!strcasecmp(table, "interface") || !strcasecmp(table, "port"))
		return 0;
	return fail(c, EXIT_INVALID, "unknown table '%s': expected interface (or port) or bridge",
		    table);
}

/* The `interface IFACE` of set/get: 1 found, 0 missing with --if-exists, -1 error. */
static int find_record(struct vctx *c, struct cmdline *cl, struct iface *ifc)
{
	int rc;

	if (check_table(c, cl->argv[0]))
		return -1;
	rc = db_iface_get(c, cl->argv[1], ifc);
	if (rc == 0 && !(cl->opts & CMD_IF_EXISTS))
		return fail(c, EXIT_FAIL, "no interface named %s", shown(cl->argv[1]));
	return rc;
}

int cmd_set(struct vctx *c, struct cmdline *cl)
{
	struct iface ifc;
	int rc;

	if (is_bridge_table(cl->argv[0]))
		return cmd_set_bridge(c, cl);
	rc = find_record(c, cl, &ifc);
	if (rc <= 0)
		return rc;
	touch_iface(c, &ifc);
	for (int i = 2; i < cl->argc; i++)
		if (rules_apply_setting(c, &ifc, cl->argv[i]))
			return -1;
	return db_iface_update(c, &ifc);
}

static void print_str(struct vctx *c, const char *v)
{
	if (c->json && !v)
		fputs("null", c->out);
	else if (c->json)
		json_str(c->out, v);
	else
		fputs(v ? v : "", c->out);
}

static void print_num(struct vctx *c, long v)
{
	if (v < 0)
		fputs(c->json ? "null" : "", c->out);
	else
		fprintf(c->out, "%ld", v);
}

int cmd_get(struct vctx *c, struct cmdline *cl)
{
	struct iface ifc, d;
	struct vport vp = { .port_no = -1 };
	int rc;

	if (is_bridge_table(cl->argv[0]))
		return cmd_get_bridge(c, cl);
	rc = find_record(c, cl, &ifc);
	if (rc <= 0)
		return rc;
	d = ifc;
	rules_derive(&ifc, &d);
	if (d.kname[0] && db_vport_get(c, d.kname, &vp) < 0)
		return -1;

	/* Check every column first, so nothing is printed for a bad request. */
	for (int i = 2; i < cl->argc; i++) {
		const char *col = cl->argv[i];
		if (!strncmp(col, "options:", 8)) {
			if (!opt_get(&ifc, col + 8) && !(cl->opts & CMD_IF_EXISTS))
				return fail(c, EXIT_FAIL, "no key '%s' in options of interface %s",
					    col + 8, ifc.name);
			continue;
		}
		if (!column_find(col)) {
			char list[160];
			columns_join(false, list, sizeof(list));
			return fail(c, EXIT_INVALID, "unknown column '%s' for interface %s (columns: %s)",
				    col, ifc.name, list);
		}
	}

	if (c->json)
		fputc('{', c->out);
	for (int i = 2; i < cl->argc; i++) {
		const char *arg = cl->argv[i];
		const struct column *col = column_find(arg);
		bool again = false;

		if (c->json) {	/* a column asked for twice is one key */
			for (int j = 2; j < i && !again; j++)
				again = !strcmp(cl->argv[j], arg);
			if (again)
				continue;
			fputs(i > 2 ? ", " : "", c->out);
			json_str(c->out, arg);
			fputs(": ", c->out);
		}
		switch (col ? col->id : COL_OPTION_KEY) {
		case COL_NAME: print_str(c, ifc.name); break;
		case COL_BRIDGE: print_str(c, ifc.bridge); break;
		case COL_TYPE: print_str(c, iftype_name(ifc.type)); break;
		case COL_BACKER: print_str(c, iftype_is_tunnel(ifc.type) ? d.kname : NULL); break;
		case COL_OPTION_KEY: print_str(c, opt_get(&ifc, arg + 8)); break;
		case COL_OPTIONS:
			if (c->json)
				opts_format_json(c->out, &ifc);
			else
				opts_format(c->out, &ifc);
			break;
		case COL_DP_PORT: print_num(c, vp.present ? vp.port_no : -1); break;
		case COL_MTU_REQUEST: print_num(c, ifc.mtu_request); break;
		case COL_DP_PORT_REQUEST: print_num(c, ifc.dp_port_request); break;
		}
		if (!c->json)
			fputc('\n', c->out);
	}
	if (c->json)
		fputs("}\n", c->out);
	return 0;
}
