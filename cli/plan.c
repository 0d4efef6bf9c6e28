// SPDX-License-Identifier: GPL-2.0
/*
 * plan.c - decide what the kernel should be told.
 *
 * A plan is a list of typed actions (create, delete or modify one object of
 * one kind: the datapath, a vport) and the records to commit with them.  It
 * is decided from three views of each object: what the rows want
 * (plan_desired_vport), what was recorded at the last commit (the vport
 * table), and what the kernel has (struct kview); vport_diff() is the one
 * comparison between any two of them.  plan_commit() plans the end of a
 * writing invocation, plan_reconcile() the `reconcile` command; show and check
 * use the same comparison.  apply.c runs a plan.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vportctl.h"
#include "db.h"
#include "plan.h"
#include "rules.h"

/* What vportctl wants in the kernel under the vport name kname, from the rows. */
int plan_desired_vport(struct vctx *c, const char *kname, struct vport *want)
{
	struct iface ifc;
	int rc;

	memset(want, 0, sizeof(*want));
	want->dst_port = want->port_no = want->port_request = want->mtu = -1;
	rc = db_iface_of_kname(c, kname, &ifc);
	if (rc <= 0)
		return rc;
	want->present = true;
	want->type = iftype_vport_type(ifc.type);
	if (ifc.type == IF_VXLAN || ifc.type == IF_GENEVE) {
		want->dst_port = rules_udp_port(&ifc);
		want->gbp = !strcmp(ifc.backer_cfg, "gbp");
	}
	if (!iftype_is_tunnel(ifc.type)) {
		want->port_request = ifc.dp_port_request;
		want->mtu = ifc.mtu_request;
	}
	return 1;
}

void vport_from_kernel(const struct ovs_vport_info *v, struct vport *vp)
{
	*vp = (struct vport){
		.present = true, .type = v->type, .dst_port = v->has_dst_port ? v->dst_port : -1,
		.gbp = v->gbp, .port_no = v->port_no, .port_request = -1, .mtu = MTU_UNKNOWN,
		.moved = v->has_netnsid,
	};
}

/*
 * How have differs from want, as VD_* bits.  Only what want asks for counts:
 * a port number or MTU it does not name, a UDP port have does not report.
 */
unsigned vport_diff(const struct vport *want, const struct vport *have)
{
	unsigned d = 0;

	if (want->type != have->type)
		d |= VD_TYPE;
	if ((want->dst_port >= 0 && have->dst_port >= 0 && want->dst_port != have->dst_port) ||
	    (want->type == OVS_VPORT_TYPE_VXLAN && want->gbp != have->gbp))
		d |= VD_OPTIONS;
	if (want->port_no >= 0 && have->port_no != want->port_no)
		d |= VD_PORT;
	if (want->port_request >= 0 && have->port_no != want->port_request)
		d |= VD_PORT_REQUEST;
	if (want->mtu >= 0 && have->mtu != MTU_UNKNOWN && have->mtu != want->mtu)
		d |= VD_MTU;
	return d;
}

/*
 * Fill in the MTU of a kernel vport's device; left unknown if it cannot be
 * read, or if the device was moved into another netns (an internal port given
 * to a container): the device of that name here, if any, is another one.
 */
int plan_kernel_mtu(struct vctx *c, const char *name, struct vport *have)
{
	struct rtnl *rt;
	struct link_info li;
	struct vportnl_err e = { 0 };

	if (have->moved)
		return -1;
	rt = kernel_rtnl(c);
	if (!rt || rtnl_link_get(rt, name, &li, &e))
		return -1;
	have->mtu = li.mtu;
	return 0;
}

int kview_load(struct vctx *c, struct kview *kv, bool required)
{
	int dp;

	memset(kv, 0, sizeof(*kv));
	strset_init(&kv->names);
	if (kernel_connect(c, required))
		return -1;
	if (!kernel_available(c))
		return 0;
	dp = kernel_dp(c, NULL);
	if (dp < 0)
		return -1;
	kv->known = true;
	kv->dp = dp;
	kv->dp_ifindex = dp ? c->kernel.dp.ifindex : 0;
	if (dp && kernel_dump(c, &kv->v, &kv->n))
		return -1;
	for (size_t i = 0; i < kv->n; i++)
		strset_add(&kv->names, kv->v[i].name);
	return 0;
}

void kview_free(struct kview *kv)
{
	free(kv->v);
	strset_free(&kv->names);
}

const struct ovs_vport_info *kview_find(const struct kview *kv, const char *name)
{
	long i = strset_find(&kv->names, name);

	return i < 0 ? NULL : &kv->v[i];
}

/* A vport in ovs-system that vportctl does not manage (port 0 is the datapath's own). */
int kview_is_stray(struct vctx *c, const struct ovs_vport_info *v)
{
	struct vport rec;
	int rc;

	if (v->port_no == 0)
		return 0;
	rc = db_vport_get(c, v->name, &rec);
	return rc < 0 ? -1 : rc == 0;
}

/* A recorded vport against the kernel's; *diff gets what differs, *vi the kernel's. */
enum vport_state kview_compare(const struct kview *kv, const char *name,
			       const struct vport *recorded, const struct ovs_vport_info **vi,
			       unsigned *diff)
{
	const struct ovs_vport_info *v;
	struct vport have;

	*vi = NULL;
	*diff = 0;
	if (!kv->known)
		return VS_UNKNOWN;
	v = kview_find(kv, name);
	if (!v || !recorded->present)
		return VS_MISSING;
	*vi = v;
	vport_from_kernel(v, &have);
	*diff = vport_diff(recorded, &have) & (VD_TYPE | VD_OPTIONS | VD_PORT);
	return *diff ? VS_MISMATCH : VS_OK;
}

static struct action *add_action(struct plan *p, enum obj_kind kind, enum plan_op op,
				 const char *name)
{
	struct action *a;

	if (p->nact == p->capact) {
		p->capact = p->capact ? p->capact * 2 : 16;
		p->act = xrealloc(p->act, p->capact * sizeof(*p->act));
	}
	a = &p->act[p->nact++];
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->op = op;
	a->name = name;
	a->rec = -1;
	a->fwant = a->fhave = -1;
	a->report = p->report;
	return a;
}

static struct plan_record *add_record(struct plan *p, enum obj_kind kind, const char *name)
{
	struct plan_record *r;

	if (p->nrec == p->caprec) {
		p->caprec = p->caprec ? p->caprec * 2 : 16;
		p->rec = xrealloc(p->rec, p->caprec * sizeof(*p->rec));
	}
	r = &p->rec[p->nrec++];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->name = name;
	return r;
}

/* The port number a vport is created with: the requested one, else the one it had. */
static uint32_t create_port(const struct vport *want, const struct vport *recorded)
{
	if (want->port_request > 0)
		return want->port_request;
	return recorded->port_no > 0 ? recorded->port_no : 0;
}

static void add_create(struct plan *p, size_t rec, uint32_t port_no)
{
	struct plan_record *r = &p->rec[rec];
	struct action *a = add_action(p, KIND_VPORT, OP_CREATE, r->name);

	a->want = r->desired;
	a->port_no = port_no;
	a->rec = rec;
}

static void add_delete(struct plan *p, const char *name, const struct vport *have)
{
	struct action *a = add_action(p, KIND_VPORT, OP_DELETE, name);

	a->have = *have;
}

enum change { CH_NONE, CH_CREATE, CH_DELETE, CH_RECREATE, CH_MTU };

/* --may-exist: the record says the vport is there; 1 if the kernel lacks it. */
static int vport_lost(struct vctx *c, const char *name)
{
	struct kernel *k = &c->kernel;
	struct ovs_vport_info info;
	struct vportnl_err e = { 0 };

	if (kernel_dp(c, NULL) < 0)
		return -1;
	return !k->dp_exists ||
	       ovsnl_vport_get(k->nl, k->dp.ifindex, name, 0, &info, &e) == -ENODEV;
}

/*
 * The end of a writing invocation: for every touched vport name, the
 * difference between what was recorded and what the rows now want.
 * Deletions first, newest first (a name or port number may be reused), then
 * creations and MTU changes in the order the names were touched; the
 * datapath is created before and deleted after, with the last bridge.
 */
int plan_commit(struct vctx *c, struct plan *p)
{
	size_t n = c->touched_k.n;
	enum change *ch = xmalloc((n ? n : 1) * sizeof(*ch));
	bool need_dp = false, any_delete = false, any = false;
	bool live = !c->offline && kernel_available(c);
	int rc = -1, dp;

	/* The flows of every domain the commands changed; its size is a rule of the rows. */
	for (size_t i = 0; i < c->touched_br.n; i++)
		strset_add(&p->flow_bridges, c->touched_br.v[i]);
	if (p->flow_bridges.n &&
	    (flows_affected(c, &p->flow_bridges) || flows_check_size(c, &p->flow_bridges)))
		goto out;
	/* --offline: no port numbers, so no flows; reconcile installs them. */
	if (p->flow_bridges.n && !c->offline)
		p->flows = PF_COMMIT;
	for (size_t i = 0; i < n; i++) {
		const char *name = c->touched_k.v[i];
		struct plan_record *r = add_record(p, KIND_VPORT, name);
		unsigned d;

		if (db_vport_get(c, name, &r->recorded) < 0 ||
		    plan_desired_vport(c, name, &r->desired) < 0)
			goto out;
		d = vport_diff(&r->desired, &r->recorded);
		ch[i] = CH_NONE;
		if (!r->recorded.present && r->desired.present)
			ch[i] = CH_CREATE;
		else if (r->recorded.present && !r->desired.present)
			ch[i] = CH_DELETE;
		else if (r->recorded.present && (d & VD_RECREATE))
			ch[i] = CH_RECREATE;
		else if (r->desired.present && (d & VD_MTU))
			ch[i] = CH_MTU;
		if (ch[i] == CH_NONE && r->desired.present && live &&
		    strset_has(&c->ensure_k, name)) {
			int lost = vport_lost(c, name);
			if (lost < 0)
				goto out;
			if (lost)
				ch[i] = CH_CREATE;
		}
		/* Until a creation says otherwise, the vport keeps its recorded number. */
		r->desired.port_no = r->recorded.port_no;
		need_dp |= ch[i] == CH_CREATE || ch[i] == CH_RECREATE;
		any_delete |= ch[i] == CH_DELETE;
		any |= ch[i] != CH_NONE;
		/* A system port's device is checked before anything is changed. */
		if ((ch[i] == CH_CREATE || ch[i] == CH_RECREATE) && !c->offline &&
		    r->desired.type == OVS_VPORT_TYPE_NETDEV) {
			struct iface ifc;
			if (db_iface_get(c, name, &ifc) == 1 && host_check_system_dev(c, &ifc))
				goto out;
		}
	}

	if (live) {
		if ((dp = kernel_dp(c, NULL)) < 0)
			goto out;
	} else {		/* --dry-run without the datapath, --offline: trust the records */
		dp = db_vport_any(c) == 1;
	}
	p->guard = any && (dp || need_dp);
	if (need_dp && !dp)
		add_action(p, KIND_DATAPATH, OP_CREATE, NULL);
	for (size_t i = n; dp && i-- > 0;)	/* no datapath: nothing of it is left */
		if (ch[i] == CH_DELETE || ch[i] == CH_RECREATE)
			add_delete(p, p->rec[i].name, &p->rec[i].recorded);
	for (size_t i = 0; i < n; i++) {
		struct plan_record *r = &p->rec[i];
		if (ch[i] == CH_MTU)
			add_action(p, KIND_VPORT, OP_MODIFY, r->name)->want = r->desired;
		else if (ch[i] == CH_CREATE || ch[i] == CH_RECREATE)
			add_create(p, i, create_port(&r->desired, &r->recorded));
	}
	p->flows_at = p->nact;
	if (any_delete && db_count_bridges(c) == 0 && (dp || need_dp))
		add_action(p, KIND_DATAPATH, OP_DELETE, NULL)->keep_if_strays = true;
	p->guard |= p->flows != PF_NONE && dp;
	rc = 0;
out:
	free(ch);
	return rc;
}

/*
 * `reconcile`: make the kernel hold every recorded vport, keeping the
 * recorded port numbers; with prune, delete the strays first (so that their
 * names and numbers are free), and the datapath when nothing is configured.
 */
int plan_reconcile(struct vctx *c, bool prune, struct plan *p)
{
	struct kview kv;
	size_t nwant;
	int rc = -1;

	p->report = true;
	if (db_vport_names(c, &p->names) < 0 || kview_load(c, &kv, true))
		goto out;
	nwant = p->names.n;
	for (size_t i = 0; i < nwant; i++) {
		struct plan_record *r = add_record(p, KIND_VPORT, p->names.v[i]);
		if (db_vport_get(c, r->name, &r->recorded) < 0)
			goto out;
		r->desired = r->recorded;
	}
	p->guard = nwant || (prune && kv.dp);
	if (nwant && !kv.dp)
		add_action(p, KIND_DATAPATH, OP_CREATE, NULL);
	for (size_t i = 0; prune && i < kv.n; i++) {
		struct vport have;
		int stray = kview_is_stray(c, &kv.v[i]);
		if (stray < 0)
			goto out;
		if (!stray)
			continue;
		vport_from_kernel(&kv.v[i], &have);
		strset_add(&p->names, kv.v[i].name);	/* the plan outlives the dump */
		add_delete(p, p->names.v[p->names.n - 1], &have);
	}
	for (size_t i = 0; i < nwant; i++) {
		struct plan_record *r = &p->rec[i];
		const struct vport *want = &r->recorded;
		const struct ovs_vport_info *vi = kview_find(&kv, r->name);
		uint32_t port = create_port(want, want);
		const char *why = NULL;
		struct vport have;

		if (vi) {
			unsigned d;
			vport_from_kernel(vi, &have);
			d = vport_diff(want, &have);
			if (!(d & VD_RECREATE)) {
				r->desired.port_no = vi->port_no;
				if (want->mtu >= 0 && plan_kernel_mtu(c, r->name, &have) == 0 &&
				    (vport_diff(want, &have) & VD_MTU))
					add_action(p, KIND_VPORT, OP_MODIFY, r->name)->want = *want;
				continue;
			}
			why = d & VD_TYPE ? "type differed" : d & VD_OPTIONS ? "options differed" :
			      "port number differed";
		} else if (want->type == OVS_VPORT_TYPE_NETDEV && host_device_missing(c, r->name)) {
			/* At boot a device may not be there yet: restore the rest, exit 1. */
			warnx_("cannot restore system interface %s: no network device named %s;"
			       " skipped", r->name, r->name);
			c->status = EXIT_FAIL;
			continue;
		}
		if (vi) {
			struct action *a;
			add_delete(p, r->name, &have);
			a = &p->act[p->nact - 1];
			a->report = false;	/* the creation says it */
		}
		add_create(p, i, port);
		p->act[p->nact - 1].why = why;
		/* The recorded number may be taken by a vport vportctl does not manage. */
		p->act[p->nact - 1].retry_any_port = port && port == want->port_no &&
						     want->port_request < 0;
	}
	p->flows_at = p->nact;
	if (db_count_bridges(c) > 0)
		p->flows = PF_RECONCILE;
	if (!nwant && db_count_bridges(c) == 0 && kv.dp && prune)
		add_action(p, KIND_DATAPATH, OP_DELETE, NULL);
	rc = 0;
out:
	kview_free(&kv);
	return rc;
}

/* ---- flows ---- */

/* The number a vport has in this plan: what its record is to say, else the recorded one. */
static long plan_port(struct vctx *c, void *arg, const char *kname)
{
	struct plan *p = arg;
	struct vport vp;

	for (size_t i = 0; i < p->nrec; i++)
		if (p->rec[i].kind == KIND_VPORT && !strcmp(p->rec[i].name, kname))
			return p->rec[i].desired.present ? p->rec[i].desired.port_no : -1;
	return db_vport_get(c, kname, &vp) == 1 ? vp.port_no : -1;
}

static void add_flow_action(struct plan *p, enum plan_op op, long want, long have)
{
	struct action *a = add_action(p, KIND_FLOW, op, NULL);

	a->fwant = want;
	a->fhave = have;
}

static long have_index(struct plan *p, const struct ovsnl_flow_info *got)
{
	flow_from_kernel(flowset_add(&p->fhave), got);
	return (long)p->fhave.n - 1;
}

/* reconcile: what the kernel lacks, has otherwise, or has of ours that nothing wants. */
static int reconcile_flow(struct vctx *c, void *arg, enum flow_diff d, const struct flow *want,
			  const struct ovsnl_flow_info *got)
{
	struct plan *p = arg;
	long w = want ? want - p->fwant.v : -1;

	(void)c;
	if (d == FD_MISSING)
		add_flow_action(p, OP_CREATE, w, -1);
	else if (d == FD_DIFFERS)
		add_flow_action(p, OP_MODIFY, w, have_index(p, got));
	else
		add_flow_action(p, OP_DELETE, -1, have_index(p, got));
	return 0;
}

/*
 * Plan the flows, after the vport actions have run: every vport then has the
 * number its record is to hold (the kernel's; under --dry-run the one the
 * kernel will choose).  Commit: the difference between the recorded flows
 * of the affected bridges and those the rows now want, deletions first;
 * nothing is sent when no bridge is left (the flows go with the datapath).
 * Reconcile: the difference between the kernel and the wanted flows of
 * every bridge.
 */
int plan_flows(struct vctx *c, struct plan *p)
{
	struct kernel *k = &c->kernel;
	struct strset unknown, known;
	int rc;

	if (p->flows == PF_RECONCILE) {
		struct strset all;

		strset_init(&all);
		rc = db_bridge_names(c, &all);
		if (!rc)
			rc = flows_desired(c, &all, plan_port, p, &p->fwant, NULL);
		strset_free(&all);
		if (!rc)
			rc = flows_compare(c, k->dp_exists ? k->dp.ifindex : 0, &p->fwant,
					   reconcile_flow, p);
		return rc;
	}
	strset_init(&unknown);
	strset_init(&known);
	rc = flows_desired(c, &p->flow_bridges, plan_port, p, &p->fwant, &unknown);
	/* A domain whose flows cannot be said keeps its records as they are. */
	for (size_t i = 0; i < p->flow_bridges.n; i++)
		if (!strset_has(&unknown, p->flow_bridges.v[i]))
			strset_add(&known, p->flow_bridges.v[i]);
	if (!rc)
		rc = db_flows_of_bridges(c, &known, &p->fhave);
	strset_free(&unknown);
	strset_free(&known);
	if (rc || db_count_bridges(c) == 0)
		return rc;
	for (size_t i = 0; i < p->fhave.n; i++)
		if (!flowset_find(&p->fwant, p->fhave.v[i].ufid))
			add_flow_action(p, OP_DELETE, -1, (long)i);
	for (int pass = 0; pass < 2; pass++) {	/* changed flows, then new ones */
		for (size_t i = 0; i < p->fwant.n; i++) {
			const struct flow *f = &p->fwant.v[i], *old = flowset_find(&p->fhave, f->ufid);

			if (pass == 0 && old && !flow_same(old, f))
				add_flow_action(p, OP_MODIFY, (long)i, old - p->fhave.v);
			else if (pass == 1 && !old)
				add_flow_action(p, OP_CREATE, (long)i, -1);
		}
	}
	return 0;
}

void plan_free(struct plan *p)
{
	free(p->act);
	free(p->rec);
	strset_free(&p->names);
	strset_free(&p->flow_bridges);
	flowset_free(&p->fwant);
	flowset_free(&p->fhave);
	free(p->dry_ports);
	memset(p, 0, sizeof(*p));
}
