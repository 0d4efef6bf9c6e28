// SPDX-License-Identifier: GPL-2.0
/*
 * ovs-malformed.c - send malformed requests to the Open vSwitch datapath
 * generic netlink families (ovs_datapath, ovs_vport, ovs_flow, ovs_packet)
 * and check that every one is answered with an errno.
 *
 *   ovs-malformed [-v] [--strict] [--require-extack] [--subset] [--random=N]
 *                 [--dp-ifindex=N]
 *   ovs-malformed --monitor=SECS
 *   ovs-malformed [--repeat=SECS] --req dp|vport new|del|get|set|dump [KEY=VALUE]...
 *
 * Without --dp-ifindex the requests name no existing datapath: run it in a
 * fresh network namespace, so nothing can match by accident.  With
 * --dp-ifindex=N (the ifindex of a datapath's local port, in the same
 * namespace) requests that reach the vport-type code are sent too, and
 * ovs_flow requests that reach the key, mask and action parsers: boundary
 * keys (in_port 65535, EtherTypes, tunnels without dst or ttl, mixed
 * families, types past the maximum), malformed and oversized action lists
 * (8191 outputs, the most one attribute holds, are taken), a flow's life by key and by
 * UFID, then N (default 2000) random keys, masks and action lists, whose
 * answers may be anything but must come, and a flush.  --subset expects
 * EOPNOTSUPP for well-formed keys and actions outside vportdp's subset
 * (openvswitch.ko takes them).
 * --strict also checks the errno of the requests whose answer is pinned
 * down by the UAPI; --require-extack checks that every refusal by the
 * families' own handlers carries an extended-ack message.
 *
 * --monitor joins the ovs_datapath and ovs_vport multicast groups and
 * prints one line per notification for SECS seconds (or until SIGTERM):
 * "vport DEL name=NAME port=N dp_ifindex=N", "datapath NEW name=NAME ...".
 *
 * --req sends one well-formed request built from KEY=VALUE pairs (see
 * req_usage below) and prints each reply or dump entry on a line
 * ("dp name=NAME ifindex=N features=N masks=N pids=N", "vport name=NAME
 * port=N type=N ifindex=N pids=N"), then "OK" or "ERRNO [message]"; the exit
 * status is 0 for OK, 1 for a refusal.  With --repeat=SECS it sends the
 * request again and again for SECS seconds and prints one summary line,
 * "N ok, N refused, N bad entries", a bad entry being a datapath without a
 * name or ifindex, or a vport without a name; the exit status is then 1 if
 * there was a bad entry.
 *
 * Output: one line per request, "FAMILY CMD CASE: ERRNO [message]".  Exit
 * status 0 if every request was refused as expected, 1 otherwise, 2 on a
 * usage or set-up error.
 */

#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/openvswitch.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BOGUS_IFINDEX	0x7ffffff0
#define BUF_SIZE	(2 * 65536)

struct family {
	const char *name;
	uint16_t id;
	uint8_t version;
	int maxattr;
	uint8_t cmds[4];
	int n_cmds;
};

static struct family families[] = {
	{ OVS_DATAPATH_FAMILY, 0, OVS_DATAPATH_VERSION, OVS_DP_ATTR_MAX,
	  { OVS_DP_CMD_NEW, OVS_DP_CMD_DEL, OVS_DP_CMD_GET, OVS_DP_CMD_SET }, 4 },
	{ OVS_VPORT_FAMILY, 0, OVS_VPORT_VERSION, OVS_VPORT_ATTR_MAX,
	  { OVS_VPORT_CMD_NEW, OVS_VPORT_CMD_DEL, OVS_VPORT_CMD_GET, OVS_VPORT_CMD_SET }, 4 },
	{ OVS_FLOW_FAMILY, 0, OVS_FLOW_VERSION, OVS_FLOW_ATTR_MAX,
	  { OVS_FLOW_CMD_NEW, OVS_FLOW_CMD_DEL, OVS_FLOW_CMD_GET, OVS_FLOW_CMD_SET }, 4 },
	{ OVS_PACKET_FAMILY, 0, OVS_PACKET_VERSION, OVS_PACKET_ATTR_MAX,
	  { OVS_PACKET_CMD_EXECUTE }, 1 },
};

enum { F_DP, F_VPORT, F_FLOW, F_PACKET };

struct req {
	unsigned char buf[BUF_SIZE];
	size_t len;
};

static int sock;
static uint32_t seq = 1;
static bool verbose, strict, require_extack, subset;
static unsigned int n_random = 2000;
static int dp_ifindex;
static int n_sent, n_bad;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("ovs-malformed: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static struct nlmsghdr *hdr(struct req *r)
{
	return (struct nlmsghdr *)r->buf;
}

static void put_raw(struct req *r, const void *data, size_t len)
{
	if (r->len + NLA_ALIGN(len) > sizeof(r->buf))
		die("request too big");
	memcpy(r->buf + r->len, data, len);
	memset(r->buf + r->len + len, 0, NLA_ALIGN(len) - len);
	r->len += NLA_ALIGN(len);
	hdr(r)->nlmsg_len = r->len;
}

static void msg_start(struct req *r, uint16_t type, uint8_t cmd,
		      uint8_t version, uint16_t flags)
{
	struct genlmsghdr g = { .cmd = cmd, .version = version };
	struct nlmsghdr *n;

	memset(r->buf, 0, NLMSG_HDRLEN);
	r->len = NLMSG_HDRLEN;
	n = hdr(r);
	n->nlmsg_type = type;
	n->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	n->nlmsg_seq = seq++;
	put_raw(r, &g, sizeof(g));
}

static void ovs_start(struct req *r, int fam, uint8_t cmd, int ifindex,
		      uint16_t flags)
{
	struct ovs_header oh = { .dp_ifindex = ifindex };

	msg_start(r, families[fam].id, cmd, families[fam].version, flags);
	put_raw(r, &oh, sizeof(oh));
}

static void put_attr(struct req *r, uint16_t type, const void *data,
		     size_t len)
{
	struct nlattr nla = { .nla_len = NLA_HDRLEN + len, .nla_type = type };

	put_raw(r, &nla, sizeof(nla));
	r->len -= NLA_ALIGN(sizeof(nla)) - NLA_HDRLEN;
	if (len)
		put_raw(r, data, len);
	else
		hdr(r)->nlmsg_len = r->len;
}

static void put_u32(struct req *r, uint16_t type, uint32_t v)
{
	put_attr(r, type, &v, sizeof(v));
}

static void put_u16(struct req *r, uint16_t type, uint16_t v)
{
	put_attr(r, type, &v, sizeof(v));
}

static void put_str(struct req *r, uint16_t type, const char *s)
{
	put_attr(r, type, s, strlen(s) + 1);
}

static size_t nest_start(struct req *r, uint16_t type)
{
	size_t off = r->len;

	put_attr(r, type, NULL, 0);
	return off;
}

static void nest_end(struct req *r, size_t off)
{
	((struct nlattr *)(r->buf + off))->nla_len = r->len - off;
}

/* The extended-ack message of an NLMSG_ERROR, if any. */
static void get_extack(const struct nlmsghdr *n, char *msg, size_t size)
{
	const struct nlmsgerr *e = NLMSG_DATA(n);
	const struct nlattr *a;
	size_t off, len;

	msg[0] = '\0';
	if (!(n->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (n->nlmsg_type == NLMSG_DONE) {
		off = NLMSG_HDRLEN + sizeof(int);
	} else {
		off = NLMSG_HDRLEN + sizeof(*e);
		if (!(n->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	while (off + NLA_HDRLEN <= n->nlmsg_len) {
		a = (const struct nlattr *)((const char *)n + off);
		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > n->nlmsg_len)
			return;
		if (a->nla_type == NLMSGERR_ATTR_MSG) {
			len = a->nla_len - NLA_HDRLEN;
			if (len >= size)
				len = size - 1;
			memcpy(msg, (const char *)a + NLA_HDRLEN, len);
			msg[len] = '\0';
			return;
		}
		off += NLA_ALIGN(a->nla_len);
	}
}

/*
 * Send @r and wait for its answer.  Returns 0 or a negative errno, or 1 if
 * nothing came back within 5 seconds.  Dumps end at NLMSG_DONE.
 */
static int transact(struct req *r, char *msg, size_t size)
{
	static unsigned char buf[BUF_SIZE];
	uint32_t want = hdr(r)->nlmsg_seq;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct pollfd p = { .fd = sock, .events = POLLIN };

	msg[0] = '\0';
	if (sendto(sock, r->buf, r->len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;

	for (;;) {
		struct nlmsghdr *n;
		ssize_t got;

		if (poll(&p, 1, 5000) <= 0)
			return 1;
		got = recv(sock, buf, sizeof(buf), 0);
		if (got < 0)
			return -errno;
		for (n = (struct nlmsghdr *)buf; NLMSG_OK(n, got);
		     n = NLMSG_NEXT(n, got)) {
			if (n->nlmsg_seq != want)
				continue;
			if (n->nlmsg_type == NLMSG_ERROR) {
				get_extack(n, msg, size);
				return ((struct nlmsgerr *)NLMSG_DATA(n))->error;
			}
			if (n->nlmsg_type == NLMSG_DONE) {
				int err = *(int *)NLMSG_DATA(n);

				get_extack(n, msg, size);
				return err;
			}
		}
	}
}

static const char *errname(int err)
{
	static char other[32];

	switch (-err) {
	case 0: return "OK";
	case EINVAL: return "EINVAL";
	case ERANGE: return "ERANGE";
	case ENODEV: return "ENODEV";
	case ENOENT: return "ENOENT";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EFBIG: return "EFBIG";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case EAFNOSUPPORT: return "EAFNOSUPPORT";
	case EPERM: return "EPERM";
	case EMSGSIZE: return "EMSGSIZE";
	case EMLINK: return "EMLINK";
	}
	snprintf(other, sizeof(other), "errno %d", -err);
	return other;
}

#define EXPECT_ANY	0	/* any errno */
#define EXPECT_OK	1	/* success (dumps that list nothing) */
#define EXPECT_EITHER	2	/* success or any errno (random requests) */

/*
 * Send @r; @expect is EXPECT_ANY, EXPECT_OK or a negative errno (checked
 * with --strict; otherwise any errno will do).  @handler: the refusal
 * comes from the family's own code, so --require-extack applies.
 */
static void check(struct req *r, int fam, const char *cmd, const char *what,
		  int expect, bool handler)
{
	char msg[512];
	bool bad = false;
	int err;

	n_sent++;
	err = transact(r, msg, sizeof(msg));
	if (err == 1) {
		printf("%s %s %s: NO ANSWER\n", families[fam].name, cmd, what);
		n_bad++;
		return;
	}
	if (expect == EXPECT_OK)
		bad = err != 0;
	else if (expect == EXPECT_EITHER)
		bad = false;
	else if (err == 0)
		bad = true;
	else if (strict && expect != EXPECT_ANY && err != expect)
		bad = true;
	if (!bad && require_extack && handler && err && !msg[0] &&
	    err != -EPERM && err != -ENOMEM)
		bad = true;

	if (bad || verbose)
		printf("%s %s %s: %s%s%s%s%s\n", families[fam].name, cmd, what,
		       errname(err), msg[0] ? " [" : "", msg, msg[0] ? "]" : "",
		       bad ? (expect < 0 && strict ?
			      "  <-- FAILED (unexpected errno)" :
			      "  <-- FAILED") : "");
	if (bad && expect < 0)
		printf("    expected %s\n", errname(expect));
	if (bad)
		n_bad++;
}

static const char *cmd_name(int fam, uint8_t cmd)
{
	static const char *const dp[] = { "UNSPEC", "NEW", "DEL", "GET", "SET" };
	static char other[16];

	if (fam == F_PACKET && cmd == OVS_PACKET_CMD_EXECUTE)
		return "EXECUTE";
	if (cmd < 5)
		return dp[cmd];
	snprintf(other, sizeof(other), "cmd%u", cmd);
	return other;
}

static uint32_t mcgrp_ids[4];

/* The id of the first multicast group in a CTRL_ATTR_MCAST_GROUPS nest. */
static uint32_t first_mcgrp(const struct nlattr *groups)
{
	const struct nlattr *grp = (const void *)((const char *)groups + NLA_HDRLEN);
	size_t off;

	if (groups->nla_len < 2 * NLA_HDRLEN)
		return 0;
	for (off = NLA_HDRLEN; off + NLA_HDRLEN <= grp->nla_len;) {
		const struct nlattr *a = (const void *)((const char *)grp + off);

		if (a->nla_type == CTRL_ATTR_MCAST_GRP_ID)
			return *(const uint32_t *)((const char *)a + NLA_HDRLEN);
		off += NLA_ALIGN(a->nla_len);
	}
	return 0;
}

static uint16_t resolve(const char *name, uint32_t *mcgrp)
{
	struct req r;
	static unsigned char buf[BUF_SIZE];
	struct nlmsghdr *n;
	ssize_t got;

	msg_start(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	hdr(&r)->nlmsg_flags &= ~NLM_F_ACK;	/* the reply is enough */
	put_str(&r, CTRL_ATTR_FAMILY_NAME, name);
	if (send(sock, r.buf, r.len, 0) < 0)
		die("send: %s", strerror(errno));
	got = recv(sock, buf, sizeof(buf), 0);
	if (got < 0)
		die("recv: %s", strerror(errno));
	n = (struct nlmsghdr *)buf;
	if (n->nlmsg_type == NLMSG_ERROR)
		die("generic netlink family %s is missing: load vportdp or openvswitch",
		    name);
	uint16_t id = 0;

	for (size_t off = NLMSG_HDRLEN + GENL_HDRLEN; off < n->nlmsg_len;) {
		struct nlattr *a = (struct nlattr *)((char *)n + off);

		if (a->nla_len < NLA_HDRLEN)
			break;
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			id = *(uint16_t *)((char *)a + NLA_HDRLEN);
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_MCAST_GROUPS)
			*mcgrp = first_mcgrp(a);
		off += NLA_ALIGN(a->nla_len);
	}
	if (!id)
		die("no id for family %s", name);
	return id;
}

static const char *attr_str(const struct nlmsghdr *n, int type, bool u32,
			    char *buf, size_t size)
{
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN + sizeof(struct ovs_header);

	snprintf(buf, size, "?");
	while (off + NLA_HDRLEN <= n->nlmsg_len) {
		const struct nlattr *a = (const void *)((const char *)n + off);

		if (a->nla_len < NLA_HDRLEN)
			break;
		if (a->nla_type == type) {
			if (u32)
				snprintf(buf, size, "%u",
					 *(const uint32_t *)((const char *)a + NLA_HDRLEN));
			else
				snprintf(buf, size, "%.*s", (int)(a->nla_len - NLA_HDRLEN),
					 (const char *)a + NLA_HDRLEN);
			break;
		}
		off += NLA_ALIGN(a->nla_len);
	}
	return buf;
}

/* Print datapath and vport notifications for @secs seconds. */
static int monitor(int secs)
{
	static unsigned char buf[BUF_SIZE];
	struct pollfd p = { .fd = sock, .events = POLLIN };
	int i;

	for (i = 0; i < 2; i++)
		if (setsockopt(sock, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
			       &mcgrp_ids[i], sizeof(mcgrp_ids[i])) < 0)
			die("joining the %s group: %s", families[i].name,
			    strerror(errno));
	printf("monitoring\n");
	fflush(stdout);

	while (poll(&p, 1, secs * 1000) > 0) {
		ssize_t got = recv(sock, buf, sizeof(buf), 0);
		struct nlmsghdr *n;

		if (got < 0)
			die("recv: %s", strerror(errno));
		for (n = (struct nlmsghdr *)buf; NLMSG_OK(n, got);
		     n = NLMSG_NEXT(n, got)) {
			const struct genlmsghdr *g = NLMSG_DATA(n);
			const struct ovs_header *oh = (const void *)((const char *)g + GENL_HDRLEN);
			char name[32], port[16];

			if (n->nlmsg_type == families[F_VPORT].id)
				printf("vport %s name=%s port=%s dp_ifindex=%d\n",
				       cmd_name(F_VPORT, g->cmd),
				       attr_str(n, OVS_VPORT_ATTR_NAME, false, name, sizeof(name)),
				       attr_str(n, OVS_VPORT_ATTR_PORT_NO, true, port, sizeof(port)),
				       oh->dp_ifindex);
			else if (n->nlmsg_type == families[F_DP].id)
				printf("datapath %s name=%s dp_ifindex=%d\n",
				       cmd_name(F_DP, g->cmd),
				       attr_str(n, OVS_DP_ATTR_NAME, false, name, sizeof(name)),
				       oh->dp_ifindex);
			fflush(stdout);
		}
	}
	return 0;
}

/* Requests whose shape is broken, for every command of every family. */
static void broken_shapes(int fam)
{
	const struct family *f = &families[fam];
	uint8_t cmds[8];
	int n_cmds = 0, i;
	struct req r;

	for (i = 0; i < f->n_cmds; i++)
		cmds[n_cmds++] = f->cmds[i];
	cmds[n_cmds++] = 0;	/* UNSPEC */
	cmds[n_cmds++] = 99;	/* no such command */

	for (i = 0; i < n_cmds; i++) {
		const char *cmd = cmd_name(fam, cmds[i]);
		bool known = i < f->n_cmds;
		unsigned char junk[300];
		struct nlattr bad;

		/* No struct ovs_header at all. */
		msg_start(&r, f->id, cmds[i], f->version, 0);
		check(&r, fam, cmd, "no-ovs-header", -EINVAL, false);

		/* Half of one. */
		msg_start(&r, f->id, cmds[i], f->version, 0);
		put_raw(&r, "\x01\x00", 2);	/* padded to 4 */
		r.len -= 2;
		hdr(&r)->nlmsg_len = r.len;
		check(&r, fam, cmd, "short-ovs-header", -EINVAL, false);

		if (!known) {
			ovs_start(&r, fam, cmds[i], BOGUS_IFINDEX, 0);
			check(&r, fam, cmd, "unknown-command", -EOPNOTSUPP, false);
			continue;
		}

		/* Nothing but the header. */
		ovs_start(&r, fam, cmds[i], BOGUS_IFINDEX, 0);
		check(&r, fam, cmd, "no-attributes", EXPECT_ANY, true);

		/* An attribute shorter than its own header. */
		ovs_start(&r, fam, cmds[i], BOGUS_IFINDEX, 0);
		bad.nla_len = 2;
		bad.nla_type = 1;
		put_raw(&r, &bad, sizeof(bad));
		check(&r, fam, cmd, "attr-len-2", EXPECT_ANY, true);

		/* An attribute longer than the message. */
		ovs_start(&r, fam, cmds[i], BOGUS_IFINDEX, 0);
		bad.nla_len = 0xfff0;
		bad.nla_type = 1;
		put_raw(&r, &bad, sizeof(bad));
		put_raw(&r, "abcdefgh", 8);
		check(&r, fam, cmd, "attr-past-end", EXPECT_ANY, true);

		/* A message cut in the middle of an attribute. */
		ovs_start(&r, fam, cmds[i], BOGUS_IFINDEX, 0);
		memset(junk, 'A', sizeof(junk));
		put_attr(&r, 1, junk, 40);
		r.len -= 20;
		hdr(&r)->nlmsg_len = r.len;
		check(&r, fam, cmd, "truncated-attr", EXPECT_ANY, true);

		/* 30 kB of attributes. */
		ovs_start(&r, fam, cmds[i], BOGUS_IFINDEX, 0);
		while (r.len < 30000)
			put_attr(&r, 1 + r.len % f->maxattr, junk, sizeof(junk));
		check(&r, fam, cmd, "oversized-message", EXPECT_ANY, true);
	}
}

/* Each attribute type alone, with payloads of the wrong size and kind. */
static void bad_attrs(int fam)
{
	static const struct {
		const char *what;
		size_t len;
		unsigned char fill;
	} payloads[] = {
		{ "empty", 0, 0 },
		{ "1-byte", 1, 0xff },
		{ "3-byte", 3, 0x41 },
		{ "64-byte", 64, 0x41 },
		{ "300-byte-string", 300, 'A' },
	};
	const struct family *f = &families[fam];
	unsigned char data[300];
	char what[64];
	struct req r;
	int i, t, p;

	for (i = 0; i < f->n_cmds; i++) {
		const char *cmd = cmd_name(fam, f->cmds[i]);

		for (t = 1; t <= f->maxattr + 2; t++) {
			for (p = 0; p < (int)(sizeof(payloads) / sizeof(payloads[0])); p++) {
				memset(data, payloads[p].fill, sizeof(data));
				ovs_start(&r, fam, f->cmds[i], BOGUS_IFINDEX, 0);
				put_attr(&r, t, data, payloads[p].len);
				snprintf(what, sizeof(what), "attr%d-%s", t,
					 payloads[p].what);
				check(&r, fam, cmd, what, EXPECT_ANY, true);
			}

			/* A nest whose inner attribute runs past it. */
			ovs_start(&r, fam, f->cmds[i], BOGUS_IFINDEX, 0);
			{
				size_t nest = nest_start(&r, t);
				struct nlattr inner = { .nla_len = 0xffff, .nla_type = 1 };

				put_raw(&r, &inner, sizeof(inner));
				nest_end(&r, nest);
			}
			snprintf(what, sizeof(what), "attr%d-broken-nest", t);
			check(&r, fam, cmd, what, EXPECT_ANY, true);
		}
	}

	/* Dumps that name no datapath. */
	if (fam == F_VPORT || fam == F_FLOW) {
		uint8_t get = fam == F_VPORT ? OVS_VPORT_CMD_GET : OVS_FLOW_CMD_GET;

		ovs_start(&r, fam, get, BOGUS_IFINDEX, NLM_F_DUMP);
		check(&r, fam, "GET", "dump-no-datapath", -ENODEV, true);
	}
	if (fam == F_DP) {
		ovs_start(&r, fam, OVS_DP_CMD_GET, BOGUS_IFINDEX, NLM_F_DUMP);
		memset(data, 'A', sizeof(data));
		put_attr(&r, OVS_DP_ATTR_NAME, data, 300);
		check(&r, fam, "GET", "dump-with-junk", EXPECT_OK, false);
	}
}

static void vport_new(struct req *r, uint32_t type, const char *name)
{
	ovs_start(r, F_VPORT, OVS_VPORT_CMD_NEW, dp_ifindex, 0);
	put_str(r, OVS_VPORT_ATTR_NAME, name);
	put_u32(r, OVS_VPORT_ATTR_TYPE, type);
	put_u32(r, OVS_VPORT_ATTR_UPCALL_PID, 0);
}

/* Requests that get as far as the datapath and vport-type code. */
static void deep(void)
{
	uint32_t three = 3;
	size_t opt, ext;
	struct req r;

	vport_new(&r, OVS_VPORT_TYPE_VXLAN, "mf_vx0");
	check(&r, F_VPORT, "NEW", "vxlan-no-options", -EINVAL, true);

	vport_new(&r, OVS_VPORT_TYPE_VXLAN, "mf_vx0");
	opt = nest_start(&r, OVS_VPORT_ATTR_OPTIONS);
	nest_end(&r, opt);
	check(&r, F_VPORT, "NEW", "vxlan-empty-options", -EINVAL, true);

	vport_new(&r, OVS_VPORT_TYPE_VXLAN, "mf_vx0");
	opt = nest_start(&r, OVS_VPORT_ATTR_OPTIONS);
	put_u32(&r, OVS_TUNNEL_ATTR_DST_PORT, 4789);
	nest_end(&r, opt);
	check(&r, F_VPORT, "NEW", "vxlan-dst-port-u32", -EINVAL, true);

	vport_new(&r, OVS_VPORT_TYPE_VXLAN, "mf_vx0");
	opt = nest_start(&r, OVS_VPORT_ATTR_OPTIONS);
	put_attr(&r, OVS_TUNNEL_ATTR_DST_PORT, "\x12", 1);
	nest_end(&r, opt);
	check(&r, F_VPORT, "NEW", "vxlan-dst-port-u8", -EINVAL, true);

	vport_new(&r, OVS_VPORT_TYPE_VXLAN, "mf_vx0");
	opt = nest_start(&r, OVS_VPORT_ATTR_OPTIONS);
	put_u16(&r, OVS_TUNNEL_ATTR_DST_PORT, 4999);
	ext = nest_start(&r, OVS_TUNNEL_ATTR_EXTENSION);
	nest_end(&r, ext);
	nest_end(&r, opt);
	check(&r, F_VPORT, "NEW", "vxlan-empty-extension", -EINVAL, true);

	vport_new(&r, OVS_VPORT_TYPE_VXLAN, "mf_vx0");
	opt = nest_start(&r, OVS_VPORT_ATTR_OPTIONS);
	put_u16(&r, OVS_TUNNEL_ATTR_DST_PORT, 4999);
	ext = nest_start(&r, OVS_TUNNEL_ATTR_EXTENSION);
	put_u32(&r, OVS_VXLAN_EXT_GBP, 1);
	nest_end(&r, ext);
	nest_end(&r, opt);
	check(&r, F_VPORT, "NEW", "vxlan-gbp-not-a-flag", -ERANGE, true);

	vport_new(&r, OVS_VPORT_TYPE_GENEVE, "mf_gnv0");
	check(&r, F_VPORT, "NEW", "geneve-no-options", -EINVAL, true);

	vport_new(&r, OVS_VPORT_TYPE_NETDEV, "lo");
	check(&r, F_VPORT, "NEW", "netdev-loopback", -EINVAL, true);

	vport_new(&r, OVS_VPORT_TYPE_NETDEV, "mf_nosuchdev");
	check(&r, F_VPORT, "NEW", "netdev-missing", -ENODEV, true);

	vport_new(&r, 99, "mf_x");
	check(&r, F_VPORT, "NEW", "unknown-type", -EAFNOSUPPORT, true);

	vport_new(&r, OVS_VPORT_TYPE_UNSPEC, "mf_x");
	check(&r, F_VPORT, "NEW", "type-unspec", -EAFNOSUPPORT, true);

	ovs_start(&r, F_VPORT, OVS_VPORT_CMD_NEW, dp_ifindex, 0);
	put_str(&r, OVS_VPORT_ATTR_NAME, "mf_int0");
	put_u32(&r, OVS_VPORT_ATTR_TYPE, OVS_VPORT_TYPE_INTERNAL);
	put_attr(&r, OVS_VPORT_ATTR_UPCALL_PID, NULL, 0);
	check(&r, F_VPORT, "NEW", "upcall-pid-empty", -EINVAL, true);

	ovs_start(&r, F_VPORT, OVS_VPORT_CMD_NEW, dp_ifindex, 0);
	put_str(&r, OVS_VPORT_ATTR_NAME, "mf_int0");
	put_u32(&r, OVS_VPORT_ATTR_TYPE, OVS_VPORT_TYPE_INTERNAL);
	put_attr(&r, OVS_VPORT_ATTR_UPCALL_PID, "\0\0\0\0\0\0", 6);
	check(&r, F_VPORT, "NEW", "upcall-pid-6-bytes", -EINVAL, true);

	vport_new(&r, OVS_VPORT_TYPE_INTERNAL, "mf_int0");
	put_u32(&r, OVS_VPORT_ATTR_PORT_NO, 65535);
	check(&r, F_VPORT, "NEW", "port-no-65535", -EFBIG, true);

	vport_new(&r, OVS_VPORT_TYPE_INTERNAL, "mf_int0");
	put_u32(&r, OVS_VPORT_ATTR_PORT_NO, 0xffffffff);
	check(&r, F_VPORT, "NEW", "port-no-u32-max", -EFBIG, true);

	vport_new(&r, OVS_VPORT_TYPE_NETDEV, "lo");
	put_u32(&r, OVS_VPORT_ATTR_IFINDEX, 1000);
	check(&r, F_VPORT, "NEW", "ifindex-on-netdev", -EOPNOTSUPP, true);

	vport_new(&r, OVS_VPORT_TYPE_INTERNAL, "mf_bad/name");
	check(&r, F_VPORT, "NEW", "invalid-name", -EINVAL, true);

	vport_new(&r, OVS_VPORT_TYPE_INTERNAL, "");
	check(&r, F_VPORT, "NEW", "empty-name", -EINVAL, true);

	ovs_start(&r, F_VPORT, OVS_VPORT_CMD_DEL, dp_ifindex, 0);
	put_u32(&r, OVS_VPORT_ATTR_PORT_NO, 0);
	check(&r, F_VPORT, "DEL", "local-port", -EINVAL, true);

	ovs_start(&r, F_VPORT, OVS_VPORT_CMD_GET, dp_ifindex, 0);
	put_u32(&r, OVS_VPORT_ATTR_PORT_NO, 65535);
	check(&r, F_VPORT, "GET", "port-no-65535", -EFBIG, true);

	ovs_start(&r, F_VPORT, OVS_VPORT_CMD_GET, dp_ifindex, 0);
	put_u32(&r, OVS_VPORT_ATTR_PORT_NO, 4242);
	check(&r, F_VPORT, "GET", "port-no-unused", -ENODEV, true);

	ovs_start(&r, F_VPORT, OVS_VPORT_CMD_GET, dp_ifindex, 0);
	check(&r, F_VPORT, "GET", "no-name-no-number", -EINVAL, true);

	ovs_start(&r, F_VPORT, OVS_VPORT_CMD_SET, dp_ifindex, 0);
	put_u32(&r, OVS_VPORT_ATTR_PORT_NO, 0);
	put_u32(&r, OVS_VPORT_ATTR_TYPE, OVS_VPORT_TYPE_NETDEV);
	check(&r, F_VPORT, "SET", "type-change", -EINVAL, true);

	ovs_start(&r, F_VPORT, OVS_VPORT_CMD_SET, dp_ifindex, 0);
	put_u32(&r, OVS_VPORT_ATTR_PORT_NO, 0);
	opt = nest_start(&r, OVS_VPORT_ATTR_OPTIONS);
	put_u16(&r, OVS_TUNNEL_ATTR_DST_PORT, 1);
	nest_end(&r, opt);
	check(&r, F_VPORT, "SET", "options", -EOPNOTSUPP, true);

	ovs_start(&r, F_VPORT, OVS_VPORT_CMD_SET, dp_ifindex, 0);
	put_u32(&r, OVS_VPORT_ATTR_PORT_NO, 0);
	put_attr(&r, OVS_VPORT_ATTR_UPCALL_PID, &three, 3);
	check(&r, F_VPORT, "SET", "upcall-pid-3-bytes", -EINVAL, true);

	ovs_start(&r, F_DP, OVS_DP_CMD_SET, dp_ifindex, 0);
	put_u32(&r, OVS_DP_ATTR_USER_FEATURES, 1u << 31);
	check(&r, F_DP, "SET", "unknown-feature", -EOPNOTSUPP, true);

	ovs_start(&r, F_DP, OVS_DP_CMD_SET, dp_ifindex, 0);
	put_u32(&r, OVS_DP_ATTR_USER_FEATURES, OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS);
	put_u32(&r, OVS_DP_ATTR_MASKS_CACHE_SIZE, 3);
	check(&r, F_DP, "SET", "masks-cache-size-3", -EINVAL, true);

	ovs_start(&r, F_DP, OVS_DP_CMD_SET, dp_ifindex, 0);
	put_u32(&r, OVS_DP_ATTR_USER_FEATURES, OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS);
	put_u32(&r, OVS_DP_ATTR_MASKS_CACHE_SIZE, 1u << 20);
	check(&r, F_DP, "SET", "masks-cache-size-huge", -ERANGE, true);

	ovs_start(&r, F_DP, OVS_DP_CMD_NEW, 0, 0);
	put_str(&r, OVS_DP_ATTR_NAME, "mf_dp");
	check(&r, F_DP, "NEW", "no-upcall-pid", -EINVAL, true);

	ovs_start(&r, F_DP, OVS_DP_CMD_NEW, 0, 0);
	put_u32(&r, OVS_DP_ATTR_UPCALL_PID, 0);
	check(&r, F_DP, "NEW", "no-name", -EINVAL, true);

	ovs_start(&r, F_DP, OVS_DP_CMD_NEW, 0, 0);
	put_str(&r, OVS_DP_ATTR_NAME, "mf_dp");
	put_u32(&r, OVS_DP_ATTR_UPCALL_PID, 0);
	put_u32(&r, OVS_DP_ATTR_USER_FEATURES, 1u << 31);
	check(&r, F_DP, "NEW", "unknown-feature", -EOPNOTSUPP, true);

	ovs_start(&r, F_FLOW, OVS_FLOW_CMD_NEW, dp_ifindex, 0);
	check(&r, F_FLOW, "NEW", "no-key", EXPECT_ANY, true);

	ovs_start(&r, F_PACKET, OVS_PACKET_CMD_EXECUTE, dp_ifindex, 0);
	check(&r, F_PACKET, "EXECUTE", "no-packet", EXPECT_ANY, true);
}

/* --- ovs_flow requests that reach the key, mask and action parsers --- */

static void flow_start(struct req *r, uint8_t cmd, uint16_t flags)
{
	ovs_start(r, F_FLOW, cmd, dp_ifindex, flags);
}

/* in_port(PORT),eth() in a nest of @type (KEY or MASK). */
static void put_key_port_eth(struct req *r, uint16_t type, uint32_t port)
{
	unsigned char eth[12] = { 0 };
	size_t k = nest_start(r, type);

	put_u32(r, OVS_KEY_ATTR_IN_PORT, port);
	put_attr(r, OVS_KEY_ATTR_ETHERNET, eth, sizeof(eth));
	nest_end(r, k);
}

static void put_output(struct req *r, uint32_t port)
{
	size_t a = nest_start(r, OVS_FLOW_ATTR_ACTIONS);

	put_u32(r, OVS_ACTION_ATTR_OUTPUT, port);
	nest_end(r, a);
}

static void put_be64(struct req *r, uint16_t type, uint64_t v)
{
	put_attr(r, type, &v, sizeof(v));
}

/* A tunnel nest: id 100, src 192.0.2.2, dst @dst, ttl if @ttl >= 0. */
static void put_tunnel(struct req *r, uint16_t type, uint32_t dst, int ttl)
{
	size_t t = nest_start(r, type);
	uint8_t u8;

	put_be64(r, OVS_TUNNEL_KEY_ATTR_ID, __builtin_bswap64(100));
	put_u32(r, OVS_TUNNEL_KEY_ATTR_IPV4_SRC, __builtin_bswap32(0xc0000202));
	if (dst)
		put_u32(r, OVS_TUNNEL_KEY_ATTR_IPV4_DST, dst);
	if (ttl >= 0) {
		u8 = ttl;
		put_attr(r, OVS_TUNNEL_KEY_ATTR_TTL, &u8, 1);
	}
	nest_end(r, t);
}

/* A flow NEW whose key is in_port(PORT),eth() plus @extra_type/@extra. */
static void key_case(const char *what, uint32_t port, int extra_type,
		     const void *extra, size_t extra_len, int expect)
{
	unsigned char eth[12] = { 0 };
	struct req r;
	size_t k;

	flow_start(&r, OVS_FLOW_CMD_NEW, NLM_F_CREATE);
	k = nest_start(&r, OVS_FLOW_ATTR_KEY);
	put_u32(&r, OVS_KEY_ATTR_IN_PORT, port);
	put_attr(&r, OVS_KEY_ATTR_ETHERNET, eth, sizeof(eth));
	if (extra_type >= 0)
		put_attr(&r, extra_type, extra, extra_len);
	nest_end(&r, k);
	put_output(&r, 1);
	check(&r, F_FLOW, "NEW", what, expect, true);
}

/* A flow NEW for in_port(PORT),eth() with the actions @acts (@len bytes). */
static void actions_case(const char *what, uint32_t port, const void *acts,
			 size_t len, int expect)
{
	struct req r;

	flow_start(&r, OVS_FLOW_CMD_NEW, NLM_F_CREATE);
	put_key_port_eth(&r, OVS_FLOW_ATTR_KEY, port);
	put_attr(&r, OVS_FLOW_ATTR_ACTIONS, acts, len);
	check(&r, F_FLOW, "NEW", what, expect, true);
}

static void flush_flows(void)
{
	struct req r;

	flow_start(&r, OVS_FLOW_CMD_DEL, 0);
	check(&r, F_FLOW, "DEL", "flush", EXPECT_OK, true);
}

/* Attribute bytes for the random requests: a plausible type, a random
 * length, random or boundary contents, sometimes a nest of more. */
static size_t random_attrs(unsigned char *buf, size_t room, int max_type,
			   int depth)
{
	static const uint32_t boundary[] = {
		0, 1, 0xffff, 0x10000, 65534, 65535, 0x7fffffff, 0xffffffff,
		0x0600, 0x0800, 0x0806, 0x86dd, 0x8100,
	};
	size_t len = 0;
	int n = rand() % 6, i;

	for (i = 0; i < n; i++) {
		struct nlattr *nla = (struct nlattr *)(buf + len);
		size_t plen;

		if (len + NLA_HDRLEN + 64 > room)
			break;
		nla->nla_type = rand() % (max_type + 3);
		if (depth < 2 && rand() % 4 == 0) {
			plen = random_attrs(buf + len + NLA_HDRLEN,
					    room - len - NLA_HDRLEN,
					    OVS_TUNNEL_KEY_ATTR_MAX, depth + 1);
		} else {
			static const size_t lens[] = { 0, 1, 2, 4, 8, 12, 16, 40 };
			unsigned char *p = buf + len + NLA_HDRLEN;
			size_t j;

			plen = rand() % 3 ? lens[rand() % 8] : (size_t)(rand() % 64);
			for (j = 0; j < plen; j++)
				p[j] = rand();
			if (plen == 4 && rand() % 2) {
				uint32_t v = boundary[rand() % 13];

				if (rand() % 2)
					v = __builtin_bswap32(v);
				memcpy(p, &v, 4);
			} else if (rand() % 3 == 0) {
				memset(p, rand() % 2 ? 0 : 0xff, plen);
			}
		}
		nla->nla_len = NLA_HDRLEN + plen;
		/* Now and then a length that lies. */
		if (rand() % 50 == 0)
			nla->nla_len += rand() % 8 - 4;
		len += NLA_ALIGN(NLA_HDRLEN + plen);
	}
	return len;
}

static void random_flow(unsigned int i)
{
	static const uint8_t cmds[] = {
		OVS_FLOW_CMD_NEW, OVS_FLOW_CMD_NEW, OVS_FLOW_CMD_SET,
		OVS_FLOW_CMD_DEL, OVS_FLOW_CMD_GET,
	};
	unsigned char buf[4096];
	uint8_t cmd = cmds[rand() % 5];
	char what[32];
	struct req r;
	size_t len;

	flow_start(&r, cmd, rand() % 2 ? NLM_F_CREATE : 0);
	len = random_attrs(buf, sizeof(buf), OVS_KEY_ATTR_MAX, 0);
	if (rand() % 4) {
		/* Mostly a key the parser gets into. */
		size_t k = nest_start(&r, OVS_FLOW_ATTR_KEY);
		unsigned char eth[12] = { 0 };

		if (rand() % 2)
			put_u32(&r, OVS_KEY_ATTR_IN_PORT, rand() % 8);
		if (rand() % 2)
			put_attr(&r, OVS_KEY_ATTR_ETHERNET, eth, sizeof(eth));
		put_raw(&r, buf, len);
		nest_end(&r, k);
	} else {
		put_attr(&r, OVS_FLOW_ATTR_KEY, buf, len);
	}
	if (rand() % 2) {
		len = random_attrs(buf, sizeof(buf), OVS_KEY_ATTR_MAX, 0);
		put_attr(&r, OVS_FLOW_ATTR_MASK, buf, len);
	}
	if (rand() % 4) {
		len = random_attrs(buf, sizeof(buf), OVS_ACTION_ATTR_MAX, 0);
		put_attr(&r, OVS_FLOW_ATTR_ACTIONS, buf, len);
	}
	if (rand() % 3 == 0) {
		unsigned char ufid[20];
		size_t n = rand() % 21, j;

		for (j = 0; j < n; j++)
			ufid[j] = rand() % 4;
		put_attr(&r, OVS_FLOW_ATTR_UFID, ufid, n);
	}
	snprintf(what, sizeof(what), "random-%u", i);
	check(&r, F_FLOW, cmd_name(F_FLOW, cmd), what, EXPECT_EITHER, true);
}

static void flows(void)
{
	unsigned char acts[65536];
	uint32_t dst = __builtin_bswap32(0xc0000201);
	size_t a, t, i;
	uint16_t v16;
	struct req r;
	uint8_t ufid[16];

	memset(acts, 0, sizeof(acts));
	flush_flows();

	/* Missing pieces. */
	flow_start(&r, OVS_FLOW_CMD_NEW, NLM_F_CREATE);
	put_output(&r, 1);
	check(&r, F_FLOW, "NEW", "no-key", -EINVAL, true);
	flow_start(&r, OVS_FLOW_CMD_NEW, NLM_F_CREATE);
	put_key_port_eth(&r, OVS_FLOW_ATTR_KEY, 1);
	check(&r, F_FLOW, "NEW", "no-actions", -EINVAL, true);
	flow_start(&r, OVS_FLOW_CMD_NEW, NLM_F_CREATE);
	a = nest_start(&r, OVS_FLOW_ATTR_KEY);
	put_u32(&r, OVS_KEY_ATTR_IN_PORT, 1);
	nest_end(&r, a);
	put_output(&r, 2);
	check(&r, F_FLOW, "NEW", "key-in-port-only", -EINVAL, true);

	/* Boundaries of the key. */
	key_case("in-port-65535", 65535, -1, NULL, 0, -EINVAL);
	key_case("in-port-huge", 0xffffffff, -1, NULL, 0, -EINVAL);
	v16 = 0;
	key_case("ethertype-0", 1, OVS_KEY_ATTR_ETHERTYPE, &v16, 2, -EINVAL);
	v16 = __builtin_bswap16(0x05ff);
	key_case("ethertype-5ff", 1, OVS_KEY_ATTR_ETHERTYPE, &v16, 2, -EINVAL);
	v16 = __builtin_bswap16(0x0806);
	key_case("ethertype-arp-without-arp", 1, OVS_KEY_ATTR_ETHERTYPE, &v16, 2, -EINVAL);
	v16 = __builtin_bswap16(0x0800);
	key_case("ethertype-ip-without-ipv4", 1, OVS_KEY_ATTR_ETHERTYPE, &v16, 2, -EINVAL);
	v16 = __builtin_bswap16(0x8100);
	key_case("ethertype-vlan-without-vlan", 1, OVS_KEY_ATTR_ETHERTYPE, &v16, 2, -EINVAL);
	key_case("ethertype-3-bytes", 1, OVS_KEY_ATTR_ETHERTYPE, "abc", 3, -EINVAL);
	key_case("duplicate-in-port", 1, OVS_KEY_ATTR_IN_PORT, "\1\0\0\0", 4, -EINVAL);
	key_case("key-type-past-max", 1, OVS_KEY_ATTR_MAX + 1, "abcd", 4, -EINVAL);
	key_case("key-type-tunnel-info", 1, OVS_KEY_ATTR_TUNNEL_INFO, "abcd", 4, -EINVAL);
	key_case("key-type-packet-type", 1, OVS_KEY_ATTR_PACKET_TYPE, "abcd", 4, -EINVAL);
	key_case("ct-state-unknown-bits", 1, OVS_KEY_ATTR_CT_STATE, "\0\0\0\x80", 4, -EINVAL);

	/* Tunnels in the key (reference/flows.md). */
	flow_start(&r, OVS_FLOW_CMD_NEW, NLM_F_CREATE);
	a = nest_start(&r, OVS_FLOW_ATTR_KEY);
	put_tunnel(&r, OVS_KEY_ATTR_TUNNEL, 0, 64);
	put_u32(&r, OVS_KEY_ATTR_IN_PORT, 2);
	put_attr(&r, OVS_KEY_ATTR_ETHERNET, acts, 12);
	nest_end(&r, a);
	put_output(&r, 1);
	check(&r, F_FLOW, "NEW", "tunnel-no-dst", -EINVAL, true);
	flow_start(&r, OVS_FLOW_CMD_NEW, NLM_F_CREATE);
	a = nest_start(&r, OVS_FLOW_ATTR_KEY);
	put_tunnel(&r, OVS_KEY_ATTR_TUNNEL, dst, -1);
	put_u32(&r, OVS_KEY_ATTR_IN_PORT, 2);
	put_attr(&r, OVS_KEY_ATTR_ETHERNET, acts, 12);
	nest_end(&r, a);
	put_output(&r, 1);
	check(&r, F_FLOW, "NEW", "tunnel-no-ttl", -EINVAL, true);
	flow_start(&r, OVS_FLOW_CMD_NEW, NLM_F_CREATE);
	a = nest_start(&r, OVS_FLOW_ATTR_KEY);
	t = nest_start(&r, OVS_KEY_ATTR_TUNNEL);
	put_u32(&r, OVS_TUNNEL_KEY_ATTR_IPV4_DST, dst);
	put_attr(&r, OVS_TUNNEL_KEY_ATTR_IPV6_SRC, acts, 16);
	put_attr(&r, OVS_TUNNEL_KEY_ATTR_TTL, "\x40", 1);
	nest_end(&r, t);
	put_u32(&r, OVS_KEY_ATTR_IN_PORT, 2);
	put_attr(&r, OVS_KEY_ATTR_ETHERNET, acts, 12);
	nest_end(&r, a);
	put_output(&r, 1);
	check(&r, F_FLOW, "NEW", "tunnel-ipv4-and-ipv6", -EINVAL, true);
	flow_start(&r, OVS_FLOW_CMD_NEW, NLM_F_CREATE);
	a = nest_start(&r, OVS_FLOW_ATTR_KEY);
	t = nest_start(&r, OVS_KEY_ATTR_TUNNEL);
	put_u32(&r, OVS_TUNNEL_KEY_ATTR_IPV4_DST, dst);
	put_attr(&r, OVS_TUNNEL_KEY_ATTR_TTL, "\x40\x40", 2);
	nest_end(&r, t);
	put_u32(&r, OVS_KEY_ATTR_IN_PORT, 2);
	put_attr(&r, OVS_KEY_ATTR_ETHERNET, acts, 12);
	nest_end(&r, a);
	put_output(&r, 1);
	check(&r, F_FLOW, "NEW", "tunnel-ttl-2-bytes", -EINVAL, true);
	flow_start(&r, OVS_FLOW_CMD_NEW, NLM_F_CREATE);
	a = nest_start(&r, OVS_FLOW_ATTR_KEY);
	t = nest_start(&r, OVS_KEY_ATTR_TUNNEL);
	put_u32(&r, OVS_TUNNEL_KEY_ATTR_IPV4_DST, dst);
	put_attr(&r, OVS_TUNNEL_KEY_ATTR_TTL, "\x40", 1);
	put_attr(&r, OVS_TUNNEL_KEY_ATTR_MAX + 1, "", 0);
	nest_end(&r, t);
	put_u32(&r, OVS_KEY_ATTR_IN_PORT, 2);
	put_attr(&r, OVS_KEY_ATTR_ETHERNET, acts, 12);
	nest_end(&r, a);
	put_output(&r, 1);
	check(&r, F_FLOW, "NEW", "tunnel-type-past-max", -EINVAL, true);

	/* Action lists. */
	{
		uint32_t big = 65535, one = 1;
		unsigned char b[64];
		struct nlattr *n = (struct nlattr *)b;

		n->nla_type = OVS_ACTION_ATTR_OUTPUT;
		n->nla_len = NLA_HDRLEN + 4;
		memcpy(b + NLA_HDRLEN, &big, 4);
		actions_case("output-65535", 1, b, 8, -EINVAL);
		n->nla_len = NLA_HDRLEN + 2;
		actions_case("output-2-bytes", 1, b, 8, -EINVAL);
		n->nla_type = OVS_ACTION_ATTR_MAX + 1;
		n->nla_len = NLA_HDRLEN + 4;
		memcpy(b + NLA_HDRLEN, &one, 4);
		actions_case("action-type-past-max", 1, b, 8, -EINVAL);
		n->nla_type = OVS_ACTION_ATTR_UNSPEC;
		actions_case("action-unspec", 1, b, 8, -EINVAL);
		n->nla_type = OVS_ACTION_ATTR_POP_VLAN;
		actions_case("pop-vlan-4-bytes", 1, b, 8, -EINVAL);
		/* set() holding two keys. */
		n->nla_type = OVS_ACTION_ATTR_SET;
		n->nla_len = NLA_HDRLEN + 16;
		((struct nlattr *)(b + 4))->nla_type = OVS_KEY_ATTR_PRIORITY;
		((struct nlattr *)(b + 4))->nla_len = 8;
		((struct nlattr *)(b + 12))->nla_type = OVS_KEY_ATTR_SKB_MARK;
		((struct nlattr *)(b + 12))->nla_len = 8;
		actions_case("set-two-keys", 1, b, 20, -EINVAL);
		n->nla_len = NLA_HDRLEN;
		actions_case("set-empty", 1, b, 4, -EINVAL);
	}
	/* set(tunnel) without a TTL, and masked. */
	flow_start(&r, OVS_FLOW_CMD_NEW, NLM_F_CREATE);
	put_key_port_eth(&r, OVS_FLOW_ATTR_KEY, 3);
	a = nest_start(&r, OVS_FLOW_ATTR_ACTIONS);
	t = nest_start(&r, OVS_ACTION_ATTR_SET);
	put_tunnel(&r, OVS_KEY_ATTR_TUNNEL, dst, -1);
	nest_end(&r, t);
	put_u32(&r, OVS_ACTION_ATTR_OUTPUT, 1);
	nest_end(&r, a);
	check(&r, F_FLOW, "NEW", "set-tunnel-no-ttl", -EINVAL, true);
	flow_start(&r, OVS_FLOW_CMD_NEW, NLM_F_CREATE);
	put_key_port_eth(&r, OVS_FLOW_ATTR_KEY, 3);
	a = nest_start(&r, OVS_FLOW_ATTR_ACTIONS);
	t = nest_start(&r, OVS_ACTION_ATTR_SET_MASKED);
	{
		size_t tk = nest_start(&r, OVS_KEY_ATTR_TUNNEL);

		put_u32(&r, OVS_TUNNEL_KEY_ATTR_IPV4_DST, dst);
		put_u32(&r, OVS_TUNNEL_KEY_ATTR_IPV4_DST, 0xffffffff);
		nest_end(&r, tk);
	}
	nest_end(&r, t);
	nest_end(&r, a);
	check(&r, F_FLOW, "NEW", "set-masked-tunnel", -EINVAL, true);
	/* The longest list of outputs one attribute holds is taken. */
	for (i = 0; i < 8191; i++) {
		struct nlattr *n = (struct nlattr *)(acts + 8 * i);
		uint32_t port = i % 100 + 1;

		n->nla_type = OVS_ACTION_ATTR_OUTPUT;
		n->nla_len = 8;
		memcpy(acts + 8 * i + 4, &port, 4);
	}
	actions_case("8191-outputs", 10, acts, 8 * 8191, EXPECT_OK);

	/* Outside the subset: vportdp refuses what openvswitch.ko takes. */
	if (subset) {
		unsigned char ipv4[12] = { 0 };
		size_t k;

		flow_start(&r, OVS_FLOW_CMD_NEW, NLM_F_CREATE);
		k = nest_start(&r, OVS_FLOW_ATTR_KEY);
		put_u32(&r, OVS_KEY_ATTR_IN_PORT, 5);
		put_attr(&r, OVS_KEY_ATTR_ETHERNET, acts + 40, 12);
		v16 = __builtin_bswap16(0x0800);
		put_attr(&r, OVS_KEY_ATTR_ETHERTYPE, &v16, 2);
		put_attr(&r, OVS_KEY_ATTR_IPV4, ipv4, sizeof(ipv4));
		nest_end(&r, k);
		put_output(&r, 1);
		check(&r, F_FLOW, "NEW", "key-ipv4", -EOPNOTSUPP, true);
		key_case("ct-state-new", 5, OVS_KEY_ATTR_CT_STATE, "\1\0\0\0", 4, -EOPNOTSUPP);
		actions_case("pop-vlan", 5, "\x04\0\x05\0", 4, -EOPNOTSUPP);
		flow_start(&r, OVS_FLOW_CMD_NEW, NLM_F_CREATE);
		put_key_port_eth(&r, OVS_FLOW_ATTR_KEY, 5);
		a = nest_start(&r, OVS_FLOW_ATTR_ACTIONS);
		t = nest_start(&r, OVS_ACTION_ATTR_SET);
		put_u32(&r, OVS_KEY_ATTR_PRIORITY, 7);
		nest_end(&r, t);
		nest_end(&r, a);
		check(&r, F_FLOW, "NEW", "set-priority", -EOPNOTSUPP, true);
	}

	/* A flow's life: NEW, NEW again, GET, SET, DEL, by key and by UFID. */
	flow_start(&r, OVS_FLOW_CMD_NEW, NLM_F_CREATE);
	put_key_port_eth(&r, OVS_FLOW_ATTR_KEY, 6);
	put_key_port_eth(&r, OVS_FLOW_ATTR_MASK, 0xffffffff);
	put_output(&r, 1);
	check(&r, F_FLOW, "NEW", "valid", EXPECT_OK, true);
	flow_start(&r, OVS_FLOW_CMD_NEW, NLM_F_CREATE);
	put_key_port_eth(&r, OVS_FLOW_ATTR_KEY, 6);
	put_output(&r, 2);
	check(&r, F_FLOW, "NEW", "exists-create", -EEXIST, true);
	flow_start(&r, OVS_FLOW_CMD_NEW, 0);
	put_key_port_eth(&r, OVS_FLOW_ATTR_KEY, 6);
	put_key_port_eth(&r, OVS_FLOW_ATTR_MASK, 0xffffffff);
	put_output(&r, 2);
	check(&r, F_FLOW, "NEW", "exists-update", EXPECT_OK, true);
	flow_start(&r, OVS_FLOW_CMD_GET, 0);
	check(&r, F_FLOW, "GET", "no-key-no-ufid", -EINVAL, true);
	flow_start(&r, OVS_FLOW_CMD_GET, 0);
	put_key_port_eth(&r, OVS_FLOW_ATTR_KEY, 6);
	check(&r, F_FLOW, "GET", "by-key", EXPECT_OK, true);
	flow_start(&r, OVS_FLOW_CMD_GET, 0);
	put_key_port_eth(&r, OVS_FLOW_ATTR_KEY, 7);
	check(&r, F_FLOW, "GET", "no-such-key", -ENOENT, true);
	flow_start(&r, OVS_FLOW_CMD_SET, 0);
	check(&r, F_FLOW, "SET", "no-key-no-ufid", -EINVAL, true);
	flow_start(&r, OVS_FLOW_CMD_SET, 0);
	put_key_port_eth(&r, OVS_FLOW_ATTR_KEY, 7);
	put_output(&r, 2);
	check(&r, F_FLOW, "SET", "no-such-key", -ENOENT, true);
	memset(ufid, 0x5a, sizeof(ufid));
	flow_start(&r, OVS_FLOW_CMD_SET, 0);
	put_attr(&r, OVS_FLOW_ATTR_UFID, ufid, 16);
	put_output(&r, 2);
	check(&r, F_FLOW, "SET", "ufid-actions-without-key", -EINVAL, true);
	flow_start(&r, OVS_FLOW_CMD_SET, 0);
	put_key_port_eth(&r, OVS_FLOW_ATTR_KEY, 6);
	put_output(&r, 3);
	put_attr(&r, OVS_FLOW_ATTR_CLEAR, NULL, 0);
	check(&r, F_FLOW, "SET", "by-key", EXPECT_OK, true);
	flow_start(&r, OVS_FLOW_CMD_NEW, NLM_F_CREATE);
	put_key_port_eth(&r, OVS_FLOW_ATTR_KEY, 8);
	put_attr(&r, OVS_FLOW_ATTR_UFID, ufid, 16);
	put_output(&r, 1);
	check(&r, F_FLOW, "NEW", "with-ufid", EXPECT_OK, true);
	flow_start(&r, OVS_FLOW_CMD_GET, 0);
	put_attr(&r, OVS_FLOW_ATTR_UFID, ufid, 16);
	check(&r, F_FLOW, "GET", "by-ufid", EXPECT_OK, true);
	flow_start(&r, OVS_FLOW_CMD_DEL, 0);
	put_attr(&r, OVS_FLOW_ATTR_UFID, ufid, 16);
	check(&r, F_FLOW, "DEL", "by-ufid", EXPECT_OK, true);
	flow_start(&r, OVS_FLOW_CMD_DEL, 0);
	put_attr(&r, OVS_FLOW_ATTR_UFID, ufid, 16);
	check(&r, F_FLOW, "DEL", "by-ufid-again", -ENOENT, true);
	flow_start(&r, OVS_FLOW_CMD_DEL, 0);
	put_key_port_eth(&r, OVS_FLOW_ATTR_KEY, 6);
	check(&r, F_FLOW, "DEL", "by-key", EXPECT_OK, true);
	flow_start(&r, OVS_FLOW_CMD_DEL, 0);
	put_key_port_eth(&r, OVS_FLOW_ATTR_KEY, 6);
	check(&r, F_FLOW, "DEL", "by-key-again", -ENOENT, true);
	ovs_start(&r, F_FLOW, OVS_FLOW_CMD_NEW, BOGUS_IFINDEX, NLM_F_CREATE);
	put_key_port_eth(&r, OVS_FLOW_ATTR_KEY, 6);
	put_output(&r, 1);
	check(&r, F_FLOW, "NEW", "no-datapath", -ENODEV, true);

	/* Random keys, masks and action lists; whatever is installed goes. */
	srand(12);
	for (i = 0; i < n_random; i++)
		random_flow(i);
	ovs_start(&r, F_FLOW, OVS_FLOW_CMD_GET, dp_ifindex, NLM_F_DUMP);
	check(&r, F_FLOW, "GET", "dump-after-random", EXPECT_OK, true);
	flush_flows();
}

/* --- --req: one well-formed request ------------------------------------- */

static const char req_usage[] =
	"usage: ovs-malformed [--repeat=SECS] --req dp|vport new|del|get|set|dump [KEY=VALUE]...\n"
	"  ifindex=N      dp_ifindex of the ovs_header (default 0)\n"
	"  name=NAME      OVS_DP_ATTR_NAME / OVS_VPORT_ATTR_NAME\n"
	"  upcall_pid=N   OVS_DP_ATTR_UPCALL_PID / OVS_VPORT_ATTR_UPCALL_PID (one u32)\n"
	"  features=N     OVS_DP_ATTR_USER_FEATURES\n"
	"  masks=N        OVS_DP_ATTR_MASKS_CACHE_SIZE\n"
	"  pids=N         OVS_DP_ATTR_PER_CPU_PIDS / OVS_VPORT_ATTR_UPCALL_PID: N u32 (1, 2, ...)\n"
	"  pid_bytes=N    the same attribute with N bytes of payload\n"
	"  type=T         OVS_VPORT_ATTR_TYPE: netdev, internal, gre, vxlan, geneve or a number\n"
	"  port=N         OVS_VPORT_ATTR_PORT_NO\n"
	"  dst_port=N     OVS_VPORT_ATTR_OPTIONS with OVS_TUNNEL_ATTR_DST_PORT\n"
	"  version=N      genetlink header version\n"
	"  rcvbuf=N       read replies with recv() of N bytes (the kernel sizes dump buffers by it)\n";

/* One line about a reply or dump entry.  Returns 1 for a bad entry. */
static int print_entry(const struct nlmsghdr *n, bool print)
{
	const struct genlmsghdr *g = NLMSG_DATA(n);
	const struct ovs_header *oh = (const void *)((const char *)g + GENL_HDRLEN);
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN + sizeof(*oh);
	char name[64] = "";
	long long port = -1, type = -1, ifindex = -1, features = -1, masks = -1;
	long long npids = -1;
	bool dp = n->nlmsg_type == families[F_DP].id;

	while (off + NLA_HDRLEN <= n->nlmsg_len) {
		const struct nlattr *a = (const void *)((const char *)n + off);
		const void *d = (const char *)a + NLA_HDRLEN;
		size_t len = a->nla_len - NLA_HDRLEN;
		uint32_t v = len >= 4 ? *(const uint32_t *)d : 0;

		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > n->nlmsg_len)
			break;
		if (dp) {
			switch (a->nla_type) {
			case OVS_DP_ATTR_NAME: snprintf(name, sizeof(name), "%.*s", (int)len, (const char *)d); break;
			case OVS_DP_ATTR_USER_FEATURES: features = v; break;
			case OVS_DP_ATTR_MASKS_CACHE_SIZE: masks = v; break;
			case OVS_DP_ATTR_PER_CPU_PIDS: npids = len / 4; break;
			}
		} else {
			switch (a->nla_type) {
			case OVS_VPORT_ATTR_NAME: snprintf(name, sizeof(name), "%.*s", (int)len, (const char *)d); break;
			case OVS_VPORT_ATTR_PORT_NO: port = v; break;
			case OVS_VPORT_ATTR_TYPE: type = v; break;
			case OVS_VPORT_ATTR_IFINDEX: ifindex = v; break;
			case OVS_VPORT_ATTR_UPCALL_PID: npids = len / 4; break;
			}
		}
		off += NLA_ALIGN(a->nla_len);
	}
	if (print && dp)
		printf("dp name=%s ifindex=%d features=%lld masks=%lld pids=%lld\n",
		       name, oh->dp_ifindex, features, masks, npids);
	else if (print)
		printf("vport name=%s port=%lld type=%lld ifindex=%lld dp_ifindex=%d pids=%lld\n",
		       name, port, type, ifindex, oh->dp_ifindex, npids);
	if (dp)
		return !name[0] || oh->dp_ifindex <= 0;
	return !name[0];
}

/*
 * Send @r, print what comes back (unless !print), and return 0 or the
 * negative errno; *bad counts bad entries.
 */
static size_t rcvbuf = BUF_SIZE;

static int exchange(struct req *r, bool print, char *msg, size_t size, int *bad)
{
	static unsigned char buf[BUF_SIZE];
	uint32_t want = hdr(r)->nlmsg_seq;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct pollfd p = { .fd = sock, .events = POLLIN };
	bool dump = hdr(r)->nlmsg_flags & NLM_F_DUMP;

	msg[0] = '\0';
	if (sendto(sock, r->buf, r->len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	for (;;) {
		struct nlmsghdr *n;
		ssize_t got;

		if (poll(&p, 1, 10000) <= 0)
			die("no answer within 10 s");
		got = recv(sock, buf, rcvbuf, 0);
		if (got < 0)
			return -errno;
		for (n = (struct nlmsghdr *)buf; NLMSG_OK(n, got);
		     n = NLMSG_NEXT(n, got)) {
			if (n->nlmsg_seq != want)
				continue;
			if (n->nlmsg_type == NLMSG_ERROR) {
				int err = ((struct nlmsgerr *)NLMSG_DATA(n))->error;

				get_extack(n, msg, size);
				if (err || !dump)
					return err;
				continue;
			}
			if (n->nlmsg_type == NLMSG_DONE) {
				get_extack(n, msg, size);
				return *(int *)NLMSG_DATA(n);
			}
			*bad += print_entry(n, print);
		}
	}
}

static long num(const char *key, const char *v)
{
	char *end;
	long x = strtol(v, &end, 0);

	if (!*v || *end)
		die("%s=%s: not a number", key, v);
	return x;
}

static int request(int argc, char **argv, int repeat)
{
	static const char *const cmds[] = { "new", "del", "get", "set", "dump" };
	static const char *const types[] = { "unspec", "netdev", "internal", "gre", "vxlan", "geneve" };
	uint32_t pidbuf[16384];
	int fam, cmd = -1, i, ifindex = 0, version = -1, err, bad = 0;
	int n_ok = 0, n_err = 0;
	char msg[512];
	struct req r;
	time_t end;

	if (argc < 2)
		die("%s", req_usage);
	if (!strcmp(argv[0], "dp"))
		fam = F_DP;
	else if (!strcmp(argv[0], "vport"))
		fam = F_VPORT;
	else
		die("%s", req_usage);
	for (i = 0; i < 5; i++)
		if (!strcmp(argv[1], cmds[i]))
			cmd = i;
	if (cmd < 0)
		die("%s", req_usage);

	/* The header first: ifindex and version are needed to start. */
	for (i = 2; i < argc; i++) {
		if (!strncmp(argv[i], "ifindex=", 8))
			ifindex = num("ifindex", argv[i] + 8);
		else if (!strncmp(argv[i], "version=", 8))
			version = num("version", argv[i] + 8);
	}
	/* NLM_F_ECHO: NEW, DEL and SET answer with a notification. */
	ovs_start(&r, fam, cmd == 4 ? OVS_DP_CMD_GET : cmd + 1, ifindex,
		  cmd == 4 ? NLM_F_DUMP : NLM_F_ECHO);
	if (version >= 0)
		((struct genlmsghdr *)NLMSG_DATA(hdr(&r)))->version = version;

	for (i = 2; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		const char *key = argv[i], *v;
		size_t klen;

		if (!eq)
			die("%s: not KEY=VALUE\n%s", argv[i], req_usage);
		klen = eq - key;
		v = eq + 1;
#define KEY(k) (klen == strlen(k) && !strncmp(key, k, klen))
		if (KEY("ifindex") || KEY("version")) {
			continue;
		} else if (KEY("rcvbuf")) {
			rcvbuf = num(key, v);
			if (rcvbuf < 64 || rcvbuf > BUF_SIZE)
				die("rcvbuf=%s: out of range", v);
		} else if (KEY("name")) {
			put_str(&r, fam == F_DP ? OVS_DP_ATTR_NAME : OVS_VPORT_ATTR_NAME, v);
		} else if (KEY("upcall_pid")) {
			put_u32(&r, fam == F_DP ? OVS_DP_ATTR_UPCALL_PID : OVS_VPORT_ATTR_UPCALL_PID,
				num(key, v));
		} else if (KEY("features") && fam == F_DP) {
			put_u32(&r, OVS_DP_ATTR_USER_FEATURES, num(key, v));
		} else if (KEY("masks") && fam == F_DP) {
			put_u32(&r, OVS_DP_ATTR_MASKS_CACHE_SIZE, num(key, v));
		} else if (KEY("pids") || KEY("pid_bytes")) {
			long n = num(key, v), j, bytes = KEY("pids") ? n * 4 : n;

			if (n < 0 || bytes > (long)sizeof(pidbuf))
				die("%s=%s: out of range", key, v);
			for (j = 0; j < (long)(sizeof(pidbuf) / 4); j++)
				pidbuf[j] = j + 1;
			put_attr(&r, fam == F_DP ? OVS_DP_ATTR_PER_CPU_PIDS : OVS_VPORT_ATTR_UPCALL_PID,
				 pidbuf, bytes);
		} else if (KEY("type") && fam == F_VPORT) {
			long t = -1;
			int j;

			for (j = 0; j < 6; j++)
				if (!strcmp(v, types[j]))
					t = j;
			put_u32(&r, OVS_VPORT_ATTR_TYPE, t >= 0 ? t : num(key, v));
		} else if (KEY("port") && fam == F_VPORT) {
			put_u32(&r, OVS_VPORT_ATTR_PORT_NO, num(key, v));
		} else if (KEY("dst_port") && fam == F_VPORT) {
			size_t opt = nest_start(&r, OVS_VPORT_ATTR_OPTIONS);

			put_u16(&r, OVS_TUNNEL_ATTR_DST_PORT, num(key, v));
			nest_end(&r, opt);
		} else {
			die("%s: unknown key for %s\n%s", argv[i], argv[0], req_usage);
		}
#undef KEY
	}

	if (!repeat) {
		err = exchange(&r, true, msg, sizeof(msg), &bad);
		if (err)
			printf("%s%s%s%s\n", errname(err), msg[0] ? " [" : "", msg,
			       msg[0] ? "]" : "");
		else
			printf("OK\n");
		return err ? 1 : 0;
	}

	end = time(NULL) + repeat;
	while (time(NULL) < end) {
		hdr(&r)->nlmsg_seq = seq++;
		if (exchange(&r, false, msg, sizeof(msg), &bad))
			n_err++;
		else
			n_ok++;
	}
	printf("%d ok, %d refused, %d bad entries\n", n_ok, n_err, bad);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1, i, monitor_secs = 0, repeat = 0, req_at = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--req")) {
			req_at = i + 1;
			break;
		} else if (!strncmp(argv[i], "--repeat=", 9))
			repeat = atoi(argv[i] + 9);
		else if (!strcmp(argv[i], "-v"))
			verbose = true;
		else if (!strcmp(argv[i], "--strict"))
			strict = true;
		else if (!strcmp(argv[i], "--require-extack"))
			require_extack = true;
		else if (!strncmp(argv[i], "--monitor=", 10))
			monitor_secs = atoi(argv[i] + 10);
		else if (!strncmp(argv[i], "--dp-ifindex=", 13))
			dp_ifindex = atoi(argv[i] + 13);
		else if (!strcmp(argv[i], "--subset"))
			subset = true;
		else if (!strncmp(argv[i], "--random=", 9))
			n_random = strtoul(argv[i] + 9, NULL, 10);
		else
			die("usage: ovs-malformed [-v] [--strict] [--require-extack] [--subset] [--random=N] [--dp-ifindex=N] | --monitor=SECS | [--repeat=SECS] --req ...");
	}

	sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (sock < 0)
		die("socket: %s", strerror(errno));
	if (bind(sock, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("bind: %s", strerror(errno));
	setsockopt(sock, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(sock, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));

	for (i = 0; i < 4; i++)
		families[i].id = resolve(families[i].name, &mcgrp_ids[i]);
	if (monitor_secs)
		return monitor(monitor_secs);
	if (req_at)
		return request(argc - req_at, argv + req_at, repeat);

	for (i = 0; i < 4; i++) {
		broken_shapes(i);
		bad_attrs(i);
	}
	if (dp_ifindex) {
		deep();
		flows();
	}

	printf("%d requests, %d refused as expected, %d not\n",
	       n_sent, n_sent - n_bad, n_bad);
	return n_bad ? 1 : 0;
}
