// SPDX-License-Identifier: GPL-2.0
/*
 * actions.c - the receive path: a packet's key, the flow lookup, the
 * datapath counters, and the actions (output, set(tunnel)).
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/dst_metadata.h>
#include <net/ip_tunnels.h>
#include <linux/llc.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/xfrm.h>

#include "datapath.h"
#include "flow.h"
#include "vport.h"

static DEFINE_PER_CPU(int, exec_level);

/* A VLAN tag as it is on the wire: TPID, then TCI. */
struct vlan_tag {
	__be16 tpid;
	__be16 tci;
};

#define TCP_FLAGS_BE16(th)	(*(__be16 *)&tcp_flag_word(th) & htons(0x0fff))

/* The EtherType of an 802.3 frame at skb->data (after the MAC addresses). */
static __be16 parse_ethertype(struct sk_buff *skb)
{
	struct llc_snap_hdr {
		u8 dsap, ssap, ctrl;
		u8 oui[3];
		__be16 ethertype;
	} *llc;
	__be16 proto;

	proto = *(__be16 *)skb->data;
	__skb_pull(skb, sizeof(__be16));
	if (eth_proto_is_802_3(proto))
		return proto;
	if (skb->len < sizeof(*llc))
		return htons(ETH_P_802_2);
	if (unlikely(!pskb_may_pull(skb, sizeof(*llc))))
		return 0;
	llc = (struct llc_snap_hdr *)skb->data;
	if (llc->dsap != LLC_SAP_SNAP || llc->ssap != LLC_SAP_SNAP ||
	    (llc->oui[0] | llc->oui[1] | llc->oui[2]) != 0)
		return htons(ETH_P_802_2);
	__skb_pull(skb, sizeof(*llc));
	if (eth_proto_is_802_3(llc->ethertype))
		return llc->ethertype;
	return htons(ETH_P_802_2);
}

/* One VLAN header at skb->data, if there is one: its TCI into *@tci. */
static int parse_vlan_tag(struct sk_buff *skb, __be16 *tci)
{
	struct vlan_tag *vh;

	if (!eth_type_vlan(*(__be16 *)skb->data) ||
	    skb->len < VLAN_HLEN + sizeof(__be16))
		return 0;
	/* The tag, and the EtherType after it. */
	if (unlikely(!pskb_may_pull(skb, VLAN_HLEN + sizeof(__be16))))
		return -ENOMEM;
	vh = (struct vlan_tag *)skb->data;
	*tci = vh->tci | htons(VLAN_CFI_MASK);
	__skb_pull(skb, VLAN_HLEN);
	return 1;
}

static __be16 tcp_flags_of(struct sk_buff *skb, __be16 eth_type)
{
	unsigned int off = skb_network_offset(skb);
	const struct tcphdr *th;
	struct tcphdr _th;
	u8 proto;

	if (eth_type == htons(ETH_P_IP)) {
		const struct iphdr *iph;
		struct iphdr _iph;

		iph = skb_header_pointer(skb, off, sizeof(_iph), &_iph);
		if (!iph || iph->ihl < 5 || iph->protocol != IPPROTO_TCP ||
		    (iph->frag_off & htons(IP_MF | IP_OFFSET)))
			return 0;
		off += iph->ihl * 4;
	} else if (eth_type == htons(ETH_P_IPV6)) {
		const struct ipv6hdr *ip6;
		struct ipv6hdr _ip6;

		ip6 = skb_header_pointer(skb, off, sizeof(_ip6), &_ip6);
		if (!ip6)
			return 0;
		proto = ip6->nexthdr;
		if (proto != IPPROTO_TCP)
			return 0;
		off += sizeof(*ip6);
	} else {
		return 0;
	}
	th = skb_header_pointer(skb, off, sizeof(_th), &_th);
	return th ? TCP_FLAGS_BE16(th) : 0;
}

/*
 * The key of a packet received on @vport, as openvswitch.ko extracts it
 * (for the fields this subset matches).  @skb->data is at the MAC header
 * for Ethernet ports.
 */
static int key_extract(struct vport *vport, struct sk_buff *skb,
		       const struct ip_tunnel_info *tun_info,
		       struct vdp_flow_key *key)
{
	memset(key, 0, sizeof(*key));
	if (tun_info) {
		key->tun_proto = ip_tunnel_info_af(tun_info);
		memcpy(&key->tun, &tun_info->key, sizeof(key->tun));
	}
	key->priority = skb->priority;
	key->in_port = vport->port_no;
	key->skb_mark = skb->mark;

	skb_reset_mac_header(skb);
	if (vport->dev->type != ARPHRD_ETHER) {
		key->mac_proto = VDP_MAC_PROTO_NONE;
		key->eth_type = skb->protocol;
		skb_reset_network_header(skb);
		skb_reset_mac_len(skb);
	} else {
		const struct ethhdr *eth;
		int res;

		if (unlikely(!pskb_may_pull(skb, ETH_HLEN)))
			return -ENOMEM;
		key->mac_proto = VDP_MAC_PROTO_ETHERNET;
		eth = eth_hdr(skb);
		ether_addr_copy(key->eth_src, eth->h_source);
		ether_addr_copy(key->eth_dst, eth->h_dest);
		__skb_pull(skb, 2 * ETH_ALEN);

		if (skb_vlan_tag_present(skb)) {
			key->vlan_tci = htons(skb->vlan_tci) | htons(VLAN_CFI_MASK);
		} else {
			res = parse_vlan_tag(skb, &key->vlan_tci);
			if (res < 0)
				return res;
		}
		if (key->vlan_tci) {
			res = parse_vlan_tag(skb, &key->cvlan_tci);
			if (res < 0)
				return res;
		}
		key->eth_type = parse_ethertype(skb);
		if (unlikely(!key->eth_type))
			return -ENOMEM;
		skb->protocol = key->eth_type;
		skb_reset_network_header(skb);
		skb_reset_mac_len(skb);
		__skb_push(skb, skb->data - skb_mac_header(skb));
	}
	key->tcp_flags = tcp_flags_of(skb, key->eth_type);
	return 0;
}

static unsigned int packet_length(const struct sk_buff *skb,
				  const struct net_device *dev)
{
	unsigned int length = skb->len - dev->hard_header_len;

	if (!skb_vlan_tag_present(skb) && eth_type_vlan(skb->protocol))
		length -= VLAN_HLEN;
	/* Don't subtract for multiple VLAN tags, as openvswitch.ko. */
	return length;
}

/* What an internal device receives from the datapath enters the host stack. */
static void internal_receive(struct net_device *dev, struct sk_buff *skb)
{
	if (unlikely(!(dev->flags & IFF_UP))) {
		dev->stats.rx_dropped++;
		kfree_skb(skb);
		return;
	}
	skb_dst_drop(skb);
	nf_reset_ct(skb);
	secpath_reset(skb);
	skb->pkt_type = PACKET_HOST;
	skb->protocol = eth_type_trans(skb, dev);
	skb_postpull_rcsum(skb, eth_hdr(skb), ETH_HLEN);
	dev_sw_netstats_rx_add(dev, skb->len);
	netif_rx(skb);
}

/* Send @skb out of port @port_no; a missing port or a down link drops it. */
static void do_output(struct datapath *dp, struct sk_buff *skb, u32 port_no,
		      u8 mac_proto)
{
	struct vport *vport = vdp_dp_lookup_port(dp, port_no);
	struct net_device *dev = vport ? READ_ONCE(vport->dev) : NULL;

	if (unlikely(!dev || !netif_carrier_ok(dev)))
		goto drop;

	switch (dev->type) {
	case ARPHRD_NONE:
		if (mac_proto != VDP_MAC_PROTO_ETHERNET)
			goto drop;
		skb_reset_network_header(skb);
		skb_reset_mac_len(skb);
		skb->protocol = htons(ETH_P_TEB);
		break;
	case ARPHRD_ETHER:
		if (mac_proto != VDP_MAC_PROTO_ETHERNET)
			goto drop;
		break;
	default:
		goto drop;
	}

	if (unlikely(packet_length(skb, dev) > dev->mtu && !skb_is_gso(skb))) {
		dev->stats.tx_errors++;
		if (dev->flags & IFF_UP)
			net_warn_ratelimited("%s: dropped over-mtu packet: %d > %d\n",
					     dev->name, packet_length(skb, dev),
					     dev->mtu);
		goto drop;
	}

	skb->dev = dev;
	skb_clear_tstamp(skb);
	if (vport->ops->type == OVS_VPORT_TYPE_INTERNAL) {
		internal_receive(dev, skb);
	} else {
		dev_queue_xmit(skb);
	}
	return;
drop:
	kfree_skb(skb);
}

static void execute_actions(struct datapath *dp, struct sk_buff *skb,
			    const struct vdp_flow_actions *acts, u8 mac_proto)
{
	int i;

	for (i = 0; i < acts->n; i++) {
		const struct vdp_action *a = &acts->acts[i];

		switch (a->type) {
		case VDP_ACT_OUTPUT:
			if (i == acts->last_output && i == acts->n - 1) {
				do_output(dp, skb, a->port, mac_proto);
				return;
			} else {
				struct sk_buff *clone = skb_clone(skb, GFP_ATOMIC);

				if (clone)
					do_output(dp, clone, a->port, mac_proto);
			}
			break;
		case VDP_ACT_SET_TUNNEL:
			skb_dst_drop(skb);
			dst_hold((struct dst_entry *)a->tun_dst);
			skb_dst_set(skb, (struct dst_entry *)a->tun_dst);
			break;
		}
	}
	consume_skb(skb);
}

/*
 * A packet received on @vport (at its MAC header, with the tunnel metadata
 * it came with, if any) enters its datapath; consumed.
 *
 * Looks the packet up in the flow table: a hit counts the flow and runs its
 * actions; a miss is counted as missed and lost (vportdp sends no upcalls,
 * as openvswitch.ko with upcall PID 0) and dropped.  Called under RCU with
 * bottom halves disabled.
 */
static void flow_receive(struct vport *vport, struct sk_buff *skb,
			 const struct ip_tunnel_info *tun_info)
{
	struct datapath *dp = vport->dp;
	struct dp_stats_percpu *stats;
	const struct vdp_flow_actions *acts;
	u32 n_mask_hit, n_cache_hit;
	struct vdp_flow_key key;
	struct vdp_flow *flow;
	unsigned int len;
	int level;

	if (unlikely(!net_eq(dev_net(skb->dev), vdp_dp_net(dp)))) {
		u32 mark = skb->mark;

		skb_scrub_packet(skb, true);
		skb->mark = mark;
		tun_info = NULL;
	}
	if (unlikely(key_extract(vport, skb, tun_info, &key))) {
		kfree_skb(skb);
		return;
	}

	stats = this_cpu_ptr(dp->stats);
	flow = vdp_flow_tbl_lookup_stats(&dp->table, &key, skb_get_hash(skb),
					 &n_mask_hit, &n_cache_hit);
	if (unlikely(!flow)) {
		kfree_skb(skb);
		u64_stats_update_begin(&stats->syncp);
		stats->n_missed++;
		stats->n_lost++;
		stats->n_mask_hit += n_mask_hit;
		stats->n_cache_hit += n_cache_hit;
		u64_stats_update_end(&stats->syncp);
		return;
	}

	len = skb->len + (skb_vlan_tag_present(skb) ? VLAN_HLEN : 0);
	vdp_flow_stats_update(flow, key.tcp_flags, len);

	u64_stats_update_begin(&stats->syncp);
	stats->n_hit++;
	stats->n_mask_hit += n_mask_hit;
	stats->n_cache_hit += n_cache_hit;
	u64_stats_update_end(&stats->syncp);

	level = __this_cpu_inc_return(exec_level);
	if (unlikely(level > VDP_RECURSION_LIMIT)) {
		net_crit_ratelimited("vportdp: recursion limit reached on datapath %s, probable configuration error\n",
				     vdp_dp_name(dp));
		kfree_skb(skb);
	} else {
		acts = rcu_dereference(flow->acts);
		execute_actions(dp, skb, acts, key.mac_proto);
	}
	__this_cpu_dec(exec_level);
}

/**
 * vdp_netdev_receive - a packet from a netdev or tunnel vport's rx handler
 * @vport: the port.
 * @skb: the packet, its MAC header pulled by the driver; consumed.
 */
void vdp_netdev_receive(struct vport *vport, struct sk_buff *skb)
{
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb))
		return;
	if (skb->dev->type == ARPHRD_ETHER)
		skb_push_rcsum(skb, ETH_HLEN);
	flow_receive(vport, skb, skb_tunnel_info(skb));
}

/**
 * vdp_dp_process_packet - a packet sent by the host out of an internal port
 * @vport: the internal port.
 * @skb: the packet, at its MAC header; consumed.
 *
 * It enters the datapath without tunnel metadata, as in openvswitch.ko.
 */
void vdp_dp_process_packet(struct vport *vport, struct sk_buff *skb)
{
	flow_receive(vport, skb, NULL);
}
