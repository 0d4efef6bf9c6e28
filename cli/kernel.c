// SPDX-License-Identifier: GPL-2.0
/*
 * kernel.c - the connections to the kernel: the datapath families, rtnetlink,
 * and what they answered (the datapath, its vports) during one invocation.
 * The state lives in the context (struct kernel); plan.c decides what to send
 * and apply.c sends it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "vportctl.h"

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
	struct kernel *k = &c->kernel;
	struct vportnl_err e = { 0 };

	/* Not entered, the namespace would get the kernel state of ours: always an error. */
	if (host_netns_enter(c))
		return -1;
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
	return c->kernel.avail == K_OK;
}

struct ovsnl *kernel_nl(struct vctx *c)
{
	return c->kernel.nl;
}

struct rtnl *kernel_rtnl(struct vctx *c)
{
	struct kernel *k = &c->kernel;

	if (!k->rt_tried) {
		k->rt_tried = true;
		if (host_netns_enter(c))
			return NULL;
		if (rtnl_open(&k->rt, c->timeout * 1000))
			k->rt = NULL;
		else if (c->verbose)
			rtnl_set_log(k->rt, log_line, c);
	}
	return k->rt;
}

/* Pick the exit code for a failed netlink request and record the message. */
int kernel_fail(struct vctx *c, int rc, const struct vportnl_err *e, const char *fmt, ...)
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
	struct kernel *k = &c->kernel;
	struct vportnl_err e = { 0 };

	if (!k->dp_known) {
		int rc = ovsnl_dp_get(k->nl, DP_NAME, &k->dp, &e);
		if (rc && rc != -ENODEV)
			return kernel_fail(c, rc, &e, "cannot look up datapath %s", DP_NAME);
		k->dp_exists = rc == 0;
		k->dp_known = true;
	}
	if (dp)
		*dp = k->dp;
	return k->dp_exists;
}

/* The vports of ovs-system, sorted by port number (none without the datapath). */
int kernel_dump(struct vctx *c, struct ovs_vport_info **v, size_t *n)
{
	struct vportnl_err e = { 0 };
	int rc;

	*v = NULL;
	*n = 0;
	rc = kernel_dp(c, NULL);
	if (rc <= 0)
		return rc;
	rc = ovsnl_vport_dump(c->kernel.nl, c->kernel.dp.ifindex, v, n, &e);
	if (rc)
		return kernel_fail(c, rc, &e, "cannot list the vports of %s", DP_NAME);
	return 0;
}

void kernel_close(struct vctx *c)
{
	struct kernel *k = &c->kernel;

	if (k->nl)
		ovsnl_close(k->nl);
	if (k->rt)
		rtnl_close(k->rt);
	memset(k, 0, sizeof(*k));
}
