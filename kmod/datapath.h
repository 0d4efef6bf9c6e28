/* SPDX-License-Identifier: GPL-2.0 */
/*
 * datapath.h - the datapath object, its per-netns list and the
 * configuration lock.
 */

#ifndef VPORTDP_DATAPATH_H
#define VPORTDP_DATAPATH_H

#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/openvswitch.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/sock.h>

#include "flow.h"
#include "vport.h"

/* openvswitch.ko's default mask cache size (MC_DEFAULT_HASH_ENTRIES). */
#define DP_MASKS_CACHE_DEFAULT	256
/* Its limit: PCPU_MIN_UNIT_SIZE worth of 8-byte cache entries. */
#define DP_MASKS_CACHE_MAX	(PCPU_MIN_UNIT_SIZE / 8)

#define DP_KNOWN_FEATURES	(OVS_DP_F_UNALIGNED | OVS_DP_F_VPORT_PIDS | \
				 OVS_DP_F_TC_RECIRC_SHARING | \
				 OVS_DP_F_DISPATCH_UPCALL_PER_CPU)

/**
 * struct dp_stats_percpu - per-CPU packet counters of a datapath
 * @n_hit: packets that matched a flow.
 * @n_missed: packets that matched no flow.
 * @n_lost: missed packets that were not delivered to userspace, i.e. every
 *	missed packet (vportdp sends no upcalls).
 * @n_mask_hit: masks tried in lookups.
 * @n_cache_hit: lookups that the mask cache answered.
 * @syncp: makes the 64-bit counters readable on 32-bit machines.
 */
struct dp_stats_percpu {
	u64 n_hit;
	u64 n_missed;
	u64 n_lost;
	u64 n_mask_hit;
	u64 n_cache_hit;
	struct u64_stats_sync syncp;
};

/**
 * struct dp_upcall_pids - per-CPU upcall port IDs (%OVS_DP_ATTR_PER_CPU_PIDS)
 * @rcu: frees the array after readers are done.
 * @n_pids: number of entries in @pids; at most nr_cpu_ids.
 * @pids: the port IDs as userspace gave them, without the entries past
 *	nr_cpu_ids: openvswitch.ko picks the entry of CPU n as pids[n % n_pids],
 *	so those are never used, and it echoes at most nr_cpu_ids of them.
 */
struct dp_upcall_pids {
	struct rcu_head rcu;
	u32 n_pids;
	u32 pids[];
};

/**
 * struct datapath - a datapath: a set of numbered ports
 * @rcu: frees the datapath after an RCU grace period.
 * @list_node: entry in &vdp_net.dps, in creation order.
 * @ports: DP_VPORT_HASH_BUCKETS hash buckets of &struct vport, keyed by
 *	port number.  RCU readers walk them; writers hold vdp_mutex.
 * @net: the netns whose sockets see the datapath; set at creation.
 * @stats: per-CPU &struct dp_stats_percpu.
 * @user_features: %OVS_DP_F_* bits userspace announced.
 * @masks_cache_size: the value of %OVS_DP_ATTR_MASKS_CACHE_SIZE: entries of
 *	the flow table's per-CPU mask cache.
 * @upcall_pids: RCU-protected per-CPU upcall port IDs, or %NULL.
 * @table: the flow table (flow_table.c).
 *
 * The local port (%OVSP_LOCAL) is an internal vport named after the
 * datapath; its device's ifindex is the datapath's dp_ifindex.
 */
struct datapath {
	struct rcu_head rcu;
	struct list_head list_node;
	struct hlist_head *ports;
	possible_net_t net;
	struct dp_stats_percpu __percpu *stats;
	u32 user_features;
	u32 masks_cache_size;
	struct dp_upcall_pids __rcu *upcall_pids;
	struct vdp_flow_table table;
};

/**
 * struct vdp_net - per-netns state
 * @dps: the netns's datapaths, in creation order.  RCU readers walk it;
 *	writers hold vdp_mutex.
 * @notify_work: releases netdev vports whose device was unregistered and
 *	multicasts their %OVS_VPORT_CMD_DEL (dp_notify.c).
 */
struct vdp_net {
	struct list_head dps;
	struct work_struct notify_work;
};

extern unsigned int vdp_net_id;
extern struct mutex vdp_mutex;
extern struct notifier_block vdp_dp_device_notifier;

static inline void vdp_lock(void)
{
	mutex_lock(&vdp_mutex);
}

static inline void vdp_unlock(void)
{
	mutex_unlock(&vdp_mutex);
}

#define ASSERT_VDPL()		lockdep_assert_held(&vdp_mutex)
#define vdpl_dereference(p)	\
	rcu_dereference_protected(p, lockdep_is_held(&vdp_mutex))
#define rcu_dereference_vdpl(p)	\
	rcu_dereference_check(p, lockdep_is_held(&vdp_mutex))

/**
 * vdp_ext_msg - set an extended-ack message that is not a literal
 * @extack: the request's extended ack, or %NULL.
 * @msg: a string with static storage (a table entry or a caller's literal).
 * @keep: leave a message already set by a lower layer in place.
 *
 * NL_SET_ERR_MSG() takes literals only; this is the one place that stores
 * any other message, so that nothing else writes extack->_msg.
 */
static inline void vdp_ext_msg(struct netlink_ext_ack *extack, const char *msg,
			       bool keep)
{
	if (extack && !(keep && extack->_msg))
		extack->_msg = msg;
}

/* Has a lower layer already explained the refusal? */
static inline bool vdp_ext_msg_set(const struct netlink_ext_ack *extack)
{
	return extack && extack->_msg;
}

static inline struct net *vdp_dp_net(const struct datapath *dp)
{
	return read_pnet(&dp->net);
}

static inline struct vdp_net *vdp_pernet(const struct net *net)
{
	return net_generic(net, vdp_net_id);
}

struct datapath *vdp_dp_alloc(struct net *net);
void vdp_dp_free(struct datapath *dp);
void vdp_dp_destroy(struct datapath *dp);
struct datapath *vdp_dp_get(const struct net *net, int dp_ifindex);
struct vport *vdp_dp_lookup_port(const struct datapath *dp, u16 port_no);
struct vport *vdp_dp_attach_port(const struct vport_parms *parms);
void vdp_dp_detach_port(struct vport *vport);
const char *vdp_dp_name(const struct datapath *dp);
int vdp_dp_ifindex(const struct datapath *dp);
struct net_device *vdp_dp_local_dev(const struct datapath *dp);
void vdp_dp_get_stats(const struct datapath *dp, struct ovs_dp_stats *stats,
		      struct ovs_dp_megaflow_stats *mega);
int vdp_dp_change(struct datapath *dp, struct nlattr **a,
		  struct netlink_ext_ack *extack);
void vdp_dp_process_packet(struct vport *vport, struct sk_buff *skb);

/* netlink.c: registers all four families, flow_netlink.c's too */
extern struct genl_family vdp_datapath_genl_family;
extern struct genl_family vdp_vport_genl_family;
int vdp_genl_register(void);
void vdp_genl_unregister(void);
struct sk_buff *vdp_vport_build_info(struct vport *vport, struct net *net,
				     u32 portid, u32 seq, u8 cmd);

/* flow_netlink.c */
extern struct genl_family vdp_flow_genl_family;
extern struct genl_family vdp_packet_genl_family;

/* dp_notify.c */
void vdp_dp_notify_wq(struct work_struct *work);

#endif /* VPORTDP_DATAPATH_H */
