// SPDX-License-Identifier: GPL-2.0
/*
 * apply.c - run a plan (plan.c) through a sink, and commit its records.
 *
 * A sink is one step function per object kind:
 *   sink_live     sends the requests; every step that succeeds pushes its
 *                 inverse on the undo stack, and apply_undo_all() replays the
 *                 stack backwards when a later step, or the commit, fails, so
 *                 a failed invocation leaves the kernel as it found it
 *   sink_dry_run  prints each request (--dry-run), with the netlink layer's
 *                 own request formatters
 *   sink_records  sends nothing (--offline): only the records change
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "vportctl.h"
#include "db.h"
#include "plan.h"

enum undo_op { U_DP_DEL, U_DP_NEW, U_VPORT_DEL, U_VPORT_NEW, U_MTU, U_FLOW_DEL, U_FLOW_NEW,
	       U_FLOW_SET };

struct undo {
	enum undo_op op;
	char name[VPORTNL_NAMSIZ];
	struct ovs_vport_req req;	/* U_VPORT_NEW; req.name points at name */
	int ifindex;			/* U_MTU */
	unsigned int mtu;
	struct flow *flow;		/* U_FLOW_*: a copy, to restore or delete */
};

typedef int (*step_fn)(struct vctx *c, struct plan *p, struct action *a);

struct sink {
	step_fn step[NKINDS];
	bool live;			/* changes the kernel: guarded against ovs-vswitchd */
};

static void push_undo(struct vctx *c, const struct undo *u)
{
	struct undo_stack *s = &c->undo;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 32;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = *u;
}

static void push_flow_undo(struct vctx *c, enum undo_op op, const struct flow *f)
{
	struct flow *copy = xmalloc(sizeof(*copy));

	flow_copy(copy, f);
	push_undo(c, &(struct undo){ .op = op, .flow = copy });
}

/* The undo stack after a commit: nothing to replay, its flow copies to free. */
void apply_forget(struct vctx *c)
{
	struct undo_stack *s = &c->undo;

	while (s->n) {
		struct undo *u = &s->v[--s->n];

		if (u->flow) {
			flow_clear(u->flow);
			free(u->flow);
		}
	}
}

static int undo_flow(struct vctx *c, struct undo *u, struct vportnl_err *e)
{
	struct ovsnl_flow nf;
	int dp = c->kernel.dp.ifindex, rc;

	flow_to_nl(u->flow, &nf);
	rc = u->op == U_FLOW_DEL ? ovsnl_flow_del(c->kernel.nl, dp, nf.ufid, e) :
	     u->op == U_FLOW_NEW ? ovsnl_flow_new(c->kernel.nl, dp, &nf, e) :
				   ovsnl_flow_set(c->kernel.nl, dp, &nf, e);
	if (rc && rc != -ENOENT && rc != -ENODEV)
		warnx_("could not undo a change to the flow from %s: %s",
		       u->flow->iface[0] ? u->flow->iface : "another member", strerror(-rc));
	flow_clear(u->flow);
	free(u->flow);
	u->flow = NULL;
	return 0;
}

void apply_undo_all(struct vctx *c)
{
	struct kernel *k = &c->kernel;
	struct undo_stack *s = &c->undo;
	struct vportnl_err e;
	struct ovs_vport_info info;
	struct ovs_dp_info dp;
	int rc = 0;

	while (s->n) {
		struct undo *u = &s->v[--s->n];
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
		case U_FLOW_DEL:
		case U_FLOW_NEW:
		case U_FLOW_SET:
			rc = undo_flow(c, u, &e);
			break;
		}
		if (rc && rc != -ENODEV)
			warnx_("could not undo a change to %s: %s",
			       u->op == U_DP_DEL || u->op == U_DP_NEW ? DP_NAME : u->name,
			       strerror(-rc));
	}
}

static void fill_req(struct ovs_vport_req *req, const char *name, const struct vport *vp,
		     uint32_t port_no)
{
	memset(req, 0, sizeof(*req));
	req->name = name;
	req->type = vp->type;
	req->port_no = port_no;
	if (vp->dst_port >= 0) {
		req->has_dst_port = true;
		req->dst_port = vp->dst_port;
	}
	req->gbp = vp->gbp;
}

/* The number a vport got, into its record: the kernel's, or the one asked for. */
static void record_port(struct plan *p, const struct action *a, long port_no)
{
	if (a->rec >= 0)
		p->rec[a->rec].desired.port_no = port_no;
}

/* ---- live ---- */

static int create_fail(struct vctx *c, int rc, const struct vportnl_err *e, const char *kname,
		       const struct vport *vp, uint32_t port_no)
{
	char what[128];

	host_describe(c, kname, vp, what, sizeof(what));
	switch (rc) {
	case -EBUSY:
		if (port_no)
			return fail_nl(c, EXIT_FAIL, e, "cannot create %s: datapath port number %u "
				       "is already in use", what, port_no);
		if (vp->type == OVS_VPORT_TYPE_NETDEV)
			return fail_nl(c, EXIT_FAIL, e, "cannot create %s: network device %s is "
				       "already in use (enslaved to a bridge, bond or another datapath)",
				       what, kname);
		break;
	case -EEXIST:
		return fail_nl(c, EXIT_FAIL, e, "cannot create %s: %s", what,
			       vp->type == OVS_VPORT_TYPE_NETDEV ?
			       "the device is already attached to the datapath" :
			       "a network device with that name already exists");
	case -EADDRINUSE:
		return fail_nl(c, EXIT_FAIL, e, "cannot create %s: UDP port %d is already in use",
			       what, vp->dst_port);
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
			       vport_type_str(vp->type), vport_type_str(vp->type));
	case -ENODEV:
		if (vp->type == OVS_VPORT_TYPE_NETDEV)
			return fail_nl(c, EXIT_FAIL, e, "cannot create %s: no network device named "
				       "%s", what, kname);
		break;
	}
	return kernel_fail(c, rc, e, "cannot create %s", what);
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
		return kernel_fail(c, rc, &e, "cannot set the MTU of %s", kname);
	if (li.mtu == (unsigned int)mtu)
		return 0;
	rc = rtnl_link_set_mtu(rt, li.ifindex, mtu, &e);
	if (rc)
		return kernel_fail(c, rc, &e, "cannot set the MTU of %s to %ld", kname, mtu);
	if (undoable)
		push_undo(c, &(struct undo){ .op = U_MTU, .ifindex = li.ifindex, .mtu = li.mtu });
	return 0;
}

/* *krc gets the errno of a creation the kernel refused, 0 for any other failure. */
static int vport_create(struct vctx *c, const char *kname, const struct vport *vp,
			uint32_t port_no, long *got, int *krc)
{
	struct kernel *k = &c->kernel;
	struct ovs_vport_req req;
	struct ovs_vport_info info;
	struct vportnl_err e = { 0 };
	struct undo u = { .op = U_VPORT_DEL };
	int rc;

	*krc = 0;
	if (host_check_udp_port(c, kname, vp))
		return -1;
	fill_req(&req, kname, vp, port_no);
	rc = ovsnl_vport_new(k->nl, k->dp.ifindex, &req, &info, &e);
	if (rc) {
		*krc = rc;
		return create_fail(c, rc, &e, kname, vp, port_no);
	}
	snprintf(u.name, sizeof(u.name), "%s", kname);
	push_undo(c, &u);
	*got = info.port_no;
	if (host_check_backer_up(c, kname, vp))
		return -1;
	if (vp->mtu >= 0 && set_mtu(c, kname, vp->mtu, false))
		return -1;
	return 0;
}

static int live_vport(struct vctx *c, struct plan *p, struct action *a)
{
	struct kernel *k = &c->kernel;
	struct vportnl_err e = { 0 };
	struct undo u = { .op = U_VPORT_NEW };
	long got = -1;
	int rc, krc;

	switch (a->op) {
	case OP_DELETE:
		rc = ovsnl_vport_del(k->nl, k->dp.ifindex, a->name, 0, &e);
		if (rc == -ENODEV)	/* already gone behind our back: the end state is right */
			return 0;
		if (rc)
			return kernel_fail(c, rc, &e, "cannot delete vport %s", a->name);
		snprintf(u.name, sizeof(u.name), "%s", a->name);
		fill_req(&u.req, NULL, &a->have, a->have.port_no > 0 ? a->have.port_no : 0);
		push_undo(c, &u);
		if (a->report)
			fprintf(c->out, "deleted stray vport %s (%s, port %ld)\n", a->name,
				vport_type_str(a->have.type), a->have.port_no);
		return 0;
	case OP_MODIFY:
		if (host_check_not_moved(c, a->name) || set_mtu(c, a->name, a->want.mtu, true))
			return -1;
		if (a->report)
			fprintf(c->out, "set the MTU of %s to %ld\n", a->name, a->want.mtu);
		return 0;
	case OP_CREATE:
		break;
	}
	if (vport_create(c, a->name, &a->want, a->port_no, &got, &krc)) {
		if (!(krc == -EBUSY && a->retry_any_port))
			return -1;
		c->exit_code = 0;
		c->err[0] = c->kerr[0] = '\0';
		if (vport_create(c, a->name, &a->want, 0, &got, &krc))
			return -1;
		warnx_("vport %s could not keep port number %u (taken by a vport vportctl "
		       "does not manage) and got %ld", a->name, a->port_no, got);
	}
	record_port(p, a, got);
	if (a->report && a->why)
		fprintf(c->out, "recreated vport %s (%s, port %ld): %s\n", a->name,
			vport_type_str(a->want.type), got, a->why);
	else if (a->report)
		fprintf(c->out, "created vport %s (%s, port %ld)\n", a->name,
			vport_type_str(a->want.type), got);
	return 0;
}

/* The vports left in ovs-system that vportctl does not manage, as "a, b". */
static int dp_strays(struct vctx *c, char *list, size_t len)
{
	struct ovs_vport_info *v;
	size_t n, used = 0;
	int count = 0;

	list[0] = '\0';
	if (kernel_dump(c, &v, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int stray = kview_is_stray(c, &v[i]);
		if (stray == 0)
			continue;
		used += snprintf(list + used, used < len ? len - used : 0, "%s%s", count ? ", " : "",
				 v[i].name);
		count++;
	}
	free(v);
	return count;
}

static int live_datapath(struct vctx *c, struct plan *p, struct action *a)
{
	struct kernel *k = &c->kernel;
	struct vportnl_err e = { 0 };
	int rc;

	(void)p;
	if (a->op == OP_CREATE) {
		rc = ovsnl_dp_new(k->nl, DP_NAME, &k->dp, &e);
		if (rc == -EEXIST)	/* created meanwhile by someone else: use it */
			return kernel_dp(c, NULL) == 1 ? 0 : -1;
		if (rc)
			return kernel_fail(c, rc, &e, "cannot create datapath %s", DP_NAME);
		k->dp_exists = true;
		push_undo(c, &(struct undo){ .op = U_DP_DEL });
		if (a->report)
			fprintf(c->out, "created datapath %s\n", DP_NAME);
		return 0;
	}
	if (!k->dp_exists)
		return 0;
	if (a->keep_if_strays) {
		char list[512];
		int strays = dp_strays(c, list, sizeof(list));
		if (strays < 0)
			return -1;
		if (strays > 0) {
			warnx_("datapath %s kept: it still holds vports vportctl does not manage: %s",
			       DP_NAME, list);
			return 0;
		}
	}
	rc = ovsnl_dp_del(k->nl, k->dp.ifindex, &e);
	if (rc && rc != -ENODEV)
		return kernel_fail(c, rc, &e, "cannot delete datapath %s", DP_NAME);
	push_undo(c, &(struct undo){ .op = U_DP_NEW });
	k->dp_exists = false;
	if (a->report)
		fprintf(c->out, "deleted datapath %s\n", DP_NAME);
	return 0;
}

/* ---- dry run ---- */

static void dry(struct vctx *c, const char *line)
{
	fprintf(c->out, "%s\n", line);
}

#define PORTS_MAX 65536		/* datapath port numbers are below (DP_MAX_PORTS) */

static void take_port(struct plan *p, long port)
{
	if (port > 0 && port < PORTS_MAX)
		p->dry_ports[port / 8] |= 1u << (port % 8);
}

/*
 * --dry-run: the number the kernel will give a vport created without one,
 * the lowest free.  Taken are the kernel's vports (the records', without a
 * kernel) but those this plan deletes, and every number given in this plan:
 * a bitmap, built at the first prediction and kept up to date after it.
 */
static long predict_port(struct vctx *c, struct plan *p)
{
	long port;

	if (!p->dry_ports) {
		struct ovs_vport_info *v = NULL;
		struct strset names, gone;
		size_t nv = 0, i;

		p->dry_ports = xmalloc(PORTS_MAX / 8);
		memset(p->dry_ports, 0, PORTS_MAX / 8);
		strset_init(&names);
		strset_init(&gone);
		for (i = 0; i < p->nact; i++)
			if (p->act[i].kind == KIND_VPORT && p->act[i].op == OP_DELETE)
				strset_add(&gone, p->act[i].name);
		if (kernel_available(c) && c->kernel.dp_exists) {
			if (kernel_dump(c, &v, &nv))
				nv = 0;
		} else if (db_vport_names(c, &names)) {
			names.n = 0;
		}
		for (i = 0; i < nv; i++)
			if (!strset_has(&gone, v[i].name))
				take_port(p, v[i].port_no);
		for (i = 0; i < names.n; i++) {
			struct vport vp;

			if (!strset_has(&gone, names.v[i]) && db_vport_get(c, names.v[i], &vp) == 1)
				take_port(p, vp.port_no);
		}
		for (i = 0; i < p->nrec; i++)
			if (p->rec[i].kind == KIND_VPORT && p->rec[i].desired.present)
				take_port(p, p->rec[i].desired.port_no);
		free(v);
		strset_free(&names);
		strset_free(&gone);
	}
	for (port = 1; port < PORTS_MAX - 1; port++)
		if (!(p->dry_ports[port / 8] & (1u << (port % 8))))
			break;
	return port;
}

static int dry_vport(struct vctx *c, struct plan *p, struct action *a)
{
	struct ovs_vport_req req;
	char buf[256];
	long port;

	switch (a->op) {
	case OP_DELETE:
		ovsnl_format_vport_del(a->name, 0, buf, sizeof(buf));
		dry(c, buf);
		return 0;
	case OP_MODIFY:
		rtnl_format_set_mtu(a->name, a->want.mtu, buf, sizeof(buf));
		dry(c, buf);
		return 0;
	case OP_CREATE:
		break;
	}
	fill_req(&req, a->name, &a->want, a->port_no);
	ovsnl_format_vport_new(&req, buf, sizeof(buf));
	dry(c, buf);
	if (a->want.mtu >= 0) {
		rtnl_format_set_mtu(a->name, a->want.mtu, buf, sizeof(buf));
		dry(c, buf);
	}
	port = a->port_no ? (long)a->port_no : predict_port(c, p);
	record_port(p, a, port);
	if (p->dry_ports)
		take_port(p, port);
	return 0;
}

static int dry_datapath(struct vctx *c, struct plan *p, struct action *a)
{
	char buf[128];

	(void)p;
	if (a->op == OP_CREATE)
		ovsnl_format_dp_new(DP_NAME, buf, sizeof(buf));
	else
		ovsnl_format_dp_del(DP_NAME, buf, sizeof(buf));
	dry(c, buf);
	return 0;
}

/* ---- records only ---- */

static int records_vport(struct vctx *c, struct plan *p, struct action *a)
{
	(void)c;
	if (a->op == OP_CREATE)
		record_port(p, a, a->port_no ? (long)a->port_no : -1);
	return 0;
}

static int records_datapath(struct vctx *c, struct plan *p, struct action *a)
{
	(void)c;
	(void)p;
	(void)a;
	return 0;
}

/* ---- flows ---- */

static int flow_fail(struct vctx *c, int rc, const struct vportnl_err *e, const char *what,
		     const struct flow *f)
{
	char *key = ovsnl_format_key(f->key.data, f->key.len, f->mask.data, f->mask.len);

	if (rc == -EEXIST)
		kernel_fail(c, rc, e, "cannot %s the flow from %s (bridge %s, %s): the datapath "
			    "already has another flow for these packets (see dump-flows)", what,
			    f->iface, f->bridge, key ? key : "?");
	else
		kernel_fail(c, rc, e, "cannot %s the flow from %s (bridge %s, %s)", what, f->iface,
			    f->bridge, key ? key : "?");
	free(key);
	return -1;
}

/* NEW; a flow of ours that the records did not know (after a crash) is replaced. */
static int flow_new(struct vctx *c, const struct flow *f)
{
	struct kernel *k = &c->kernel;
	struct vportnl_err e = { 0 };
	struct ovsnl_flow_info old;
	struct ovsnl_flow nf;
	struct flow was;
	int rc;

	flow_to_nl(f, &nf);
	rc = ovsnl_flow_new(k->nl, k->dp.ifindex, &nf, &e);
	if (!rc) {
		push_flow_undo(c, U_FLOW_DEL, f);
		return 0;
	}
	if (rc != -EEXIST ||
	    ovsnl_flow_get(k->nl, k->dp.ifindex, f->ufid, &old, &(struct vportnl_err){ 0 }))
		return flow_fail(c, rc, &e, "install", f);
	rc = ovsnl_flow_set(k->nl, k->dp.ifindex, &nf, &e);
	if (!rc) {
		flow_from_kernel(&was, &old);
		push_flow_undo(c, U_FLOW_SET, &was);
		flow_clear(&was);
	}
	ovsnl_flow_info_clear(&old);
	return rc ? flow_fail(c, rc, &e, "install", f) : 0;
}

static void report_flow(struct vctx *c, const char *done, const struct flow *f)
{
	char ufid[OVSNL_UFID_STRLEN];

	if (f->iface[0]) {
		fprintf(c->out, "%s the flow from %s (bridge %s)\n", done, f->iface, f->bridge);
		return;
	}
	ovsnl_format_ufid(f->ufid, ufid);
	fprintf(c->out, "%s flow %s, which the configuration does not want\n", done, ufid);
}

static int live_flow(struct vctx *c, struct plan *p, struct action *a)
{
	struct kernel *k = &c->kernel;
	const struct flow *want = a->fwant >= 0 ? &p->fwant.v[a->fwant] : NULL;
	const struct flow *have = a->fhave >= 0 ? &p->fhave.v[a->fhave] : NULL;
	struct vportnl_err e = { 0 };
	struct ovsnl_flow nf;
	int rc;

	switch (a->op) {
	case OP_DELETE:
		rc = ovsnl_flow_del(k->nl, k->dp.ifindex, have->ufid, &e);
		if (rc == -ENOENT)	/* gone behind our back: the end state is right */
			return 0;
		if (rc)
			return flow_fail(c, rc, &e, "delete", have);
		push_flow_undo(c, U_FLOW_NEW, have);
		if (a->report)
			report_flow(c, "deleted", have);
		return 0;
	case OP_MODIFY:
		flow_to_nl(want, &nf);
		rc = ovsnl_flow_set(k->nl, k->dp.ifindex, &nf, &e);
		if (rc == -ENOENT) {	/* missing: put it back */
			rc = flow_new(c, want);
		} else if (rc) {
			return flow_fail(c, rc, &e, "change", want);
		} else {
			struct flow was = *have;

			/* the kernel's key may be another encoding of ours: undo with ours */
			was.key = want->key;
			was.mask = want->mask;
			push_flow_undo(c, U_FLOW_SET, &was);
		}
		if (!rc && a->report)
			report_flow(c, "mended", want);
		return rc;
	case OP_CREATE:
		break;
	}
	rc = flow_new(c, want);
	if (!rc && a->report)
		report_flow(c, "installed", want);
	return rc;
}

static int dry_flow(struct vctx *c, struct plan *p, struct action *a)
{
	const struct flow *f = a->fwant >= 0 ? &p->fwant.v[a->fwant] : &p->fhave.v[a->fhave];
	struct ovsnl_flow nf;
	char *line;

	flow_to_nl(f, &nf);
	line = ovsnl_format_flow_req(a->op == OP_CREATE ? OVS_FLOW_CMD_NEW :
				     a->op == OP_MODIFY ? OVS_FLOW_CMD_SET : OVS_FLOW_CMD_DEL, &nf);
	if (!line)
		return fail(c, EXIT_FAIL, "out of memory");
	dry(c, line);
	free(line);
	return 0;
}

static int records_flow(struct vctx *c, struct plan *p, struct action *a)
{
	(void)c;
	(void)p;
	(void)a;
	return 0;
}

const struct sink sink_live = {
	.step = { [KIND_DATAPATH] = live_datapath, [KIND_VPORT] = live_vport,
		  [KIND_FLOW] = live_flow }, .live = true,
};
const struct sink sink_dry_run = {
	.step = { [KIND_DATAPATH] = dry_datapath, [KIND_VPORT] = dry_vport,
		  [KIND_FLOW] = dry_flow },
};
const struct sink sink_records = {
	.step = { [KIND_DATAPATH] = records_datapath, [KIND_VPORT] = records_vport,
		  [KIND_FLOW] = records_flow },
};

static bool vport_same(const struct vport *a, const struct vport *b)
{
	return a->present == b->present && a->type == b->type && a->dst_port == b->dst_port &&
	       a->gbp == b->gbp && a->port_no == b->port_no &&
	       a->port_request == b->port_request && a->mtu == b->mtu;
}

static bool flow_record_same(const struct flow *a, const struct flow *b)
{
	return flow_same(a, b) && !strcmp(a->bridge, b->bridge) && !strcmp(a->iface, b->iface) &&
	       !strcmp(a->domain, b->domain);
}

/* Commit: the affected bridges' records follow; reconcile: all are rewritten. */
static int write_flow_records(struct vctx *c, const struct plan *p)
{
	if (p->flows == PF_NONE)
		return 0;
	if (p->flows == PF_RECONCILE && db_flow_del_all(c))
		return -1;
	for (size_t i = 0; p->flows == PF_COMMIT && i < p->fhave.n; i++)
		if (!flowset_find(&p->fwant, p->fhave.v[i].ufid) && db_flow_del(c, p->fhave.v[i].ufid))
			return -1;
	for (size_t i = 0; i < p->fwant.n; i++) {
		const struct flow *old = p->flows == PF_COMMIT ?
					 flowset_find(&p->fhave, p->fwant.v[i].ufid) : NULL;

		if ((!old || !flow_record_same(old, &p->fwant.v[i])) && db_flow_put(c, &p->fwant.v[i]))
			return -1;
	}
	return 0;
}

static int write_records(struct vctx *c, const struct plan *p)
{
	for (size_t i = 0; i < p->nrec; i++) {
		const struct plan_record *r = &p->rec[i];
		switch (r->kind) {
		case KIND_VPORT:
			if (!r->desired.present) {
				if (r->recorded.present && db_vport_del(c, r->name))
					return -1;
			} else if (!vport_same(&r->desired, &r->recorded) &&
				   db_vport_put(c, r->name, &r->desired)) {
				return -1;
			}
			break;
		case KIND_DATAPATH:
		case KIND_FLOW:
		case NKINDS:
			break;
		}
	}
	return write_flow_records(c, p);
}

static int run(struct vctx *c, struct plan *p, const struct sink *s, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (s->step[p->act[i].kind](c, p, &p->act[i]))
			return -1;
	return 0;
}

/*
 * The vport actions, then the flows (planned now: the vports have their
 * numbers), then what comes after them (the datapath's deletion).
 */
int apply_plan(struct vctx *c, struct plan *p, const struct sink *s)
{
	size_t n = p->nact;

	if (s->live && p->guard && host_check_vswitchd(c))
		return -1;
	if (p->flows == PF_NONE)
		return run(c, p, s, 0, n) || write_records(c, p);
	if (run(c, p, s, 0, p->flows_at) || plan_flows(c, p) || run(c, p, s, n, p->nact) ||
	    run(c, p, s, p->flows_at, n))
		return -1;
	return write_records(c, p);
}

static const struct sink *pick_sink(struct vctx *c)
{
	if (c->offline)
		return &sink_records;
	return c->dry_run ? &sink_dry_run : &sink_live;
}

/* After the commands: bring the kernel in line with the rows, then record it. */
int apply_commit(struct vctx *c)
{
	struct plan p = { 0 };
	int rc = plan_commit(c, &p);

	if (!rc)
		rc = apply_plan(c, &p, pick_sink(c));
	plan_free(&p);
	return rc;
}

int apply_reconcile(struct vctx *c, bool prune)
{
	struct plan p = { 0 };
	int rc = plan_reconcile(c, prune, &p);

	if (!rc)
		rc = apply_plan(c, &p, pick_sink(c));
	plan_free(&p);
	return rc;
}
