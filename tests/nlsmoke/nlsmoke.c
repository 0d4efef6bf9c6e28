// SPDX-License-Identifier: GPL-2.0
/*
 * nlsmoke.c - walk netlink/ (vportnl.h) through every request against the
 * running kernel and print one PASS/FAIL/SKIP line per check.
 *
 * Usage: nlsmoke [-v] [-t TIMEOUT_MS] [-n MANY_PORTS]
 *   -v   also print each --verbose line the library produces
 *   -n   internal ports created for the multi-part dump check (300)
 * Exit status: 0 if nothing failed.  Run it in a scratch network namespace
 * (unshare -n) as root: it creates and deletes a datapath, vports and links.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include "vportnl.h"
#include "nlcore.h"		/* the receive loop, for the timeout check */

#define DP_NAME "nls-dp0"

static bool verbose;
static int n_many = 300;
static int n_pass, n_fail, n_skip;

/* The library's log lines, kept so that their format can be checked too. */
static char lines[64][512];
static int n_lines;

static void log_line(void *ctx, const char *line)
{
	(void)ctx;
	if (verbose)
		printf("      %s\n", line);
	if (n_lines < 64)
		snprintf(lines[n_lines++], sizeof(lines[0]), "%s", line);
}

static void clear_lines(void)
{
	n_lines = 0;
}

static bool have_line(const char *prefix)
{
	int i;

	for (i = 0; i < n_lines; i++)
		if (!strncmp(lines[i], prefix, strlen(prefix)))
			return true;
	return false;
}

static void check(bool ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void check(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		n_pass++;
		printf("PASS %s\n", name);
		return;
	}
	n_fail++;
	printf("FAIL %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void skip(const char *name, const char *why)
{
	n_skip++;
	printf("SKIP %s: %s\n", name, why);
}

static const char *errstr(int ret, const struct vportnl_err *err)
{
	static char buf[VPORTNL_MSGSIZ + 64];

	snprintf(buf, sizeof(buf), "%d (%s)%s%s", ret, ret ? strerror(-ret) : "ok",
		 err->msg[0] ? " extack: " : "", err->msg);
	return buf;
}

/* ret must be want; report what came back. */
static void check_ret(int ret, int want, const struct vportnl_err *err, const char *name)
{
	check(ret == want, name, "got %s, want %d", errstr(ret, err), want);
	if (ret && err->msg[0])
		printf("     extack: %s\n", err->msg);
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static void test_formats(void)
{
	struct ovs_vport_req vx = {
		.name = "vxlan_sys_4789", .type = OVS_VPORT_TYPE_VXLAN,
		.has_dst_port = true, .dst_port = 4789,
	};
	struct ovs_vport_req in = {
		.name = "br0", .type = OVS_VPORT_TYPE_INTERNAL, .port_no = 7,
	};
	char buf[256];

	ovsnl_format_vport_new(&vx, buf, sizeof(buf));
	check(!strcmp(buf, "OVS_VPORT_CMD_NEW name=vxlan_sys_4789 type=vxlan upcall_pid=0 "
		      "options={dst_port=4789}"), "format vport_new vxlan", "'%s'", buf);
	vx.gbp = true;
	ovsnl_format_vport_new(&vx, buf, sizeof(buf));
	check(!strcmp(buf, "OVS_VPORT_CMD_NEW name=vxlan_sys_4789 type=vxlan upcall_pid=0 "
		      "options={dst_port=4789,exts=gbp}"), "format vport_new vxlan gbp", "'%s'", buf);
	ovsnl_format_vport_new(&in, buf, sizeof(buf));
	check(!strcmp(buf, "OVS_VPORT_CMD_NEW name=br0 type=internal port_no=7 upcall_pid=0"),
	      "format vport_new port_no", "'%s'", buf);
	ovsnl_format_dp_new("ovs-system", buf, sizeof(buf));
	check(!strcmp(buf, "OVS_DP_CMD_NEW name=ovs-system upcall_pid=0 "
		      "user_features=UNALIGNED|VPORT_PIDS"), "format dp_new", "'%s'", buf);
	ovsnl_format_dp_del("ovs-system", buf, sizeof(buf));
	check(!strcmp(buf, "OVS_DP_CMD_DEL name=ovs-system"), "format dp_del", "'%s'", buf);
	ovsnl_format_vport_del("vxlan_sys_4789", 0, buf, sizeof(buf));
	check(!strcmp(buf, "OVS_VPORT_CMD_DEL name=vxlan_sys_4789"), "format vport_del", "'%s'",
	      buf);
	rtnl_format_set_mtu("p1", 1400, buf, sizeof(buf));
	check(!strcmp(buf, "RTM_NEWLINK name=p1 mtu=1400"), "format set_mtu", "'%s'", buf);
	ovsnl_format_vport_new(&vx, buf, 20);
	check(strlen(buf) == 19, "format truncates safely", "'%s'", buf);
	check(!strcmp(ovsnl_vport_type_name(OVS_VPORT_TYPE_GENEVE), "geneve") &&
	      !ovsnl_vport_type_name(99), "vport type names", "wrong");
}

/* Nothing answers: the receive must give up with -EAGAIN after the timeout. */
static void test_timeout(void)
{
	struct vportnl_err err;
	struct timespec t0, t1;
	char buf[VNL_RCVBUF];
	struct vnl_txn t = { .buf = buf, .seq = 12345 };
	double ms;
	int ret;

	t.fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (t.fd < 0 || vnl_sock_setup(t.fd, 300)) {
		skip("receive timeout", "no netlink socket");
		return;
	}
	vnl_err_clear(&err);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = vnl_recv(&t, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	check(ret == -EAGAIN && err.err == -EAGAIN && ms >= 250 && ms < 2000,
	      "receive timeout -> EAGAIN", "%s after %.0f ms", errstr(ret, &err), ms);
	close(t.fd);
}

static bool find_vport(const struct ovs_vport_info *v, size_t n, uint32_t port_no,
		       const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].port_no == port_no && !strcmp(v[i].name, name))
			return true;
	return false;
}

/* rtnetlink checks that work on any kernel with vxlan. */
static void test_rtnl(struct rtnl *r, bool with_ovs)
{
	struct vportnl_err err;
	struct link_info li;
	char name[VPORTNL_NAMSIZ];
	int ret;

	ret = rtnl_link_get(r, "nls-nosuch", &li, &err);
	check_ret(ret, -ENODEV, &err, "rtnl get missing link -> ENODEV");

	ret = rtnl_link_get(r, "lo", &li, &err);
	check(!ret && li.ifindex == 1 && !strcmp(li.name, "lo") && li.mtu > 0,
	      "rtnl get lo", "%s ifindex=%d mtu=%u", errstr(ret, &err), li.ifindex, li.mtu);

	if (sh("ip link add nls-vx0 type vxlan dstport 4789 external 2>/dev/null")) {
		skip("rtnl vxlan checks", "cannot create a vxlan link here");
		return;
	}
	ret = rtnl_link_get(r, "nls-vx0", &li, &err);
	check(!ret && !strcmp(li.kind, "vxlan") && li.has_dst_port && li.dst_port == 4789 &&
	      li.collect_md, "rtnl get vxlan kind/port/collect_md",
	      "%s kind=%s port=%u md=%d", errstr(ret, &err), li.kind, li.dst_port, li.collect_md);

	clear_lines();
	ret = rtnl_udp_port_user(r, "vxlan", 4789, NULL, name, &err);
	check(ret == 1 && (with_ovs || !strcmp(name, "nls-vx0")), "rtnl udp port user found",
	      "%s name=%s", errstr(ret, &err), name);
	check(have_line("-> RTM_GETLINK dump kind=vxlan") &&
	      have_line("<- RTM_NEWLINK ifindex="), "rtnl verbose lines", "lines: %d", n_lines);
	ret = rtnl_udp_port_user(r, "vxlan", 4789, "nls-vx0", name, &err);
	check(ret == (with_ovs ? 1 : 0), "rtnl udp port user except self",
	      "%s name=%s", errstr(ret, &err), name);
	ret = rtnl_udp_port_user(r, "vxlan", 4790, NULL, name, &err);
	check(ret == 0, "rtnl udp port user other port", "%s name=%s", errstr(ret, &err), name);
	ret = rtnl_udp_port_user(r, NULL, 4789, NULL, name, &err);
	check(ret == 1, "rtnl udp port user any kind", "%s name=%s", errstr(ret, &err), name);

	ret = rtnl_link_set_mtu(r, li.ifindex, 1400, &err);
	check_ret(ret, 0, &err, "rtnl set mtu 1400");
	ret = rtnl_link_get(r, "nls-vx0", &li, &err);
	check(!ret && li.mtu == 1400, "rtnl mtu reads back", "%s mtu=%u", errstr(ret, &err),
	      li.mtu);
	clear_lines();
	ret = rtnl_link_set_mtu(r, li.ifindex, 1000000, &err);
	check(ret == -EINVAL && err.msg[0], "rtnl set mtu too big -> EINVAL + extack", "%s",
	      errstr(ret, &err));
	check(have_line("<- error -22 (Invalid argument): "), "rtnl error log line",
	      "%s", n_lines ? lines[n_lines - 1] : "(none)");
	ret = rtnl_link_set_mtu(r, 999999, 1400, &err);
	check_ret(ret, -ENODEV, &err, "rtnl set mtu missing ifindex -> ENODEV");
	sh("ip link del nls-vx0 2>/dev/null");
}

/* ---- flows ---- */

static struct ovsnl_flow mkflow(const uint8_t tag, const struct ovsnl_match *m,
				const struct ovsnl_action *a, size_t n, struct ovsnl_bytes *key,
				struct ovsnl_bytes *mask, struct ovsnl_bytes *acts)
{
	struct ovsnl_flow f = { .key = NULL };

	memset(f.ufid, tag, sizeof(f.ufid));
	if (ovsnl_match_encode(m, key, mask) || ovsnl_actions_encode(a, n, acts))
		abort();
	f.key = key->data;
	f.key_len = key->len;
	f.mask = mask->data;
	f.mask_len = mask->len;
	f.actions = acts->data;
	f.actions_len = acts->len;
	return f;
}

static void v4(uint8_t *dst, const char *s)
{
	inet_pton(AF_INET, s, dst);
}

/* The kernel's copy of f, decoded and encoded again, must be f's actions byte for byte. */
static bool roundtrip(struct ovsnl *nl, int dpif, const struct ovsnl_flow *f, const char *name)
{
	struct ovsnl_flow_info fi;
	struct ovsnl_bytes canon = { 0 };
	struct vportnl_err err;
	bool ok;
	int ret;

	ret = ovsnl_flow_get(nl, dpif, f->ufid, &fi, &err);
	if (ret) {
		check(false, name, "get: %s", errstr(ret, &err));
		return false;
	}
	ret = ovsnl_actions_canonical(fi.f.actions, fi.f.actions_len, &canon);
	ok = !ret && fi.has_ufid && !memcmp(fi.f.ufid, f->ufid, OVSNL_UFID_LEN) &&
	     canon.len == f->actions_len && !memcmp(canon.data, f->actions, canon.len);
	{
		char *k = ovsnl_format_key(fi.f.key, fi.f.key_len, fi.f.mask, fi.f.mask_len);
		char *a = ovsnl_format_actions(fi.f.actions, fi.f.actions_len);

		check(ok, name, "canonical=%d len %zu vs %zu; kernel has %s actions:%s", ret,
		      canon.len, f->actions_len, k ? k : "?", a ? a : "?");
		if (verbose)
			printf("      %s actions:%s\n", k ? k : "?", a ? a : "?");
		free(k);
		free(a);
	}
	ovsnl_bytes_free(&canon);
	ovsnl_flow_info_clear(&fi);
	return ok;
}

static void test_flow_formats(void)
{
	struct ovsnl_bytes key = { 0 }, mask = { 0 }, acts = { 0 };
	struct ovsnl_match m = { .in_port = 3 };
	struct ovsnl_action a[3] = {
		{ .type = OVSNL_ACT_OUTPUT, .port = 1 },
		{ .type = OVSNL_ACT_SET_TUNNEL,
		  .tun = { .attrs = OVSNL_TUN_ID | OVSNL_TUN_DST | OVSNL_TUN_TTL | OVSNL_TUN_DF,
			   .family = AF_INET, .id = 100, .ttl = 64 } },
		{ .type = OVSNL_ACT_OUTPUT, .port = 2 },
	};
	struct ovsnl_flow f;
	char *s;

	v4(a[1].tun.dst, "192.0.2.2");
	f = mkflow(0xab, &m, a, 3, &key, &mask, &acts);
	s = ovsnl_format_key(f.key, f.key_len, f.mask, f.mask_len);
	check(s && !strcmp(s, "in_port(3),eth()"), "format flow key in_port", "'%s'", s);
	free(s);
	s = ovsnl_format_actions(f.actions, f.actions_len);
	check(s && !strcmp(s, "1,set(tunnel(tun_id=0x64,dst=192.0.2.2,ttl=64,flags(df|key))),2"),
	      "format flow actions", "'%s'", s);
	free(s);
	s = ovsnl_format_actions(NULL, 0);
	check(s && !strcmp(s, "drop"), "format empty actions as drop", "'%s'", s);
	free(s);

	m.has_tunnel = true;
	m.tun = (struct ovsnl_tunnel){ .attrs = OVSNL_TUN_ID | OVSNL_TUN_SRC | OVSNL_TUN_DST |
					       OVSNL_TUN_TTL,
				       .family = AF_INET, .id = 100, .ttl = 64 };
	v4(m.tun.src, "192.0.2.2");
	v4(m.tun.dst, "192.0.2.1");
	m.tun_mask = (struct ovsnl_tunnel){ .attrs = OVSNL_TUN_ID | OVSNL_TUN_SRC | OVSNL_TUN_DST |
						    OVSNL_TUN_TTL,
					    .family = AF_INET, .id = UINT64_MAX };
	memset(m.tun_mask.src, 0xff, 4);
	f = mkflow(0xab, &m, a, 1, &key, &mask, &acts);
	s = ovsnl_format_key(f.key, f.key_len, f.mask, f.mask_len);
	check(s && !strcmp(s, "tunnel(tun_id=0x64,src=192.0.2.2,dst=192.0.2.1/0.0.0.0,ttl=64/0x0,"
			      "flags(+key)),in_port(3),eth()"),
	      "format flow key tunnel", "'%s'", s);
	free(s);
	s = ovsnl_format_flow_req(OVS_FLOW_CMD_DEL, &f);
	check(s && !strcmp(s, "OVS_FLOW_CMD_DEL ufid=abababab-abab-abab-abab-abababababab"),
	      "format flow del", "'%s'", s);
	free(s);
	ovsnl_bytes_free(&key);
	ovsnl_bytes_free(&mask);
	ovsnl_bytes_free(&acts);
}

static void test_flows(struct ovsnl *nl, int dpif)
{
	struct ovsnl_bytes key = { 0 }, mask = { 0 }, acts = { 0 };
	struct ovsnl_action *many;
	struct ovsnl_flow_info *fl;
	struct vportnl_err err;
	struct ovsnl_match m = { .in_port = 1 };
	struct ovsnl_action out[3] = {
		{ .type = OVSNL_ACT_OUTPUT, .port = 2 },
		{ .type = OVSNL_ACT_SET_TUNNEL,
		  .tun = { .attrs = OVSNL_TUN_ID | OVSNL_TUN_DST | OVSNL_TUN_SRC | OVSNL_TUN_TTL |
				    OVSNL_TUN_TOS | OVSNL_TUN_DF | OVSNL_TUN_CSUM,
			   .family = AF_INET, .id = 100, .ttl = 64, .tos = 0x10 } },
		{ .type = OVSNL_ACT_OUTPUT, .port = 3 },
	};
	struct ovsnl_flow f;
	size_t n, i, nmany;
	int ret;

	ret = ovsnl_flow_dump(nl, dpif, &fl, &n, &err);
	check(!ret && n == 0, "flow_dump empty", "%s n=%zu", errstr(ret, &err), n);
	if (ret == -EOPNOTSUPP || ret == -ENOENT)
		return;
	if (!ret)
		ovsnl_flow_info_free(fl, n);

	v4(out[1].tun.dst, "192.0.2.2");
	v4(out[1].tun.src, "192.0.2.1");
	f = mkflow(0x11, &m, out, 1, &key, &mask, &acts);
	clear_lines();
	ret = ovsnl_flow_new(nl, dpif, &f, &err);
	check_ret(ret, 0, &err, "flow_new in_port(1),eth() -> 2");
	check(have_line("-> OVS_FLOW_CMD_NEW ufid=11111111-1111-1111-1111-111111111111 "
			"key=in_port(1),eth() actions=2"), "flow_new verbose line", "%s",
	      n_lines ? lines[0] : "(none)");
	roundtrip(nl, dpif, &f, "flow_get returns the actions sent");
	ret = ovsnl_flow_new(nl, dpif, &f, &err);
	check_ret(ret, -EEXIST, &err, "flow_new again -> EEXIST");

	f = mkflow(0x11, &m, out, 3, &key, &mask, &acts);
	ret = ovsnl_flow_set(nl, dpif, &f, &err);
	check_ret(ret, 0, &err, "flow_set: output, set(tunnel) with every field, output");
	roundtrip(nl, dpif, &f, "set(tunnel) comes back as sent");

	/* From a vxlan tunnel: key and src exact, dst and ttl present but masked out. */
	m = (struct ovsnl_match){ .in_port = 3, .has_tunnel = true };
	m.tun = (struct ovsnl_tunnel){ .attrs = OVSNL_TUN_ID | OVSNL_TUN_SRC | OVSNL_TUN_DST |
					       OVSNL_TUN_TTL,
				       .family = AF_INET, .id = 100, .ttl = 64 };
	v4(m.tun.src, "192.0.2.2");
	v4(m.tun.dst, "192.0.2.1");
	m.tun_mask = (struct ovsnl_tunnel){ .attrs = OVSNL_TUN_ID | OVSNL_TUN_SRC | OVSNL_TUN_DST |
						    OVSNL_TUN_TTL,
					    .family = AF_INET, .id = UINT64_MAX };
	memset(m.tun_mask.src, 0xff, 4);
	f = mkflow(0x22, &m, out, 1, &key, &mask, &acts);
	ret = ovsnl_flow_new(nl, dpif, &f, &err);
	check_ret(ret, 0, &err, "flow_new from a tunnel (dst and ttl masked out)");
	/* The same packets under another UFID: the kernel finds the overlap. */
	f.ufid[0] = 0x23;
	ret = ovsnl_flow_new(nl, dpif, &f, &err);
	check_ret(ret, -EEXIST, &err, "flow_new overlapping match, other ufid -> EEXIST");

	/* gre without a key: the KEY flag matched clear (in the mask, not in the key). */
	m.tun.attrs &= ~OVSNL_TUN_ID;
	m.tun.id = 0;
	f = mkflow(0x33, &m, out, 1, &key, &mask, &acts);
	ret = ovsnl_flow_new(nl, dpif, &f, &err);
	check_ret(ret, 0, &err, "flow_new from a tunnel without key (flags(-key))");

	/* IPv6 underlay */
	m.tun = (struct ovsnl_tunnel){ .attrs = OVSNL_TUN_ID | OVSNL_TUN_SRC | OVSNL_TUN_DST |
					       OVSNL_TUN_TTL,
				       .family = AF_INET6, .id = 7, .ttl = 64 };
	inet_pton(AF_INET6, "2001:db8::2", m.tun.src);
	inet_pton(AF_INET6, "2001:db8::1", m.tun.dst);
	m.tun_mask = (struct ovsnl_tunnel){ .attrs = OVSNL_TUN_ID | OVSNL_TUN_SRC | OVSNL_TUN_DST |
						    OVSNL_TUN_TTL,
					    .family = AF_INET6, .id = UINT64_MAX };
	memset(m.tun_mask.src, 0xff, 16);
	out[1].tun.family = AF_INET6;
	memcpy(out[1].tun.dst, m.tun.src, 16);
	memcpy(out[1].tun.src, m.tun.dst, 16);
	f = mkflow(0x44, &m, out, 3, &key, &mask, &acts);
	ret = ovsnl_flow_new(nl, dpif, &f, &err);
	check_ret(ret, 0, &err, "flow_new IPv6 tunnel match, IPv6 set(tunnel)");
	roundtrip(nl, dpif, &f, "IPv6 set(tunnel) comes back as sent");

	/* Large action lists: vportctl's limit is taken, one attribute's worth is not. */
	nmany = 65520 / 8;
	many = calloc(nmany, sizeof(*many));
	if (!many)
		abort();
	for (i = 0; i < nmany; i++)
		many[i] = (struct ovsnl_action){ .type = OVSNL_ACT_OUTPUT, .port = 1 + i };
	m = (struct ovsnl_match){ .in_port = 9 };
	f = mkflow(0x55, &m, many, OVSNL_ACTIONS_MAX / 8, &key, &mask, &acts);
	ret = ovsnl_flow_new(nl, dpif, &f, &err);
	check_ret(ret, 0, &err, "flow_new with OVSNL_ACTIONS_MAX bytes of actions");
	m.in_port = 10;
	f = mkflow(0x66, &m, many, nmany, &key, &mask, &acts);
	ret = ovsnl_flow_new(nl, dpif, &f, &err);
	check_ret(ret, -EMSGSIZE, &err, "flow_new with 65520 bytes of actions -> EMSGSIZE");
	nmany = OVSNL_ACTIONS_MAX / 8;
	free(many);

	ret = ovsnl_flow_dump(nl, dpif, &fl, &n, &err);
	{
		bool big = false, all = true;

		for (i = 0; !ret && i < n; i++) {
			all &= fl[i].has_ufid && fl[i].has_actions;
			if (fl[i].has_ufid && fl[i].f.ufid[0] == 0x55)
				big = fl[i].f.actions_len == nmany * 8;
		}
		check(!ret && n == 5 && all && big,
		      "flow_dump: every flow with its actions, the long one fetched alone",
		      "%s n=%zu all=%d big=%d", errstr(ret, &err), n, all, big);
	}
	if (!ret)
		ovsnl_flow_info_free(fl, n);

	{
		uint8_t u[OVSNL_UFID_LEN];

		memset(u, 0x11, sizeof(u));
		ret = ovsnl_flow_del(nl, dpif, u, &err);
		check_ret(ret, 0, &err, "flow_del by ufid");
		ret = ovsnl_flow_del(nl, dpif, u, &err);
		check_ret(ret, -ENOENT, &err, "flow_del again -> ENOENT");
		ret = ovsnl_flow_get(nl, dpif, u, &(struct ovsnl_flow_info){ 0 }, &err);
		check_ret(ret, -ENOENT, &err, "flow_get deleted -> ENOENT");
	}
	ovsnl_bytes_free(&key);
	ovsnl_bytes_free(&mask);
	ovsnl_bytes_free(&acts);
}

static void test_ovs(struct ovsnl *nl, struct rtnl *r)
{
	struct ovs_dp_info dp, dp2, *dps;
	struct ovs_vport_info vi, *vps;
	struct vportnl_err err;
	struct link_info li;
	struct ovs_vport_req req;
	char want[256];
	size_t n, i;
	int ret, dpif;
	bool found, have_veth;

	ret = ovsnl_dp_get(nl, DP_NAME, &dp, &err);
	check_ret(ret, -ENODEV, &err, "dp_get missing -> ENODEV");

	clear_lines();
	ret = ovsnl_dp_new(nl, DP_NAME, &dp, &err);
	check(!ret && dp.ifindex > 0 && !strcmp(dp.name, DP_NAME) &&
	      dp.user_features == (OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS),
	      "dp_new", "%s ifindex=%d name=%s features=%#x", errstr(ret, &err), dp.ifindex,
	      dp.name, dp.user_features);
	if (ret)
		return;
	dpif = dp.ifindex;
	check(have_line("-> OVS_DP_CMD_NEW name=" DP_NAME
			" upcall_pid=0 user_features=UNALIGNED|VPORT_PIDS") &&
	      have_line("<- OVS_DP_CMD_NEW dp_ifindex="), "dp_new verbose lines", "%s / %s",
	      n_lines > 0 ? lines[0] : "", n_lines > 1 ? lines[1] : "");

	ret = ovsnl_dp_new(nl, DP_NAME, NULL, &err);
	check_ret(ret, -EEXIST, &err, "dp_new again -> EEXIST");

	ret = ovsnl_dp_get(nl, DP_NAME, &dp2, &err);
	check(!ret && dp2.ifindex == dpif && dp2.has_stats && dp2.has_megaflow_stats,
	      "dp_get by name", "%s ifindex=%d stats=%d", errstr(ret, &err), dp2.ifindex,
	      dp2.has_stats);

	ret = ovsnl_dp_dump(nl, &dps, &n, &err);
	found = false;
	for (i = 0; !ret && i < n; i++)
		found |= dps[i].ifindex == dpif && !strcmp(dps[i].name, DP_NAME);
	check(!ret && found, "dp_dump lists it", "%s n=%zu", errstr(ret, &err), n);
	if (!ret)
		free(dps);

	/* internal, first free number */
	req = (struct ovs_vport_req){ .name = "nls-int0", .type = OVS_VPORT_TYPE_INTERNAL };
	clear_lines();
	ret = ovsnl_vport_new(nl, dpif, &req, &vi, &err);
	check(!ret && vi.port_no == 1 && vi.type == OVS_VPORT_TYPE_INTERNAL &&
	      !strcmp(vi.name, "nls-int0") && vi.dp_ifindex == dpif && vi.n_upcall_pids == 1 &&
	      vi.upcall_pid == 0, "vport_new internal",
	      "%s port_no=%u type=%u name=%s pids=%u", errstr(ret, &err), vi.port_no, vi.type,
	      vi.name, vi.n_upcall_pids);
	snprintf(want, sizeof(want),
		 "-> OVS_VPORT_CMD_NEW dp_ifindex=%d name=nls-int0 type=internal upcall_pid=0",
		 dpif);
	check(have_line(want) &&
	      have_line("<- OVS_VPORT_CMD_NEW port_no=1 name=nls-int0 type=internal"),
	      "vport_new verbose lines", "%s / %s", n_lines > 0 ? lines[0] : "",
	      n_lines > 1 ? lines[1] : "");

	/* vxlan with gbp */
	req = (struct ovs_vport_req){
		.name = "vxlan_sys_4789", .type = OVS_VPORT_TYPE_VXLAN,
		.has_dst_port = true, .dst_port = 4789, .gbp = true,
	};
	ret = ovsnl_vport_new(nl, dpif, &req, &vi, &err);
	check(!ret && vi.type == OVS_VPORT_TYPE_VXLAN && vi.has_dst_port &&
	      vi.dst_port == 4789 && vi.gbp, "vport_new vxlan 4789 gbp",
	      "%s type=%u dst_port=%d/%u gbp=%d", errstr(ret, &err), vi.type, vi.has_dst_port,
	      vi.dst_port, vi.gbp);
	ret = rtnl_link_get(r, "vxlan_sys_4789", &li, &err);
	check(!ret && !strcmp(li.kind, "vxlan") && li.dst_port == 4789 && li.collect_md &&
	      li.ifindex == vi.ifindex, "vxlan backer seen by rtnl",
	      "%s kind=%s port=%u md=%d ifindex=%d/%d", errstr(ret, &err), li.kind, li.dst_port,
	      li.collect_md, li.ifindex, vi.ifindex);
	check(!ret && li.master == dpif && (li.flags & 1 /* IFF_UP */), "vxlan backer up, master=dp",
	      "master=%d flags=%#x", li.master, li.flags);

	/* geneve */
	req = (struct ovs_vport_req){
		.name = "genev_sys_6081", .type = OVS_VPORT_TYPE_GENEVE,
		.has_dst_port = true, .dst_port = 6081,
	};
	ret = ovsnl_vport_new(nl, dpif, &req, &vi, &err);
	check(!ret && vi.type == OVS_VPORT_TYPE_GENEVE && vi.has_dst_port &&
	      vi.dst_port == 6081 && !vi.gbp, "vport_new geneve 6081",
	      "%s type=%u dst_port=%u", errstr(ret, &err), vi.type, vi.dst_port);
	ret = rtnl_link_get(r, "genev_sys_6081", &li, &err);
	check(!ret && !strcmp(li.kind, "geneve") && li.dst_port == 6081 && li.collect_md,
	      "geneve backer seen by rtnl", "%s kind=%s port=%u md=%d", errstr(ret, &err),
	      li.kind, li.dst_port, li.collect_md);

	/* gre */
	req = (struct ovs_vport_req){ .name = "gre_sys", .type = OVS_VPORT_TYPE_GRE };
	ret = ovsnl_vport_new(nl, dpif, &req, &vi, &err);
	check(!ret && vi.type == OVS_VPORT_TYPE_GRE && !vi.has_dst_port, "vport_new gre",
	      "%s type=%u", errstr(ret, &err), vi.type);

	/* a Linux vxlan device already holds the UDP port: what does the kernel say? */
	if (!sh("ip link add nls-vx9 type vxlan dstport 4790 external 2>/dev/null && "
		"ip link set nls-vx9 up 2>/dev/null")) {
		req = (struct ovs_vport_req){
			.name = "vxlan_sys_4790", .type = OVS_VPORT_TYPE_VXLAN,
			.has_dst_port = true, .dst_port = 4790,
		};
		ret = ovsnl_vport_new(nl, dpif, &req, &vi, &err);
		printf("     vxlan on a busy port: %s\n", errstr(ret, &err));
		if (ret) {
			check(rtnl_link_get(r, "vxlan_sys_4790", &li, &err) == -ENODEV,
			      "busy port: vport_new failed and left no device", "%s",
			      errstr(-1, &err));
		} else {
			ret = rtnl_link_get(r, "vxlan_sys_4790", &li, &err);
			printf("     busy port: vport created, device %s flags=%#x\n",
			       ret ? "missing" : "present", li.flags);
			check(ret || !(li.flags & 1), "busy port: backer is not up", "%s", "");
			ovsnl_vport_del(nl, dpif, "vxlan_sys_4790", 0, &err);
		}
		ret = rtnl_udp_port_user(r, "vxlan", 4790, "vxlan_sys_4790", want, &err);
		check(ret == 1 && !strcmp(want, "nls-vx9"), "busy port: rtnl names the holder",
		      "%s name=%s", errstr(ret, &err), want);
		sh("ip link del nls-vx9");
	} else {
		skip("busy port", "cannot create a vxlan link");
	}

	/* vxlan without options -> EINVAL */
	req = (struct ovs_vport_req){ .name = "vxlan_sys_0", .type = OVS_VPORT_TYPE_VXLAN };
	ret = ovsnl_vport_new(nl, dpif, &req, &vi, &err);
	check_ret(ret, -EINVAL, &err, "vport_new vxlan without OPTIONS -> EINVAL");

	/* explicit port number, then EBUSY */
	req = (struct ovs_vport_req){
		.name = "nls-int10", .type = OVS_VPORT_TYPE_INTERNAL, .port_no = 10,
	};
	ret = ovsnl_vport_new(nl, dpif, &req, &vi, &err);
	check(!ret && vi.port_no == 10, "vport_new explicit port_no 10", "%s port_no=%u",
	      errstr(ret, &err), vi.port_no);
	req.name = "nls-int11";
	clear_lines();
	ret = ovsnl_vport_new(nl, dpif, &req, &vi, &err);
	check_ret(ret, -EBUSY, &err, "vport_new port_no in use -> EBUSY");
	check(have_line("<- error -16 (Device or resource busy)"), "error verbose line", "%s",
	      n_lines ? lines[n_lines - 1] : "(none)");
	req.port_no = 65535;
	ret = ovsnl_vport_new(nl, dpif, &req, &vi, &err);
	check_ret(ret, -EFBIG, &err, "vport_new port_no 65535 -> EFBIG");

	/* name taken, missing netdev, bad name, bad type, bad datapath */
	req = (struct ovs_vport_req){ .name = "nls-int0", .type = OVS_VPORT_TYPE_INTERNAL };
	ret = ovsnl_vport_new(nl, dpif, &req, &vi, &err);
	check_ret(ret, -EEXIST, &err, "vport_new name taken -> EEXIST");
	req = (struct ovs_vport_req){ .name = "nls-nosuch", .type = OVS_VPORT_TYPE_NETDEV };
	ret = ovsnl_vport_new(nl, dpif, &req, &vi, &err);
	check_ret(ret, -ENODEV, &err, "vport_new netdev missing -> ENODEV");
	req = (struct ovs_vport_req){ .name = "lo", .type = OVS_VPORT_TYPE_NETDEV };
	ret = ovsnl_vport_new(nl, dpif, &req, &vi, &err);
	check_ret(ret, -EINVAL, &err, "vport_new netdev loopback -> EINVAL");
	req = (struct ovs_vport_req){
		.name = "nls-name-much-too-long", .type = OVS_VPORT_TYPE_INTERNAL,
	};
	ret = ovsnl_vport_new(nl, dpif, &req, &vi, &err);
	check((ret == -EINVAL || ret == -ERANGE) && err.msg[0],
	      "vport_new name too long -> EINVAL/ERANGE + extack", "%s", errstr(ret, &err));
	if (err.msg[0])
		printf("     extack: %s\n", err.msg);
	req = (struct ovs_vport_req){ .name = "nls-bad", .type = 99 };
	ret = ovsnl_vport_new(nl, dpif, &req, &vi, &err);
	check_ret(ret, -EAFNOSUPPORT, &err, "vport_new unknown type -> EAFNOSUPPORT");
	req = (struct ovs_vport_req){ .name = "nls-int2", .type = OVS_VPORT_TYPE_INTERNAL };
	ret = ovsnl_vport_new(nl, 1 /* lo */, &req, &vi, &err);
	check_ret(ret, -ENODEV, &err, "vport_new on a non-datapath -> ENODEV");

	/* a system port */
	have_veth = !sh("ip link add nls-veth0 type veth peer name nls-veth1 2>/dev/null");
	if (have_veth) {
		req = (struct ovs_vport_req){ .name = "nls-veth0", .type = OVS_VPORT_TYPE_NETDEV };
		ret = ovsnl_vport_new(nl, dpif, &req, &vi, &err);
		check(!ret && vi.type == OVS_VPORT_TYPE_NETDEV && vi.port_no > 0,
		      "vport_new netdev veth", "%s port_no=%u", errstr(ret, &err), vi.port_no);
		req.name = "nls-veth0";
		ret = ovsnl_vport_new(nl, dpif, &req, &vi, &err);
		check(ret == -EEXIST || ret == -EBUSY, "vport_new netdev twice -> EEXIST/EBUSY",
		      "%s", errstr(ret, &err));
	} else {
		skip("vport_new netdev veth", "cannot create veth");
	}

	/* get */
	ret = ovsnl_vport_get(nl, dpif, "nls-int10", 0, &vi, &err);
	check(!ret && vi.port_no == 10 && vi.type == OVS_VPORT_TYPE_INTERNAL && vi.has_stats &&
	      vi.ifindex > 0, "vport_get by name", "%s port_no=%u", errstr(ret, &err), vi.port_no);
	ret = ovsnl_vport_get(nl, 0, "nls-int10", 0, &vi, &err);
	check(!ret && vi.port_no == 10 && vi.dp_ifindex == dpif, "vport_get by name, dp_ifindex 0",
	      "%s", errstr(ret, &err));
	ret = ovsnl_vport_get(nl, dpif, NULL, 10, &vi, &err);
	check(!ret && !strcmp(vi.name, "nls-int10"), "vport_get by number", "%s name=%s",
	      errstr(ret, &err), vi.name);
	ret = ovsnl_vport_get(nl, dpif, NULL, 0, &vi, &err);
	check(!ret && !strcmp(vi.name, DP_NAME) && vi.type == OVS_VPORT_TYPE_INTERNAL,
	      "vport_get local port 0", "%s name=%s", errstr(ret, &err), vi.name);
	ret = ovsnl_vport_get(nl, dpif, "nls-nosuch", 0, &vi, &err);
	check_ret(ret, -ENODEV, &err, "vport_get missing name -> ENODEV");
	ret = ovsnl_vport_get(nl, dpif, NULL, 33, &vi, &err);
	check_ret(ret, -ENODEV, &err, "vport_get missing number -> ENODEV");
	ret = ovsnl_vport_get(nl, dpif, "vxlan_sys_4789", 0, &vi, &err);
	check(!ret && vi.has_dst_port && vi.dst_port == 4789 && vi.gbp,
	      "vport_get vxlan options", "%s", errstr(ret, &err));

	/* dump */
	ret = ovsnl_vport_dump(nl, dpif, &vps, &n, &err);
	found = !ret && n >= 6;
	for (i = 1; found && i < n; i++)
		found = vps[i - 1].port_no < vps[i].port_no;
	check(found && find_vport(vps, n, 0, DP_NAME) && find_vport(vps, n, 1, "nls-int0") &&
	      find_vport(vps, n, 10, "nls-int10"), "vport_dump sorted, complete",
	      "%s n=%zu", errstr(ret, &err), n);
	if (!ret) {
		for (i = 0; i < n; i++)
			printf("     port %u: %s (%s)\n", vps[i].port_no, vps[i].name,
			       ovsnl_vport_type_name(vps[i].type));
		free(vps);
	}
	ret = ovsnl_vport_dump(nl, 1, &vps, &n, &err);
	check_ret(ret, -ENODEV, &err, "vport_dump of a non-datapath -> ENODEV");

	/* enough ports that the dump spans several datagrams */
	for (i = 0; i < (size_t)n_many; i++) {
		char pname[VPORTNL_NAMSIZ];

		snprintf(pname, sizeof(pname), "nls-m%u", (unsigned int)(i % 100000));
		req = (struct ovs_vport_req){ .name = pname, .type = OVS_VPORT_TYPE_INTERNAL };
		ret = ovsnl_vport_new(nl, dpif, &req, NULL, &err);
		if (ret)
			break;
	}
	check(!ret, "create many internal ports", "%s after %zu", errstr(ret, &err), i);
	ovsnl_set_log(nl, NULL, NULL);
	ret = ovsnl_vport_dump(nl, dpif, &vps, &n, &err);
	ovsnl_set_log(nl, log_line, NULL);
	found = !ret && n >= (size_t)n_many + 7;
	for (i = 1; found && i < n; i++)
		found = vps[i - 1].port_no < vps[i].port_no;
	check(found, "vport_dump multi-part, sorted", "%s n=%zu", errstr(ret, &err), n);
	if (!ret)
		free(vps);

	/* rtnl against OVS's own devices */
	ret = rtnl_link_get(r, "nls-int0", &li, &err);
	check(!ret && !strcmp(li.kind, "openvswitch"), "internal port kind=openvswitch",
	      "%s kind=%s", errstr(ret, &err), li.kind);
	ret = rtnl_link_set_mtu(r, li.ifindex, 1400, &err);
	check_ret(ret, 0, &err, "set mtu on internal port");
	test_rtnl(r, true);

	/* delete */
	ret = ovsnl_vport_del(nl, dpif, "vxlan_sys_4789", 0, &err);
	check_ret(ret, 0, &err, "vport_del vxlan by name");
	ret = rtnl_link_get(r, "vxlan_sys_4789", &li, &err);
	check_ret(ret, -ENODEV, &err, "vxlan backer gone after del");
	ret = ovsnl_vport_del(nl, dpif, NULL, 10, &err);
	check_ret(ret, 0, &err, "vport_del by number");
	ret = ovsnl_vport_del(nl, dpif, NULL, 10, &err);
	check_ret(ret, -ENODEV, &err, "vport_del again -> ENODEV");
	ret = ovsnl_vport_del(nl, dpif, NULL, 0, &err);
	check_ret(ret, -EINVAL, &err, "vport_del local port -> EINVAL");
	ret = ovsnl_vport_del(nl, dpif, "nls-nosuch", 0, &err);
	check_ret(ret, -ENODEV, &err, "vport_del missing name -> ENODEV");

	test_flows(nl, dpif);

	clear_lines();
	ret = ovsnl_dp_del(nl, dpif, &err);
	check_ret(ret, 0, &err, "dp_del");
	snprintf(want, sizeof(want), "-> OVS_DP_CMD_DEL dp_ifindex=%d", dpif);
	check(have_line(want) && have_line("<- OVS_DP_CMD_DEL dp_ifindex="),
	      "dp_del verbose lines", "%s", n_lines ? lines[0] : "(none)");
	ret = ovsnl_dp_get(nl, DP_NAME, &dp, &err);
	check_ret(ret, -ENODEV, &err, "dp_get after del -> ENODEV");
	ret = rtnl_link_get(r, "genev_sys_6081", &li, &err);
	check_ret(ret, -ENODEV, &err, "geneve backer gone with the datapath");
	if (have_veth) {
		ret = rtnl_link_get(r, "nls-veth0", &li, &err);
		check(!ret && li.master == 0, "system port released, not deleted",
		      "%s master=%d", errstr(ret, &err), li.master);
	}
	ret = ovsnl_dp_del(nl, dpif, &err);
	check_ret(ret, -ENODEV, &err, "dp_del again -> ENODEV");
	sh("ip link del nls-veth0 2>/dev/null");
}

int main(int argc, char **argv)
{
	struct vportnl_err err;
	struct ovsnl *nl;
	struct rtnl *r;
	int timeout_ms = 5000;
	int opt, ret;

	while ((opt = getopt(argc, argv, "vt:n:")) != -1) {
		switch (opt) {
		case 'v':
			verbose = true;
			break;
		case 't':
			timeout_ms = atoi(optarg);
			break;
		case 'n':
			n_many = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: nlsmoke [-v] [-t TIMEOUT_MS] [-n MANY_PORTS]\n");
			return 64;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	test_formats();
	test_flow_formats();
	test_timeout();

	ret = rtnl_open(&r, timeout_ms);
	check(!ret, "rtnl_open", "%d (%s)", ret, strerror(-ret));
	if (ret)
		return 1;
	rtnl_set_log(r, log_line, NULL);

	ret = ovsnl_open(&nl, timeout_ms, &err);
	if (ret == -ENOENT) {
		check(true, "ovsnl_open without the families -> ENOENT", "%s", "");
		skip("ovs checks", "no ovs_datapath family (load openvswitch or vportdp)");
		test_rtnl(r, false);
	} else {
		check_ret(ret, 0, &err, "ovsnl_open");
		if (!ret) {
			ovsnl_set_log(nl, log_line, NULL);
			test_ovs(nl, r);
			ovsnl_close(nl);
		}
	}
	rtnl_close(r);
	printf("nlsmoke: %d passed, %d failed, %d skipped\n", n_pass, n_fail, n_skip);
	return n_fail ? 1 : 0;
}
