// SPDX-License-Identifier: GPL-2.0
/*
 * kernel.c - bring the kernel datapath in line with the database.
 *
 * Commands only change rows and note the kernel vport names they touched.
 * kernel_apply() then compares, for each touched name, what the vport table
 * recorded at the last commit with what the rows now want, and sends the
 * difference: deletions first (a name or port number may be reused), then
 * creations in the order the names were touched, then MTU changes.  Every
 * step that succeeds pushes its inverse on an undo stack; if a later step, or
 * the commit, fails, kernel_undo_all() replays the stack backwards, so a failed
 * invocation leaves the kernel as it found it.
 */
#include <errno.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vportctl.h"

enum undo_op { U_DP_DEL, U_DP_NEW, U_VPORT_DEL, U_VPORT_NEW, U_MTU };

struct undo {
	enum undo_op op;
	char name[VPORTNL_NAMSIZ];
	struct ovs_vport_req req;	/* U_VPORT_NEW; req.name points at name */
	int ifindex;			/* U_MTU */
	unsigned int mtu;
};

struct kernel {
	enum kstate_avail avail;
	struct ovsnl *nl;
	struct rtnl *rt;
	bool rt_tried;
	bool dp_known, dp_exists;
	struct ovs_dp_info dp;
	bool vswitchd_checked;
	struct undo *undo;
	size_t nundo, capundo;
};

static struct kernel kstate;

const char *vport_type_str(uint32_t type)
{
	const char *s = ovsnl_vport_type_name(type);

	return s ? s : "unknown";
}

static void log_line(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "%s\n", line);
}

int kernel_connect(struct vctx *c, bool required)
{
	struct kernel *k = &kstate;
	struct vportnl_err e = { 0 };

	c->k = k;
	if (k->avail == K_UNTRIED) {
		int rc = ovsnl_open(&k->nl, c->timeout * 1000, &e);
		if (rc == 0) {
			k->avail = K_OK;
			if (c->verbose)
				ovsnl_set_log(k->nl, log_line, c);
		} else if (rc == -ENOENT || rc == -EPROTONOSUPPORT) {
			k->avail = K_MISSING;
		} else if (rc == -EAGAIN) {
			k->avail = K_FAILED;
			if (required)
				return fail(c, EXIT_TIMEOUT, "timed out after %d s waiting for the "
					    "kernel to resolve the ovs_datapath family", c->timeout);
		} else {
			k->avail = K_FAILED;
			if (required)
				return fail_nl(c, EXIT_FAIL, &e, "cannot talk to the kernel datapath: %s",
					       strerror(-rc));
		}
	}
	if (k->avail == K_OK)
		return 0;
	if (required && k->avail == K_MISSING)
		return fail(c, EXIT_NODP, "the kernel datapath is not available: the generic netlink "
			    "families ovs_datapath and ovs_vport are missing; load vportdp "
			    "(modprobe vportdp) or openvswitch (modprobe openvswitch)");
	return required ? -1 : 0;
}

bool kernel_available(struct vctx *c)
{
	(void)c;
	return kstate.avail == K_OK;
}

struct ovsnl *kernel_nl(struct vctx *c)
{
	(void)c;
	return kstate.nl;
}

struct rtnl *kernel_rtnl(struct vctx *c)
{
	struct kernel *k = &kstate;

	if (!k->rt_tried) {
		k->rt_tried = true;
		if (rtnl_open(&k->rt, c->timeout * 1000))
			k->rt = NULL;
		else if (c->verbose)
			rtnl_set_log(k->rt, log_line, c);
	}
	return k->rt;
}

/* Pick the exit code for a failed netlink request and record the message. */
static int nl_fail(struct vctx *c, int rc, const struct vportnl_err *e, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int nl_fail(struct vctx *c, int rc, const struct vportnl_err *e, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (rc == -EPERM || rc == -EACCES)
		return fail_nl(c, EXIT_PERM, e, "permission denied: %s: changing the kernel datapath "
			       "needs CAP_NET_ADMIN", what);
	if (rc == -EAGAIN || rc == -ETIMEDOUT)
		return fail_nl(c, EXIT_TIMEOUT, e, "%s: the kernel did not answer within %d s",
			       what, c->timeout);
	return fail_nl(c, EXIT_FAIL, e, "%s: %s", what, strerror(-rc));
}

int kernel_dp(struct vctx *c, struct ovs_dp_info *dp)
{
	struct kernel *k = &kstate;
	struct vportnl_err e = { 0 };

	if (!k->dp_known) {
		int rc = ovsnl_dp_get(k->nl, DP_NAME, &k->dp, &e);
		if (rc && rc != -ENODEV)
			return nl_fail(c, rc, &e, "cannot look up datapath %s", DP_NAME);
		k->dp_exists = rc == 0;
		k->dp_known = true;
	}
	if (dp)
		*dp = k->dp;
	return k->dp_exists;
}

static int cmp_port(const void *a, const void *b)
{
	const struct ovs_vport_info *x = a, *y = b;

	return (x->port_no > y->port_no) - (x->port_no < y->port_no);
}

int kernel_dump(struct vctx *c, struct ovs_vport_info **v, size_t *n)
{
	struct vportnl_err e = { 0 };
	int rc;

	*v = NULL;
	*n = 0;
	rc = kernel_dp(c, NULL);
	if (rc <= 0)
		return rc;
	rc = ovsnl_vport_dump(kstate.nl, kstate.dp.ifindex, v, n, &e);
	if (rc)
		return nl_fail(c, rc, &e, "cannot list the vports of %s", DP_NAME);
	qsort(*v, *n, sizeof(**v), cmp_port);
	return 0;
}

/* ovs-vswitchd deletes vports it does not know: refuse to write beside it. */
static int check_vswitchd(struct vctx *c)
{
	static const char *const pidfiles[] = {
		"/run/openvswitch/ovs-vswitchd.pid", "/var/run/openvswitch/ovs-vswitchd.pid", NULL
	};
	struct kernel *k = &kstate;
	char why[128] = "";

	if (k->vswitchd_checked || c->force)
		return 0;
	k->vswitchd_checked = true;
	for (int i = 0; pidfiles[i] && !why[0]; i++) {
		FILE *f = fopen(pidfiles[i], "r");
		long pid;
		if (!f)
			continue;
		if (fscanf(f, "%ld", &pid) == 1 && pid > 0 && kill(pid, 0) == 0)
			snprintf(why, sizeof(why), "ovs-vswitchd is running (pid %ld)", pid);
		fclose(f);
	}
	/*
	 * The per-CPU dispatch feature alone proves nothing (ovs-dpctl sets it
	 * too); upcall sockets registered per CPU mean a listener: ovs-vswitchd.
	 */
	if (!why[0] && k->dp_exists && k->dp.has_per_cpu_pids)
		snprintf(why, sizeof(why), "datapath %s has upcall listeners registered, "
			 "as ovs-vswitchd does", DP_NAME);
	if (!why[0])
		return 0;
	return fail(c, EXIT_FAIL, "refusing to change %s: %s and would delete the vports it does "
		    "not know; use ovs-vsctl, stop ovs-vswitchd, or pass --force", DP_NAME, why);
}

static void push_undo(const struct undo *u)
{
	struct kernel *k = &kstate;

	if (k->nundo == k->capundo) {
		k->capundo = k->capundo ? k->capundo * 2 : 32;
		k->undo = xrealloc(k->undo, k->capundo * sizeof(*k->undo));
	}
	k->undo[k->nundo++] = *u;
}

void kernel_undo_all(struct vctx *c)
{
	struct kernel *k = &kstate;
	struct vportnl_err e;
	struct ovs_vport_info info;
	struct ovs_dp_info dp;
	int rc = 0;

	(void)c;
	while (k->nundo) {
		struct undo *u = &k->undo[--k->nundo];
		memset(&e, 0, sizeof(e));
		switch (u->op) {
		case U_DP_DEL:
			rc = ovsnl_dp_del(k->nl, k->dp.ifindex, &e);
			break;
		case U_DP_NEW:
			rc = ovsnl_dp_new(k->nl, DP_NAME, &dp, &e);
			if (!rc)
				k->dp = dp;
			break;
		case U_VPORT_DEL:
			rc = ovsnl_vport_del(k->nl, k->dp.ifindex, u->name, 0, &e);
			break;
		case U_VPORT_NEW:
			u->req.name = u->name;
			rc = ovsnl_vport_new(k->nl, k->dp.ifindex, &u->req, &info, &e);
			if (rc == -EBUSY && u->req.port_no) {
				u->req.port_no = 0;
				rc = ovsnl_vport_new(k->nl, k->dp.ifindex, &u->req, &info, &e);
			}
			break;
		case U_MTU:
			rc = rtnl_link_set_mtu(k->rt, u->ifindex, u->mtu, &e);
			break;
		}
		if (rc && rc != -ENODEV)
			warnx_("could not undo a change to %s: %s",
			       u->op == U_DP_DEL || u->op == U_DP_NEW ? DP_NAME : u->name,
			       strerror(-rc));
	}
}

void kernel_close(struct vctx *c)
{
	(void)c;
	if (kstate.nl)
		ovsnl_close(kstate.nl);
	if (kstate.rt)
		rtnl_close(kstate.rt);
	free(kstate.undo);
	memset(&kstate, 0, sizeof(kstate));
}

/* A system port's device must exist and be free before the kernel is asked. */
int kernel_check_system_dev(struct vctx *c, const struct iface *ifc)
{
	struct rtnl *rt = kernel_rtnl(c);
	struct link_info li;
	struct vportnl_err e = { 0 };
	int rc;

	if (!rt)
		return 0;
	rc = rtnl_link_get(rt, ifc->name, &li, &e);
	if (rc == -ENODEV)
		return fail(c, EXIT_FAIL, "cannot add system interface %s: no network device named %s"
			    " (use type=internal to create one)", ifc->name, ifc->name);
	if (rc)
		return nl_fail(c, rc, &e, "cannot look up network device %s", ifc->name);
	if (li.flags & IFF_LOOPBACK)
		return fail(c, EXIT_FAIL, "cannot add system interface %s: it is a loopback device",
			    ifc->name);
	if (li.type != ARPHRD_ETHER && li.type != ARPHRD_NONE)
		return fail(c, EXIT_FAIL, "cannot add system interface %s: not an Ethernet device "
			    "(link type %u)", ifc->name, li.type);
	if (!strcmp(li.kind, "openvswitch") || !strcmp(li.kind, "vportdp"))
		return fail(c, EXIT_FAIL, "cannot add system interface %s: it is an internal port of "
			    "a datapath", ifc->name);
	if (li.master) {
		char mname[IF_NAMESIZE] = "";
		if (!if_indextoname(li.master, mname))
			snprintf(mname, sizeof(mname), "ifindex %d", li.master);
		return fail(c, EXIT_FAIL, "cannot add system interface %s: it is already enslaved to "
			    "%s", ifc->name, mname);
	}
	return 0;
}

/* ---- the plan ---- */

enum act { A_NONE, A_CREATE, A_DELETE, A_RECREATE, A_MTU };

struct action {
	const char *name;
	struct kobj before, after;
	enum act act;
};

static bool kobj_differs(const struct kobj *a, const struct kobj *b)
{
	return a->type != b->type || a->dst_port != b->dst_port || a->gbp != b->gbp ||
	       (b->port_request >= 0 && b->port_request != a->port_no);
}

static void fill_req(struct ovs_vport_req *req, const char *name, const struct kobj *ko,
		     uint32_t port_no)
{
	memset(req, 0, sizeof(*req));
	req->name = name;
	req->type = ko->type;
	req->port_no = port_no;
	if (ko->dst_port >= 0) {
		req->has_dst_port = true;
		req->dst_port = ko->dst_port;
	}
	req->gbp = ko->gbp;
}

/* The user-facing name of what a vport is for. */
static void describe(struct vctx *c, const char *kname, const struct kobj *ko, char *buf,
		     size_t len)
{
	struct iface ifc;

	if (is_backer_name(kname)) {
		sqlite3_stmt *st = db_stmt(c, S_IF_OF_KNAME);
		sqlite3_bind_text(st, 1, kname, -1, SQLITE_STATIC);
		if (db_step(c, st) == SQLITE_ROW) {
			db_iface_from_row(st, &ifc);
			snprintf(buf, len, "%s backer %s for interface %s",
				 vport_type_str(ko->type), kname, ifc.name);
		} else {
			snprintf(buf, len, "%s backer %s", vport_type_str(ko->type), kname);
		}
	} else {
		snprintf(buf, len, "%s interface %s", ko->type == OVS_VPORT_TYPE_NETDEV ? "system" :
			 vport_type_str(ko->type), kname);
	}
}

/* The errno of the last vport creation the kernel refused, 0 otherwise. */
static int last_create_rc;

static int create_fail(struct vctx *c, int rc, const struct vportnl_err *e, const char *kname,
		       const struct kobj *ko, uint32_t port_no)
{
	char what[128];

	last_create_rc = rc;

	describe(c, kname, ko, what, sizeof(what));
	switch (rc) {
	case -EBUSY:
		if (port_no)
			return fail_nl(c, EXIT_FAIL, e, "cannot create %s: datapath port number %u "
				       "is already in use", what, port_no);
		if (ko->type == OVS_VPORT_TYPE_NETDEV)
			return fail_nl(c, EXIT_FAIL, e, "cannot create %s: network device %s is "
				       "already in use (enslaved to a bridge, bond or another datapath)",
				       what, kname);
		break;
	case -EEXIST:
		return fail_nl(c, EXIT_FAIL, e, "cannot create %s: %s", what,
			       ko->type == OVS_VPORT_TYPE_NETDEV ?
			       "the device is already attached to the datapath" :
			       "a network device with that name already exists");
	case -EADDRINUSE:
		return fail_nl(c, EXIT_FAIL, e, "cannot create %s: UDP port %d is already in use",
			       what, ko->dst_port);
	case -EFBIG:
		if (port_no)
			return fail_nl(c, EXIT_FAIL, e, "cannot create %s: datapath port number %u is"
				       " out of range", what, port_no);
		return fail_nl(c, EXIT_FAIL, e, "cannot create %s: the datapath has no free port "
			       "number", what);
	case -EAFNOSUPPORT:
	case -EOPNOTSUPP:
		return fail_nl(c, EXIT_FAIL, e, "cannot create %s: the kernel datapath does not "
			       "support %s vports (is the %s module available?)", what,
			       vport_type_str(ko->type), vport_type_str(ko->type));
	case -ENODEV:
		if (ko->type == OVS_VPORT_TYPE_NETDEV)
			return fail_nl(c, EXIT_FAIL, e, "cannot create %s: no network device named "
				       "%s", what, kname);
		break;
	}
	return nl_fail(c, rc, e, "cannot create %s", what);
}

/* After creating a tunnel backer: its device must be up, or the port was not bound. */
static int check_backer_up(struct vctx *c, const char *kname, const struct kobj *ko)
{
	struct rtnl *rt = kernel_rtnl(c);
	struct link_info li;
	struct vportnl_err e = { 0 };
	char what[128];

	if (!rt || ko->type == OVS_VPORT_TYPE_NETDEV || ko->type == OVS_VPORT_TYPE_INTERNAL)
		return 0;
	if (rtnl_link_get(rt, kname, &li, &e) == 0 && (li.flags & IFF_UP))
		return 0;
	describe(c, kname, ko, what, sizeof(what));
	if (ko->dst_port >= 0)
		return fail(c, EXIT_FAIL, "cannot create %s: its net device did not come up; "
			    "UDP port %d is probably already in use", what, ko->dst_port);
	return fail(c, EXIT_FAIL, "cannot create %s: its net device did not come up", what);
}

/* Before creating a vxlan/geneve backer, name a Linux device already on its port. */
static int check_udp_port(struct vctx *c, const char *kname, const struct kobj *ko)
{
	struct rtnl *rt;
	char user[VPORTNL_NAMSIZ] = "", what[128];
	struct vportnl_err e = { 0 };
	const char *kind;

	if (ko->type == OVS_VPORT_TYPE_VXLAN)
		kind = "vxlan";
	else if (ko->type == OVS_VPORT_TYPE_GENEVE)
		kind = "geneve";
	else
		return 0;
	rt = kernel_rtnl(c);
	if (!rt || rtnl_udp_port_user(rt, kind, ko->dst_port, kname, user, &e) <= 0)
		return 0;
	describe(c, kname, ko, what, sizeof(what));
	return fail(c, EXIT_FAIL, "cannot create %s: UDP port %d is already used by %s device %s",
		    what, ko->dst_port, kind, user);
}

static int set_mtu(struct vctx *c, const char *kname, long mtu, bool undoable)
{
	struct rtnl *rt = kernel_rtnl(c);
	struct link_info li;
	struct vportnl_err e = { 0 };
	int rc;

	if (!rt)
		return fail(c, EXIT_FAIL, "cannot set the MTU of %s: rtnetlink is not available", kname);
	rc = rtnl_link_get(rt, kname, &li, &e);
	if (rc)
		return nl_fail(c, rc, &e, "cannot set the MTU of %s", kname);
	if (li.mtu == (unsigned int)mtu)
		return 0;
	rc = rtnl_link_set_mtu(rt, li.ifindex, mtu, &e);
	if (rc)
		return nl_fail(c, rc, &e, "cannot set the MTU of %s to %ld", kname, mtu);
	if (undoable)
		push_undo(&(struct undo){ .op = U_MTU, .ifindex = li.ifindex, .mtu = li.mtu });
	return 0;
}

static int dp_create(struct vctx *c)
{
	struct kernel *k = &kstate;
	struct vportnl_err e = { 0 };
	int rc = ovsnl_dp_new(k->nl, DP_NAME, &k->dp, &e);

	if (rc == -EEXIST)	/* created meanwhile by someone else: use it */
		return kernel_dp(c, NULL) == 1 ? 0 : -1;
	if (rc)
		return nl_fail(c, rc, &e, "cannot create datapath %s", DP_NAME);
	k->dp_exists = true;
	push_undo(&(struct undo){ .op = U_DP_DEL });
	return 0;
}

static int vport_create(struct vctx *c, const char *kname, const struct kobj *ko, uint32_t port_no,
			long *got)
{
	struct kernel *k = &kstate;
	struct ovs_vport_req req;
	struct ovs_vport_info info;
	struct vportnl_err e = { 0 };
	struct undo u = { .op = U_VPORT_DEL };
	int rc;

	last_create_rc = 0;
	if (check_udp_port(c, kname, ko))
		return -1;
	fill_req(&req, kname, ko, port_no);
	rc = ovsnl_vport_new(k->nl, k->dp.ifindex, &req, &info, &e);
	if (rc)
		return create_fail(c, rc, &e, kname, ko, port_no);
	snprintf(u.name, sizeof(u.name), "%s", kname);
	push_undo(&u);
	*got = info.port_no;
	if (check_backer_up(c, kname, ko))
		return -1;
	if (ko->mtu >= 0 && set_mtu(c, kname, ko->mtu, false))
		return -1;
	return 0;
}

static int vport_delete(struct vctx *c, const char *kname, const struct kobj *before)
{
	struct kernel *k = &kstate;
	struct vportnl_err e = { 0 };
	struct undo u = { .op = U_VPORT_NEW };
	int rc = ovsnl_vport_del(k->nl, k->dp.ifindex, kname, 0, &e);

	if (rc == -ENODEV)	/* already gone behind our back: the end state is right */
		return 0;
	if (rc)
		return nl_fail(c, rc, &e, "cannot delete vport %s", kname);
	snprintf(u.name, sizeof(u.name), "%s", kname);
	fill_req(&u.req, NULL, before, before->port_no > 0 ? before->port_no : 0);
	push_undo(&u);
	return 0;
}

static void dry(struct vctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void dry(struct vctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(c->out, fmt, ap);
	va_end(ap);
	fputc('\n', c->out);
}

/* --dry-run lines, written by the netlink layer's own request formatters. */
static void dry_dp_new(struct vctx *c)
{
	char buf[128];

	ovsnl_format_dp_new(DP_NAME, buf, sizeof(buf));
	dry(c, "%s", buf);
}

static void dry_dp_del(struct vctx *c)
{
	char buf[128];

	ovsnl_format_dp_del(DP_NAME, buf, sizeof(buf));
	dry(c, "%s", buf);
}

static void dry_vport_del(struct vctx *c, const char *name)
{
	char buf[128];

	ovsnl_format_vport_del(name, 0, buf, sizeof(buf));
	dry(c, "%s", buf);
}

static void dry_mtu(struct vctx *c, const char *name, long mtu)
{
	char buf[128];

	rtnl_format_set_mtu(name, mtu, buf, sizeof(buf));
	dry(c, "%s", buf);
}

static void dry_create(struct vctx *c, const char *kname, const struct kobj *ko, uint32_t port_no)
{
	struct ovs_vport_req req;
	char buf[256];

	fill_req(&req, kname, ko, port_no);
	ovsnl_format_vport_new(&req, buf, sizeof(buf));
	dry(c, "%s", buf);
	if (ko->mtu >= 0)
		dry_mtu(c, kname, ko->mtu);
}

/* The vports left in ovs-system that vportctl does not manage. */
static int dp_strays(struct vctx *c, char *list, size_t len)
{
	struct ovs_vport_info *v;
	size_t n, used = 0;
	int count = 0;
	struct kobj ko;

	list[0] = '\0';
	if (kernel_dump(c, &v, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (v[i].port_no == 0 || db_kobj_get(c, v[i].name, &ko) == 1)
			continue;
		used += snprintf(list + used, used < len ? len - used : 0, "%s%s", count ? ", " : "",
				 v[i].name);
		count++;
	}
	free(v);
	return count;
}

/*
 * After the commands: send the difference between the recorded and the wanted
 * vports of every touched name.  Offline: only the records change.
 */
int kernel_apply(struct vctx *c)
{
	struct kernel *k = &kstate;
	size_t n = c->touched_k.n;
	struct action *a = calloc(n ? n : 1, sizeof(*a));
	bool need_dp = false, any_delete = false, live = !c->offline && kernel_available(c);
	int rc = -1, dp;

	if (!a)
		return fail(c, EXIT_FAIL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const char *name = c->touched_k.v[i];
		a[i].name = name;
		if (db_kobj_get(c, name, &a[i].before) < 0 ||
		    rules_desired_kobj(c, name, &a[i].after) < 0)
			goto out;
		if (!a[i].before.present && a[i].after.present)
			a[i].act = A_CREATE;
		else if (a[i].before.present && !a[i].after.present)
			a[i].act = A_DELETE;
		else if (a[i].before.present && kobj_differs(&a[i].before, &a[i].after))
			a[i].act = A_RECREATE;
		else if (a[i].after.present && a[i].after.mtu >= 0 &&
			 a[i].after.mtu != a[i].before.mtu)
			a[i].act = A_MTU;
		if (a[i].act == A_NONE && a[i].after.present && live &&
		    strset_has(&c->ensure_k, name)) {
			/* --may-exist: the record says it is there; make sure it is. */
			struct ovs_vport_info info;
			struct vportnl_err e = { 0 };
			if (kernel_dp(c, NULL) < 0)
				goto out;
			if (!k->dp_exists || ovsnl_vport_get(k->nl, k->dp.ifindex, name, 0, &info, &e)
			    == -ENODEV) {
				a[i].act = A_CREATE;
				a[i].after.port_no = a[i].before.port_no;
			}
		}
		if (a[i].act == A_CREATE || a[i].act == A_RECREATE)
			need_dp = true;
		any_delete |= a[i].act == A_DELETE;
		/* A system port's device is checked before anything is changed. */
		if ((a[i].act == A_CREATE || a[i].act == A_RECREATE) && !c->offline &&
		    a[i].after.type == OVS_VPORT_TYPE_NETDEV) {
			struct iface ifc;
			if (db_iface_get(c, name, &ifc) == 1 && kernel_check_system_dev(c, &ifc))
				goto out;
		}
	}

	if (c->offline) {
		rc = 0;
		goto records;
	}

	if (live) {
		if ((dp = kernel_dp(c, NULL)) < 0)
			goto out;
	} else {		/* --dry-run without the datapath: trust the records */
		sqlite3_stmt *st = db_stmt(c, S_KO_ALL);
		dp = db_step(c, st) == SQLITE_ROW;
	}
	for (size_t i = 0; i < n && live && !c->dry_run; i++)
		if (a[i].act != A_NONE && (dp || need_dp)) {
			if (check_vswitchd(c))
				goto out;
			break;
		}

	if (need_dp && !dp) {
		if (c->dry_run)
			dry_dp_new(c);
		else if (dp_create(c))
			goto out;
	}
	/* Deletions, newest first. */
	for (size_t i = n; i-- > 0;) {
		if (a[i].act != A_DELETE && a[i].act != A_RECREATE)
			continue;
		if (!dp)	/* no datapath: nothing of it is left in the kernel */
			continue;
		if (c->dry_run)
			dry_vport_del(c, a[i].name);
		else if (vport_delete(c, a[i].name, &a[i].before))
			goto out;
	}
	/* Creations, in the order the names were touched. */
	for (size_t i = 0; i < n; i++) {
		struct kobj *ko = &a[i].after;
		uint32_t port = 0;

		if (a[i].act == A_MTU) {
			if (c->dry_run)
				dry_mtu(c, a[i].name, ko->mtu);
			else if (set_mtu(c, a[i].name, ko->mtu, true))
				goto out;
			continue;
		}
		if (a[i].act != A_CREATE && a[i].act != A_RECREATE)
			continue;
		if (ko->port_request > 0)
			port = ko->port_request;
		else if (a[i].before.port_no > 0)	/* recreated or restored: keep the number */
			port = a[i].before.port_no;
		if (c->dry_run) {
			dry_create(c, a[i].name, ko, port);
			continue;
		}
		if (vport_create(c, a[i].name, ko, port, &ko->port_no))
			goto out;
	}
	/* The datapath goes with the last bridge, unless it holds vports we do not know. */
	if (any_delete && db_count_bridges(c) == 0 && (dp || need_dp)) {
		if (c->dry_run) {
			dry_dp_del(c);
		} else if (k->dp_exists) {
			char list[512];
			int strays = dp_strays(c, list, sizeof(list));
			struct vportnl_err e = { 0 };
			if (strays < 0)
				goto out;
			if (strays > 0) {
				warnx_("datapath %s kept: it still holds vports vportctl does not manage: %s",
				       DP_NAME, list);
			} else {
				int r = ovsnl_dp_del(k->nl, k->dp.ifindex, &e);
				if (r && r != -ENODEV) {
					nl_fail(c, r, &e, "cannot delete datapath %s", DP_NAME);
					goto out;
				}
				push_undo(&(struct undo){ .op = U_DP_NEW });
				k->dp_exists = false;
			}
		}
	}
	rc = 0;
records:
	for (size_t i = 0; i < n; i++) {
		struct kobj *ko = &a[i].after;
		if (!ko->present) {
			if (a[i].before.present && db_kobj_del(c, a[i].name))
				rc = -1;
			continue;
		}
		if (a[i].act == A_NONE || a[i].act == A_MTU)
			ko->port_no = a[i].before.port_no;
		else if (c->offline || c->dry_run)
			ko->port_no = a[i].act == A_RECREATE || a[i].act == A_CREATE ?
				      (ko->port_request > 0 ? ko->port_request : a[i].before.port_no) : -1;
		if (db_kobj_put(c, a[i].name, ko))
			rc = -1;
	}
out:
	free(a);
	return rc;
}

/* ---- reconcile ---- */

static long find_vport(const struct ovs_vport_info *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return i;
	return -1;
}

static bool kernel_matches(const struct ovs_vport_info *v, const struct kobj *ko)
{
	if (v->type != ko->type)
		return false;
	if (ko->dst_port >= 0 && v->has_dst_port && v->dst_port != ko->dst_port)
		return false;
	if (ko->type == OVS_VPORT_TYPE_VXLAN && v->gbp != ko->gbp)
		return false;
	return true;
}

int kernel_reconcile(struct vctx *c, bool prune, FILE *out)
{
	struct kernel *k = &kstate;
	struct ovs_vport_info *v = NULL;
	size_t n = 0;
	struct strset names;
	struct kobj *want = NULL;
	size_t nwant = 0;
	int rc = -1, dp;
	sqlite3_stmt *st;

	strset_init(&names);
	st = db_stmt(c, S_KO_ALL);
	while ((rc = db_step(c, st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		strset_add(&names, name);
	}
	if (rc < 0)
		goto out;
	rc = -1;
	want = calloc(names.n ? names.n : 1, sizeof(*want));
	if (!want)
		goto out;
	nwant = names.n;
	for (size_t i = 0; i < nwant; i++)
		if (db_kobj_get(c, names.v[i], &want[i]) < 0)
			goto out;

	if ((dp = kernel_dp(c, NULL)) < 0)
		goto out;
	if ((nwant || (prune && dp)) && !c->dry_run && check_vswitchd(c))
		goto out;
	if (nwant && !dp) {
		if (c->dry_run) {
			dry_dp_new(c);
		} else {
			if (dp_create(c))
				goto out;
			fprintf(out, "created datapath %s\n", DP_NAME);
		}
	}
	if (k->dp_exists && kernel_dump(c, &v, &n) < 0)
		goto out;

	/* Strays first, so that their names and numbers are free again. */
	for (size_t i = 0; prune && i < n; i++) {
		if (v[i].port_no == 0 || strset_has(&names, v[i].name))
			continue;
		struct kobj ko = { .present = true, .type = v[i].type, .port_no = v[i].port_no,
				   .dst_port = v[i].has_dst_port ? v[i].dst_port : -1, .gbp = v[i].gbp,
				   .port_request = -1, .mtu = -1 };
		if (c->dry_run) {
			dry_vport_del(c, v[i].name);
			continue;
		}
		if (vport_delete(c, v[i].name, &ko))
			goto out;
		fprintf(out, "deleted stray vport %s (%s, port %u)\n", v[i].name,
			vport_type_str(v[i].type), v[i].port_no);
	}
	for (size_t i = 0; i < nwant; i++) {
		const char *name = names.v[i];
		struct kobj *ko = &want[i];
		long j = find_vport(v, n, name);
		uint32_t port = ko->port_request > 0 ? ko->port_request :
				ko->port_no > 0 ? ko->port_no : 0;
		const char *why = NULL;

		if (j >= 0 && kernel_matches(&v[j], ko)) {
			if (ko->port_request > 0 && v[j].port_no != ko->port_request) {
				why = "port number differed";
			} else {
				if (ko->port_no != (long)v[j].port_no) {
					ko->port_no = v[j].port_no;
					if (!c->dry_run && db_kobj_set_port(c, name, ko->port_no))
						goto out;
				}
				if (ko->mtu >= 0) {
					struct rtnl *rt = kernel_rtnl(c);
					struct link_info li;
					struct vportnl_err e = { 0 };
					if (rt && rtnl_link_get(rt, name, &li, &e) == 0 &&
					    li.mtu != (unsigned int)ko->mtu) {
						if (c->dry_run) {
							dry_mtu(c, name, ko->mtu);
						} else {
							if (set_mtu(c, name, ko->mtu, true))
								goto out;
							fprintf(out, "set the MTU of %s to %ld\n", name, ko->mtu);
						}
					}
				}
				continue;
			}
		} else if (j >= 0) {
			why = v[j].type != ko->type ? "type differed" : "options differed";
		}
		if (j < 0 && ko->type == OVS_VPORT_TYPE_NETDEV) {
			/* At boot a device may not be there yet: restore the rest, exit 1. */
			struct rtnl *rt = kernel_rtnl(c);
			struct link_info li;
			struct vportnl_err e = { 0 };
			if (rt && rtnl_link_get(rt, name, &li, &e) == -ENODEV) {
				warnx_("cannot restore system interface %s: no network device named %s;"
				       " skipped", name, name);
				c->status = EXIT_FAIL;
				continue;
			}
		}
		if (c->dry_run) {
			if (j >= 0)
				dry_vport_del(c, name);
			dry_create(c, name, ko, port);
			continue;
		}
		if (j >= 0) {
			struct kobj old = { .present = true, .type = v[j].type, .port_no = v[j].port_no,
					    .dst_port = v[j].has_dst_port ? v[j].dst_port : -1,
					    .gbp = v[j].gbp, .port_request = -1, .mtu = -1 };
			if (vport_delete(c, name, &old))
				goto out;
		}
		long got = -1;
		if (vport_create(c, name, ko, port, &got)) {
			/* The recorded number is taken by a vport we do not manage. */
			if (!(last_create_rc == -EBUSY && port && port == ko->port_no &&
			      ko->port_request < 0))
				goto out;
			c->exit_code = 0;
			c->err[0] = c->kerr[0] = '\0';
			if (vport_create(c, name, ko, 0, &got))
				goto out;
			warnx_("vport %s could not keep port number %u (taken by a vport vportctl "
			       "does not manage) and got %ld", name, port, got);
		}
		if (db_kobj_set_port(c, name, got))
			goto out;
		if (why)
			fprintf(out, "recreated vport %s (%s, port %ld): %s\n", name,
				vport_type_str(ko->type), got, why);
		else
			fprintf(out, "created vport %s (%s, port %ld)\n", name,
				vport_type_str(ko->type), got);
	}
	/* No bridges and nothing left that vportctl does not know: the datapath goes. */
	if (!nwant && db_count_bridges(c) == 0 && k->dp_exists && prune) {
		if (c->dry_run) {
			dry_dp_del(c);
		} else {
			struct vportnl_err e = { 0 };
			int r = ovsnl_dp_del(k->nl, k->dp.ifindex, &e);
			if (r && r != -ENODEV) {
				nl_fail(c, r, &e, "cannot delete datapath %s", DP_NAME);
				goto out;
			}
			push_undo(&(struct undo){ .op = U_DP_NEW });
			fprintf(out, "deleted datapath %s\n", DP_NAME);
		}
	}
	rc = 0;
out:
	free(v);
	free(want);
	strset_free(&names);
	return rc;
}
