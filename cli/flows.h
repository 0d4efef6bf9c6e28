/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flows.h - the flows that make bridges switch (flows.c, SPEC section 9).
 */
#ifndef FLOWS_H
#define FLOWS_H

#include <stdbool.h>
#include <stdint.h>
#include "vportnl.h"
#include "model.h"

struct vctx;

/* One of vportctl's flows: as the rows want it, or as it was recorded. */
struct flow {
	uint8_t ufid[OVSNL_UFID_LEN];
	char bridge[NAME_MAX_LEN + 1];	/* of the member the flow is from */
	char iface[NAME_MAX_LEN + 1];	/* that member */
	char domain[NAME_MAX_LEN + 1];	/* the domain's first bridge by name */
	struct ovsnl_bytes key, mask, actions;
};

/* Flows sorted by UFID (after flowset_sort). */
struct flowset {
	struct flow *v;
	size_t n, cap;
};

/* The datapath port number of vport kname, -1 if not known (yet). */
typedef long (*flow_port_fn)(struct vctx *c, void *arg, const char *kname);

struct flow *flowset_add(struct flowset *s);
void flowset_sort(struct flowset *s);
struct flow *flowset_find(const struct flowset *s, const uint8_t ufid[OVSNL_UFID_LEN]);
void flowset_free(struct flowset *s);
void flow_clear(struct flow *f);
void flow_copy(struct flow *dst, const struct flow *src);
/* A kernel flow as a struct flow (its streams copied); bridge and iface empty. */
void flow_from_kernel(struct flow *dst, const struct ovsnl_flow_info *k);
bool flow_same(const struct flow *a, const struct flow *b);
bool flow_is_own(const uint8_t ufid[OVSNL_UFID_LEN]);
void flow_to_nl(const struct flow *f, struct ovsnl_flow *nf);
bool flow_tunnel_is_flow(const struct iface *ifc);

/* The bridges of br's broadcast domain, br first. */
int flows_domain(struct vctx *c, const char *br, struct strset *out);
/* Close a set of bridges over their domains now and at the last commit. */
int flows_affected(struct vctx *c, struct strset *bridges);
/*
 * The flows the rows want for the domains of bridges.  port NULL: sizing
 * only.  Bridges of a domain whose port numbers are not all known go into
 * unknown (when given).
 */
int flows_desired(struct vctx *c, const struct strset *bridges, flow_port_fn port, void *arg,
		  struct flowset *out, struct strset *unknown);
/* The domain limit, from the rows alone: before anything changes. */
int flows_check_size(struct vctx *c, const struct strset *bridges);
/* The wanted flows of every bridge, with the recorded port numbers. */
int flows_wanted_all(struct vctx *c, struct flowset *out);

/* How the kernel's copy of a wanted flow differs (flows_compare). */
enum flow_diff { FD_MISSING, FD_DIFFERS, FD_UNEXPECTED };
/* want is NULL for FD_UNEXPECTED (an own flow nothing wants), got NULL for FD_MISSING. */
typedef int (*flow_diff_fn)(struct vctx *c, void *arg, enum flow_diff d, const struct flow *want,
			    const struct ovsnl_flow_info *got);
/* The kernel's flows (dp_ifindex 0: none) against want, one call per difference. */
int flows_compare(struct vctx *c, int dp_ifindex, const struct flowset *want, flow_diff_fn fn,
		  void *arg);

#endif
