/* SPDX-License-Identifier: GPL-2.0 */
/*
 * commands.h - the command table and the commands.
 */
#ifndef COMMANDS_H
#define COMMANDS_H

#include <stdbool.h>
#include <stdio.h>
#include "model.h"

struct vctx;

/* cmd_config.c: note what a command touched, for rules_finish() and the plan */
void touch_iface(struct vctx *c, const struct iface *ifc);
void touch_names(struct vctx *c, const char *name, const char *kname);

/* commands */
struct cmd;
struct cmdline {
	const struct cmd *cmd;
	unsigned opts;		/* CMD_MAY_EXIST, CMD_IF_EXISTS, CMD_PRUNE, CMD_STATS */
	int argc;
	char **argv;		/* arguments after the command name */
	int lineno;		/* batch line, 0 otherwise */
};

typedef int (*cmd_fn)(struct vctx *c, struct cmdline *cl);

enum {
	CMD_WRITE = 1 << 0,	/* changes the configuration */
	CMD_KERNEL = 1 << 1,	/* needs the kernel datapath */
	CMD_MAY_EXIST = 1 << 2,
	CMD_IF_EXISTS = 1 << 3,
	CMD_PRUNE = 1 << 4,
	CMD_NODB = 1 << 5,	/* needs neither the database nor the kernel */
	CMD_STATS = 1 << 6,	/* dp-show -s */
	CMD_TABLE = 1 << 7,	/* prints a table (list, find): --oneline leaves it whole */
};

struct cmd {
	const char *name;
	cmd_fn fn;
	int min_args, max_args;	/* max -1: unlimited */
	unsigned flags;
	const char *synopsis;
	const char *summary;
	const char *help;	/* "Where:" part of `vportctl help CMD` */
	unsigned trailing;	/* options it also takes among its arguments */
	int gap;		/* an argument count between min and max it refuses, 0: none */
};

extern const struct cmd commands[];
const struct cmd *cmd_find(const char *name);

int cmd_add_br(struct vctx *c, struct cmdline *cl);
int cmd_del_br(struct vctx *c, struct cmdline *cl);
int cmd_list_br(struct vctx *c, struct cmdline *cl);
int cmd_br_exists(struct vctx *c, struct cmdline *cl);
int cmd_add_port(struct vctx *c, struct cmdline *cl);
int cmd_del_port(struct vctx *c, struct cmdline *cl);
int cmd_list_ports(struct vctx *c, struct cmdline *cl);
int cmd_list_ifaces(struct vctx *c, struct cmdline *cl);
int cmd_port_to_br(struct vctx *c, struct cmdline *cl);
int cmd_iface_to_br(struct vctx *c, struct cmdline *cl);
int cmd_br_to_vlan(struct vctx *c, struct cmdline *cl);
int cmd_br_to_parent(struct vctx *c, struct cmdline *cl);
int cmd_set(struct vctx *c, struct cmdline *cl);
int cmd_get(struct vctx *c, struct cmdline *cl);
int cmd_show(struct vctx *c, struct cmdline *cl);
int cmd_dp_show(struct vctx *c, struct cmdline *cl);
int cmd_check(struct vctx *c, struct cmdline *cl);
int cmd_reconcile(struct vctx *c, struct cmdline *cl);
int cmd_help(struct vctx *c, struct cmdline *cl);
int cmd_dump_flows(struct vctx *c, struct cmdline *cl);
int cmd_remove(struct vctx *c, struct cmdline *cl);
int cmd_clear(struct vctx *c, struct cmdline *cl);
int cmd_list(struct vctx *c, struct cmdline *cl);
int cmd_find_rows(struct vctx *c, struct cmdline *cl);
int cmd_br_set_external_id(struct vctx *c, struct cmdline *cl);
int cmd_br_get_external_id(struct vctx *c, struct cmdline *cl);
int cmd_set_fail_mode(struct vctx *c, struct cmdline *cl);
int cmd_del_fail_mode(struct vctx *c, struct cmdline *cl);
int cmd_get_fail_mode(struct vctx *c, struct cmdline *cl);

/* cmd_table.c: a string map as get prints it, for show */
struct smap;
void smap_format(FILE *f, const struct smap *m);
void smap_format_json(FILE *f, const struct smap *m);

#endif
