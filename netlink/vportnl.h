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
/* --dry-run line for rtnl_link_set_mtu (added compatibly): RTM_NEWLINK name=p1 mtu=1400 */
void rtnl_format_set_mtu(const char *name, unsigned int mtu, char *buf, size_t len);

#endif
