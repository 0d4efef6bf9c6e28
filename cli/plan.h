/* SPDX-License-Identifier: GPL-2.0 */
/*
 * plan.h - what to tell the kernel (plan.c) and telling it (apply.c).
 */
#ifndef PLAN_H
#define PLAN_H

#include <stdbool.h>
#include <stdint.h>
#include "vportnl.h"
#include "flows.h"
#include "model.h"

struct vctx;

/* plan.c: what the kernel should be told, decided from the rows and the records */
enum obj_kind { KIND_DATAPATH, KIND_VPORT, KIND_FLOW, NKINDS };
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
	long fwant;			/* flow CREATE, MODIFY: index into plan.fwant, -1 none */
	long fhave;			/* flow DELETE, MODIFY: into plan.fhave, to undo with */
};

/*
 * How the plan's flows are decided.  Flows name vports by port number, so
 * they are planned when the vport actions have run (apply_plan): against
 * the records of the touched bridges' domains (commit), or against the
 * kernel for every bridge (reconcile).
 */
enum plan_flows { PF_NONE, PF_COMMIT, PF_RECONCILE };

struct plan {
	struct action *act;
	size_t nact, capact;
	struct plan_record *rec;
	size_t nrec, caprec;
	struct strset names;		/* names the plan owns (reconcile) */
	bool guard;			/* refuse beside ovs-vswitchd (host_check_vswitchd) */
	bool report;			/* reconcile: say what was done */
	enum plan_flows flows;
	size_t flows_at;		/* the flows run before this action (the datapath's DELETE) */
	struct strset flow_bridges;	/* PF_COMMIT: the bridges whose flows may change */
	struct flowset fwant, fhave;	/* the flows wanted, and as recorded or in the kernel */
	unsigned char *dry_ports;	/* --dry-run: the port numbers taken, a bitmap */
};

/* One dump of ovs-system, indexed by name. */
struct kview {
	bool known;			/* the kernel datapath answered */
	bool dp;			/* ovs-system exists */
	int dp_ifindex;
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
int plan_flows(struct vctx *c, struct plan *p);
void plan_free(struct plan *p);

/* apply.c: run a plan through a sink, keeping the undo stack */
struct sink;
extern const struct sink sink_live, sink_dry_run, sink_records;
int apply_plan(struct vctx *c, struct plan *p, const struct sink *s);
int apply_commit(struct vctx *c);
int apply_reconcile(struct vctx *c, bool prune);
void apply_undo_all(struct vctx *c);
void apply_forget(struct vctx *c);

#endif
