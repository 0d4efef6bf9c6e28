// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_config.c - the commands that read and change the configuration:
 * add-br, del-br, list-br, br-exists, br-to-vlan, br-to-parent, add-port,
 * del-port, list-ports, list-ifaces, port-to-br, iface-to-br (set and get:
 * cmd_table.c).
 *
 * They change rows only.  What they touch is noted, and checked as a whole
 * by rules_finish() once every command of the invocation has run, so that
 * `add-port br0 vx1 -- set interface vx1 type=vxlan ...` works as in
 * ovs-vsctl.
 */
#include <errno.h>
#include <string.h>
#include <stdlib.h>

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

	if (cl->argc == 3)	/* ovs-vsctl's add-br BR PARENT VLAN */
		return fail(c, EXIT_FAIL, "cannot create bridge %s on VLAN %s of bridge %s: "
			    "fake (VLAN) bridges are not supported", shown(br), shown(cl->argv[2]),
			    shown(cl->argv[1]));
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

/* One name (or number, vlan) as port-to-br prints it. */
static void print_one(struct vctx *c, const char *name)
{
	if (c->json)
		json_str(c->out, name);
	else
		fputs(name, c->out);
	fputc('\n', c->out);
}

static int find_bridge_arg(struct vctx *c, const char *br)
{
	int rc = db_bridge_exists(c, br);

	if (rc <= 0)
		return rc < 0 ? -1 : fail(c, EXIT_FAIL, "no bridge named %s", shown(br));
	return 0;
}

/* A real bridge is its own parent, on VLAN 0: fake bridges are not supported. */
int cmd_br_to_vlan(struct vctx *c, struct cmdline *cl)
{
	if (find_bridge_arg(c, cl->argv[0]))
		return -1;
	fputs("0\n", c->out);
	return 0;
}

int cmd_br_to_parent(struct vctx *c, struct cmdline *cl)
{
	if (find_bridge_arg(c, cl->argv[0]))
		return -1;
	print_one(c, cl->argv[0]);
	return 0;
}

/* The bridge of an interface; a bridge's local interface gives the bridge. */
int cmd_iface_to_br(struct vctx *c, struct cmdline *cl)
{
	struct iface ifc;
	int rc = db_iface_get(c, cl->argv[0], &ifc);

	if (rc <= 0)
		return rc < 0 ? -1 : fail(c, EXIT_FAIL, "no interface named %s",
					  shown(cl->argv[0]));
	print_one(c, ifc.bridge);
	return 0;
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
	print_one(c, ifc.bridge);
	return 0;
}

/*
 * --may-exist add-port of a port already on BR: the settings given are
 * applied to it as by `set interface` (what is not given is left alone), so
 * that a re-run ends in the state the whole invocation asks for.
 */
static int add_port_existing(struct vctx *c, struct cmdline *cl, struct iface *cur)
{
	if (cur->kname[0]) {
		strset_add(&c->touched_k, cur->kname);
		strset_add(&c->ensure_k, cur->kname);
	}
	if (cl->argc == 2)
		return 0;
	touch_iface(c, cur);
	for (int i = 2; i < cl->argc; i++)
		if (rules_apply_setting(c, cur, cl->argv[i]))
			return -1;
	return db_iface_update(c, cur);
}

int cmd_add_port(struct vctx *c, struct cmdline *cl)
{
	const char *br = cl->argv[0], *port = cl->argv[1];
	struct iface ifc, cur;
	char prefix[64];
	int rc;

	if (check_name(c, "port", port))
		return -1;
	if ((cl->opts & CMD_MAY_EXIST) && (rc = find_port(c, port, &cur)) != 0) {
		if (rc < 0)
			return -1;
		if (strcmp(cur.bridge, br))
			return fail(c, EXIT_FAIL, "\"--may-exist add-port %s %s\" but %s is actually "
				    "attached to bridge %s", br, port, port, cur.bridge);
		return add_port_existing(c, cl, &cur);
	}
	memset(&ifc, 0, sizeof(ifc));
	snprintf(ifc.name, sizeof(ifc.name), "%s", port);
	snprintf(ifc.bridge, sizeof(ifc.bridge), "%s", br);
	ifc.type = IF_SYSTEM;
	ifc.mtu_request = ifc.dp_port_request = -1;
	for (int i = 2; i < cl->argc; i++)
		if (rules_apply_setting(c, &ifc, cl->argv[i]))
			return -1;
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
