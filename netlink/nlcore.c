// SPDX-License-Identifier: GPL-2.0
/*
 * nlcore.c - the receive loop, ack/extack handling and line formatting shared
 * by the generic netlink (ovs.c) and rtnetlink (rtnl.c) sides.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "nlcore.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

int vnl_sock_setup(int fd, int timeout_ms)
{
	int one = 1;

	/*
	 * Both options only make the kernel's answers better (extack text,
	 * no copy of our request in every error), so a kernel that does not
	 * know them is not a reason to fail.
	 */
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));

	if (timeout_ms > 0) {
		struct timeval tv = {
			.tv_sec = timeout_ms / 1000,
			.tv_usec = (timeout_ms % 1000) * 1000,
		};

		if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0)
			return -errno;
	}
	return 0;
}

int vnl_send(int fd, const struct nlmsghdr *nlh)
{
	ssize_t n;

	do
		n = send(fd, nlh, nlh->nlmsg_len, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	if ((size_t)n != nlh->nlmsg_len)
		return -EMSGSIZE;
	return 0;
}

void vnl_err_clear(struct vportnl_err *err)
{
	if (err) {
		err->err = 0;
		err->msg[0] = '\0';
	}
}

void vnl_err_set(struct vportnl_err *err, int e, const char *msg)
{
	if (!err)
		return;
	err->err = e;
	snprintf(err->msg, sizeof(err->msg), "%s", msg ? msg : "");
}

/*
 * Extended-ack TLVs start 'off' bytes into the payload of an NLMSG_ERROR or
 * NLMSG_DONE message.  Keep the text; if there is none but the kernel named a
 * missing attribute, say which (iproute2 does the same).
 */
static void parse_extack(const struct nlmsghdr *nlh, size_t off, struct vportnl_err *err)
{
	const char *p = (const char *)nlh + NLMSG_HDRLEN + NLMSG_ALIGN(off);
	const char *end = (const char *)nlh + nlh->nlmsg_len;
	bool has_miss = false;
	uint32_t miss = 0;

	if (!err)
		return;
	while (end - p >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		const char *data = p + NLA_HDRLEN;
		size_t len;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > end - p)
			break;
		len = a->nla_len - NLA_HDRLEN;
		switch (a->nla_type & NLA_TYPE_MASK) {
		case NLMSGERR_ATTR_MSG:
			len = strnlen(data, len);
			if (len >= sizeof(err->msg))
				len = sizeof(err->msg) - 1;
			memcpy(err->msg, data, len);
			while (len && err->msg[len - 1] == '\n')
				len--;
			err->msg[len] = '\0';
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (len >= sizeof(miss)) {
				memcpy(&miss, data, sizeof(miss));
				has_miss = true;
			}
			break;
		}
		p += NLA_ALIGN(a->nla_len);
	}
	if (!err->msg[0] && has_miss)
		snprintf(err->msg, sizeof(err->msg), "missing required attribute type %u", miss);
}

static int handle_error(const struct nlmsghdr *nlh, struct vportnl_err *err)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
		return -EPROTO;
	if (e->error == 0)
		return 0;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		off = sizeof(*e);
		/* Without NETLINK_CAP_ACK our whole request is echoed first. */
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED) && e->msg.nlmsg_len > NLMSG_HDRLEN)
			off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
		parse_extack(nlh, off, err);
	}
	/* A positive "errno" would read as success; treat it as garbage. */
	return e->error < 0 ? e->error : -EPROTO;
}

static int handle_done(const struct nlmsghdr *nlh, struct vportnl_err *err)
{
	int e = 0;

	/* A dump that failed carries its errno (and extack) in NLMSG_DONE. */
	if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(e)))
		memcpy(&e, NLMSG_DATA(nlh), sizeof(e));
	if (e >= 0)
		return 0;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		parse_extack(nlh, sizeof(e), err);
	return e;
}

int vnl_recv(struct vnl_txn *t, struct vportnl_err *err)
{
	bool done = false;
	int ret = 0;

	t->dump_intr = false;
	while (!done) {
		const struct nlmsghdr *nlh;
		ssize_t n;
		int len, r;

		n = recv(t->fd, t->buf, VNL_RCVBUF, MSG_TRUNC);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = errno == EWOULDBLOCK ? -EAGAIN : -errno;
			break;
		}
		/* Part of a datagram was lost: the transaction cannot be trusted. */
		if (n > VNL_RCVBUF) {
			ret = -EMSGSIZE;
			break;
		}

		len = (int)n;
		for (nlh = t->buf; NLMSG_OK(nlh, len); nlh = NLMSG_NEXT(nlh, len)) {
			/* Late answers to an earlier, timed-out request. */
			if (nlh->nlmsg_seq != t->seq)
				continue;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				t->dump_intr = true;

			switch (nlh->nlmsg_type) {
			case NLMSG_NOOP:
				break;
			case NLMSG_OVERRUN:
				if (!ret)
					ret = -ENOBUFS;
				done = true;
				break;
			case NLMSG_ERROR:
				r = handle_error(nlh, ret ? NULL : err);
				if (!ret)
					ret = r;
				done = true;
				break;
			case NLMSG_DONE:
				r = handle_done(nlh, ret ? NULL : err);
				if (!ret)
					ret = r;
				done = true;
				break;
			default:
				if (!ret && t->fn) {
					r = t->fn(nlh, t->arg);
					if (r < 0)
						ret = r;
				}
				break;
			}
		}
	}
	if (err)
		err->err = ret;
	return ret;
}

void sb_init(struct sbuf *sb, char *buf, size_t size)
{
	sb->buf = buf;
	sb->size = size;
	sb->len = 0;
	if (size)
		buf[0] = '\0';
}

void sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sb->len + 1 >= sb->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->len, sb->size - sb->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	sb->len += (size_t)n;
	if (sb->len >= sb->size)
		sb->len = sb->size - 1;
}

void vnl_logf(vportnl_log_fn fn, void *ctx, const char *fmt, ...)
{
	char line[VNL_LINESIZ];
	va_list ap;

	if (!fn)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fn(ctx, line);
}

void vnl_fmt_error(struct sbuf *sb, const struct vportnl_err *err)
{
	sb_printf(sb, "error %d (%s)", err->err, strerror(-err->err));
	if (err->msg[0])
		sb_printf(sb, ": %s", err->msg);
}

void vnl_copy_name(char dst[VPORTNL_NAMSIZ], const void *src, size_t len)
{
	len = strnlen(src, len);
	if (len >= VPORTNL_NAMSIZ)
		len = VPORTNL_NAMSIZ - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}
