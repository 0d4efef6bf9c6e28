/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlcore.h - pieces shared by ovs.c and rtnl.c; not part of the CLI's API.
 *
 * Both sockets receive the same way: read whole datagrams into one buffer,
 * keep only messages with the request's sequence number, hand data messages
 * to a callback, and stop at the NLMSG_ERROR (ack or error) or NLMSG_DONE
 * that ends the transaction.  The libraries (libnl-genl-3, libmnl) build and
 * parse attributes; this loop owns errno, extack and timeouts so that both
 * sides report them identically.
 */
#ifndef VPORTNL_NLCORE_H
#define VPORTNL_NLCORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

#include "vportnl.h"

/* User-space receive buffer: any kernel dump skb (32 KiB), and a flow with 64 KiB of actions. */
#define VNL_RCVBUF	131072
/* NLM_F_DUMP_INTR: restart the dump this many times, then give up (-EINTR). */
#define VNL_DUMP_TRIES	5
/* One --verbose line. */
#define VNL_LINESIZ	512

/* Called for each data message of the transaction; returns 0 or -errno. */
typedef int (*vnl_msg_fn)(const struct nlmsghdr *nlh, void *arg);

struct vnl_txn {
	int fd;
	void *buf;		/* VNL_RCVBUF bytes */
	uint32_t seq;
	vnl_msg_fn fn;
	void *arg;
	bool dump_intr;		/* out: a reply carried NLM_F_DUMP_INTR */
};

/* Set NETLINK_EXT_ACK, NETLINK_CAP_ACK and SO_RCVTIMEO (timeout_ms <= 0: none). */
int vnl_sock_setup(int fd, int timeout_ms);
/* Send the nlmsghdr-framed request; 0 or -errno. */
int vnl_send(int fd, const struct nlmsghdr *nlh);
/*
 * Receive until the transaction ends.  Returns 0, the kernel's negative errno
 * (err->msg gets the extack text), -EAGAIN on timeout, or the first error
 * returned by txn->fn (the rest of the replies are still drained).
 */
int vnl_recv(struct vnl_txn *txn, struct vportnl_err *err);

void vnl_err_clear(struct vportnl_err *err);
void vnl_err_set(struct vportnl_err *err, int e, const char *msg);

/* A bounded string builder: output is truncated, never overflows. */
struct sbuf {
	char *buf;
	size_t size;
	size_t len;
};

void sb_init(struct sbuf *sb, char *buf, size_t size);
void sb_printf(struct sbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Format one line and pass it to fn (if fn is set). */
void vnl_logf(vportnl_log_fn fn, void *ctx, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "error -17 (File exists): <extack>" */
void vnl_fmt_error(struct sbuf *sb, const struct vportnl_err *err);
/* Copy a possibly unterminated attribute string into a VPORTNL_NAMSIZ buffer. */
void vnl_copy_name(char dst[VPORTNL_NAMSIZ], const void *src, size_t len);

#endif
