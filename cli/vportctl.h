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

/*
 * A kernel vport: as the rows want it, as it was recorded at the last commit,
 * or as the kernel has it (vport_from_kernel).
 */
#define MTU_UNKNOWN (-2)		/* a kernel vport whose MTU was not looked up */
struct vport {
	bool present;
	uint32_t type;			/* OVS_VPORT_TYPE_* */
	int dst_port;			/* -1: none */
	bool gbp;
	long port_no;			/* -1: none */
	long port_request;		/* dp_port_request, -1: none */
	long mtu;			/* mtu_request (the device's MTU in the kernel), -1: none */
};

/* Insertion-ordered string set. */
struct strset {
	char **v;
	size_t n, cap;
	size_t *tab;			/* open addressing: index+1, 0 = empty */
	size_t tabcap;
};

/* The connections to the kernel and what they told; kernel.c. */
enum kernel_avail { K_UNTRIED, K_OK, K_MISSING, K_FAILED };
struct kernel {
	enum kernel_avail avail;
	struct ovsnl *nl;
	struct rtnl *rt;
	bool rt_tried;
	bool dp_known, dp_exists;
	struct ovs_dp_info dp;
	bool vswitchd_checked;
};

/* The inverse of every kernel change made so far, newest last; apply.c. */
struct undo;
struct undo_stack {
	struct undo *v;
	size_t n, cap;
};

struct vctx {
	/* global options */
	const char *db_path;
	bool dry_run, offline, verbose, force, json;
	int timeout;			/* seconds */

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

/* rules.c */
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

/* kernel.c */
int kernel_connect(struct vctx *c, bool required);
bool kernel_available(struct vctx *c);
int kernel_dp(struct vctx *c, struct ovs_dp_info *dp);	/* 1 exists, 0 not, -1 */
int kernel_dump(struct vctx *c, struct ovs_vport_info **v, size_t *n);	/* of ovs-system */
int kernel_fail(struct vctx *c, int rc, const struct vportnl_err *e, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void kernel_close(struct vctx *c);
struct rtnl *kernel_rtnl(struct vctx *c);
struct ovsnl *kernel_nl(struct vctx *c);
const char *vport_type_str(uint32_t type);

/* host.c: what the host around the datapath must allow */
int host_check_system_dev(struct vctx *c, const struct iface *ifc);
int host_check_vswitchd(struct vctx *c);
int host_check_udp_port(struct vctx *c, const char *kname, const struct vport *vp);
int host_check_backer_up(struct vctx *c, const char *kname, const struct vport *vp);
bool host_device_missing(struct vctx *c, const char *name);
void host_describe(struct vctx *c, const char *kname, const struct vport *vp, char *buf,
		   size_t len);

/* plan.c: what the kernel should be told, decided from the rows and the records */
enum obj_kind { KIND_DATAPATH, KIND_VPORT, NKINDS };
enum plan_op { OP_CREATE, OP_DELETE, OP_MODIFY };

/* How a vport differs from what it should be (vport_diff). */
enum {
	VD_TYPE = 1 << 0,
	VD_OPTIONS = 1 << 1,		/* dst_port, or GBP on vxlan */
	VD_PORT = 1 << 2,		/* not the recorded port number */
	VD_PORT_REQUEST = 1 << 3,	/* not the requested port number */
	VD_MTU = 1 << 4,		/* not the requested MTU */
};
/* What has to be recreated: a vport is changed only by deleting it. */
#define VD_RECREATE (VD_TYPE | VD_OPTIONS | VD_PORT_REQUEST)

/* A recorded vport compared with the kernel (show, check). */
enum vport_state { VS_OK, VS_UNKNOWN, VS_MISSING, VS_MISMATCH };

/* One object's record: as committed last, and as it is to be committed now. */
struct plan_record {
	enum obj_kind kind;
	const char *name;
	struct vport recorded, desired;
};

struct action {
	enum obj_kind kind;
	enum plan_op op;		/* vport MODIFY: its MTU */
	const char *name;		/* the vport; NULL for the datapath */
	bool report;			/* reconcile: say what was done */
	const char *why;		/* reconcile: why a vport is recreated */
	bool keep_if_strays;		/* datapath DELETE: not while it holds strays */
	struct vport want;		/* vport CREATE, MODIFY */
	struct vport have;		/* vport DELETE: to undo it with */
	uint32_t port_no;		/* vport CREATE: the number to ask for, 0 any */
	bool retry_any_port;		/* vport CREATE: if port_no is taken, take any */
	long rec;			/* its record (index into plan.rec), -1 none */
};

struct plan {
	struct action *act;
	size_t nact, capact;
	struct plan_record *rec;
	size_t nrec, caprec;
	struct strset names;		/* names the plan owns (reconcile) */
	bool guard;			/* refuse beside ovs-vswitchd (host_check_vswitchd) */
	bool report;			/* reconcile: say what was done */
};

/* One dump of ovs-system, indexed by name. */
struct kview {
	bool known;			/* the kernel datapath answered */
	bool dp;			/* ovs-system exists */
	struct ovs_vport_info *v;
	size_t n;
	struct strset names;
};

int plan_desired_vport(struct vctx *c, const char *kname, struct vport *want);
void vport_from_kernel(const struct ovs_vport_info *v, struct vport *vp);
unsigned vport_diff(const struct vport *want, const struct vport *have);
int plan_kernel_mtu(struct vctx *c, const char *name, struct vport *have);
int kview_load(struct vctx *c, struct kview *kv, bool required);
void kview_free(struct kview *kv);
const struct ovs_vport_info *kview_find(const struct kview *kv, const char *name);
int kview_is_stray(struct vctx *c, const struct ovs_vport_info *v);	/* 1, 0, -1 */
enum vport_state kview_compare(const struct kview *kv, const char *name,
			       const struct vport *recorded, const struct ovs_vport_info **vi,
			       unsigned *diff);
int plan_commit(struct vctx *c, struct plan *p);
int plan_reconcile(struct vctx *c, bool prune, struct plan *p);
void plan_free(struct plan *p);

/* apply.c: run a plan through a sink, keeping the undo stack */
struct sink;
extern const struct sink sink_live, sink_dry_run, sink_records;
int apply_plan(struct vctx *c, struct plan *p, const struct sink *s);
int apply_commit(struct vctx *c);
int apply_reconcile(struct vctx *c, bool prune);
void apply_undo_all(struct vctx *c);

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

#endif
