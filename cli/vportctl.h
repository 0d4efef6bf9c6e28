/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vportctl.h - shared declarations of the vportctl command layer.
 *
 * One invocation runs a list of commands against one database transaction.
 * Commands change rows and mark what they touched; at the end the touched
 * interfaces are validated as a whole, the kernel is brought in line with the
 * database (kernel.c), and only then is the transaction committed.
 */
#ifndef VPORTCTL_H
#define VPORTCTL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sqlite3.h>
#include <sysexits.h>

#include "vportnl.h"

#define PROG_NAME "vportctl"
#define DEFAULT_DB "/var/lib/vportctl/conf.db"
#define DP_NAME "ovs-system"
#define NAME_MAX_LEN 15

/* Exit codes (README "Exit codes"). */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* conflict, not found, refused by the kernel */
	EXIT_NOBRIDGE = 2,	/* br-exists: no such bridge */
	EXIT_USAGE = EX_USAGE,	/* 64 */
	EXIT_INVALID = EX_DATAERR,	/* 65 */
	EXIT_NODP = EX_UNAVAILABLE,	/* 69 */
	EXIT_TIMEOUT = EX_TEMPFAIL,	/* 75 */
	EXIT_PERM = EX_NOPERM,	/* 77 */
};

enum iftype { IF_SYSTEM, IF_INTERNAL, IF_VXLAN, IF_GENEVE, IF_GRE, IF_PATCH, IF_NTYPES };

#define MAX_OPTS 16
#define OPT_VAL_MAX 64

struct opt {
	char key[16];
	char val[OPT_VAL_MAX];
};

/* An interface row; a port is its one interface, a bridge owns its local one. */
struct iface {
	int64_t id;			/* rowid: creation order */
	char name[NAME_MAX_LEN + 1];
	char bridge[NAME_MAX_LEN + 1];
	enum iftype type;
	int nopts;
	struct opt opts[MAX_OPTS];	/* sorted by key */
	long mtu_request;		/* -1: none */
	long dp_port_request;		/* -1: none */
	/* derived by rules_derive() */
	char kname[NAME_MAX_LEN + 1];	/* kernel vport name, "" for patch */
	char backer_cfg[8];		/* "gbp" or "" */
	char tnl_id[160];		/* remote|local|in_key, "" if not a tunnel */
};

/* A kernel vport as vportctl wants it (or recorded it). */
struct kobj {
	bool present;
	uint32_t type;			/* OVS_VPORT_TYPE_* */
	int dst_port;			/* -1: none */
	bool gbp;
	long port_no;			/* recorded (or requested) number, -1: none */
	long port_request;		/* dp_port_request, -1: none */
	long mtu;			/* mtu_request, -1: none */
};

/* Insertion-ordered string set. */
struct strset {
	char **v;
	size_t n, cap;
	size_t *tab;			/* open addressing: index+1, 0 = empty */
	size_t tabcap;
};

struct kernel;

struct vctx {
	/* global options */
	const char *db_path;
	bool dry_run, offline, verbose, force, json;
	int timeout;			/* seconds */

	sqlite3 *db;
	bool db_write;			/* BEGIN IMMEDIATE taken */
	bool db_missing;		/* read-only and no database file */

	FILE *out;			/* output, printed after success */
	char *outbuf;
	size_t outlen;

	/* first error */
	int exit_code;
	char err[1024];
	char kerr[VPORTNL_MSGSIZ];
	const char *where;		/* "line 12: " in batch mode */

	struct kernel *k;
	struct strset touched_if;	/* interface names to validate */
	struct strset touched_k;	/* kernel vport names to bring in line */
	struct strset ensure_k;		/* --may-exist: make sure these exist */
	struct strset created_if;	/* interfaces added by this invocation */
	int *touched_line;		/* batch line that last touched touched_if.v[i] */
	int lineno;			/* batch line of the command running */
	int status;			/* exit status of a successful run (check: 1) */
};

/* util.c */
int fail(struct vctx *c, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int fail_nl(struct vctx *c, int code, const struct vportnl_err *e, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vwarnx_(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
bool valid_name(const char *s);
int check_name(struct vctx *c, const char *what, const char *s);
bool is_reserved_name(const char *s);
int parse_ulong(const char *s, unsigned long max, unsigned long *out);
void json_str(FILE *f, const char *s);
void strset_init(struct strset *s);
bool strset_add(struct strset *s, const char *str);	/* true if new */
bool strset_has(const struct strset *s, const char *str);
long strset_find(const struct strset *s, const char *str);	/* index or -1 */
void strset_free(struct strset *s);
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* db.c */
enum stmt_id {
	S_BR_GET, S_BR_INS, S_BR_DEL, S_BR_LIST, S_BR_COUNT,
	S_IF_GET, S_IF_INS, S_IF_UPD, S_IF_DEL, S_IF_NAMES_OF_BR, S_IF_DEL_BR, S_IF_OF_BR, S_IF_ALL, S_IF_OF_KNAME,
	S_IF_BACKER_USERS, S_IF_DUP_TNL, S_IF_CFG_LT, S_IF_CFG_GT, S_IF_PORT_REQ,
	S_KO_GET, S_KO_PUT, S_KO_DEL, S_KO_ALL, S_KO_SET_PORT,
	S_NSTMT
};
int db_open(struct vctx *c, bool write);
int db_finish(struct vctx *c, bool commit);
sqlite3_stmt *db_stmt(struct vctx *c, enum stmt_id id);
int db_step(struct vctx *c, sqlite3_stmt *st);	/* SQLITE_ROW / SQLITE_DONE / -1 on error */
void db_close(struct vctx *c);
int db_bridge_exists(struct vctx *c, const char *name);
int db_iface_get(struct vctx *c, const char *name, struct iface *ifc);	/* 1 found, 0 not, -1 */
void db_iface_from_row(sqlite3_stmt *st, struct iface *ifc);
int db_iface_insert(struct vctx *c, struct iface *ifc);
int db_iface_update(struct vctx *c, const struct iface *ifc);
int db_iface_delete(struct vctx *c, const char *name);
int db_kobj_get(struct vctx *c, const char *name, struct kobj *ko);	/* 1 found, 0 not */
int db_kobj_put(struct vctx *c, const char *name, const struct kobj *ko);
int db_kobj_del(struct vctx *c, const char *name);
int db_kobj_set_port(struct vctx *c, const char *name, long port_no);
int db_count_bridges(struct vctx *c);

/* rules.c */
const char *iftype_name(enum iftype t);
int iftype_parse(const char *s, enum iftype *t);
bool iftype_is_tunnel(enum iftype t);
const char *const *iftype_option_keys(enum iftype t);
bool option_key_known(const char *key);
const char *opt_get(const struct iface *ifc, const char *key);
int opt_set(struct iface *ifc, const char *key, const char *val);	/* val NULL/"" removes */
void opts_format(FILE *f, const struct iface *ifc);	/* {k="v", ...} */
int rules_validate(struct vctx *c, struct iface *ifc, const char *verb);
int rules_check_value(struct vctx *c, const struct iface *ifc, const char *key, const char *val);
void rules_join_keys(const char *const *keys, char *buf, size_t len);
void rules_derive(const struct iface *ifc, struct iface *out);
uint32_t iftype_vport_type(enum iftype t);
int rules_desired_kobj(struct vctx *c, const char *kname, struct kobj *ko);
bool is_backer_name(const char *s);

/* kernel.c */
enum kstate_avail { K_UNTRIED, K_OK, K_MISSING, K_FAILED };
int kernel_connect(struct vctx *c, bool required);
bool kernel_available(struct vctx *c);
int kernel_dp(struct vctx *c, struct ovs_dp_info *dp);	/* 1 exists, 0 not, -1 */
int kernel_dump(struct vctx *c, struct ovs_vport_info **v, size_t *n);	/* of ovs-system */
int kernel_check_system_dev(struct vctx *c, const struct iface *ifc);
int kernel_apply(struct vctx *c);
int kernel_reconcile(struct vctx *c, bool prune, FILE *out);
void kernel_undo_all(struct vctx *c);
void kernel_close(struct vctx *c);
struct rtnl *kernel_rtnl(struct vctx *c);
struct ovsnl *kernel_nl(struct vctx *c);
const char *vport_type_str(uint32_t type);

/* touch.c-like helpers in cmds.c */
void touch_iface(struct vctx *c, const struct iface *ifc);
void touch_names(struct vctx *c, const char *name, const char *kname);

/* commands */
struct cmd;
struct cmdline {
	const struct cmd *cmd;
	bool may_exist, if_exists, prune;
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
};

struct cmd {
	const char *name;
	cmd_fn fn;
	int min_args, max_args;	/* max -1: unlimited */
	unsigned flags;
	const char *synopsis;
	const char *summary;
	const char *help;	/* "Where:" part of `vportctl help CMD` */
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
int cmd_set(struct vctx *c, struct cmdline *cl);
int cmd_get(struct vctx *c, struct cmdline *cl);
int cmd_show(struct vctx *c, struct cmdline *cl);
int cmd_dp_show(struct vctx *c, struct cmdline *cl);
int cmd_check(struct vctx *c, struct cmdline *cl);
int cmd_reconcile(struct vctx *c, struct cmdline *cl);
int cmd_help(struct vctx *c, struct cmdline *cl);

int finish_validate(struct vctx *c);

#endif
