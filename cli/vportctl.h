/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vportctl.h - the context of one invocation.
 *
 * One invocation runs a list of commands against one database transaction.
 * Commands change rows and mark what they touched; at the end the touched
 * interfaces are validated as a whole, the kernel is brought in line with the
 * database (plan.c, apply.c), and only then is the transaction committed.
 */
#ifndef VPORTCTL_H
#define VPORTCTL_H

#include <stdbool.h>
#include <stdio.h>

#include "kernel.h"
#include "model.h"
#include "util.h"

#define DEFAULT_DB "/var/lib/vportctl/conf.db"
#define NETNS_DB_DIR "/var/lib/vportctl/netns"	/* --netns NAME: NAME.db in it */
#define NETNS_RUN_DIR "/run/netns"		/* where ip netns names them */

struct vctx {
	/* global options */
	const char *db_path;
	bool dry_run, offline, verbose, force, json;
	bool oneline;			/* --oneline: each command's output on one line */
	int timeout;			/* seconds */
	/* list and find: -f table, --columns=, --data=, --no-heading */
	bool table_fmt, bare, no_heading;
	const char *columns;
	int ntables;			/* tables printed so far (-f table separates them) */
	const char *netns;		/* --netns: the namespace's name (or pid:N), NULL: ours */
	int netns_fd;			/* open until entered (host_netns_enter), else -1 */
	bool netns_entered;
	char netns_name[256];		/* pid:N: the /run/netns name of its namespace */

	struct sqlite3 *db;
	bool db_write;			/* BEGIN IMMEDIATE taken */

	FILE *out;			/* output, printed after success */
	char *outbuf;
	size_t outlen;

	/* first error */
	int exit_code;
	char err[1024];
	char kerr[VPORTNL_MSGSIZ];
	const char *where;		/* "line 12: " in batch mode */

	struct kernel kernel;
	struct undo_stack undo;
	struct strset touched_if;	/* interface names to validate */
	struct strset touched_k;	/* kernel vport names to bring in line */
	struct strset touched_br;	/* bridges whose flows may change */
	struct strset ensure_k;		/* --may-exist: make sure these exist */
	struct strset created_if;	/* interfaces added by this invocation */
	int *touched_line;		/* batch line that last touched touched_if.v[i] */
	int lineno;			/* batch line of the command running */
	int status;			/* exit status of a successful run (check: 1) */
};

#endif
