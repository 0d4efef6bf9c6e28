// SPDX-License-Identifier: GPL-2.0
/*
 * ovs.c - generic netlink requests to the ovs_datapath and ovs_vport families.
 *
 * libnl-genl-3 builds and parses the messages; the receive loop is nlcore.c's,
 * so errno, extack and timeouts are reported exactly as the kernel sent them.
 * Every doit request carries NLM_F_REQUEST|NLM_F_ACK|NLM_F_ECHO: the kernel
 * answers NEW/DEL with the object as it now is (unicast because of ECHO), GET
 * with a plain reply, then the ack.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <linux/genetlink.h>

#include "nlcore.h"

struct ovsnl {
	struct nl_sock *sk;
	int fd;
	uint32_t seq;
	int dp_family;
	int vport_family;
	int flow_family;		/* resolved on first use, 0 until then */
	vportnl_log_fn log;
	void *log_ctx;
	void *buf;			/* VNL_RCVBUF bytes */
};

#define REQ_FLAGS	(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO)
#define DUMP_FLAGS	(NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP)
#define DP_FEATURES	(OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS)

static int finish(struct vportnl_err *err, int ret)
{
	if (err)
		err->err = ret;
	return ret;
}

/* ---- formatting (shared by --verbose and --dry-run) ---- */

const char *ovsnl_vport_type_name(uint32_t type)
{
	switch (type) {
	case OVS_VPORT_TYPE_NETDEV:
		return "netdev";
	case OVS_VPORT_TYPE_INTERNAL:
		return "internal";
	case OVS_VPORT_TYPE_GRE:
		return "gre";
	case OVS_VPORT_TYPE_VXLAN:
		return "vxlan";
	case OVS_VPORT_TYPE_GENEVE:
		return "geneve";
	case 105:
		return "lisp";
	case 106:
		return "stt";
	}
	return NULL;
}

static const char *cmd_name(bool dp, uint8_t cmd)
{
	static const char *const dp_cmds[] = {
		"OVS_DP_CMD_UNSPEC", "OVS_DP_CMD_NEW", "OVS_DP_CMD_DEL",
		"OVS_DP_CMD_GET", "OVS_DP_CMD_SET",
	};
	static const char *const vport_cmds[] = {
		"OVS_VPORT_CMD_UNSPEC", "OVS_VPORT_CMD_NEW", "OVS_VPORT_CMD_DEL",
		"OVS_VPORT_CMD_GET", "OVS_VPORT_CMD_SET",
	};

	if (cmd < 5)
		return dp ? dp_cmds[cmd] : vport_cmds[cmd];
	return dp ? "OVS_DP_CMD_?" : "OVS_VPORT_CMD_?";
}

static void fmt_type(struct sbuf *sb, uint32_t type)
{
	const char *s = ovsnl_vport_type_name(type);

	if (s)
		sb_printf(sb, " type=%s", s);
	else
		sb_printf(sb, " type=%u", type);
}

static void fmt_features(struct sbuf *sb, uint32_t f)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {
		{ OVS_DP_F_UNALIGNED, "UNALIGNED" },
		{ OVS_DP_F_VPORT_PIDS, "VPORT_PIDS" },
		{ OVS_DP_F_TC_RECIRC_SHARING, "TC_RECIRC_SHARING" },
		{ OVS_DP_F_DISPATCH_UPCALL_PER_CPU, "DISPATCH_UPCALL_PER_CPU" },
	};
	const char *sep = "";
	size_t i;

	sb_printf(sb, " user_features=");
	if (!f) {
		sb_printf(sb, "0");
		return;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (f & names[i].bit) {
			sb_printf(sb, "%s%s", sep, names[i].name);
			f &= ~names[i].bit;
			sep = "|";
		}
	}
	if (f)
		sb_printf(sb, "%s0x%x", sep, f);
}

static void fmt_options(struct sbuf *sb, bool has_dst_port, uint16_t dst_port, bool gbp)
{
	if (!has_dst_port && !gbp)
		return;
	sb_printf(sb, " options={");
	if (has_dst_port)
		sb_printf(sb, "dst_port=%u%s", dst_port, gbp ? "," : "");
	if (gbp)
		sb_printf(sb, "exts=gbp");
	sb_printf(sb, "}");
}

/* dp_ifindex < 0: leave it out (--dry-run, where no datapath may exist yet). */
static void fmt_vport_new(struct sbuf *sb, int dp_ifindex, const struct ovs_vport_req *req)
{
	sb_printf(sb, "%s", cmd_name(false, OVS_VPORT_CMD_NEW));
	if (dp_ifindex >= 0)
		sb_printf(sb, " dp_ifindex=%d", dp_ifindex);
	sb_printf(sb, " name=%s", req->name ? req->name : "");
	fmt_type(sb, req->type);
	if (req->port_no)
		sb_printf(sb, " port_no=%u", req->port_no);
	sb_printf(sb, " upcall_pid=0");
	fmt_options(sb, req->has_dst_port, req->dst_port, req->gbp);
}

void ovsnl_format_vport_new(const struct ovs_vport_req *req, char *buf, size_t len)
{
	struct sbuf sb;

	sb_init(&sb, buf, len);
	fmt_vport_new(&sb, -1, req);
}

static void fmt_vport_lookup(struct sbuf *sb, uint8_t cmd, int dp_ifindex, const char *name,
			     uint32_t port_no)
{
	sb_printf(sb, "%s", cmd_name(false, cmd));
	if (dp_ifindex >= 0)
		sb_printf(sb, " dp_ifindex=%d", dp_ifindex);
	if (name)
		sb_printf(sb, " name=%s", name);
	else
		sb_printf(sb, " port_no=%u", port_no);
}

void ovsnl_format_vport_del(const char *name, uint32_t port_no, char *buf, size_t len)
{
	struct sbuf sb;

	sb_init(&sb, buf, len);
	fmt_vport_lookup(&sb, OVS_VPORT_CMD_DEL, -1, name, port_no);
}

static void fmt_dp_new(struct sbuf *sb, const char *name)
{
	sb_printf(sb, "%s name=%s upcall_pid=0", cmd_name(true, OVS_DP_CMD_NEW), name);
	fmt_features(sb, DP_FEATURES);
}

void ovsnl_format_dp_new(const char *name, char *buf, size_t len)
{
	struct sbuf sb;

	sb_init(&sb, buf, len);
	fmt_dp_new(&sb, name);
}

void ovsnl_format_dp_del(const char *name, char *buf, size_t len)
{
	struct sbuf sb;

	sb_init(&sb, buf, len);
	sb_printf(&sb, "%s name=%s", cmd_name(true, OVS_DP_CMD_DEL), name);
}

static void log_sb(struct ovsnl *nl, const char *dir, struct sbuf *sb)
{
	if (nl->log)
		vnl_logf(nl->log, nl->log_ctx, "%s %s", dir, sb->buf);
}

static void log_vport(struct ovsnl *nl, uint8_t cmd, const struct ovs_vport_info *vi)
{
	char line[VNL_LINESIZ];
	struct sbuf sb;

	if (!nl->log)
		return;
	sb_init(&sb, line, sizeof(line));
	sb_printf(&sb, "%s port_no=%u name=%s", cmd_name(false, cmd), vi->port_no, vi->name);
	fmt_type(&sb, vi->type);
	fmt_options(&sb, vi->has_dst_port, vi->dst_port, vi->gbp);
	if (vi->has_netnsid)
		sb_printf(&sb, " netnsid=%d", vi->netnsid);
	log_sb(nl, "<-", &sb);
}

static void log_dp(struct ovsnl *nl, uint8_t cmd, const struct ovs_dp_info *dp)
{
	char line[VNL_LINESIZ];
	struct sbuf sb;

	if (!nl->log)
		return;
	sb_init(&sb, line, sizeof(line));
	sb_printf(&sb, "%s dp_ifindex=%d name=%s", cmd_name(true, cmd), dp->ifindex, dp->name);
	fmt_features(&sb, dp->user_features);
	log_sb(nl, "<-", &sb);
}

static void log_result(struct ovsnl *nl, int ret, bool dump, size_t n,
		       const struct vportnl_err *err)
{
	char line[VNL_LINESIZ];
	struct sbuf sb;

	if (!nl->log)
		return;
	sb_init(&sb, line, sizeof(line));
	if (ret) {
		struct vportnl_err e = { .err = ret };

		if (err && err->err == ret)
			memcpy(e.msg, err->msg, sizeof(e.msg));
		vnl_fmt_error(&sb, &e);
	} else if (dump) {
		sb_printf(&sb, "done (%zu)", n);
	} else {
		return;
	}
	log_sb(nl, "<-", &sb);
}

/* ---- transport ---- */

static int nle_to_errno(int nle)
{
	switch (nle < 0 ? -nle : nle) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_PERM:
		return -EPERM;
	case NLE_NOACCESS:
		return -EACCES;
	case NLE_AF_NOSUPPORT:
		return -EAFNOSUPPORT;
	case NLE_PROTO_MISMATCH:
		return -EPROTONOSUPPORT;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_BAD_SOCK:
		return -EBADF;
	case NLE_INVAL:
		return -EINVAL;
	case NLE_MSGSIZE:
		return -EMSGSIZE;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	}
	return -EIO;
}

/* A request with an ovs_header; the seq is ours so replies can be matched. */
static struct nl_msg *ovs_msg(struct ovsnl *nl, int family, uint8_t version, int flags,
			      uint8_t cmd, int dp_ifindex)
{
	struct ovs_header *oh;
	struct nl_msg *msg;

	msg = nlmsg_alloc();
	if (!msg)
		return NULL;
	oh = genlmsg_put(msg, NL_AUTO_PORT, ++nl->seq, family, sizeof(*oh), flags, cmd, version);
	if (!oh) {
		nlmsg_free(msg);
		return NULL;
	}
	oh->dp_ifindex = dp_ifindex;
	return msg;
}

/* Send msg (always freed) and collect the replies; sets *intr for dumps. */
static int transact(struct ovsnl *nl, struct nl_msg *msg, vnl_msg_fn fn, void *arg,
		    bool *intr, struct vportnl_err *err)
{
	struct vnl_txn t = {
		.fd = nl->fd,
		.buf = nl->buf,
		.seq = nlmsg_hdr(msg)->nlmsg_seq,
		.fn = fn,
		.arg = arg,
	};
	int ret;

	ret = vnl_send(nl->fd, nlmsg_hdr(msg));
	nlmsg_free(msg);
	if (!ret)
		ret = vnl_recv(&t, err);
	if (intr)
		*intr = t.dump_intr;
	return ret;
}

/* Check type and headers of a reply and parse its top-level attributes. */
static int parse_reply(const struct nlmsghdr *nlh, int family, int hdrlen, struct nlattr **tb,
		       int maxtype, uint8_t *cmd)
{
	struct nlmsghdr *h = (struct nlmsghdr *)nlh;

	if (nlh->nlmsg_type != family || !genlmsg_valid_hdr(h, hdrlen))
		return -EPROTO;
	if (genlmsg_parse(h, hdrlen, tb, maxtype, NULL) < 0)
		return -EPROTO;
	if (cmd)
		*cmd = ((const struct genlmsghdr *)nlmsg_data(h))->cmd;
	return 0;
}

static int nla_u32_ok(const struct nlattr *a)
{
	return a && nla_len(a) == sizeof(uint32_t);
}

/* ---- family resolution ---- */

static int family_cb(const struct nlmsghdr *nlh, void *arg)
{
	int *id = arg;
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	int ret;

	ret = parse_reply(nlh, GENL_ID_CTRL, 0, tb, CTRL_ATTR_MAX, NULL);
	if (ret)
		return ret;
	if (!tb[CTRL_ATTR_FAMILY_ID] || nla_len(tb[CTRL_ATTR_FAMILY_ID]) < 2)
		return -EPROTO;
	*id = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	return 0;
}

static int resolve_family(struct ovsnl *nl, const char *name, int *id, struct vportnl_err *err)
{
	struct nl_msg *msg;
	int ret, fid = 0;

	msg = nlmsg_alloc();
	if (!msg)
		return -ENOMEM;
	if (!genlmsg_put(msg, NL_AUTO_PORT, ++nl->seq, GENL_ID_CTRL, 0,
			 NLM_F_REQUEST | NLM_F_ACK, CTRL_CMD_GETFAMILY, 1) ||
	    nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, name) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	ret = transact(nl, msg, family_cb, &fid, NULL, err);
	if (ret)
		return ret;
	if (!fid)
		return -ENOENT;
	*id = fid;
	return 0;
}

int ovsnl_open(struct ovsnl **out, int timeout_ms, struct vportnl_err *err)
{
	struct ovsnl *nl;
	int ret;

	vnl_err_clear(err);
	*out = NULL;
	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return finish(err, -ENOMEM);
	nl->buf = malloc(VNL_RCVBUF);
	nl->sk = nl_socket_alloc();
	if (!nl->buf || !nl->sk) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = genl_connect(nl->sk);
	if (ret < 0) {
		ret = nle_to_errno(ret);
		goto err_free;
	}
	nl->fd = nl_socket_get_fd(nl->sk);
	/* Kernel-side socket buffer for whole dump batches; best effort. */
	(void)nl_socket_set_buffer_size(nl->sk, 4 * VNL_RCVBUF, 0);
	ret = vnl_sock_setup(nl->fd, timeout_ms);
	if (ret)
		goto err_free;
	nl->seq = (uint32_t)time(NULL);

	ret = resolve_family(nl, OVS_DATAPATH_FAMILY, &nl->dp_family, err);
	if (!ret)
		ret = resolve_family(nl, OVS_VPORT_FAMILY, &nl->vport_family, err);
	if (ret)
		goto err_free;
	*out = nl;
	return finish(err, 0);

err_free:
	if (nl->sk)
		nl_socket_free(nl->sk);
	free(nl->buf);
	free(nl);
	return finish(err, ret);
}

void ovsnl_close(struct ovsnl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sk);
	free(nl->buf);
	free(nl);
}

void ovsnl_set_log(struct ovsnl *nl, vportnl_log_fn fn, void *ctx)
{
	nl->log = fn;
	nl->log_ctx = ctx;
}

/* ---- datapaths ---- */

static int parse_dp(const struct nlmsghdr *nlh, int family, struct ovs_dp_info *dp, uint8_t *cmd)
{
	struct nlattr *a[OVS_DP_ATTR_MAX + 1];
	const struct ovs_header *oh;
	int ret;

	ret = parse_reply(nlh, family, sizeof(*oh), a, OVS_DP_ATTR_MAX, cmd);
	if (ret)
		return ret;
	oh = genlmsg_user_hdr(nlmsg_data((struct nlmsghdr *)nlh));
	memset(dp, 0, sizeof(*dp));
	dp->ifindex = oh->dp_ifindex;
	if (!a[OVS_DP_ATTR_NAME])
		return -EPROTO;
	vnl_copy_name(dp->name, nla_data(a[OVS_DP_ATTR_NAME]), (size_t)nla_len(a[OVS_DP_ATTR_NAME]));
	if (nla_u32_ok(a[OVS_DP_ATTR_USER_FEATURES]))
		dp->user_features = nla_get_u32(a[OVS_DP_ATTR_USER_FEATURES]);
	dp->has_per_cpu_pids = a[OVS_DP_ATTR_PER_CPU_PIDS] != NULL;
	/* 64-bit counters are only 4-byte aligned inside attributes. */
	if (a[OVS_DP_ATTR_STATS] && nla_len(a[OVS_DP_ATTR_STATS]) >= (int)sizeof(struct ovs_dp_stats)) {
		struct ovs_dp_stats s;

		memcpy(&s, nla_data(a[OVS_DP_ATTR_STATS]), sizeof(s));
		dp->has_stats = true;
		dp->n_hit = s.n_hit;
		dp->n_missed = s.n_missed;
		dp->n_lost = s.n_lost;
		dp->n_flows = s.n_flows;
	}
	if (a[OVS_DP_ATTR_MEGAFLOW_STATS] &&
	    nla_len(a[OVS_DP_ATTR_MEGAFLOW_STATS]) >= (int)sizeof(struct ovs_dp_megaflow_stats)) {
		struct ovs_dp_megaflow_stats s;

		memcpy(&s, nla_data(a[OVS_DP_ATTR_MEGAFLOW_STATS]), sizeof(s));
		dp->has_megaflow_stats = true;
		dp->n_mask_hit = s.n_mask_hit;
		dp->n_masks = s.n_masks;
	}
	return 0;
}

struct one_reply {
	struct ovsnl *nl;
	void *out;
	bool got;
};

static int dp_one_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct one_reply *r = arg;
	uint8_t cmd;
	int ret;

	if (r->got)
		return -EPROTO;
	ret = parse_dp(nlh, r->nl->dp_family, r->out, &cmd);
	if (ret)
		return ret;
	r->got = true;
	log_dp(r->nl, cmd, r->out);
	return 0;
}

/* A doit request whose answer is one datapath. */
static int dp_request(struct ovsnl *nl, struct nl_msg *msg, struct sbuf *req,
		      struct ovs_dp_info *out, struct vportnl_err *err)
{
	struct ovs_dp_info tmp;
	struct one_reply r = { .nl = nl, .out = out ? out : &tmp };
	int ret;

	log_sb(nl, "->", req);
	ret = transact(nl, msg, dp_one_cb, &r, NULL, err);
	/* The kernel acked but did not echo: nothing to report the caller. */
	if (!ret && !r.got)
		ret = -ENOMSG;
	log_result(nl, ret, false, 0, err);
	return finish(err, ret);
}

int ovsnl_dp_get(struct ovsnl *nl, const char *name, struct ovs_dp_info *out,
		 struct vportnl_err *err)
{
	char line[VNL_LINESIZ];
	struct nl_msg *msg;
	struct sbuf sb;

	vnl_err_clear(err);
	msg = ovs_msg(nl, nl->dp_family, OVS_DATAPATH_VERSION, REQ_FLAGS, OVS_DP_CMD_GET, 0);
	if (!msg || nla_put_string(msg, OVS_DP_ATTR_NAME, name) < 0) {
		nlmsg_free(msg);
		return finish(err, -ENOMEM);
	}
	sb_init(&sb, line, sizeof(line));
	sb_printf(&sb, "%s name=%s", cmd_name(true, OVS_DP_CMD_GET), name);
	return dp_request(nl, msg, &sb, out, err);
}

int ovsnl_dp_new(struct ovsnl *nl, const char *name, struct ovs_dp_info *out,
		 struct vportnl_err *err)
{
	char line[VNL_LINESIZ];
	struct nl_msg *msg;
	struct sbuf sb;

	vnl_err_clear(err);
	msg = ovs_msg(nl, nl->dp_family, OVS_DATAPATH_VERSION, REQ_FLAGS, OVS_DP_CMD_NEW, 0);
	if (!msg || nla_put_string(msg, OVS_DP_ATTR_NAME, name) < 0 ||
	    nla_put_u32(msg, OVS_DP_ATTR_UPCALL_PID, 0) < 0 ||
	    nla_put_u32(msg, OVS_DP_ATTR_USER_FEATURES, DP_FEATURES) < 0) {
		nlmsg_free(msg);
		return finish(err, -ENOMEM);
	}
	sb_init(&sb, line, sizeof(line));
	fmt_dp_new(&sb, name);
	return dp_request(nl, msg, &sb, out, err);
}

int ovsnl_dp_del(struct ovsnl *nl, int dp_ifindex, struct vportnl_err *err)
{
	char line[VNL_LINESIZ];
	struct nl_msg *msg;
	struct sbuf sb;

	vnl_err_clear(err);
	msg = ovs_msg(nl, nl->dp_family, OVS_DATAPATH_VERSION, REQ_FLAGS, OVS_DP_CMD_DEL,
		      dp_ifindex);
	if (!msg)
		return finish(err, -ENOMEM);
	sb_init(&sb, line, sizeof(line));
	sb_printf(&sb, "%s dp_ifindex=%d", cmd_name(true, OVS_DP_CMD_DEL), dp_ifindex);
	return dp_request(nl, msg, &sb, NULL, err);
}

/* A growable array of fixed-size records, for dumps. */
struct vec {
	void *items;
	size_t n, cap, size;
};

static void *vec_push(struct vec *v)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? 2 * v->cap : 16;
		void *p = realloc(v->items, cap * v->size);

		if (!p)
			return NULL;
		v->items = p;
		v->cap = cap;
	}
	return (char *)v->items + v->n++ * v->size;
}

struct dump_reply {
	struct ovsnl *nl;
	struct vec v;
};

static int dp_dump_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_reply *r = arg;
	struct ovs_dp_info *dp;
	uint8_t cmd;
	int ret;

	dp = vec_push(&r->v);
	if (!dp)
		return -ENOMEM;
	ret = parse_dp(nlh, r->nl->dp_family, dp, &cmd);
	if (ret)
		return ret;
	log_dp(r->nl, cmd, dp);
	return 0;
}

/* What one dump asks for: the family, command and header, and the parser of each reply. */
struct dump_req {
	int family;
	uint8_t version, cmd;
	int dp_ifindex;
	vnl_msg_fn fn;
	const char *what;		/* for --verbose: "OVS_VPORT_CMD_GET dp_ifindex=3 dump" */
	void (*reset)(struct dump_reply *r);	/* before a restart: drop what was kept */
};

/*
 * Run a dump.  NLM_F_DUMP_INTR means the object list changed while the kernel
 * walked it, so the result may miss or repeat entries: start again, a bounded
 * number of times (intro.rst: user space should retry), then give up with
 * -EINTR rather than return a list that may be wrong.
 */
static int dump(struct ovsnl *nl, const struct dump_req *d, struct dump_reply *r,
		struct vportnl_err *err)
{
	char line[VNL_LINESIZ];
	struct nl_msg *msg;
	struct sbuf sb;
	bool intr;
	int tries, ret;

	sb_init(&sb, line, sizeof(line));
	sb_printf(&sb, "%s", d->what);
	for (tries = 1;; tries++) {
		if (d->reset)
			d->reset(r);
		r->v.n = 0;
		msg = ovs_msg(nl, d->family, d->version, DUMP_FLAGS, d->cmd, d->dp_ifindex);
		if (!msg) {
			ret = -ENOMEM;
			break;
		}
		log_sb(nl, "->", &sb);
		ret = transact(nl, msg, d->fn, r, &intr, err);
		if (ret || !intr)
			break;
		if (tries == VNL_DUMP_TRIES) {
			ret = -EINTR;
			vnl_err_set(err, ret, "");
			break;
		}
	}
	log_result(nl, ret, true, r->v.n, err);
	return ret;
}

int ovsnl_dp_dump(struct ovsnl *nl, struct ovs_dp_info **out, size_t *n,
		  struct vportnl_err *err)
{
	struct dump_reply r = { .nl = nl, .v = { .size = sizeof(struct ovs_dp_info) } };
	int ret;

	vnl_err_clear(err);
	*out = NULL;
	*n = 0;
	ret = dump(nl, &(struct dump_req){ .family = nl->dp_family, .version = OVS_DATAPATH_VERSION,
					   .cmd = OVS_DP_CMD_GET, .fn = dp_dump_cb,
					   .what = "OVS_DP_CMD_GET dump" }, &r, err);
	if (ret) {
		free(r.v.items);
		return finish(err, ret);
	}
	*out = r.v.items;
	*n = r.v.n;
	return finish(err, 0);
}

/* ---- vports ---- */

static int parse_vport(const struct nlmsghdr *nlh, int family, struct ovs_vport_info *vi,
		       uint8_t *cmd)
{
	struct nlattr *a[OVS_VPORT_ATTR_MAX + 1];
	const struct ovs_header *oh;
	int ret;

	ret = parse_reply(nlh, family, sizeof(*oh), a, OVS_VPORT_ATTR_MAX, cmd);
	if (ret)
		return ret;
	oh = genlmsg_user_hdr(nlmsg_data((struct nlmsghdr *)nlh));
	memset(vi, 0, sizeof(*vi));
	vi->dp_ifindex = oh->dp_ifindex;
	/* What ovs-vswitchd requires of a vport reply (dpif_netlink_vport_from_ofpbuf). */
	if (!nla_u32_ok(a[OVS_VPORT_ATTR_PORT_NO]) || !nla_u32_ok(a[OVS_VPORT_ATTR_TYPE]) ||
	    !a[OVS_VPORT_ATTR_NAME] || !a[OVS_VPORT_ATTR_UPCALL_PID])
		return -EPROTO;
	vi->port_no = nla_get_u32(a[OVS_VPORT_ATTR_PORT_NO]);
	vi->type = nla_get_u32(a[OVS_VPORT_ATTR_TYPE]);
	vnl_copy_name(vi->name, nla_data(a[OVS_VPORT_ATTR_NAME]),
		      (size_t)nla_len(a[OVS_VPORT_ATTR_NAME]));
	vi->n_upcall_pids = (uint32_t)nla_len(a[OVS_VPORT_ATTR_UPCALL_PID]) / sizeof(uint32_t);
	if (vi->n_upcall_pids)
		memcpy(&vi->upcall_pid, nla_data(a[OVS_VPORT_ATTR_UPCALL_PID]), sizeof(uint32_t));
	if (nla_u32_ok(a[OVS_VPORT_ATTR_IFINDEX]))
		vi->ifindex = (int)nla_get_u32(a[OVS_VPORT_ATTR_IFINDEX]);
	/* An internal port moved into another netns (ovs_vport_cmd_fill_info). */
	if (a[OVS_VPORT_ATTR_NETNSID]) {
		if (nla_len(a[OVS_VPORT_ATTR_NETNSID]) != sizeof(int32_t))
			return -EPROTO;
		vi->has_netnsid = true;
		vi->netnsid = (int32_t)nla_get_u32(a[OVS_VPORT_ATTR_NETNSID]);
	}
	if (a[OVS_VPORT_ATTR_STATS] &&
	    nla_len(a[OVS_VPORT_ATTR_STATS]) >= (int)sizeof(struct ovs_vport_stats)) {
		struct ovs_vport_stats s;

		memcpy(&s, nla_data(a[OVS_VPORT_ATTR_STATS]), sizeof(s));
		vi->has_stats = true;
		vi->stats.rx_packets = s.rx_packets;
		vi->stats.tx_packets = s.tx_packets;
		vi->stats.rx_bytes = s.rx_bytes;
		vi->stats.tx_bytes = s.tx_bytes;
		vi->stats.rx_errors = s.rx_errors;
		vi->stats.tx_errors = s.tx_errors;
		vi->stats.rx_dropped = s.rx_dropped;
		vi->stats.tx_dropped = s.tx_dropped;
	}
	if (a[OVS_VPORT_ATTR_OPTIONS]) {
		struct nlattr *o[OVS_TUNNEL_ATTR_MAX + 1];

		if (nla_parse_nested(o, OVS_TUNNEL_ATTR_MAX, a[OVS_VPORT_ATTR_OPTIONS], NULL) < 0)
			return -EPROTO;
		if (o[OVS_TUNNEL_ATTR_DST_PORT] &&
		    nla_len(o[OVS_TUNNEL_ATTR_DST_PORT]) == sizeof(uint16_t)) {
			vi->has_dst_port = true;
			vi->dst_port = nla_get_u16(o[OVS_TUNNEL_ATTR_DST_PORT]);
		}
		if (o[OVS_TUNNEL_ATTR_EXTENSION]) {
			struct nlattr *x[OVS_VXLAN_EXT_MAX + 1];

			if (nla_parse_nested(x, OVS_VXLAN_EXT_MAX, o[OVS_TUNNEL_ATTR_EXTENSION],
					     NULL) < 0)
				return -EPROTO;
			vi->gbp = x[OVS_VXLAN_EXT_GBP] != NULL;
		}
	}
	return 0;
}

static int vport_one_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct one_reply *r = arg;
	uint8_t cmd;
	int ret;

	if (r->got)
		return -EPROTO;
	ret = parse_vport(nlh, r->nl->vport_family, r->out, &cmd);
	if (ret)
		return ret;
	r->got = true;
	log_vport(r->nl, cmd, r->out);
	return 0;
}

static int vport_dump_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_reply *r = arg;
	struct ovs_vport_info *vi;
	uint8_t cmd;
	int ret;

	vi = vec_push(&r->v);
	if (!vi)
		return -ENOMEM;
	ret = parse_vport(nlh, r->nl->vport_family, vi, &cmd);
	if (ret)
		return ret;
	log_vport(r->nl, cmd, vi);
	return 0;
}

static int vport_request(struct ovsnl *nl, struct nl_msg *msg, struct sbuf *req,
			 struct ovs_vport_info *out, struct vportnl_err *err)
{
	struct ovs_vport_info tmp;
	struct one_reply r = { .nl = nl, .out = out ? out : &tmp };
	int ret;

	log_sb(nl, "->", req);
	ret = transact(nl, msg, vport_one_cb, &r, NULL, err);
	if (!ret && !r.got)
		ret = -ENOMSG;
	log_result(nl, ret, false, 0, err);
	return finish(err, ret);
}

int ovsnl_vport_new(struct ovsnl *nl, int dp_ifindex, const struct ovs_vport_req *req,
		    struct ovs_vport_info *out, struct vportnl_err *err)
{
	char line[VNL_LINESIZ];
	struct nl_msg *msg;
	struct sbuf sb;

	vnl_err_clear(err);
	if (!req->name)
		return finish(err, -EINVAL);
	msg = ovs_msg(nl, nl->vport_family, OVS_VPORT_VERSION, REQ_FLAGS, OVS_VPORT_CMD_NEW,
		      dp_ifindex);
	if (!msg)
		return finish(err, -ENOMEM);
	if ((req->port_no && nla_put_u32(msg, OVS_VPORT_ATTR_PORT_NO, req->port_no) < 0) ||
	    nla_put_u32(msg, OVS_VPORT_ATTR_TYPE, req->type) < 0 ||
	    nla_put_string(msg, OVS_VPORT_ATTR_NAME, req->name) < 0 ||
	    nla_put_u32(msg, OVS_VPORT_ATTR_UPCALL_PID, 0) < 0)
		goto nomem;
	if (req->has_dst_port || req->gbp) {
		struct nlattr *opts = nla_nest_start(msg, OVS_VPORT_ATTR_OPTIONS);

		if (!opts)
			goto nomem;
		/* u16 in host byte order, as ovs-vswitchd sends it. */
		if (req->has_dst_port &&
		    nla_put_u16(msg, OVS_TUNNEL_ATTR_DST_PORT, req->dst_port) < 0)
			goto nomem;
		if (req->gbp) {
			struct nlattr *ext = nla_nest_start(msg, OVS_TUNNEL_ATTR_EXTENSION);

			if (!ext || nla_put_flag(msg, OVS_VXLAN_EXT_GBP) < 0)
				goto nomem;
			nla_nest_end(msg, ext);
		}
		nla_nest_end(msg, opts);
	}
	sb_init(&sb, line, sizeof(line));
	fmt_vport_new(&sb, dp_ifindex, req);
	return vport_request(nl, msg, &sb, out, err);

nomem:
	nlmsg_free(msg);
	return finish(err, -ENOMEM);
}

/* DEL and GET look a vport up the same way: NAME wins, else PORT_NO. */
static int vport_lookup(struct ovsnl *nl, uint8_t cmd, int dp_ifindex, const char *name,
			uint32_t port_no, struct ovs_vport_info *out, struct vportnl_err *err)
{
	char line[VNL_LINESIZ];
	struct nl_msg *msg;
	struct sbuf sb;
	int ret;

	vnl_err_clear(err);
	msg = ovs_msg(nl, nl->vport_family, OVS_VPORT_VERSION, REQ_FLAGS, cmd, dp_ifindex);
	if (!msg)
		return finish(err, -ENOMEM);
	if (name)
		ret = nla_put_string(msg, OVS_VPORT_ATTR_NAME, name);
	else
		ret = nla_put_u32(msg, OVS_VPORT_ATTR_PORT_NO, port_no);
	if (ret < 0) {
		nlmsg_free(msg);
		return finish(err, -ENOMEM);
	}
	sb_init(&sb, line, sizeof(line));
	fmt_vport_lookup(&sb, cmd, dp_ifindex, name, port_no);
	return vport_request(nl, msg, &sb, out, err);
}

int ovsnl_vport_del(struct ovsnl *nl, int dp_ifindex, const char *name, uint32_t port_no,
		    struct vportnl_err *err)
{
	return vport_lookup(nl, OVS_VPORT_CMD_DEL, dp_ifindex, name, port_no, NULL, err);
}

int ovsnl_vport_get(struct ovsnl *nl, int dp_ifindex, const char *name, uint32_t port_no,
		    struct ovs_vport_info *out, struct vportnl_err *err)
{
	return vport_lookup(nl, OVS_VPORT_CMD_GET, dp_ifindex, name, port_no, out, err);
}

static int cmp_port_no(const void *a, const void *b)
{
	const struct ovs_vport_info *x = a, *y = b;

	return x->port_no < y->port_no ? -1 : x->port_no > y->port_no;
}

int ovsnl_vport_dump(struct ovsnl *nl, int dp_ifindex, struct ovs_vport_info **out, size_t *n,
		     struct vportnl_err *err)
{
	struct dump_reply r = { .nl = nl, .v = { .size = sizeof(struct ovs_vport_info) } };
	char what[VNL_LINESIZ];
	struct sbuf sb;
	int ret;

	vnl_err_clear(err);
	*out = NULL;
	*n = 0;
	sb_init(&sb, what, sizeof(what));
	sb_printf(&sb, "%s dp_ifindex=%d dump", cmd_name(false, OVS_VPORT_CMD_GET), dp_ifindex);
	ret = dump(nl, &(struct dump_req){ .family = nl->vport_family, .version = OVS_VPORT_VERSION,
					   .cmd = OVS_VPORT_CMD_GET, .dp_ifindex = dp_ifindex,
					   .fn = vport_dump_cb, .what = what }, &r, err);
	if (ret) {
		free(r.v.items);
		return finish(err, ret);
	}
	if (r.v.n)
		qsort(r.v.items, r.v.n, r.v.size, cmp_port_no);
	*out = r.v.items;
	*n = r.v.n;
	return finish(err, 0);
}

/* ---- flows ---- */

#define FLOW_OMIT_ALL (OVS_UFID_F_OMIT_KEY | OVS_UFID_F_OMIT_MASK | OVS_UFID_F_OMIT_ACTIONS)

static int flow_family(struct ovsnl *nl, struct vportnl_err *err)
{
	if (nl->flow_family)
		return 0;
	return resolve_family(nl, OVS_FLOW_FAMILY, &nl->flow_family, err);
}

void ovsnl_flow_info_clear(struct ovsnl_flow_info *fi)
{
	free(fi->storage);
	memset(fi, 0, sizeof(*fi));
}

void ovsnl_flow_info_free(struct ovsnl_flow_info *v, size_t n)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < n; i++)
		free(v[i].storage);
	free(v);
}

static int parse_flow(const struct nlmsghdr *nlh, int family, struct ovsnl_flow_info *fi)
{
	struct nlattr *a[OVS_FLOW_ATTR_MAX + 1];
	size_t klen, mlen, alen;
	char *p;
	int ret;

	ret = parse_reply(nlh, family, sizeof(struct ovs_header), a, OVS_FLOW_ATTR_MAX, NULL);
	if (ret)
		return ret;
	memset(fi, 0, sizeof(*fi));
	klen = a[OVS_FLOW_ATTR_KEY] ? (size_t)nla_len(a[OVS_FLOW_ATTR_KEY]) : 0;
	mlen = a[OVS_FLOW_ATTR_MASK] ? (size_t)nla_len(a[OVS_FLOW_ATTR_MASK]) : 0;
	alen = a[OVS_FLOW_ATTR_ACTIONS] ? (size_t)nla_len(a[OVS_FLOW_ATTR_ACTIONS]) : 0;
	p = malloc(klen + mlen + alen + 1);
	if (!p)
		return -ENOMEM;
	fi->storage = p;
	if (klen)
		memcpy(p, nla_data(a[OVS_FLOW_ATTR_KEY]), klen);
	if (mlen)
		memcpy(p + klen, nla_data(a[OVS_FLOW_ATTR_MASK]), mlen);
	if (alen)
		memcpy(p + klen + mlen, nla_data(a[OVS_FLOW_ATTR_ACTIONS]), alen);
	fi->f.key = p;
	fi->f.key_len = klen;
	fi->f.mask = a[OVS_FLOW_ATTR_MASK] ? p + klen : NULL;
	fi->f.mask_len = mlen;
	fi->f.actions = p + klen + mlen;
	fi->f.actions_len = alen;
	fi->has_actions = a[OVS_FLOW_ATTR_ACTIONS] != NULL;
	if (a[OVS_FLOW_ATTR_UFID] && nla_len(a[OVS_FLOW_ATTR_UFID]) > 0 &&
	    nla_len(a[OVS_FLOW_ATTR_UFID]) <= OVSNL_UFID_LEN) {
		fi->has_ufid = true;
		memcpy(fi->f.ufid, nla_data(a[OVS_FLOW_ATTR_UFID]),
		       (size_t)nla_len(a[OVS_FLOW_ATTR_UFID]));
	}
	/* 64-bit counters are only 4-byte aligned inside attributes. */
	if (a[OVS_FLOW_ATTR_STATS] &&
	    nla_len(a[OVS_FLOW_ATTR_STATS]) >= (int)sizeof(struct ovs_flow_stats)) {
		struct ovs_flow_stats st;

		memcpy(&st, nla_data(a[OVS_FLOW_ATTR_STATS]), sizeof(st));
		fi->packets = st.n_packets;
		fi->bytes = st.n_bytes;
	}
	if (a[OVS_FLOW_ATTR_USED] && nla_len(a[OVS_FLOW_ATTR_USED]) == sizeof(uint64_t))
		memcpy(&fi->used, nla_data(a[OVS_FLOW_ATTR_USED]), sizeof(uint64_t));
	if (a[OVS_FLOW_ATTR_TCP_FLAGS] && nla_len(a[OVS_FLOW_ATTR_TCP_FLAGS]) >= 1)
		fi->tcp_flags = *(const uint8_t *)nla_data(a[OVS_FLOW_ATTR_TCP_FLAGS]);
	return 0;
}

static void log_flow_req(struct ovsnl *nl, uint8_t cmd, const struct ovsnl_flow *f)
{
	char *line;

	if (!nl->log)
		return;
	line = ovsnl_format_flow_req(cmd, f);
	if (line)
		vnl_logf(nl->log, nl->log_ctx, "-> %s", line);
	free(line);
}

static void log_flow_reply(struct ovsnl *nl, const struct ovsnl_flow_info *fi)
{
	char ufid[OVSNL_UFID_STRLEN];

	if (!nl->log)
		return;
	ovsnl_format_ufid(fi->f.ufid, ufid);
	vnl_logf(nl->log, nl->log_ctx, "<- OVS_FLOW_CMD ufid=%s packets=%" PRIu64 " bytes=%" PRIu64,
		 fi->has_ufid ? ufid : "none", fi->packets, fi->bytes);
}

struct flow_one {
	struct ovsnl *nl;
	struct ovsnl_flow_info *out;	/* NULL: the reply is not kept */
	bool got;
};

static int flow_one_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct flow_one *r = arg;
	struct ovsnl_flow_info fi;
	int ret;

	if (r->got)
		return -EPROTO;
	ret = parse_flow(nlh, r->nl->flow_family, &fi);
	if (ret)
		return ret;
	r->got = true;
	log_flow_reply(r->nl, &fi);
	if (r->out)
		*r->out = fi;
	else
		free(fi.storage);
	return 0;
}

/*
 * One doit flow request.  key/mask/actions are sent when given; the echo of
 * NEW, SET and DEL is asked to omit the streams the caller already has.
 */
static int flow_request(struct ovsnl *nl, uint8_t cmd, int flags, int dp_ifindex,
			const struct ovsnl_flow *f, bool streams, uint32_t ufid_flags,
			struct ovsnl_flow_info *out, struct vportnl_err *err)
{
	struct flow_one r = { .nl = nl, .out = out };
	struct nl_msg *msg;
	size_t size;
	int ret;

	vnl_err_clear(err);
	/* One attribute holds at most 64 KiB; the kernel refuses more anyway. */
	if (streams && (f->key_len + NLA_HDRLEN > UINT16_MAX ||
			f->mask_len + NLA_HDRLEN > UINT16_MAX ||
			f->actions_len + NLA_HDRLEN > UINT16_MAX))
		return finish(err, -EMSGSIZE);
	ret = flow_family(nl, err);
	if (ret)
		return finish(err, ret);
	size = NLMSG_HDRLEN + GENL_HDRLEN + sizeof(struct ovs_header) + 64 + OVSNL_UFID_LEN;
	if (streams)
		size += f->key_len + f->mask_len + f->actions_len + 3 * NLA_HDRLEN;
	msg = nlmsg_alloc_size(size);
	if (!msg)
		return finish(err, -ENOMEM);
	if (!genlmsg_put(msg, NL_AUTO_PORT, ++nl->seq, nl->flow_family,
			 sizeof(struct ovs_header), REQ_FLAGS | flags, cmd, OVS_FLOW_VERSION))
		goto nomem;
	((struct ovs_header *)genlmsg_user_hdr(nlmsg_data(nlmsg_hdr(msg))))->dp_ifindex =
		dp_ifindex;
	if (nla_put(msg, OVS_FLOW_ATTR_UFID, OVSNL_UFID_LEN, f->ufid) < 0 ||
	    (ufid_flags && nla_put_u32(msg, OVS_FLOW_ATTR_UFID_FLAGS, ufid_flags) < 0))
		goto nomem;
	if (streams &&
	    (nla_put(msg, OVS_FLOW_ATTR_KEY, (int)f->key_len, f->key) < 0 ||
	     nla_put(msg, OVS_FLOW_ATTR_MASK, (int)f->mask_len, f->mask) < 0 ||
	     nla_put(msg, OVS_FLOW_ATTR_ACTIONS, (int)f->actions_len, f->actions) < 0))
		goto nomem;
	log_flow_req(nl, cmd, f);
	ret = transact(nl, msg, flow_one_cb, &r, NULL, err);
	if (!ret && out && !r.got)
		ret = -ENOMSG;
	log_result(nl, ret, false, 0, err);
	return finish(err, ret);

nomem:
	nlmsg_free(msg);
	return finish(err, -ENOMEM);
}

int ovsnl_flow_new(struct ovsnl *nl, int dp_ifindex, const struct ovsnl_flow *f,
		   struct vportnl_err *err)
{
	return flow_request(nl, OVS_FLOW_CMD_NEW, NLM_F_CREATE | NLM_F_EXCL, dp_ifindex, f, true,
			    FLOW_OMIT_ALL, NULL, err);
}

int ovsnl_flow_set(struct ovsnl *nl, int dp_ifindex, const struct ovsnl_flow *f,
		   struct vportnl_err *err)
{
	return flow_request(nl, OVS_FLOW_CMD_SET, 0, dp_ifindex, f, true, FLOW_OMIT_ALL, NULL, err);
}

int ovsnl_flow_del(struct ovsnl *nl, int dp_ifindex, const uint8_t ufid[OVSNL_UFID_LEN],
		   struct vportnl_err *err)
{
	struct ovsnl_flow f = { .key = NULL };

	memcpy(f.ufid, ufid, OVSNL_UFID_LEN);
	return flow_request(nl, OVS_FLOW_CMD_DEL, 0, dp_ifindex, &f, false, FLOW_OMIT_ALL, NULL,
			    err);
}

int ovsnl_flow_get(struct ovsnl *nl, int dp_ifindex, const uint8_t ufid[OVSNL_UFID_LEN],
		   struct ovsnl_flow_info *out, struct vportnl_err *err)
{
	struct ovsnl_flow f = { .key = NULL };

	memcpy(f.ufid, ufid, OVSNL_UFID_LEN);
	memset(out, 0, sizeof(*out));
	return flow_request(nl, OVS_FLOW_CMD_GET, 0, dp_ifindex, &f, false, 0, out, err);
}

static int flow_dump_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_reply *r = arg;
	struct ovsnl_flow_info *fi;
	int ret;

	fi = vec_push(&r->v);
	if (!fi)
		return -ENOMEM;
	ret = parse_flow(nlh, r->nl->flow_family, fi);
	if (ret) {
		r->v.n--;
		return ret;
	}
	log_flow_reply(r->nl, fi);
	return 0;
}

static void flow_dump_reset(struct dump_reply *r)
{
	struct ovsnl_flow_info *v = r->v.items;
	size_t i;

	for (i = 0; i < r->v.n; i++)
		free(v[i].storage);
}

int ovsnl_flow_dump(struct ovsnl *nl, int dp_ifindex, struct ovsnl_flow_info **out, size_t *n,
		    struct vportnl_err *err)
{
	struct dump_reply r = { .nl = nl, .v = { .size = sizeof(struct ovsnl_flow_info) } };
	struct ovsnl_flow_info *v;
	char what[VNL_LINESIZ];
	struct sbuf sb;
	size_t i;
	int ret;

	vnl_err_clear(err);
	*out = NULL;
	*n = 0;
	ret = flow_family(nl, err);
	if (ret)
		return finish(err, ret);
	sb_init(&sb, what, sizeof(what));
	sb_printf(&sb, "OVS_FLOW_CMD_GET dp_ifindex=%d dump", dp_ifindex);
	ret = dump(nl, &(struct dump_req){ .family = nl->flow_family, .version = OVS_FLOW_VERSION,
					   .cmd = OVS_FLOW_CMD_GET, .dp_ifindex = dp_ifindex,
					   .fn = flow_dump_cb, .what = what,
					   .reset = flow_dump_reset }, &r, err);
	v = r.v.items;
	/* A flow whose actions did not fit the dump message: ask for it alone. */
	for (i = 0; !ret && i < r.v.n; i++) {
		struct ovsnl_flow_info one;

		if (v[i].has_actions || !v[i].has_ufid)
			continue;
		ret = ovsnl_flow_get(nl, dp_ifindex, v[i].f.ufid, &one, err);
		if (ret == -ENOENT) {	/* deleted meanwhile */
			ret = 0;
			continue;
		}
		if (!ret) {
			free(v[i].storage);
			v[i] = one;
		}
	}
	if (ret) {
		ovsnl_flow_info_free(v, r.v.n);
		return finish(err, ret);
	}
	*out = v;
	*n = r.v.n;
	return finish(err, 0);
}
