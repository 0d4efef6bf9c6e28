/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel.h - the connections to the kernel (kernel.c) and the host checks (host.c).
 */
#ifndef KERNEL_H
#define KERNEL_H

#include <stdbool.h>
#include "vportnl.h"
#include "model.h"

struct vctx;

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
int host_check_not_moved(struct vctx *c, const char *kname);
int host_netns_open(struct vctx *c, const char *spec, bool db_given, char *db, size_t dblen);
int host_netns_enter(struct vctx *c);
void host_netns_of_nsid(struct vctx *c, int32_t nsid, char *buf, size_t len);
void host_describe(struct vctx *c, const char *kname, const struct vport *vp, char *buf,
		   size_t len);

#endif
