// SPDX-License-Identifier: GPL-2.0
/*
 * flow_netlink.c - the ovs_flow family (NEW, DEL, GET, SET, dump and the
 * notifications) and the ovs_packet family (EXECUTE refused).
 *
 * Keys, masks and actions are parsed, validated and put back as
 * openvswitch.ko (Linux 6.1) does, for the subset vportdp implements:
 * keys in_port, tunnel (id, IPv4/IPv6 src and dst, tos, ttl, flags, ports),
 * ethernet, ethertype, and the metadata that is always zero or taken from
 * the skb (recirc_id, dp_hash, priority, skb_mark, and the conntrack fields,
 * which must be zero); actions output and set(tunnel).  A malformed
 * attribute gets openvswitch.ko's errno; a well-formed one outside the
 * subset gets -EOPNOTSUPP.  Every refusal names the attribute in the
 * extended ack.
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/openvswitch.h>
#include <net/dst_metadata.h>
#include <net/genetlink.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/mpls.h>
#include <net/netlink.h>

#include "datapath.h"
#include "flow.h"

#define ATTR_VARIABLE	-1
#define ATTR_NESTED	-2

/* openvswitch.ko's ovs_key_lens, without the nesting. */
static const int key_lens[OVS_KEY_ATTR_MAX + 1] = {
	[OVS_KEY_ATTR_ENCAP]		= ATTR_NESTED,
	[OVS_KEY_ATTR_PRIORITY]		= sizeof(u32),
	[OVS_KEY_ATTR_IN_PORT]		= sizeof(u32),
	[OVS_KEY_ATTR_SKB_MARK]		= sizeof(u32),
	[OVS_KEY_ATTR_ETHERNET]		= sizeof(struct ovs_key_ethernet),
	[OVS_KEY_ATTR_VLAN]		= sizeof(__be16),
	[OVS_KEY_ATTR_ETHERTYPE]	= sizeof(__be16),
	[OVS_KEY_ATTR_IPV4]		= sizeof(struct ovs_key_ipv4),
	[OVS_KEY_ATTR_IPV6]		= sizeof(struct ovs_key_ipv6),
	[OVS_KEY_ATTR_TCP]		= sizeof(struct ovs_key_tcp),
	[OVS_KEY_ATTR_TCP_FLAGS]	= sizeof(__be16),
	[OVS_KEY_ATTR_UDP]		= sizeof(struct ovs_key_udp),
	[OVS_KEY_ATTR_SCTP]		= sizeof(struct ovs_key_sctp),
	[OVS_KEY_ATTR_ICMP]		= sizeof(struct ovs_key_icmp),
	[OVS_KEY_ATTR_ICMPV6]		= sizeof(struct ovs_key_icmpv6),
	[OVS_KEY_ATTR_ARP]		= sizeof(struct ovs_key_arp),
	[OVS_KEY_ATTR_ND]		= sizeof(struct ovs_key_nd),
	[OVS_KEY_ATTR_RECIRC_ID]	= sizeof(u32),
	[OVS_KEY_ATTR_DP_HASH]		= sizeof(u32),
	[OVS_KEY_ATTR_TUNNEL]		= ATTR_NESTED,
	[OVS_KEY_ATTR_MPLS]		= ATTR_VARIABLE,
	[OVS_KEY_ATTR_CT_STATE]		= sizeof(u32),
	[OVS_KEY_ATTR_CT_ZONE]		= sizeof(u16),
	[OVS_KEY_ATTR_CT_MARK]		= sizeof(u32),
	[OVS_KEY_ATTR_CT_LABELS]	= sizeof(struct ovs_key_ct_labels),
	[OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4] = sizeof(struct ovs_key_ct_tuple_ipv4),
	[OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6] = sizeof(struct ovs_key_ct_tuple_ipv6),
	[OVS_KEY_ATTR_NSH]		= ATTR_NESTED,
	[OVS_KEY_ATTR_IPV6_EXTHDRS]	= sizeof(struct ovs_key_ipv6_exthdrs),
};

static const int tunnel_key_lens[OVS_TUNNEL_KEY_ATTR_MAX + 1] = {
	[OVS_TUNNEL_KEY_ATTR_ID]		= sizeof(u64),
	[OVS_TUNNEL_KEY_ATTR_IPV4_SRC]		= sizeof(u32),
	[OVS_TUNNEL_KEY_ATTR_IPV4_DST]		= sizeof(u32),
	[OVS_TUNNEL_KEY_ATTR_TOS]		= 1,
	[OVS_TUNNEL_KEY_ATTR_TTL]		= 1,
	[OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT]	= 0,
	[OVS_TUNNEL_KEY_ATTR_CSUM]		= 0,
	[OVS_TUNNEL_KEY_ATTR_TP_SRC]		= sizeof(u16),
	[OVS_TUNNEL_KEY_ATTR_TP_DST]		= sizeof(u16),
	[OVS_TUNNEL_KEY_ATTR_OAM]		= 0,
	[OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS]	= ATTR_VARIABLE,
	[OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS]	= ATTR_NESTED,
	[OVS_TUNNEL_KEY_ATTR_IPV6_SRC]		= sizeof(struct in6_addr),
	[OVS_TUNNEL_KEY_ATTR_IPV6_DST]		= sizeof(struct in6_addr),
	[OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS]	= ATTR_VARIABLE,
	[OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE]	= 0,
};

static bool check_attr_len(int len, int expected)
{
	return expected == ATTR_VARIABLE || expected == ATTR_NESTED ||
	       len == expected;
}

/*
 * Key attributes this module matches on.  The conntrack ones are taken
 * only as zero (vportdp tracks no connection: every packet has zero there).
 */
#define SUPPORTED_KEY_ATTRS						\
	(BIT_ULL(OVS_KEY_ATTR_PRIORITY) | BIT_ULL(OVS_KEY_ATTR_IN_PORT) |	\
	 BIT_ULL(OVS_KEY_ATTR_SKB_MARK) | BIT_ULL(OVS_KEY_ATTR_ETHERNET) |	\
	 BIT_ULL(OVS_KEY_ATTR_ETHERTYPE) | BIT_ULL(OVS_KEY_ATTR_RECIRC_ID) |	\
	 BIT_ULL(OVS_KEY_ATTR_DP_HASH) | BIT_ULL(OVS_KEY_ATTR_TUNNEL) |	\
	 BIT_ULL(OVS_KEY_ATTR_CT_STATE) | BIT_ULL(OVS_KEY_ATTR_CT_ZONE) |	\
	 BIT_ULL(OVS_KEY_ATTR_CT_MARK) | BIT_ULL(OVS_KEY_ATTR_CT_LABELS))

#define CT_KEY_ATTRS							\
	(BIT_ULL(OVS_KEY_ATTR_CT_STATE) | BIT_ULL(OVS_KEY_ATTR_CT_ZONE) |	\
	 BIT_ULL(OVS_KEY_ATTR_CT_MARK) | BIT_ULL(OVS_KEY_ATTR_CT_LABELS))

/* openvswitch.ko's CT_SUPPORTED_MASK. */
#define CT_SUPPORTED_STATE	(OVS_CS_F_NEW | OVS_CS_F_ESTABLISHED |	\
				 OVS_CS_F_RELATED | OVS_CS_F_REPLY_DIR |	\
				 OVS_CS_F_INVALID | OVS_CS_F_TRACKED |	\
				 OVS_CS_F_SRC_NAT | OVS_CS_F_DST_NAT)

/* A key being parsed: the key, and the mask if one is wanted. */
struct match {
	struct vdp_flow_key *key;
	struct vdp_flow_key *mask;
};

#define MATCH_PUT(m, field, value, is_mask)				\
	do {								\
		if (is_mask)						\
			(m)->mask->field = (value);			\
		else							\
			(m)->key->field = (value);			\
	} while (0)

#define MATCH_MEMCPY(m, field, src, len, is_mask)			\
	memcpy((is_mask) ? (void *)&(m)->mask->field : (void *)&(m)->key->field, \
	       src, len)

static bool is_all_zero(const u8 *p, int len)
{
	int i;

	for (i = 0; i < len; i++)
		if (p[i])
			return false;
	return true;
}

static int parse_key_attrs(const struct nlattr *attr, const struct nlattr *a[],
			   u64 *attrsp, bool nz, struct netlink_ext_ack *extack)
{
	const struct nlattr *nla;
	u64 attrs = 0;
	int rem;

	nla_for_each_nested(nla, attr, rem) {
		u16 type = nla_type(nla);

		if (type > OVS_KEY_ATTR_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, nla, "OVS_KEY_ATTR_*: key attribute type out of range");
			return -EINVAL;
		}
		if (type == OVS_KEY_ATTR_PACKET_TYPE ||
		    type == OVS_KEY_ATTR_ND_EXTENSIONS ||
		    type == OVS_KEY_ATTR_TUNNEL_INFO) {
			NL_SET_ERR_MSG_ATTR(extack, nla, "OVS_KEY_ATTR_*: key attribute type not accepted from userspace");
			return -EINVAL;
		}
		if (attrs & BIT_ULL(type)) {
			NL_SET_ERR_MSG_ATTR(extack, nla, "OVS_KEY_ATTR_*: duplicate key attribute");
			return -EINVAL;
		}
		if (!check_attr_len(nla_len(nla), key_lens[type])) {
			NL_SET_ERR_MSG_ATTR(extack, nla, "OVS_KEY_ATTR_*: key attribute has the wrong length");
			return -EINVAL;
		}
		if (!nz || !is_all_zero(nla_data(nla), nla_len(nla))) {
			attrs |= BIT_ULL(type);
			a[type] = nla;
		}
	}
	if (rem) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "OVS_FLOW_ATTR_KEY/MASK: trailing bytes after the last attribute");
		return -EINVAL;
	}
	*attrsp = attrs;
	return 0;
}

/**
 * tun_from_attr - parse an %OVS_KEY_ATTR_TUNNEL nest
 * @attr: the nest.
 * @m: the match; its key (or mask) receives the tunnel fields.
 * @is_mask: parse into the mask.
 * @extack: where a refusal is explained.
 *
 * As openvswitch.ko's ip_tun_from_nlattr(): a key needs a non-zero
 * destination and a TTL.  Options and bridge mode are not supported.
 */
static int tun_from_attr(const struct nlattr *attr, struct match *m,
			 bool is_mask, struct netlink_ext_ack *extack)
{
	bool ttl = false, ipv4 = false, ipv6 = false;
	struct vdp_flow_key *k = is_mask ? m->mask : m->key;
	__be16 tun_flags = 0;
	const struct nlattr *a;
	int rem;

	nla_for_each_nested(a, attr, rem) {
		int type = nla_type(a);

		if (type > OVS_TUNNEL_KEY_ATTR_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, a, "OVS_TUNNEL_KEY_ATTR_*: tunnel attribute type out of range");
			return -EINVAL;
		}
		if (!check_attr_len(nla_len(a), tunnel_key_lens[type])) {
			NL_SET_ERR_MSG_ATTR(extack, a, "OVS_TUNNEL_KEY_ATTR_*: tunnel attribute has the wrong length");
			return -EINVAL;
		}
		switch (type) {
		case OVS_TUNNEL_KEY_ATTR_ID:
			k->tun.tun_id = nla_get_be64(a);
			tun_flags |= TUNNEL_KEY;
			break;
		case OVS_TUNNEL_KEY_ATTR_IPV4_SRC:
			k->tun.u.ipv4.src = nla_get_in_addr(a);
			ipv4 = true;
			break;
		case OVS_TUNNEL_KEY_ATTR_IPV4_DST:
			k->tun.u.ipv4.dst = nla_get_in_addr(a);
			ipv4 = true;
			break;
		case OVS_TUNNEL_KEY_ATTR_IPV6_SRC:
			k->tun.u.ipv6.src = nla_get_in6_addr(a);
			ipv6 = true;
			break;
		case OVS_TUNNEL_KEY_ATTR_IPV6_DST:
			k->tun.u.ipv6.dst = nla_get_in6_addr(a);
			ipv6 = true;
			break;
		case OVS_TUNNEL_KEY_ATTR_TOS:
			k->tun.tos = nla_get_u8(a);
			break;
		case OVS_TUNNEL_KEY_ATTR_TTL:
			k->tun.ttl = nla_get_u8(a);
			ttl = true;
			break;
		case OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT:
			tun_flags |= TUNNEL_DONT_FRAGMENT;
			break;
		case OVS_TUNNEL_KEY_ATTR_CSUM:
			tun_flags |= TUNNEL_CSUM;
			break;
		case OVS_TUNNEL_KEY_ATTR_TP_SRC:
			k->tun.tp_src = nla_get_be16(a);
			break;
		case OVS_TUNNEL_KEY_ATTR_TP_DST:
			k->tun.tp_dst = nla_get_be16(a);
			break;
		case OVS_TUNNEL_KEY_ATTR_OAM:
			tun_flags |= TUNNEL_OAM;
			break;
		case OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS:
			NL_SET_ERR_MSG_ATTR(extack, a, "OVS_TUNNEL_KEY_ATTR_GENEVE_OPTS: tunnel options are not supported by vportdp");
			return -EOPNOTSUPP;
		case OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS:
			NL_SET_ERR_MSG_ATTR(extack, a, "OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS: tunnel options are not supported by vportdp");
			return -EOPNOTSUPP;
		case OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS:
			NL_SET_ERR_MSG_ATTR(extack, a, "OVS_TUNNEL_KEY_ATTR_ERSPAN_OPTS: tunnel options are not supported by vportdp");
			return -EOPNOTSUPP;
		case OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE:
			NL_SET_ERR_MSG_ATTR(extack, a, "OVS_TUNNEL_KEY_ATTR_IPV4_INFO_BRIDGE: bridge mode is not supported by vportdp");
			return -EOPNOTSUPP;
		default:
			NL_SET_ERR_MSG_ATTR(extack, a, "OVS_TUNNEL_KEY_ATTR_*: unknown tunnel attribute");
			return -EINVAL;
		}
	}

	k->tun.tun_flags = tun_flags;
	if (is_mask)
		m->mask->tun_proto = 0xff;
	else
		m->key->tun_proto = ipv6 ? AF_INET6 : AF_INET;

	if (rem > 0) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "OVS_KEY_ATTR_TUNNEL: trailing bytes after the last attribute");
		return -EINVAL;
	}
	if (ipv4 && ipv6) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "OVS_KEY_ATTR_TUNNEL: mixed IPv4 and IPv6 tunnel attributes");
		return -EINVAL;
	}
	if (!is_mask) {
		if (!ipv6 && !k->tun.u.ipv4.dst) {
			NL_SET_ERR_MSG_ATTR(extack, attr, "OVS_TUNNEL_KEY_ATTR_IPV4_DST: IPv4 tunnel dst address is zero or missing");
			return -EINVAL;
		}
		if (ipv6 && ipv6_addr_any(&k->tun.u.ipv6.dst)) {
			NL_SET_ERR_MSG_ATTR(extack, attr, "OVS_TUNNEL_KEY_ATTR_IPV6_DST: IPv6 tunnel dst address is zero or missing");
			return -EINVAL;
		}
		if (!ttl) {
			NL_SET_ERR_MSG_ATTR(extack, attr, "OVS_TUNNEL_KEY_ATTR_TTL: IP tunnel TTL not specified");
			return -EINVAL;
		}
	}
	return 0;
}

static int parse_eth_type(struct match *m, u64 *attrs, const struct nlattr **a,
			  bool is_mask, struct netlink_ext_ack *extack)
{
	__be16 eth_type = nla_get_be16(a[OVS_KEY_ATTR_ETHERTYPE]);

	if (is_mask) {
		eth_type = htons(0xffff);	/* always exact */
	} else if (!eth_proto_is_802_3(eth_type)) {
		NL_SET_ERR_MSG_ATTR(extack, a[OVS_KEY_ATTR_ETHERTYPE],
				    "OVS_KEY_ATTR_ETHERTYPE: EtherType is less than the minimum 0x600");
		return -EINVAL;
	}
	MATCH_PUT(m, eth_type, eth_type, is_mask);
	*attrs &= ~BIT_ULL(OVS_KEY_ATTR_ETHERTYPE);
	return 0;
}

/* openvswitch.ko's metadata_from_nlattrs() and ovs_key_from_nlattrs(). */
static int key_from_attrs(struct match *m, u64 attrs, const struct nlattr **a,
			  bool is_mask, struct netlink_ext_ack *extack)
{
	u8 mac_proto = VDP_MAC_PROTO_ETHERNET;
	int err;

	if (attrs & BIT_ULL(OVS_KEY_ATTR_DP_HASH)) {
		MATCH_PUT(m, dp_hash, nla_get_u32(a[OVS_KEY_ATTR_DP_HASH]), is_mask);
		attrs &= ~BIT_ULL(OVS_KEY_ATTR_DP_HASH);
	}
	if (attrs & BIT_ULL(OVS_KEY_ATTR_RECIRC_ID)) {
		MATCH_PUT(m, recirc_id, nla_get_u32(a[OVS_KEY_ATTR_RECIRC_ID]), is_mask);
		attrs &= ~BIT_ULL(OVS_KEY_ATTR_RECIRC_ID);
	}
	if (attrs & BIT_ULL(OVS_KEY_ATTR_PRIORITY)) {
		MATCH_PUT(m, priority, nla_get_u32(a[OVS_KEY_ATTR_PRIORITY]), is_mask);
		attrs &= ~BIT_ULL(OVS_KEY_ATTR_PRIORITY);
	}
	if (attrs & BIT_ULL(OVS_KEY_ATTR_IN_PORT)) {
		u32 in_port = nla_get_u32(a[OVS_KEY_ATTR_IN_PORT]);

		if (is_mask) {
			in_port = 0xffffffff;	/* always exact */
		} else if (in_port >= DP_MAX_PORTS) {
			NL_SET_ERR_MSG_ATTR(extack, a[OVS_KEY_ATTR_IN_PORT],
					    "OVS_KEY_ATTR_IN_PORT: port numbers are below 65535");
			return -EINVAL;
		}
		MATCH_PUT(m, in_port, (u16)in_port, is_mask);
		attrs &= ~BIT_ULL(OVS_KEY_ATTR_IN_PORT);
	} else if (!is_mask) {
		MATCH_PUT(m, in_port, DP_MAX_PORTS, is_mask);
	}
	if (attrs & BIT_ULL(OVS_KEY_ATTR_SKB_MARK)) {
		MATCH_PUT(m, skb_mark, nla_get_u32(a[OVS_KEY_ATTR_SKB_MARK]), is_mask);
		attrs &= ~BIT_ULL(OVS_KEY_ATTR_SKB_MARK);
	}
	if (attrs & BIT_ULL(OVS_KEY_ATTR_TUNNEL)) {
		err = tun_from_attr(a[OVS_KEY_ATTR_TUNNEL], m, is_mask, extack);
		if (err)
			return err == -EOPNOTSUPP ? err : -EINVAL;
		attrs &= ~BIT_ULL(OVS_KEY_ATTR_TUNNEL);
	}
	if (attrs & BIT_ULL(OVS_KEY_ATTR_CT_STATE)) {
		u32 ct_state = nla_get_u32(a[OVS_KEY_ATTR_CT_STATE]);

		if (ct_state & ~CT_SUPPORTED_STATE) {
			NL_SET_ERR_MSG_ATTR(extack, a[OVS_KEY_ATTR_CT_STATE],
					    "OVS_KEY_ATTR_CT_STATE: unsupported ct_state flags");
			return -EINVAL;
		}
		MATCH_PUT(m, ct_state, ct_state, is_mask);
		attrs &= ~BIT_ULL(OVS_KEY_ATTR_CT_STATE);
	}
	if (attrs & BIT_ULL(OVS_KEY_ATTR_CT_ZONE)) {
		MATCH_PUT(m, ct_zone, nla_get_u16(a[OVS_KEY_ATTR_CT_ZONE]), is_mask);
		attrs &= ~BIT_ULL(OVS_KEY_ATTR_CT_ZONE);
	}
	if (attrs & BIT_ULL(OVS_KEY_ATTR_CT_MARK)) {
		MATCH_PUT(m, ct_mark, nla_get_u32(a[OVS_KEY_ATTR_CT_MARK]), is_mask);
		attrs &= ~BIT_ULL(OVS_KEY_ATTR_CT_MARK);
	}
	if (attrs & BIT_ULL(OVS_KEY_ATTR_CT_LABELS)) {
		MATCH_MEMCPY(m, ct_labels, nla_data(a[OVS_KEY_ATTR_CT_LABELS]),
			     sizeof(m->key->ct_labels), is_mask);
		attrs &= ~BIT_ULL(OVS_KEY_ATTR_CT_LABELS);
	}

	/* Layer 3 packets: an EtherType without MAC addresses. */
	if (!(attrs & BIT_ULL(OVS_KEY_ATTR_ETHERNET)) &&
	    (attrs & BIT_ULL(OVS_KEY_ATTR_ETHERTYPE)))
		mac_proto = VDP_MAC_PROTO_NONE;
	MATCH_PUT(m, mac_proto, is_mask ? 0xff : mac_proto, is_mask);
	if (mac_proto == VDP_MAC_PROTO_NONE)
		return parse_eth_type(m, &attrs, a, is_mask, extack);

	if (attrs & BIT_ULL(OVS_KEY_ATTR_ETHERNET)) {
		const struct ovs_key_ethernet *eth = nla_data(a[OVS_KEY_ATTR_ETHERNET]);

		MATCH_MEMCPY(m, eth_src, eth->eth_src, ETH_ALEN, is_mask);
		MATCH_MEMCPY(m, eth_dst, eth->eth_dst, ETH_ALEN, is_mask);
		attrs &= ~BIT_ULL(OVS_KEY_ATTR_ETHERNET);

		if (attrs & BIT_ULL(OVS_KEY_ATTR_ETHERTYPE)) {
			err = parse_eth_type(m, &attrs, a, is_mask, extack);
			if (err)
				return err;
		} else if (!is_mask) {
			MATCH_PUT(m, eth_type, htons(ETH_P_802_2), is_mask);
		}
	} else if (!m->key->eth_type) {
		NL_SET_ERR_MSG(extack, "OVS_KEY_ATTR_ETHERNET or OVS_KEY_ATTR_ETHERTYPE: one is required in a key");
		return -EINVAL;
	}
	return 0;
}

/*
 * A key attribute openvswitch.ko takes that is outside the subset, or the
 * VLAN attributes where openvswitch.ko would refuse them: the error.
 */
static int check_subset(u64 attrs, const struct nlattr **a, bool is_mask,
			struct netlink_ext_ack *extack)
{
	u64 other = attrs & ~SUPPORTED_KEY_ATTRS;
	bool vlan_frame;
	int type;

	vlan_frame = (attrs & BIT_ULL(OVS_KEY_ATTR_ETHERNET)) &&
		     (attrs & BIT_ULL(OVS_KEY_ATTR_ETHERTYPE)) &&
		     eth_type_vlan(nla_get_be16(a[OVS_KEY_ATTR_ETHERTYPE]));
	if (!is_mask && vlan_frame &&
	    (!(attrs & BIT_ULL(OVS_KEY_ATTR_VLAN)) ||
	     !(attrs & BIT_ULL(OVS_KEY_ATTR_ENCAP)))) {
		NL_SET_ERR_MSG_ATTR(extack, a[OVS_KEY_ATTR_ETHERTYPE],
				    "OVS_KEY_ATTR_ETHERTYPE: a VLAN EtherType needs OVS_KEY_ATTR_VLAN and OVS_KEY_ATTR_ENCAP");
		return -EINVAL;
	}
	if (!vlan_frame && (other & (BIT_ULL(OVS_KEY_ATTR_VLAN) |
				     BIT_ULL(OVS_KEY_ATTR_ENCAP)))) {
		type = (other & BIT_ULL(OVS_KEY_ATTR_VLAN)) ? OVS_KEY_ATTR_VLAN :
							      OVS_KEY_ATTR_ENCAP;
		NL_SET_ERR_MSG_ATTR(extack, a[type],
				    "OVS_KEY_ATTR_VLAN/ENCAP: unexpected without a VLAN EtherType");
		return -EINVAL;
	}
	if (is_mask)
		return 0;	/* match_validate() judges the rest */

	if (other) {
		type = __ffs64(other);
		NL_SET_ERR_MSG_ATTR(extack, a[type],
				    "OVS_KEY_ATTR_*: vportdp matches only in_port, tunnel, ethernet, ethertype and zero metadata");
		return -EOPNOTSUPP;
	}
	return 0;
}

/* Conntrack fields in a key (well-formed by now) must be zero. */
static int check_ct_zero(u64 attrs, const struct nlattr **a,
			 struct netlink_ext_ack *extack)
{
	int type;

	for (type = 0; type <= OVS_KEY_ATTR_MAX; type++)
		if ((attrs & CT_KEY_ATTRS & BIT_ULL(type)) &&
		    !is_all_zero(nla_data(a[type]), nla_len(a[type]))) {
			NL_SET_ERR_MSG_ATTR(extack, a[type],
					    "OVS_KEY_ATTR_CT_*: vportdp tracks no connections: only zero can be matched");
			return -EOPNOTSUPP;
		}
	return 0;
}

/* openvswitch.ko's match_validate(), for what can reach it here. */
static bool match_validate(const struct match *m, u64 key_attrs, u64 mask_attrs,
			   struct netlink_ext_ack *extack)
{
	u64 expected = 0, allowed = key_attrs;
	__be16 type = m->key->eth_type;

	allowed &= ~(BIT_ULL(OVS_KEY_ATTR_IPV4) | BIT_ULL(OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV4) |
		     BIT_ULL(OVS_KEY_ATTR_IPV6) | BIT_ULL(OVS_KEY_ATTR_CT_ORIG_TUPLE_IPV6) |
		     BIT_ULL(OVS_KEY_ATTR_TCP) | BIT_ULL(OVS_KEY_ATTR_TCP_FLAGS) |
		     BIT_ULL(OVS_KEY_ATTR_UDP) | BIT_ULL(OVS_KEY_ATTR_SCTP) |
		     BIT_ULL(OVS_KEY_ATTR_ICMP) | BIT_ULL(OVS_KEY_ATTR_ICMPV6) |
		     BIT_ULL(OVS_KEY_ATTR_ARP) | BIT_ULL(OVS_KEY_ATTR_ND) |
		     BIT_ULL(OVS_KEY_ATTR_NSH));
	allowed |= BIT_ULL(OVS_KEY_ATTR_TUNNEL) | BIT_ULL(OVS_KEY_ATTR_IN_PORT) |
		   BIT_ULL(OVS_KEY_ATTR_ETHERTYPE);

	if (type == htons(ETH_P_ARP) || type == htons(ETH_P_RARP))
		expected |= BIT_ULL(OVS_KEY_ATTR_ARP);
	if (eth_p_mpls(type))
		expected |= BIT_ULL(OVS_KEY_ATTR_MPLS);
	if (type == htons(ETH_P_IP))
		expected |= BIT_ULL(OVS_KEY_ATTR_IPV4);
	if (type == htons(ETH_P_IPV6))
		expected |= BIT_ULL(OVS_KEY_ATTR_IPV6);
	if (type == htons(ETH_P_NSH))
		expected |= BIT_ULL(OVS_KEY_ATTR_NSH);

	if ((key_attrs & expected) != expected) {
		NL_SET_ERR_MSG(extack, "OVS_FLOW_ATTR_KEY: missing key attribute for the EtherType (arp, ipv4, ipv6, mpls or nsh)");
		return false;
	}
	if ((mask_attrs & allowed) != mask_attrs) {
		NL_SET_ERR_MSG(extack, "OVS_FLOW_ATTR_MASK: mask attribute without its key attribute");
		return false;
	}
	return true;
}

/*
 * Every byte of the nested attributes' payloads set to 0xff; nests (the
 * tunnel, and the nests within it) are walked into, not overwritten.
 */
static void mask_set_attrs(struct nlattr *attr, bool in_tunnel)
{
	struct nlattr *nla;
	int rem;

	nla_for_each_nested(nla, attr, rem) {
		int type = nla_type(nla);
		bool nested;

		if (in_tunnel)
			nested = type == OVS_TUNNEL_KEY_ATTR_VXLAN_OPTS;
		else
			nested = type <= OVS_KEY_ATTR_MAX &&
				 key_lens[type] == ATTR_NESTED;
		if (nested)
			mask_set_attrs(nla, type == OVS_KEY_ATTR_TUNNEL && !in_tunnel);
		else
			memset(nla_data(nla), 0xff, nla_len(nla));
	}
}

/**
 * get_match - parse a key and (optionally) its mask
 * @m: @m->key is filled; so is @m->mask unless it is %NULL.
 * @nla_key: %OVS_FLOW_ATTR_KEY.
 * @nla_mask: %OVS_FLOW_ATTR_MASK or %NULL (an exact-match mask is made).
 * @extack: where a refusal is explained.
 *
 * As openvswitch.ko's ovs_nla_get_match().  Return: 0 or a negative errno.
 */
static int get_match(struct match *m, const struct nlattr *nla_key,
		     const struct nlattr *nla_mask,
		     struct netlink_ext_ack *extack)
{
	const struct nlattr *a[OVS_KEY_ATTR_MAX + 1] = {};
	const struct nlattr *ma[OVS_KEY_ATTR_MAX + 1] = {};
	u64 key_attrs = 0, mask_attrs = 0;
	struct nlattr *newmask = NULL;
	int err;

	memset(m->key, 0, sizeof(*m->key));
	if (m->mask)
		memset(m->mask, 0, sizeof(*m->mask));

	err = parse_key_attrs(nla_key, a, &key_attrs, false, extack);
	if (err)
		return err;
	err = check_subset(key_attrs, a, false, extack);
	if (err)
		return err;
	err = key_from_attrs(m, key_attrs, a, false, extack);
	if (err)
		return err;
	err = check_ct_zero(key_attrs, a, extack);
	if (err)
		return err;

	if (m->mask) {
		if (!nla_mask) {
			newmask = kmemdup(nla_key, nla_total_size(nla_len(nla_key)),
					  GFP_KERNEL);
			if (!newmask)
				return -ENOMEM;
			mask_set_attrs(newmask, false);
			/* Tunnel fields that were left out are matched too. */
			if (m->key->tun_proto) {
				struct ip_tunnel_key *t = &m->mask->tun;

				t->tun_id = cpu_to_be64(~0ULL);
				memset(&t->u, 0xff, sizeof(t->u));
				t->tun_flags = htons(0xffff);
				t->tos = 0xff;
				t->ttl = 0xff;
				t->label = htonl(0xffffffff);
				t->tp_src = htons(0xffff);
				t->tp_dst = htons(0xffff);
				m->mask->tun_proto = 0xff;
			}
			nla_mask = newmask;
		}
		err = parse_key_attrs(nla_mask, ma, &mask_attrs, true, extack);
		if (err)
			goto out;
		/* The VLAN TCIs are always matched. */
		m->mask->vlan_tci = htons(0xffff);
		m->mask->cvlan_tci = htons(0xffff);
		err = check_subset(mask_attrs, ma, true, extack);
		if (err)
			goto out;
		err = key_from_attrs(m, mask_attrs & SUPPORTED_KEY_ATTRS, ma, true,
				     extack);
		if (err)
			goto out;
	}
	if (!match_validate(m, key_attrs, mask_attrs, extack))
		err = -EINVAL;
out:
	kfree(newmask);
	return err;
}

/* openvswitch.ko's __ip_tun_to_nlattr(), without options. */
static int tun_to_attrs(struct sk_buff *skb, const struct ip_tunnel_key *k,
			u8 tun_proto)
{
	if ((k->tun_flags & TUNNEL_KEY) &&
	    nla_put_be64(skb, OVS_TUNNEL_KEY_ATTR_ID, k->tun_id,
			 OVS_TUNNEL_KEY_ATTR_PAD))
		return -EMSGSIZE;
	switch (tun_proto) {
	case AF_INET:
		if (k->u.ipv4.src &&
		    nla_put_in_addr(skb, OVS_TUNNEL_KEY_ATTR_IPV4_SRC, k->u.ipv4.src))
			return -EMSGSIZE;
		if (k->u.ipv4.dst &&
		    nla_put_in_addr(skb, OVS_TUNNEL_KEY_ATTR_IPV4_DST, k->u.ipv4.dst))
			return -EMSGSIZE;
		break;
	case AF_INET6:
		if (!ipv6_addr_any(&k->u.ipv6.src) &&
		    nla_put_in6_addr(skb, OVS_TUNNEL_KEY_ATTR_IPV6_SRC, &k->u.ipv6.src))
			return -EMSGSIZE;
		if (!ipv6_addr_any(&k->u.ipv6.dst) &&
		    nla_put_in6_addr(skb, OVS_TUNNEL_KEY_ATTR_IPV6_DST, &k->u.ipv6.dst))
			return -EMSGSIZE;
		break;
	}
	if (k->tos && nla_put_u8(skb, OVS_TUNNEL_KEY_ATTR_TOS, k->tos))
		return -EMSGSIZE;
	if (nla_put_u8(skb, OVS_TUNNEL_KEY_ATTR_TTL, k->ttl))
		return -EMSGSIZE;
	if ((k->tun_flags & TUNNEL_DONT_FRAGMENT) &&
	    nla_put_flag(skb, OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT))
		return -EMSGSIZE;
	if ((k->tun_flags & TUNNEL_CSUM) &&
	    nla_put_flag(skb, OVS_TUNNEL_KEY_ATTR_CSUM))
		return -EMSGSIZE;
	if (k->tp_src && nla_put_be16(skb, OVS_TUNNEL_KEY_ATTR_TP_SRC, k->tp_src))
		return -EMSGSIZE;
	if (k->tp_dst && nla_put_be16(skb, OVS_TUNNEL_KEY_ATTR_TP_DST, k->tp_dst))
		return -EMSGSIZE;
	if ((k->tun_flags & TUNNEL_OAM) && nla_put_flag(skb, OVS_TUNNEL_KEY_ATTR_OAM))
		return -EMSGSIZE;
	return 0;
}

static int tun_to_nest(struct sk_buff *skb, int attrtype,
		       const struct ip_tunnel_key *k, u8 tun_proto)
{
	struct nlattr *nla = nla_nest_start_noflag(skb, attrtype);
	int err;

	if (!nla)
		return -EMSGSIZE;
	err = tun_to_attrs(skb, k, tun_proto);
	if (err)
		return err;
	nla_nest_end(skb, nla);
	return 0;
}

/*
 * openvswitch.ko's __ovs_nla_put_key(): @swkey decides which attributes
 * appear, @output gives their values (the key itself, or the mask).
 */
static int put_key(struct sk_buff *skb, int attrtype,
		   const struct vdp_flow_key *swkey,
		   const struct vdp_flow_key *output, bool is_mask)
{
	struct ovs_key_ethernet *eth;
	struct nlattr *nla, *ea;

	nla = nla_nest_start_noflag(skb, attrtype);
	if (!nla)
		return -EMSGSIZE;

	if (nla_put_u32(skb, OVS_KEY_ATTR_RECIRC_ID, output->recirc_id) ||
	    nla_put_u32(skb, OVS_KEY_ATTR_DP_HASH, output->dp_hash) ||
	    nla_put_u32(skb, OVS_KEY_ATTR_PRIORITY, output->priority))
		return -EMSGSIZE;
	if ((swkey->tun_proto || is_mask) &&
	    tun_to_nest(skb, OVS_KEY_ATTR_TUNNEL, &output->tun, swkey->tun_proto))
		return -EMSGSIZE;
	if (swkey->in_port == DP_MAX_PORTS) {
		if (is_mask && output->in_port == 0xffff &&
		    nla_put_u32(skb, OVS_KEY_ATTR_IN_PORT, 0xffffffff))
			return -EMSGSIZE;
	} else {
		u32 upper = is_mask ? 0xffff : 0;

		if (nla_put_u32(skb, OVS_KEY_ATTR_IN_PORT,
				(upper << 16) | output->in_port))
			return -EMSGSIZE;
	}
	if (nla_put_u32(skb, OVS_KEY_ATTR_SKB_MARK, output->skb_mark) ||
	    nla_put_u32(skb, OVS_KEY_ATTR_CT_STATE, output->ct_state) ||
	    nla_put_u16(skb, OVS_KEY_ATTR_CT_ZONE, output->ct_zone) ||
	    nla_put_u32(skb, OVS_KEY_ATTR_CT_MARK, output->ct_mark) ||
	    nla_put(skb, OVS_KEY_ATTR_CT_LABELS, sizeof(output->ct_labels),
		    output->ct_labels))
		return -EMSGSIZE;

	if (swkey->mac_proto == VDP_MAC_PROTO_ETHERNET) {
		ea = nla_reserve(skb, OVS_KEY_ATTR_ETHERNET, sizeof(*eth));
		if (!ea)
			return -EMSGSIZE;
		eth = nla_data(ea);
		ether_addr_copy(eth->eth_src, output->eth_src);
		ether_addr_copy(eth->eth_dst, output->eth_dst);
		if (swkey->eth_type == htons(ETH_P_802_2)) {
			/* 802.2: no EtherType in the key, 0xffff in the mask. */
			if (is_mask && output->eth_type &&
			    nla_put_be16(skb, OVS_KEY_ATTR_ETHERTYPE, output->eth_type))
				return -EMSGSIZE;
			goto out;
		}
	}
	if (nla_put_be16(skb, OVS_KEY_ATTR_ETHERTYPE, output->eth_type))
		return -EMSGSIZE;
out:
	nla_nest_end(skb, nla);
	return 0;
}

/*
 * openvswitch.ko stores an output as it comes (8 bytes) and a set(tunnel)
 * in less than it comes in: every list of these that fits one attribute
 * fits its action buffer (measured: 8191 outputs are taken), so no limit
 * is checked here but the attribute's own.
 */

/* Room for a set(tunnel) action in a reply. */
#define SET_TUN_REPLY_SIZE	(nla_total_size(nla_total_size(		\
	nla_total_size_64bit(8) + 2 * nla_total_size(16) +		\
	2 * nla_total_size(1) + 3 * nla_total_size(0) +			\
	2 * nla_total_size(2))))

static bool is_set_type_known(int type)
{
	switch (type) {
	case OVS_KEY_ATTR_PRIORITY:
	case OVS_KEY_ATTR_SKB_MARK:
	case OVS_KEY_ATTR_CT_MARK:
	case OVS_KEY_ATTR_CT_LABELS:
	case OVS_KEY_ATTR_ETHERNET:
	case OVS_KEY_ATTR_TUNNEL:
	case OVS_KEY_ATTR_IPV4:
	case OVS_KEY_ATTR_IPV6:
	case OVS_KEY_ATTR_TCP:
	case OVS_KEY_ATTR_UDP:
	case OVS_KEY_ATTR_SCTP:
	case OVS_KEY_ATTR_MPLS:
	case OVS_KEY_ATTR_NSH:
		return true;
	}
	return false;
}

/* set(tunnel(...)): a metadata dst for packets, as openvswitch.ko makes. */
static int copy_set_tunnel(const struct nlattr *ovs_key, struct vdp_action *act,
			   struct netlink_ext_ack *extack)
{
	struct vdp_flow_key key;
	struct ip_tunnel_info *info;
	struct metadata_dst *md;
	struct match m = { .key = &key };
	int err;

	memset(&key, 0, sizeof(key));
	err = tun_from_attr(ovs_key, &m, false, extack);
	if (err)
		return err;

	md = metadata_dst_alloc(0, METADATA_IP_TUNNEL, GFP_KERNEL);
	if (!md)
		return -ENOMEM;
	err = dst_cache_init(&md->u.tun_info.dst_cache, GFP_KERNEL);
	if (err) {
		dst_release((struct dst_entry *)md);
		return err;
	}
	info = &md->u.tun_info;
	info->mode = IP_TUNNEL_INFO_TX;
	if (key.tun_proto == AF_INET6)
		info->mode |= IP_TUNNEL_INFO_IPV6;
	info->key = key.tun;
	info->options_len = 0;

	act->type = VDP_ACT_SET_TUNNEL;
	act->tun_dst = md;
	return 0;
}

static int validate_set(const struct nlattr *a, bool masked,
			struct vdp_action *act, struct netlink_ext_ack *extack)
{
	const struct nlattr *ovs_key = nla_data(a);
	int key_type, key_len;

	if (nla_len(a) < NLA_HDRLEN ||
	    nla_total_size(nla_len(ovs_key)) != nla_len(a)) {
		NL_SET_ERR_MSG_ATTR(extack, a, "OVS_ACTION_ATTR_SET: must hold exactly one key attribute");
		return -EINVAL;
	}
	key_type = nla_type(ovs_key);
	key_len = nla_len(ovs_key);
	if (masked)
		key_len /= 2;
	if (key_type > OVS_KEY_ATTR_MAX ||
	    !check_attr_len(key_len, key_lens[key_type]) ||
	    !is_set_type_known(key_type)) {
		NL_SET_ERR_MSG_ATTR(extack, ovs_key, "OVS_ACTION_ATTR_SET: key attribute of unknown type or wrong length");
		return -EINVAL;
	}
	if (masked) {
		const u8 *data = nla_data(ovs_key), *mask = data + key_len;
		int i;

		for (i = 0; i < key_len; i++)
			if (data[i] & ~mask[i]) {
				NL_SET_ERR_MSG_ATTR(extack, ovs_key, "OVS_ACTION_ATTR_SET_MASKED: value has bits outside the mask");
				return -EINVAL;
			}
		if (key_type == OVS_KEY_ATTR_TUNNEL) {
			NL_SET_ERR_MSG_ATTR(extack, a, "OVS_ACTION_ATTR_SET_MASKED: a masked set of the tunnel is not supported (give every field: use OVS_ACTION_ATTR_SET)");
			return -EINVAL;
		}
	}
	if (key_type != OVS_KEY_ATTR_TUNNEL || masked) {
		NL_SET_ERR_MSG_ATTR(extack, ovs_key, "OVS_ACTION_ATTR_SET: vportdp sets only the tunnel (OVS_KEY_ATTR_TUNNEL)");
		return -EOPNOTSUPP;
	}
	return copy_set_tunnel(ovs_key, act, extack);
}

static const int action_lens[OVS_ACTION_ATTR_MAX + 1] = {
	[OVS_ACTION_ATTR_OUTPUT]	= sizeof(u32),
	[OVS_ACTION_ATTR_RECIRC]	= sizeof(u32),
	[OVS_ACTION_ATTR_USERSPACE]	= ATTR_VARIABLE,
	[OVS_ACTION_ATTR_PUSH_MPLS]	= sizeof(struct ovs_action_push_mpls),
	[OVS_ACTION_ATTR_POP_MPLS]	= sizeof(__be16),
	[OVS_ACTION_ATTR_PUSH_VLAN]	= sizeof(struct ovs_action_push_vlan),
	[OVS_ACTION_ATTR_POP_VLAN]	= 0,
	[OVS_ACTION_ATTR_SET]		= ATTR_VARIABLE,
	[OVS_ACTION_ATTR_SET_MASKED]	= ATTR_VARIABLE,
	[OVS_ACTION_ATTR_SAMPLE]	= ATTR_VARIABLE,
	[OVS_ACTION_ATTR_HASH]		= sizeof(struct ovs_action_hash),
	[OVS_ACTION_ATTR_CT]		= ATTR_VARIABLE,
	[OVS_ACTION_ATTR_CT_CLEAR]	= 0,
	[OVS_ACTION_ATTR_TRUNC]		= sizeof(struct ovs_action_trunc),
	[OVS_ACTION_ATTR_PUSH_ETH]	= sizeof(struct ovs_action_push_eth),
	[OVS_ACTION_ATTR_POP_ETH]	= 0,
	[OVS_ACTION_ATTR_PUSH_NSH]	= ATTR_VARIABLE,
	[OVS_ACTION_ATTR_POP_NSH]	= 0,
	[OVS_ACTION_ATTR_METER]		= sizeof(u32),
	[OVS_ACTION_ATTR_CLONE]		= ATTR_VARIABLE,
	[OVS_ACTION_ATTR_CHECK_PKT_LEN]	= ATTR_VARIABLE,
	[OVS_ACTION_ATTR_ADD_MPLS]	= sizeof(struct ovs_action_add_mpls),
	[OVS_ACTION_ATTR_DEC_TTL]	= ATTR_VARIABLE,
};

/* Release what copy_actions() built. */
static void actions_free(struct vdp_flow_actions *acts)
{
	int i;

	for (i = 0; i < acts->n; i++)
		if (acts->acts[i].type == VDP_ACT_SET_TUNNEL)
			dst_release((struct dst_entry *)acts->acts[i].tun_dst);
	kfree(acts);
}

/**
 * copy_actions - validate %OVS_FLOW_ATTR_ACTIONS and build the action list
 * @attr: the nest.
 * @extack: where a refusal is explained.
 *
 * Return: the actions or an ERR_PTR: -EINVAL for what openvswitch.ko
 * refuses as malformed, -EOPNOTSUPP for well-formed actions outside the
 * subset.
 */
static struct vdp_flow_actions *copy_actions(const struct nlattr *attr,
					     struct netlink_ext_ack *extack)
{
	struct vdp_flow_actions *acts;
	const struct nlattr *a;
	int rem, n = 0, err;

	nla_for_each_nested(a, attr, rem)
		n++;
	acts = kzalloc(struct_size(acts, acts, n), GFP_KERNEL_ACCOUNT);
	if (!acts)
		return ERR_PTR(-ENOMEM);
	acts->last_output = -1;

	nla_for_each_nested(a, attr, rem) {
		int type = nla_type(a);
		struct vdp_action *act = &acts->acts[acts->n];

		if (type > OVS_ACTION_ATTR_MAX ||
		    (action_lens[type] != nla_len(a) &&
		     action_lens[type] != ATTR_VARIABLE)) {
			NL_SET_ERR_MSG_ATTR(extack, a, "OVS_ACTION_ATTR_*: unknown action type or wrong length");
			err = -EINVAL;
			goto err;
		}
		switch (type) {
		case OVS_ACTION_ATTR_UNSPEC:
			NL_SET_ERR_MSG_ATTR(extack, a, "OVS_ACTION_ATTR_UNSPEC: not an action");
			err = -EINVAL;
			goto err;
		case OVS_ACTION_ATTR_OUTPUT:
			act->port = nla_get_u32(a);
			if (act->port >= DP_MAX_PORTS) {
				NL_SET_ERR_MSG_ATTR(extack, a, "OVS_ACTION_ATTR_OUTPUT: port numbers are below 65535");
				err = -EINVAL;
				goto err;
			}
			act->type = VDP_ACT_OUTPUT;
			acts->last_output = acts->n;
			break;
		case OVS_ACTION_ATTR_SET:
		case OVS_ACTION_ATTR_SET_MASKED:
			err = validate_set(a, type == OVS_ACTION_ATTR_SET_MASKED,
					   act, extack);
			if (err)
				goto err;
			break;
		default:
			NL_SET_ERR_MSG_ATTR(extack, a, "OVS_ACTION_ATTR_*: vportdp supports only output and set(tunnel)");
			err = -EOPNOTSUPP;
			goto err;
		}
		acts->n++;
	}
	if (rem > 0) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "OVS_FLOW_ATTR_ACTIONS: trailing bytes after the last action");
		err = -EINVAL;
		goto err;
	}
	return acts;
err:
	actions_free(acts);
	return ERR_PTR(err);
}

static size_t actions_reply_size(const struct vdp_flow_actions *acts)
{
	size_t size = 0;
	int i;

	for (i = 0; i < acts->n; i++)
		size += acts->acts[i].type == VDP_ACT_OUTPUT ?
			nla_total_size(sizeof(u32)) : SET_TUN_REPLY_SIZE;
	return nla_total_size(size);
}

static int put_actions(struct sk_buff *skb, const struct vdp_flow_actions *acts)
{
	int i;

	for (i = 0; i < acts->n; i++) {
		const struct vdp_action *act = &acts->acts[i];

		if (act->type == VDP_ACT_OUTPUT) {
			if (nla_put_u32(skb, OVS_ACTION_ATTR_OUTPUT, act->port))
				return -EMSGSIZE;
		} else {
			const struct ip_tunnel_info *info = &act->tun_dst->u.tun_info;
			struct nlattr *set;

			set = nla_nest_start_noflag(skb, OVS_ACTION_ATTR_SET);
			if (!set ||
			    tun_to_nest(skb, OVS_KEY_ATTR_TUNNEL, &info->key,
					ip_tunnel_info_af(info)))
				return -EMSGSIZE;
			nla_nest_end(skb, set);
		}
	}
	return 0;
}

/* A key with every attribute put_key() can emit, and its tunnel. */
#define KEY_REPLY_SIZE	nla_total_size(				\
	6 * nla_total_size(4) + nla_total_size(2) + nla_total_size(16) +	\
	nla_total_size(sizeof(struct ovs_key_ethernet)) + nla_total_size(2) + \
	nla_total_size(nla_total_size_64bit(8) + 2 * nla_total_size(16) +	\
		       2 * nla_total_size(1) + 3 * nla_total_size(0) +	\
		       2 * nla_total_size(2)) + nla_total_size(4))

static size_t flow_msg_size(const struct vdp_flow_actions *acts, u8 ufid_len)
{
	return NLMSG_ALIGN(sizeof(struct ovs_header))
		+ nla_total_size(VDP_UFID_MAX)			/* UFID */
		+ 2 * KEY_REPLY_SIZE				/* KEY */
		+ KEY_REPLY_SIZE				/* MASK */
		+ nla_total_size_64bit(sizeof(struct ovs_flow_stats))
		+ nla_total_size(1)				/* TCP_FLAGS */
		+ nla_total_size_64bit(8)			/* USED */
		+ (acts ? actions_reply_size(acts) : nla_total_size(0));
}

/* openvswitch.ko's ovs_flow_used_time(). */
static u64 used_time(unsigned long flow_jiffies)
{
	struct timespec64 ts;
	u64 cur_ms, idle_ms;

	ktime_get_ts64(&ts);
	idle_ms = jiffies_to_msecs(jiffies - flow_jiffies);
	cur_ms = (u64)(u32)ts.tv_sec * MSEC_PER_SEC + ts.tv_nsec / NSEC_PER_MSEC;
	return cur_ms - idle_ms;
}

static u32 get_ufid_flags(const struct nlattr *attr)
{
	return attr ? nla_get_u32(attr) : 0;
}

/* An %OVS_FLOW_ATTR_UFID of 1 to 16 bytes, or 0 (ignored otherwise, as upstream). */
static u8 get_ufid(const struct nlattr *attr, u8 *ufid)
{
	int len;

	if (!attr)
		return 0;
	len = nla_len(attr);
	if (len < 1 || len > VDP_UFID_MAX)
		return 0;
	memcpy(ufid, nla_data(attr), len);
	return len;
}

/* Must be called with rcu_read_lock or vdp_mutex. */
static int flow_fill_info(const struct vdp_flow *flow, int dp_ifindex,
			  struct sk_buff *skb, u32 portid, u32 seq, u32 flags,
			  u8 cmd, u32 ufid_flags)
{
	const struct vdp_flow_actions *acts;
	int skb_orig_len = skb->len;
	struct ovs_header *ovs_header;
	struct ovs_flow_stats stats;
	struct nlattr *start;
	unsigned long used;
	u16 tcp_flags;
	int err;

	ovs_header = genlmsg_put(skb, portid, seq, &vdp_flow_genl_family, flags, cmd);
	if (!ovs_header)
		return -EMSGSIZE;
	ovs_header->dp_ifindex = dp_ifindex;

	if (flow->ufid_len) {
		if (nla_put(skb, OVS_FLOW_ATTR_UFID, flow->ufid_len, flow->ufid))
			goto nla_put_failure;
		if (!(ufid_flags & OVS_UFID_F_OMIT_KEY) &&
		    put_key(skb, OVS_FLOW_ATTR_KEY, &flow->key, &flow->key, false))
			goto nla_put_failure;
	} else if (put_key(skb, OVS_FLOW_ATTR_KEY, flow->unmasked_key,
			   flow->unmasked_key, false)) {
		goto nla_put_failure;
	}
	if (!(ufid_flags & OVS_UFID_F_OMIT_MASK) &&
	    put_key(skb, OVS_FLOW_ATTR_MASK, &flow->key, &flow->mask->key, true))
		goto nla_put_failure;

	vdp_flow_stats_get(flow, &stats, &used, &tcp_flags);
	if (used && nla_put_u64_64bit(skb, OVS_FLOW_ATTR_USED, used_time(used),
				      OVS_FLOW_ATTR_PAD))
		goto nla_put_failure;
	if (stats.n_packets &&
	    nla_put_64bit(skb, OVS_FLOW_ATTR_STATS, sizeof(stats), &stats,
			  OVS_FLOW_ATTR_PAD))
		goto nla_put_failure;
	if ((u8)tcp_flags && nla_put_u8(skb, OVS_FLOW_ATTR_TCP_FLAGS, (u8)tcp_flags))
		goto nla_put_failure;

	if (!(ufid_flags & OVS_UFID_F_OMIT_ACTIONS)) {
		/*
		 * As openvswitch.ko: actions that do not fit a dump's message
		 * are left out when the flow is the message's first.
		 */
		start = nla_nest_start_noflag(skb, OVS_FLOW_ATTR_ACTIONS);
		if (start) {
			acts = rcu_dereference_vdpl(flow->acts);
			err = put_actions(skb, acts);
			if (!err) {
				nla_nest_end(skb, start);
			} else {
				if (skb_orig_len)
					goto nla_put_failure;
				nla_nest_cancel(skb, start);
			}
		} else if (skb_orig_len) {
			goto nla_put_failure;
		}
	}

	genlmsg_end(skb, ovs_header);
	return 0;

nla_put_failure:
	genlmsg_cancel(skb, ovs_header);
	return -EMSGSIZE;
}

static bool must_notify(struct genl_info *info)
{
	return (info->nlhdr->nlmsg_flags & NLM_F_ECHO) ||
	       genl_has_listeners(&vdp_flow_genl_family, genl_info_net(info), 0);
}

/* A reply skb for @acts if anyone will read it, else NULL; or an ERR_PTR. */
static struct sk_buff *alloc_reply(const struct vdp_flow_actions *acts,
				   struct genl_info *info, bool always)
{
	struct sk_buff *skb;

	if (!always && !must_notify(info))
		return NULL;
	skb = genlmsg_new(flow_msg_size(acts, VDP_UFID_MAX), GFP_KERNEL);
	return skb ?: ERR_PTR(-ENOMEM);
}

static struct sk_buff *build_info(const struct vdp_flow *flow, int dp_ifindex,
				  struct genl_info *info, u8 cmd, bool always,
				  u32 ufid_flags)
{
	struct sk_buff *skb;
	int err;

	skb = alloc_reply(vdpl_dereference(flow->acts), info, always);
	if (IS_ERR_OR_NULL(skb))
		return skb;
	err = flow_fill_info(flow, dp_ifindex, skb, info->snd_portid,
			     info->snd_seq, 0, cmd, ufid_flags);
	if (WARN_ON_ONCE(err < 0)) {
		kfree_skb(skb);
		return ERR_PTR(err);
	}
	return skb;
}

static struct datapath *get_dp(struct genl_info *info, struct sk_buff *skb)
{
	struct ovs_header *ovs_header = info->userhdr;
	struct datapath *dp;

	dp = vdp_dp_get(sock_net(skb->sk), ovs_header->dp_ifindex);
	if (!dp)
		GENL_SET_ERR_MSG(info, "dp_ifindex: no datapath has an internal port with this ifindex");
	return dp;
}

/* The flow a DEL, GET or SET names: by UFID, else by key.  vdp_mutex. */
static struct vdp_flow *lookup_named(struct datapath *dp, const u8 *ufid,
				     u8 ufid_len, const struct vdp_flow_key *key)
{
	if (ufid_len)
		return vdp_flow_tbl_lookup_ufid(&dp->table, ufid, ufid_len);
	return vdp_flow_tbl_lookup_exact(&dp->table, key);
}

static bool flow_cmp(const struct vdp_flow *flow, const struct vdp_flow_key *key)
{
	if (flow->ufid_len)
		return !memcmp(&flow->key, key, sizeof(*key));
	return !memcmp(flow->unmasked_key, key, sizeof(*key));
}

static int vdp_flow_cmd_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct ovs_header *ovs_header = info->userhdr;
	struct vdp_flow_key *key, *mask;
	struct vdp_flow_actions *acts;
	struct vdp_flow *new_flow, *flow;
	struct sk_buff *reply;
	struct datapath *dp;
	struct match m;
	u32 ufid_flags = get_ufid_flags(a[OVS_FLOW_ATTR_UFID_FLAGS]);
	int err;

	if (!a[OVS_FLOW_ATTR_KEY]) {
		GENL_SET_ERR_MSG(info, "OVS_FLOW_ATTR_KEY: required to create a flow");
		return -EINVAL;
	}
	if (!a[OVS_FLOW_ATTR_ACTIONS]) {
		GENL_SET_ERR_MSG(info, "OVS_FLOW_ATTR_ACTIONS: required to create a flow (empty to drop)");
		return -EINVAL;
	}

	new_flow = vdp_flow_alloc();
	key = kmalloc(sizeof(*key), GFP_KERNEL);
	mask = kmalloc(sizeof(*mask), GFP_KERNEL);
	if (!new_flow || !key || !mask) {
		err = -ENOMEM;
		goto err_free;
	}

	m.key = key;
	m.mask = mask;
	err = get_match(&m, a[OVS_FLOW_ATTR_KEY], a[OVS_FLOW_ATTR_MASK],
			info->extack);
	if (err)
		goto err_free;
	vdp_flow_mask_key(&new_flow->key, key, mask);

	new_flow->ufid_len = get_ufid(a[OVS_FLOW_ATTR_UFID], new_flow->ufid);
	if (!new_flow->ufid_len) {
		new_flow->unmasked_key = kmemdup(key, sizeof(*key), GFP_KERNEL_ACCOUNT);
		if (!new_flow->unmasked_key) {
			err = -ENOMEM;
			goto err_free;
		}
	}

	acts = copy_actions(a[OVS_FLOW_ATTR_ACTIONS], info->extack);
	if (IS_ERR(acts)) {
		err = PTR_ERR(acts);
		goto err_free;
	}

	reply = alloc_reply(acts, info, false);
	if (IS_ERR(reply)) {
		err = PTR_ERR(reply);
		actions_free(acts);
		goto err_free;
	}

	vdp_lock();
	dp = get_dp(info, skb);
	if (!dp) {
		err = -ENODEV;
		goto err_unlock;
	}

	flow = NULL;
	if (new_flow->ufid_len)
		flow = vdp_flow_tbl_lookup_ufid(&dp->table, new_flow->ufid,
						new_flow->ufid_len);
	if (!flow)
		flow = vdp_flow_tbl_lookup(&dp->table, key);

	if (!flow) {
		rcu_assign_pointer(new_flow->acts, acts);
		err = vdp_flow_tbl_insert(&dp->table, new_flow, mask);
		if (err) {
			if (err == -ENOSPC)
				GENL_SET_ERR_MSG(info, "the datapath has the most flows it can hold (65536)");
			RCU_INIT_POINTER(new_flow->acts, NULL);
			goto err_unlock;
		}
		if (reply)
			WARN_ON_ONCE(flow_fill_info(new_flow, ovs_header->dp_ifindex,
						    reply, info->snd_portid,
						    info->snd_seq, 0,
						    OVS_FLOW_CMD_NEW, ufid_flags) < 0);
		vdp_unlock();
	} else {
		struct vdp_flow_actions *old;

		/*
		 * An existing flow: NLM_F_CREATE stands for NLM_F_EXCL here,
		 * which generic netlink takes for a dump flag (as upstream).
		 */
		if (info->nlhdr->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL)) {
			GENL_SET_ERR_MSG(info, "a flow with this key or UFID exists (NLM_F_CREATE or NLM_F_EXCL given)");
			err = -EEXIST;
			goto err_unlock;
		}
		if (!flow_cmp(flow, key)) {
			if (!flow->ufid_len)
				flow = vdp_flow_tbl_lookup_exact(&dp->table, key);
			else
				flow = NULL;
			if (!flow) {
				GENL_SET_ERR_MSG(info, "OVS_FLOW_ATTR_KEY: overlaps a flow with another key, or the UFID's flow has another key");
				err = -ENOENT;
				goto err_unlock;
			}
		}
		old = vdpl_dereference(flow->acts);
		rcu_assign_pointer(flow->acts, acts);
		if (reply)
			WARN_ON_ONCE(flow_fill_info(flow, ovs_header->dp_ifindex,
						    reply, info->snd_portid,
						    info->snd_seq, 0,
						    OVS_FLOW_CMD_NEW, ufid_flags) < 0);
		vdp_unlock();
		vdp_flow_actions_free_rcu(old);
		vdp_flow_free(new_flow);
	}

	if (reply)
		genl_notify(&vdp_flow_genl_family, reply, info, 0, GFP_KERNEL);
	kfree(key);
	kfree(mask);
	return 0;

err_unlock:
	vdp_unlock();
	kfree_skb(reply);
	actions_free(acts);
err_free:
	if (new_flow)
		vdp_flow_free(new_flow);
	kfree(key);
	kfree(mask);
	return err;
}

static int vdp_flow_cmd_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct ovs_header *ovs_header = info->userhdr;
	struct vdp_flow_actions *acts = NULL, *old = NULL;
	struct vdp_flow_key key, mask;
	struct sk_buff *reply = NULL;
	struct vdp_flow *flow;
	struct datapath *dp;
	u8 ufid[VDP_UFID_MAX], ufid_len;
	u32 ufid_flags = get_ufid_flags(a[OVS_FLOW_ATTR_UFID_FLAGS]);
	struct match m = { .key = &key, .mask = &mask };
	int err;

	ufid_len = get_ufid(a[OVS_FLOW_ATTR_UFID], ufid);
	if (!a[OVS_FLOW_ATTR_KEY] && !ufid_len) {
		GENL_SET_ERR_MSG(info, "OVS_FLOW_ATTR_KEY or OVS_FLOW_ATTR_UFID: one is required to name the flow");
		return -EINVAL;
	}
	if (a[OVS_FLOW_ATTR_KEY]) {
		err = get_match(&m, a[OVS_FLOW_ATTR_KEY], a[OVS_FLOW_ATTR_MASK],
				info->extack);
		if (err)
			return err;
	}
	if (a[OVS_FLOW_ATTR_ACTIONS]) {
		if (!a[OVS_FLOW_ATTR_KEY]) {
			GENL_SET_ERR_MSG(info, "OVS_FLOW_ATTR_KEY: required with OVS_FLOW_ATTR_ACTIONS in a SET");
			return -EINVAL;
		}
		acts = copy_actions(a[OVS_FLOW_ATTR_ACTIONS], info->extack);
		if (IS_ERR(acts))
			return PTR_ERR(acts);
		reply = alloc_reply(acts, info, false);
		if (IS_ERR(reply)) {
			actions_free(acts);
			return PTR_ERR(reply);
		}
	}

	vdp_lock();
	dp = get_dp(info, skb);
	if (!dp) {
		err = -ENODEV;
		goto err_unlock;
	}
	flow = lookup_named(dp, ufid, ufid_len, &key);
	if (!flow) {
		GENL_SET_ERR_MSG(info, "no flow with this UFID or key");
		err = -ENOENT;
		goto err_unlock;
	}
	if (acts) {
		old = vdpl_dereference(flow->acts);
		rcu_assign_pointer(flow->acts, acts);
		acts = NULL;
		if (reply)
			WARN_ON_ONCE(flow_fill_info(flow, ovs_header->dp_ifindex,
						    reply, info->snd_portid,
						    info->snd_seq, 0,
						    OVS_FLOW_CMD_SET, ufid_flags) < 0);
	} else {
		reply = build_info(flow, ovs_header->dp_ifindex, info,
				   OVS_FLOW_CMD_SET, false, ufid_flags);
		if (IS_ERR(reply)) {
			err = PTR_ERR(reply);
			reply = NULL;
			goto err_unlock;
		}
	}
	if (a[OVS_FLOW_ATTR_CLEAR])
		vdp_flow_stats_clear(flow);
	vdp_unlock();

	if (reply)
		genl_notify(&vdp_flow_genl_family, reply, info, 0, GFP_KERNEL);
	vdp_flow_actions_free_rcu(old);
	return 0;

err_unlock:
	vdp_unlock();
	kfree_skb(reply);
	if (acts)
		actions_free(acts);
	return err;
}

static int vdp_flow_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct ovs_header *ovs_header = info->userhdr;
	struct vdp_flow_key key;
	struct sk_buff *reply;
	struct vdp_flow *flow;
	struct datapath *dp;
	u8 ufid[VDP_UFID_MAX], ufid_len;
	u32 ufid_flags = get_ufid_flags(a[OVS_FLOW_ATTR_UFID_FLAGS]);
	struct match m = { .key = &key };
	int err;

	ufid_len = get_ufid(a[OVS_FLOW_ATTR_UFID], ufid);
	if (a[OVS_FLOW_ATTR_KEY]) {
		err = get_match(&m, a[OVS_FLOW_ATTR_KEY], NULL, info->extack);
		if (err)
			return err;
	}

	vdp_lock();
	dp = get_dp(info, skb);
	if (!dp) {
		err = -ENODEV;
		goto unlock;
	}
	if (!a[OVS_FLOW_ATTR_KEY] && !ufid_len) {
		vdp_flow_tbl_flush(&dp->table);
		err = 0;
		goto unlock;
	}
	flow = lookup_named(dp, ufid, ufid_len, &key);
	if (!flow) {
		GENL_SET_ERR_MSG(info, "no flow with this UFID or key");
		err = -ENOENT;
		goto unlock;
	}
	vdp_flow_tbl_remove(&dp->table, flow);

	reply = alloc_reply(vdpl_dereference(flow->acts), info, false);
	if (!IS_ERR_OR_NULL(reply)) {
		if (WARN_ON_ONCE(flow_fill_info(flow, ovs_header->dp_ifindex,
						reply, info->snd_portid,
						info->snd_seq, 0,
						OVS_FLOW_CMD_DEL, ufid_flags) < 0)) {
			kfree_skb(reply);
			reply = NULL;
		}
	}
	vdp_unlock();
	if (!IS_ERR_OR_NULL(reply))
		genl_notify(&vdp_flow_genl_family, reply, info, 0, GFP_KERNEL);
	vdp_flow_free_rcu(flow);
	return 0;

unlock:
	vdp_unlock();
	return err;
}

static int vdp_flow_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct ovs_header *ovs_header = info->userhdr;
	struct vdp_flow_key key;
	struct sk_buff *reply;
	struct vdp_flow *flow;
	struct datapath *dp;
	u8 ufid[VDP_UFID_MAX], ufid_len;
	u32 ufid_flags = get_ufid_flags(a[OVS_FLOW_ATTR_UFID_FLAGS]);
	struct match m = { .key = &key };
	int err;

	ufid_len = get_ufid(a[OVS_FLOW_ATTR_UFID], ufid);
	if (a[OVS_FLOW_ATTR_KEY]) {
		err = get_match(&m, a[OVS_FLOW_ATTR_KEY], NULL, info->extack);
		if (err)
			return err;
	} else if (!ufid_len) {
		GENL_SET_ERR_MSG(info, "OVS_FLOW_ATTR_KEY or OVS_FLOW_ATTR_UFID: one is required to get a flow");
		return -EINVAL;
	}

	vdp_lock();
	dp = get_dp(info, skb);
	if (!dp) {
		err = -ENODEV;
		goto unlock;
	}
	flow = lookup_named(dp, ufid, ufid_len, &key);
	if (!flow) {
		GENL_SET_ERR_MSG(info, "no flow with this UFID or key");
		err = -ENOENT;
		goto unlock;
	}
	reply = build_info(flow, ovs_header->dp_ifindex, info, OVS_FLOW_CMD_GET,
			   true, ufid_flags);
	if (IS_ERR(reply)) {
		err = PTR_ERR(reply);
		goto unlock;
	}
	vdp_unlock();
	return genlmsg_reply(reply, info);

unlock:
	vdp_unlock();
	return err;
}

static const struct nla_policy flow_policy[OVS_FLOW_ATTR_MAX + 1] = {
	[OVS_FLOW_ATTR_KEY]		= { .type = NLA_NESTED },
	[OVS_FLOW_ATTR_MASK]		= { .type = NLA_NESTED },
	[OVS_FLOW_ATTR_ACTIONS]		= { .type = NLA_NESTED },
	[OVS_FLOW_ATTR_CLEAR]		= { .type = NLA_FLAG },
	[OVS_FLOW_ATTR_PROBE]		= { .type = NLA_FLAG },
	[OVS_FLOW_ATTR_UFID]		= { .type = NLA_UNSPEC, .len = 1 },
	[OVS_FLOW_ATTR_UFID_FLAGS]	= { .type = NLA_U32 },
};

/* cb->args[0]: bucket, cb->args[1]: position in it. */
static int vdp_flow_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ovs_header *ovs_header = genlmsg_data(nlmsg_data(cb->nlh));
	struct nlattr *a[OVS_FLOW_ATTR_MAX + 1];
	struct datapath *dp;
	u32 ufid_flags;
	int err;

	err = genlmsg_parse_deprecated(cb->nlh, &vdp_flow_genl_family, a,
				       OVS_FLOW_ATTR_MAX, flow_policy, NULL);
	if (err)
		return err;
	ufid_flags = get_ufid_flags(a[OVS_FLOW_ATTR_UFID_FLAGS]);

	rcu_read_lock();
	dp = vdp_dp_get(sock_net(skb->sk), ovs_header->dp_ifindex);
	if (!dp) {
		rcu_read_unlock();
		NL_SET_ERR_MSG(cb->extack,
			       "dp_ifindex: no datapath has an internal port with this ifindex");
		return -ENODEV;
	}
	for (;;) {
		u32 bucket = cb->args[0], idx = cb->args[1];
		struct vdp_flow *flow;

		flow = vdp_flow_tbl_dump_next(&dp->table, &bucket, &idx);
		if (!flow)
			break;
		if (flow_fill_info(flow, ovs_header->dp_ifindex, skb,
				   NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				   NLM_F_MULTI, OVS_FLOW_CMD_GET, ufid_flags) < 0)
			break;
		cb->args[0] = bucket;
		cb->args[1] = idx;
	}
	rcu_read_unlock();
	return skb->len;
}

static const struct genl_multicast_group dp_flow_mcgrp = {
	.name = OVS_FLOW_MCGROUP,
};

static const struct genl_small_ops dp_flow_genl_ops[] = {
	{ .cmd = OVS_FLOW_CMD_NEW,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = GENL_UNS_ADMIN_PERM, /* CAP_NET_ADMIN in the netns's userns */
	  .doit = vdp_flow_cmd_new
	},
	{ .cmd = OVS_FLOW_CMD_DEL,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = vdp_flow_cmd_del
	},
	{ .cmd = OVS_FLOW_CMD_GET,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = 0,		    /* OK for unprivileged users. */
	  .doit = vdp_flow_cmd_get,
	  .dumpit = vdp_flow_cmd_dump
	},
	{ .cmd = OVS_FLOW_CMD_SET,
	  .validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = vdp_flow_cmd_set,
	},
};

struct genl_family vdp_flow_genl_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_FLOW_FAMILY,
	.version = OVS_FLOW_VERSION,
	.maxattr = OVS_FLOW_ATTR_MAX,
	.policy = flow_policy,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = dp_flow_genl_ops,
	.n_small_ops = ARRAY_SIZE(dp_flow_genl_ops),
	.resv_start_op = OVS_FLOW_CMD_SET + 1,
	.mcgrps = &dp_flow_mcgrp,
	.n_mcgrps = 1,
	.module = THIS_MODULE,
};

static int vdp_packet_cmd_execute(struct sk_buff *skb, struct genl_info *info)
{
	GENL_SET_ERR_MSG(info, "vportdp does not execute packets from userspace (OVS_PACKET_CMD_EXECUTE)");
	return -EOPNOTSUPP;
}

static const struct genl_small_ops dp_packet_genl_ops[] = {
	{ .cmd = OVS_PACKET_CMD_EXECUTE,
	  .flags = GENL_UNS_ADMIN_PERM, /* CAP_NET_ADMIN in the netns's userns */
	  .doit = vdp_packet_cmd_execute
	},
};

struct genl_family vdp_packet_genl_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_PACKET_FAMILY,
	.version = OVS_PACKET_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = dp_packet_genl_ops,
	.n_small_ops = ARRAY_SIZE(dp_packet_genl_ops),
	.resv_start_op = OVS_PACKET_CMD_EXECUTE + 1,
	.module = THIS_MODULE,
};
