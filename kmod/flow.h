/* SPDX-License-Identifier: GPL-2.0 */
/*
 * flow.h - the flow table: keys, masks, flows, their actions, and the
 * per-datapath table that the receive path looks packets up in.
 */

#ifndef VPORTDP_FLOW_H
#define VPORTDP_FLOW_H

#include <linux/if_ether.h>
#include <linux/openvswitch.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <net/dst_metadata.h>
#include <net/ip_tunnels.h>

struct datapath;
struct genl_info;
struct sk_buff;
struct vport;

/* Flows per datapath; a NEW beyond it is refused with -ENOSPC. */
#define VDP_FLOW_MAX		65536
/* Hash buckets of the key table and of the UFID table (fixed). */
#define VDP_FLOW_BUCKETS	8192
/* openvswitch.ko's MAX_UFID_LENGTH. */
#define VDP_UFID_MAX		16
/* openvswitch.ko's OVS_RECURSION_LIMIT. */
#define VDP_RECURSION_LIMIT	5

#define VDP_MAC_PROTO_NONE	0
#define VDP_MAC_PROTO_ETHERNET	1

/**
 * struct vdp_flow_key - what a packet is matched on
 *
 * The fields of openvswitch.ko's sw_flow_key that the supported keys
 * reach, with the same conventions: @in_port is %DP_MAX_PORTS when the key
 * has no %OVS_KEY_ATTR_IN_PORT, @eth_type is %ETH_P_802_2 when it has no
 * %OVS_KEY_ATTR_ETHERTYPE, the VLAN TCIs are always matched exactly (a
 * tagged packet never matches a flow of this subset), @mac_proto and
 * @tun_proto are matched exactly when present.  Keys are compared and
 * masked as arrays of u64; unused bytes are zero.
 */
struct vdp_flow_key {
	struct ip_tunnel_key tun;
	u32 recirc_id;
	u32 dp_hash;
	u32 priority;
	u32 skb_mark;
	u32 ct_state;
	u32 ct_mark;
	u8 ct_labels[16];
	u16 ct_zone;
	u16 in_port;
	u8 tun_proto;
	u8 mac_proto;
	u8 eth_src[ETH_ALEN];
	u8 eth_dst[ETH_ALEN];
	__be16 eth_type;
	__be16 vlan_tci;
	__be16 cvlan_tci;
	__be16 tcp_flags;	/* from the packet, never matched */
} __aligned(8);

#define VDP_KEY_WORDS	(sizeof(struct vdp_flow_key) / sizeof(u64))

/**
 * struct vdp_flow_mask - a mask shared by all flows that use it
 * @rcu: freed after readers are done.
 * @ref_count: flows using it; changed under vdp_mutex.
 * @key: the mask's bits.
 */
struct vdp_flow_mask {
	struct rcu_head rcu;
	int ref_count;
	struct vdp_flow_key key;
};

/**
 * struct vdp_tun_action - one set(tunnel) action
 * @tun_dst: the metadata dst attached to packets; holds the ip_tunnel_info.
 */
struct vdp_tun_action {
	struct metadata_dst *tun_dst;
};

enum vdp_action_type {
	VDP_ACT_OUTPUT,
	VDP_ACT_SET_TUNNEL,
};

struct vdp_action {
	u8 type;
	u32 port;			/* VDP_ACT_OUTPUT */
	struct metadata_dst *tun_dst;	/* VDP_ACT_SET_TUNNEL */
};

/**
 * struct vdp_flow_actions - a flow's action list
 * @rcu: freed (with the metadata dsts) after readers are done.
 * @n: number of actions.
 * @last_output: index of the last output action, -1 if none (that one
 *	takes the packet itself, the others a clone).
 * @acts: the actions.
 */
struct vdp_flow_actions {
	struct rcu_head rcu;
	int n;
	int last_output;
	struct vdp_action acts[];
};

struct vdp_flow_stats {
	u64 packets;
	u64 bytes;
	unsigned long used;	/* jiffies, 0 for never */
	u16 tcp_flags;
	struct u64_stats_sync syncp;
};

/**
 * struct vdp_flow - a flow
 * @rcu: freed after readers are done.
 * @node: entry in the key table, hashed by @key and @mask.
 * @ufid_node: entry in the UFID table (UFID-identified flows only).
 * @key: the key, masked with @mask.
 * @unmasked_key: the key as given, for flows identified by their key
 *	(no UFID); %NULL for UFID flows.
 * @ufid_len: 0 if the flow has no UFID.
 * @ufid: the UFID.
 * @mask: the mask, shared.
 * @acts: the actions, replaced under RCU by SET.
 * @stats: per-CPU counters.
 */
struct vdp_flow {
	struct rcu_head rcu;
	struct hlist_node node;
	struct hlist_node ufid_node;
	struct vdp_flow_key key;
	struct vdp_flow_key *unmasked_key;
	u8 ufid_len;
	u8 ufid[VDP_UFID_MAX];
	struct vdp_flow_mask *mask;
	struct vdp_flow_actions __rcu *acts;
	struct vdp_flow_stats __percpu *stats;
};

struct vdp_mask_array {
	struct rcu_head rcu;
	int count;
	int max;
	struct vdp_flow_mask __rcu *masks[];
};

struct vdp_mask_cache_entry {
	u32 skb_hash;
	u32 mask_index;
};

struct vdp_mask_cache {
	struct rcu_head rcu;
	u32 size;	/* 0 or a power of 2 */
	struct vdp_mask_cache_entry __percpu *entries;
};

/**
 * struct vdp_flow_table - the flows of a datapath
 * @buckets: the key table, %VDP_FLOW_BUCKETS chains.
 * @ufid_buckets: the UFID table, likewise.
 * @masks: the mask list, in the order packets try them.
 * @cache: per-CPU cache from skb hash to mask index, as openvswitch.ko's.
 * @count: flows in the table.
 *
 * Written under vdp_mutex; looked up under RCU.
 */
struct vdp_flow_table {
	struct hlist_head *buckets;
	struct hlist_head *ufid_buckets;
	struct vdp_mask_array __rcu *masks;
	struct vdp_mask_cache __rcu *cache;
	unsigned int count;
};

/* flow_table.c */
int vdp_flow_tbl_init(struct vdp_flow_table *tbl, u32 cache_size);
void vdp_flow_tbl_destroy(struct vdp_flow_table *tbl);
int vdp_flow_tbl_cache_resize(struct vdp_flow_table *tbl, u32 size);
int vdp_flow_tbl_n_masks(const struct vdp_flow_table *tbl);
void vdp_flow_mask_key(struct vdp_flow_key *dst, const struct vdp_flow_key *src,
		       const struct vdp_flow_key *mask);
struct vdp_flow *vdp_flow_tbl_lookup_stats(struct vdp_flow_table *tbl,
					   const struct vdp_flow_key *key,
					   u32 skb_hash, u32 *n_mask_hit,
					   u32 *n_cache_hit);
struct vdp_flow *vdp_flow_tbl_lookup(struct vdp_flow_table *tbl,
				     const struct vdp_flow_key *key);
struct vdp_flow *vdp_flow_tbl_lookup_exact(struct vdp_flow_table *tbl,
					   const struct vdp_flow_key *key);
struct vdp_flow *vdp_flow_tbl_lookup_ufid(struct vdp_flow_table *tbl,
					  const u8 *ufid, u8 ufid_len);
int vdp_flow_tbl_insert(struct vdp_flow_table *tbl, struct vdp_flow *flow,
			const struct vdp_flow_key *mask);
void vdp_flow_tbl_remove(struct vdp_flow_table *tbl, struct vdp_flow *flow);
void vdp_flow_tbl_flush(struct vdp_flow_table *tbl);
struct vdp_flow *vdp_flow_tbl_dump_next(struct vdp_flow_table *tbl,
					u32 *bucket, u32 *idx);
struct vdp_flow *vdp_flow_alloc(void);
void vdp_flow_free(struct vdp_flow *flow);
void vdp_flow_free_rcu(struct vdp_flow *flow);
void vdp_flow_actions_free_rcu(struct vdp_flow_actions *acts);
void vdp_flow_stats_update(struct vdp_flow *flow, __be16 tcp_flags,
			   unsigned int len);
void vdp_flow_stats_get(const struct vdp_flow *flow, struct ovs_flow_stats *st,
			unsigned long *used, u16 *tcp_flags);
void vdp_flow_stats_clear(struct vdp_flow *flow);

/* actions.c */
void vdp_netdev_receive(struct vport *vport, struct sk_buff *skb);

#endif /* VPORTDP_FLOW_H */
