/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vportnl.h - the only interface between vportctl's command layer and netlink.
 *
 * Two sockets, two libraries, one role each:
 *   ovsnl_*  generic netlink to the ovs_datapath / ovs_vport families (libnl-genl-3)
 *   rtnl_*   rtnetlink link queries and MTU changes (libmnl)
 *
 * Nothing here prints or exits.  Every function returns 0 or a negative errno;
 * when the kernel sent an extended-ack message it is copied into err->msg
 * (empty string otherwise).  -EAGAIN from a receive means the socket timeout
 * (SO_RCVTIMEO) expired: the caller reports a timeout.
 */
#ifndef VPORTNL_H
#define VPORTNL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/openvswitch.h>

#define VPORTNL_NAMSIZ 16	/* IFNAMSIZ */
#define VPORTNL_MSGSIZ 256

struct vportnl_err {
	int err;			/* negative errno, 0 on success */
	char msg[VPORTNL_MSGSIZ];	/* kernel extack text, or "" */
};

/* Called once per request and once per reply/error when logging is enabled. */
typedef void (*vportnl_log_fn)(void *ctx, const char *line);

/* ---- generic netlink: ovs_datapath / ovs_vport ---- */

struct ovsnl;

struct ovs_dp_info {
	int ifindex;			/* ovs_header.dp_ifindex of the reply */
	char name[VPORTNL_NAMSIZ];
	uint32_t user_features;		/* 0 if absent */
	bool has_per_cpu_pids;		/* OVS_DP_ATTR_PER_CPU_PIDS present */
	bool has_stats;
	uint64_t n_hit, n_missed, n_lost, n_flows;
	bool has_megaflow_stats;
	uint64_t n_mask_hit;
	uint32_t n_masks;
};

struct ovs_vport_stats_s {
	uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes;
	uint64_t rx_errors, tx_errors, rx_dropped, tx_dropped;
};

struct ovs_vport_info {
	int dp_ifindex;
	uint32_t port_no;
	uint32_t type;			/* OVS_VPORT_TYPE_* */
	char name[VPORTNL_NAMSIZ];
	uint32_t n_upcall_pids;		/* number of u32 in UPCALL_PID */
	uint32_t upcall_pid;		/* first upcall pid */
	int ifindex;			/* OVS_VPORT_ATTR_IFINDEX, 0 if absent */
	bool has_dst_port;		/* OPTIONS{DST_PORT} present */
	uint16_t dst_port;		/* host byte order */
	bool gbp;			/* OPTIONS{EXTENSION{GBP}} present */
	bool has_netnsid;		/* NETNSID present: the device is in another netns */
	int32_t netnsid;		/* its id as the datapath's netns knows it */
	bool has_stats;
	struct ovs_vport_stats_s stats;
};

struct ovs_vport_req {
	const char *name;
	uint32_t type;			/* OVS_VPORT_TYPE_* */
	uint32_t port_no;		/* 0: the kernel chooses; else PORT_NO is sent */
	bool has_dst_port;		/* send OPTIONS{DST_PORT} (vxlan, geneve) */
	uint16_t dst_port;		/* host byte order */
	bool gbp;			/* send OPTIONS{EXTENSION{GBP}} (vxlan) */
};

/*
 * Open a generic netlink socket, set NETLINK_EXT_ACK/NETLINK_CAP_ACK and the
 * receive timeout, and resolve the ovs_datapath and ovs_vport families (and the
 * ovs_vport multicast group id, not joined).  -ENOENT: a family is missing
 * (no datapath module loaded).  -EAGAIN: timed out.  timeout_ms <= 0 means
 * no receive timeout (the same for rtnl_open).
 */
int ovsnl_open(struct ovsnl **out, int timeout_ms, struct vportnl_err *err);
void ovsnl_close(struct ovsnl *nl);
void ovsnl_set_log(struct ovsnl *nl, vportnl_log_fn fn, void *ctx);

/* OVS_DP_CMD_GET by name.  -ENODEV if there is no such datapath. */
int ovsnl_dp_get(struct ovsnl *nl, const char *name, struct ovs_dp_info *out,
		 struct vportnl_err *err);
/* OVS_DP_CMD_NEW with NAME, UPCALL_PID=0, USER_FEATURES=UNALIGNED|VPORT_PIDS. */
int ovsnl_dp_new(struct ovsnl *nl, const char *name, struct ovs_dp_info *out,
		 struct vportnl_err *err);
/* OVS_DP_CMD_DEL by dp_ifindex. */
int ovsnl_dp_del(struct ovsnl *nl, int dp_ifindex, struct vportnl_err *err);
/* OVS_DP_CMD_GET dump of every datapath in this netns; *out is malloc'd. */
int ovsnl_dp_dump(struct ovsnl *nl, struct ovs_dp_info **out, size_t *n,
		  struct vportnl_err *err);

/* OVS_VPORT_CMD_NEW (UPCALL_PID = one u32 0); *out gets the echoed vport. */
int ovsnl_vport_new(struct ovsnl *nl, int dp_ifindex, const struct ovs_vport_req *req,
		    struct ovs_vport_info *out, struct vportnl_err *err);
/* OVS_VPORT_CMD_DEL by NAME if name != NULL, else by PORT_NO. */
int ovsnl_vport_del(struct ovsnl *nl, int dp_ifindex, const char *name, uint32_t port_no,
		    struct vportnl_err *err);
/* OVS_VPORT_CMD_GET by NAME if name != NULL, else by PORT_NO.  -ENODEV if absent. */
int ovsnl_vport_get(struct ovsnl *nl, int dp_ifindex, const char *name, uint32_t port_no,
		    struct ovs_vport_info *out, struct vportnl_err *err);
/*
 * OVS_VPORT_CMD_GET dump of one datapath; *out is malloc'd, sorted by port_no.
 * A dump interrupted by a concurrent change (NLM_F_DUMP_INTR) is restarted,
 * at most a few times, then -EINTR.
 */
int ovsnl_vport_dump(struct ovsnl *nl, int dp_ifindex, struct ovs_vport_info **out, size_t *n,
		     struct vportnl_err *err);

/* "internal", "netdev", "vxlan", ... or NULL for an unknown type. */
const char *ovsnl_vport_type_name(uint32_t type);
/*
 * One-line description of a request, used by both --verbose and --dry-run:
 *   OVS_VPORT_CMD_NEW name=vxlan_sys_4789 type=vxlan upcall_pid=0 options={dst_port=4789}
 */
void ovsnl_format_vport_new(const struct ovs_vport_req *req, char *buf, size_t len);
/*
 * The other --dry-run lines (added compatibly by netlink/):
 *   OVS_DP_CMD_NEW name=ovs-system upcall_pid=0 user_features=UNALIGNED|VPORT_PIDS
 *   OVS_DP_CMD_DEL name=ovs-system
 *   OVS_VPORT_CMD_DEL name=vxlan_sys_4789      (port_no=N when name is NULL)
 */
void ovsnl_format_dp_new(const char *name, char *buf, size_t len);
void ovsnl_format_dp_del(const char *name, char *buf, size_t len);
void ovsnl_format_vport_del(const char *name, uint32_t port_no, char *buf, size_t len);

/* ---- generic netlink: ovs_flow ---- */

#define OVSNL_UFID_LEN 16
#define OVSNL_UFID_STRLEN 37		/* 8-4-4-4-12 hex digits and a NUL */
/*
 * The longest action stream vportctl sends.  It must fit one netlink
 * attribute (64 KiB with its header); openvswitch.ko on 6.1 was measured to
 * take 64800 bytes of outputs and refuse 65520 with EMSGSIZE.
 */
#define OVSNL_ACTIONS_MAX 64000

/* A growable byte buffer: attribute streams, and strings from the formatters. */
struct ovsnl_bytes {
	void *data;
	size_t len, cap;
};
void ovsnl_bytes_free(struct ovsnl_bytes *b);

/* Which fields of a tunnel key or set(tunnel) action are present. */
enum {
	OVSNL_TUN_ID = 1 << 0,		/* tun_id; in a key also the KEY flag */
	OVSNL_TUN_SRC = 1 << 1,
	OVSNL_TUN_DST = 1 << 2,
	OVSNL_TUN_TOS = 1 << 3,
	OVSNL_TUN_TTL = 1 << 4,
	OVSNL_TUN_DF = 1 << 5,		/* DONT_FRAGMENT flag */
	OVSNL_TUN_CSUM = 1 << 6,	/* CSUM flag */
};

/* OVS_KEY_ATTR_TUNNEL: a key, its mask, or the argument of set(tunnel). */
struct ovsnl_tunnel {
	unsigned int attrs;		/* OVSNL_TUN_* */
	int family;			/* AF_INET or AF_INET6, for src and dst */
	uint64_t id;			/* host byte order */
	uint8_t src[16], dst[16];	/* network byte order; IPv4 in the first 4 */
	uint8_t tos, ttl;
};

/*
 * The match of every vportctl flow: in_port exact, Ethernet present and
 * wildcarded, and for packets from a tunnel the tunnel key under its mask.
 */
struct ovsnl_match {
	uint32_t in_port;
	bool has_tunnel;
	struct ovsnl_tunnel tun, tun_mask;
};

enum ovsnl_action_type { OVSNL_ACT_OUTPUT = 1, OVSNL_ACT_SET_TUNNEL };

struct ovsnl_action {
	enum ovsnl_action_type type;
	uint32_t port;			/* OUTPUT */
	struct ovsnl_tunnel tun;	/* SET_TUNNEL */
};

/* A flow as three attribute streams (payloads of KEY, MASK, ACTIONS) and its UFID. */
struct ovsnl_flow {
	uint8_t ufid[OVSNL_UFID_LEN];
	const void *key, *mask, *actions;
	size_t key_len, mask_len, actions_len;
};

/* A flow as the kernel reports it; the streams point into storage. */
struct ovsnl_flow_info {
	struct ovsnl_flow f;
	bool has_ufid;
	bool has_actions;		/* a dump may leave a long action list out */
	uint64_t packets, bytes;
	uint64_t used;			/* ms of CLOCK_MONOTONIC; 0: never */
	uint8_t tcp_flags;
	void *storage;
};

/*
 * Encoding is deterministic: equal matches and action lists give equal bytes.
 * The encoders empty their output buffers (len = 0) and reuse their memory.
 */
int ovsnl_match_encode(const struct ovsnl_match *m, struct ovsnl_bytes *key,
		       struct ovsnl_bytes *mask);
int ovsnl_actions_encode(const struct ovsnl_action *acts, size_t n, struct ovsnl_bytes *out);
/* OVS_KEY_ATTR_IN_PORT of a key stream; -ENOENT if it has none. */
int ovsnl_match_in_port(const void *key, size_t len, uint32_t *in_port);
/*
 * Decode an action stream; *out is malloc'd.  -EOPNOTSUPP: an action outside
 * output and set(tunnel) without options; -EPROTO: malformed.
 */
int ovsnl_actions_decode(const void *buf, size_t len, struct ovsnl_action **out, size_t *n);
/* Decode and encode again: the kernel's order and omissions become ours. */
int ovsnl_actions_canonical(const void *buf, size_t len, struct ovsnl_bytes *out);

/*
 * As ovs-dpctl dump-flows prints them, e.g.
 *   tunnel(tun_id=0x64,src=192.0.2.2,dst=192.0.2.1/0.0.0.0,ttl=64/0x0,flags(+key)),in_port(2),eth()
 *   set(tunnel(tun_id=0x64,dst=192.0.2.2,ttl=64,flags(df|key))),2
 * Fields outside the subset print as keyN(hex/hex) and actionN(hex).  The
 * strings are malloc'd; NULL when out of memory.
 */
char *ovsnl_format_key(const void *key, size_t key_len, const void *mask, size_t mask_len);
char *ovsnl_format_actions(const void *acts, size_t len);
void ovsnl_format_ufid(const uint8_t ufid[OVSNL_UFID_LEN], char buf[OVSNL_UFID_STRLEN]);
/* --dry-run and --verbose line: OVS_FLOW_CMD_NEW ufid=... key=... actions=... */
char *ovsnl_format_flow_req(uint8_t cmd, const struct ovsnl_flow *f);

/*
 * OVS_FLOW_CMD_NEW with NLM_F_CREATE|NLM_F_EXCL: -EEXIST if a flow with that
 * UFID, or one matching the same packets, is already there.
 */
int ovsnl_flow_new(struct ovsnl *nl, int dp_ifindex, const struct ovsnl_flow *f,
		   struct vportnl_err *err);
/* OVS_FLOW_CMD_SET: new actions for the flow with f's UFID (key and mask sent too). */
int ovsnl_flow_set(struct ovsnl *nl, int dp_ifindex, const struct ovsnl_flow *f,
		   struct vportnl_err *err);
/* OVS_FLOW_CMD_DEL by UFID.  -ENOENT if there is none. */
int ovsnl_flow_del(struct ovsnl *nl, int dp_ifindex, const uint8_t ufid[OVSNL_UFID_LEN],
		   struct vportnl_err *err);
/* OVS_FLOW_CMD_GET by UFID; release with ovsnl_flow_info_clear(out). */
int ovsnl_flow_get(struct ovsnl *nl, int dp_ifindex, const uint8_t ufid[OVSNL_UFID_LEN],
		   struct ovsnl_flow_info *out, struct vportnl_err *err);
/*
 * Every flow of the datapath.  Flows whose actions the dump left out (too
 * long for one dump message) are fetched again by UFID.  Restarted on
 * NLM_F_DUMP_INTR, a bounded number of times, then -EINTR.
 */
int ovsnl_flow_dump(struct ovsnl *nl, int dp_ifindex, struct ovsnl_flow_info **out, size_t *n,
		    struct vportnl_err *err);
/* Free a dump's array; clear: free what one flow_info holds. */
void ovsnl_flow_info_free(struct ovsnl_flow_info *v, size_t n);
void ovsnl_flow_info_clear(struct ovsnl_flow_info *fi);

/* ---- rtnetlink (libmnl) ---- */

struct rtnl;

struct link_info {
	int ifindex;
	char name[VPORTNL_NAMSIZ];
	unsigned short type;		/* ARPHRD_* */
	unsigned int flags;		/* IFF_* (ifi_flags) */
	int master;			/* IFLA_MASTER ifindex, 0 if none */
	unsigned int mtu;
	char kind[32];			/* IFLA_INFO_KIND, "" if none */
	bool has_dst_port;		/* IFLA_VXLAN_PORT / IFLA_GENEVE_PORT */
	uint16_t dst_port;		/* host byte order */
	bool collect_md;		/* IFLA_*_COLLECT_METADATA */
};

int rtnl_open(struct rtnl **out, int timeout_ms);
void rtnl_close(struct rtnl *r);
void rtnl_set_log(struct rtnl *r, vportnl_log_fn fn, void *ctx);
/* RTM_GETLINK by name (with IFLA_EXT_MASK for link info).  -ENODEV if absent. */
int rtnl_link_get(struct rtnl *r, const char *name, struct link_info *out,
		  struct vportnl_err *err);
/* RTM_NEWLINK with IFLA_MTU on an existing link. */
int rtnl_link_set_mtu(struct rtnl *r, int ifindex, unsigned int mtu, struct vportnl_err *err);
/*
 * Every vxlan or geneve link in this netns using UDP port dst_port (host
 * order), except the one named except_name: fills name (which may be "") of
 * the first one found.  Returns 1 if found, 0 if none, or a negative errno.
 */
int rtnl_udp_port_user(struct rtnl *r, const char *kind, uint16_t dst_port,
		       const char *except_name, char name[VPORTNL_NAMSIZ], struct vportnl_err *err);
/*
 * RTM_GETNSID of the network namespace open as fd: the id this netns knows it
 * by; -ENOENT if it has none (it holds nothing of ours).
 */
int rtnl_nsid_of_fd(struct rtnl *r, int fd, int32_t *nsid, struct vportnl_err *err);
/* --dry-run line for rtnl_link_set_mtu (added compatibly): RTM_NEWLINK name=p1 mtu=1400 */
void rtnl_format_set_mtu(const char *name, unsigned int mtu, char *buf, size_t len);

#endif
