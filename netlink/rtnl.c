// SPDX-License-Identifier: GPL-2.0
/*
 * rtnl.c - rtnetlink link queries and MTU changes (libmnl).
 *
 * libmnl builds and walks the attributes; nlcore.c's receive loop handles
 * acks, extack, NLMSG_DONE errors and the socket timeout.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>

#include "nlcore.h"

struct rtnl {
	struct mnl_socket *mnl;
	int fd;
	uint32_t seq;
	vportnl_log_fn log;
	void *log_ctx;
	void *buf;			/* VNL_RCVBUF bytes */
};

/* Requests are small: an ifinfomsg and a few attributes. */
#define REQ_SIZE 512

static int finish(struct vportnl_err *err, int ret)
{
	if (err)
		err->err = ret;
	return ret;
}

int rtnl_open(struct rtnl **out, int timeout_ms)
{
	struct rtnl *r;
	int ret;

	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->buf = malloc(VNL_RCVBUF);
	if (!r->buf) {
		ret = -ENOMEM;
		goto err_free;
	}
	r->mnl = mnl_socket_open(NETLINK_ROUTE);
	if (!r->mnl) {
		ret = -errno;
		goto err_free;
	}
	if (mnl_socket_bind(r->mnl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		goto err_close;
	}
	r->fd = mnl_socket_get_fd(r->mnl);
	ret = vnl_sock_setup(r->fd, timeout_ms);
	if (ret)
		goto err_close;
	r->seq = (uint32_t)time(NULL);
	*out = r;
	return 0;

err_close:
	mnl_socket_close(r->mnl);
err_free:
	free(r->buf);
	free(r);
	return ret;
}

void rtnl_close(struct rtnl *r)
{
	if (!r)
		return;
	mnl_socket_close(r->mnl);
	free(r->buf);
	free(r);
}

void rtnl_set_log(struct rtnl *r, vportnl_log_fn fn, void *ctx)
{
	r->log = fn;
	r->log_ctx = ctx;
}

void rtnl_format_set_mtu(const char *name, unsigned int mtu, char *buf, size_t len)
{
	struct sbuf sb;

	sb_init(&sb, buf, len);
	sb_printf(&sb, "RTM_NEWLINK name=%s mtu=%u", name, mtu);
}

static void log_link(struct rtnl *r, const struct link_info *li)
{
	char line[VNL_LINESIZ];
	struct sbuf sb;

	if (!r->log)
		return;
	sb_init(&sb, line, sizeof(line));
	sb_printf(&sb, "RTM_NEWLINK ifindex=%d name=%s mtu=%u", li->ifindex, li->name, li->mtu);
	if (li->master)
		sb_printf(&sb, " master=%d", li->master);
	if (li->kind[0])
		sb_printf(&sb, " kind=%s", li->kind);
	if (li->has_dst_port)
		sb_printf(&sb, " dst_port=%u", li->dst_port);
	if (li->collect_md)
		sb_printf(&sb, " collect_md");
	vnl_logf(r->log, r->log_ctx, "<- %s", line);
}

static void log_result(struct rtnl *r, int ret, const struct vportnl_err *err)
{
	char line[VNL_LINESIZ];
	struct vportnl_err e = { .err = ret };
	struct sbuf sb;

	if (!r->log || !ret)
		return;
	if (err && err->err == ret)
		memcpy(e.msg, err->msg, sizeof(e.msg));
	sb_init(&sb, line, sizeof(line));
	vnl_fmt_error(&sb, &e);
	vnl_logf(r->log, r->log_ctx, "<- %s", line);
}

static struct nlmsghdr *link_msg(struct rtnl *r, void *buf, uint16_t type, uint16_t flags,
				 int ifindex)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	memset(buf, 0, REQ_SIZE);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = ++r->seq;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return nlh;
}

static int transact(struct rtnl *r, const struct nlmsghdr *nlh, vnl_msg_fn fn, void *arg,
		    bool *intr, struct vportnl_err *err)
{
	struct vnl_txn t = {
		.fd = r->fd,
		.buf = r->buf,
		.seq = nlh->nlmsg_seq,
		.fn = fn,
		.arg = arg,
	};
	int ret;

	ret = vnl_send(r->fd, nlh);
	if (!ret)
		ret = vnl_recv(&t, err);
	if (intr)
		*intr = t.dump_intr;
	return ret;
}

static void parse_info_data(const struct nlattr *data, struct link_info *li)
{
	bool vxlan = !strcmp(li->kind, "vxlan"), geneve = !strcmp(li->kind, "geneve");
	const struct nlattr *a;

	if (!vxlan && !geneve)
		return;
	mnl_attr_for_each_nested(a, data) {
		uint16_t type = mnl_attr_get_type(a);

		if ((vxlan && type == IFLA_VXLAN_PORT) || (geneve && type == IFLA_GENEVE_PORT)) {
			if (mnl_attr_validate(a, MNL_TYPE_U16) == 0) {
				li->has_dst_port = true;
				li->dst_port = ntohs(mnl_attr_get_u16(a));
			}
		} else if (vxlan && type == IFLA_VXLAN_COLLECT_METADATA) {
			if (mnl_attr_validate(a, MNL_TYPE_U8) == 0)
				li->collect_md = mnl_attr_get_u8(a) != 0;
		} else if (geneve && type == IFLA_GENEVE_COLLECT_METADATA) {
			li->collect_md = true;		/* a flag */
		}
	}
}

static void parse_linkinfo(const struct nlattr *nest, struct link_info *li)
{
	const struct nlattr *a, *data = NULL;

	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case IFLA_INFO_KIND: {
			size_t len = strnlen(mnl_attr_get_payload(a), mnl_attr_get_payload_len(a));

			if (len >= sizeof(li->kind))
				len = sizeof(li->kind) - 1;
			memcpy(li->kind, mnl_attr_get_payload(a), len);
			li->kind[len] = '\0';
			break;
		}
		case IFLA_INFO_DATA:
			data = a;
			break;
		}
	}
	if (data)
		parse_info_data(data, li);
}

static int parse_link(const struct nlmsghdr *nlh, struct link_info *li)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWLINK || nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
		return -EPROTO;
	memset(li, 0, sizeof(*li));
	li->ifindex = ifi->ifi_index;
	li->type = ifi->ifi_type;
	li->flags = ifi->ifi_flags;
	mnl_attr_for_each(a, nlh, sizeof(*ifi)) {
		switch (mnl_attr_get_type(a)) {
		case IFLA_IFNAME:
			vnl_copy_name(li->name, mnl_attr_get_payload(a), mnl_attr_get_payload_len(a));
			break;
		case IFLA_MTU:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				li->mtu = mnl_attr_get_u32(a);
			break;
		case IFLA_MASTER:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				li->master = (int)mnl_attr_get_u32(a);
			break;
		case IFLA_LINKINFO:
			parse_linkinfo(a, li);
			break;
		}
	}
	return 0;
}

struct get_reply {
	struct rtnl *r;
	struct link_info *out;
	bool got;
};

static int get_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct get_reply *g = arg;
	int ret;

	if (g->got)
		return -EPROTO;
	ret = parse_link(nlh, g->out);
	if (ret)
		return ret;
	g->got = true;
	log_link(g->r, g->out);
	return 0;
}

int rtnl_link_get(struct rtnl *r, const char *name, struct link_info *out,
		  struct vportnl_err *err)
{
	char buf[REQ_SIZE];
	struct link_info tmp;
	struct get_reply g = { .r = r, .out = out ? out : &tmp };
	struct nlmsghdr *nlh;
	int ret;

	vnl_err_clear(err);
	nlh = link_msg(r, buf, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, 0);
	if (!mnl_attr_put_strz_check(nlh, sizeof(buf), IFLA_IFNAME, name) ||
	    !mnl_attr_put_u32_check(nlh, sizeof(buf), IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS))
		return finish(err, -EINVAL);
	vnl_logf(r->log, r->log_ctx, "-> RTM_GETLINK name=%s", name);
	ret = transact(r, nlh, get_cb, &g, NULL, err);
	if (!ret && !g.got)
		ret = -ENOMSG;
	log_result(r, ret, err);
	return finish(err, ret);
}

int rtnl_link_set_mtu(struct rtnl *r, int ifindex, unsigned int mtu, struct vportnl_err *err)
{
	char buf[REQ_SIZE];
	struct nlmsghdr *nlh;
	int ret;

	vnl_err_clear(err);
	nlh = link_msg(r, buf, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, ifindex);
	mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	vnl_logf(r->log, r->log_ctx, "-> RTM_NEWLINK ifindex=%d mtu=%u", ifindex, mtu);
	ret = transact(r, nlh, NULL, NULL, NULL, err);
	log_result(r, ret, err);
	return finish(err, ret);
}

struct port_user {
	struct rtnl *r;
	const char *kind;
	uint16_t port;
	const char *except;
	char *name;
	int found;
};

static int port_user_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct port_user *p = arg;
	struct link_info li;
	int ret;

	ret = parse_link(nlh, &li);
	if (ret)
		return ret;
	/* The kernel filters by kind only if that kind's module is loaded. */
	if (p->kind ? strcmp(li.kind, p->kind) :
		      strcmp(li.kind, "vxlan") && strcmp(li.kind, "geneve"))
		return 0;
	log_link(p->r, &li);
	if (!li.has_dst_port || li.dst_port != p->port)
		return 0;
	if (p->except && !strcmp(li.name, p->except))
		return 0;
	if (!p->found) {
		memcpy(p->name, li.name, VPORTNL_NAMSIZ);
		p->found = 1;
	}
	return 0;
}

int rtnl_udp_port_user(struct rtnl *r, const char *kind, uint16_t dst_port,
		       const char *except_name, char name[VPORTNL_NAMSIZ], struct vportnl_err *err)
{
	struct port_user p = {
		.r = r, .kind = kind, .port = dst_port, .except = except_name, .name = name,
	};
	char buf[REQ_SIZE];
	struct nlmsghdr *nlh;
	int tries, ret;
	bool intr;

	vnl_err_clear(err);
	name[0] = '\0';
	/* See ovs.c dump(): an interrupted dump is restarted a bounded number of times. */
	for (tries = 1;; tries++) {
		nlh = link_msg(r, buf, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 0);
		if (!mnl_attr_put_u32_check(nlh, sizeof(buf), IFLA_EXT_MASK,
					    RTEXT_FILTER_SKIP_STATS))
			return finish(err, -EINVAL);
		if (kind) {
			struct nlattr *li = mnl_attr_nest_start_check(nlh, sizeof(buf), IFLA_LINKINFO);

			if (!li || !mnl_attr_put_strz_check(nlh, sizeof(buf), IFLA_INFO_KIND, kind))
				return finish(err, -EINVAL);
			mnl_attr_nest_end(nlh, li);
		}
		vnl_logf(r->log, r->log_ctx, "-> RTM_GETLINK dump%s%s", kind ? " kind=" : "",
			 kind ? kind : "");
		p.found = 0;
		name[0] = '\0';
		ret = transact(r, nlh, port_user_cb, &p, &intr, err);
		if (ret || !intr)
			break;
		if (tries == VNL_DUMP_TRIES) {
			ret = -EINTR;
			break;
		}
	}
	log_result(r, ret, err);
	if (ret)
		return finish(err, ret);
	finish(err, 0);
	return p.found;
}

struct nsid_reply {
	int32_t nsid;
	bool got;
};

static int nsid_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct nsid_reply *n = arg;
	struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWNSID || n->got)
		return -EPROTO;
	mnl_attr_for_each(a, nlh, sizeof(struct rtgenmsg)) {
		if (mnl_attr_get_type(a) != NETNSA_NSID)
			continue;
		if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			return -EPROTO;
		n->nsid = (int32_t)mnl_attr_get_u32(a);
		n->got = true;
	}
	return n->got ? 0 : -EPROTO;
}

int rtnl_nsid_of_fd(struct rtnl *r, int fd, int32_t *nsid, struct vportnl_err *err)
{
	char buf[REQ_SIZE];
	struct nsid_reply n = { 0 };
	struct nlmsghdr *nlh;
	struct rtgenmsg *g;
	int ret;

	vnl_err_clear(err);
	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETNSID;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++r->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_FD, (uint32_t)fd);
	vnl_logf(r->log, r->log_ctx, "-> RTM_GETNSID fd=%d", fd);
	ret = transact(r, nlh, nsid_cb, &n, NULL, err);
	if (!ret && !n.got)
		ret = -ENOMSG;
	if (!ret && n.nsid < 0)
		ret = -ENOENT;
	if (!ret)
		vnl_logf(r->log, r->log_ctx, "<- RTM_NEWNSID nsid=%d", n.nsid);
	log_result(r, ret, err);
	if (!ret)
		*nsid = n.nsid;
	return finish(err, ret);
}
