// SPDX-License-Identifier: GPL-2.0
/*
 * vport-vxlan.c - vxlan vports: a collect-metadata vxlan device made by
 * the kernel's vxlan driver, attached like a netdev vport and deleted
 * with the vport.
 */

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/ip_tunnels.h>
#include <net/rtnetlink.h>
#include <net/vxlan.h>

#include "datapath.h"
#include "vport.h"

/**
 * struct vxlan_vport - what a vxlan vport reports back
 * @dst_port: the UDP port, host byte order.
 * @gbp: the Group Based Policy extension is on.
 */
struct vxlan_vport {
	u16 dst_port;
	bool gbp;
};

static const struct nla_policy exts_policy[OVS_VXLAN_EXT_MAX + 1] = {
	[OVS_VXLAN_EXT_GBP]	= { .type = NLA_FLAG },
};

static int vxlan_parse_exts(const struct nlattr *attr, bool *gbp,
			    struct netlink_ext_ack *extack)
{
	struct nlattr *exts[OVS_VXLAN_EXT_MAX + 1];
	int err;

	if (nla_len(attr) < sizeof(struct nlattr)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "OVS_TUNNEL_ATTR_EXTENSION: must hold at least one OVS_VXLAN_EXT_* attribute");
		return -EINVAL;
	}

	/* Unknown extensions are ignored, as by openvswitch.ko. */
	err = nla_parse_nested_deprecated(exts, OVS_VXLAN_EXT_MAX, attr,
					  exts_policy, extack);
	if (err) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "OVS_TUNNEL_ATTR_EXTENSION: malformed; OVS_VXLAN_EXT_GBP must be a flag");
		return err;
	}
	*gbp = !!exts[OVS_VXLAN_EXT_GBP];
	return 0;
}

static struct vport *vxlan_create(const struct vport_parms *parms)
{
	struct net *net = vdp_dp_net(parms->dp);
	struct vxlan_config conf = {
		.no_share = true,
		.flags = VXLAN_F_COLLECT_METADATA | VXLAN_F_UDP_ZERO_CSUM6_RX,
		/* Do not limit what can be sent by MTU. */
		.mtu = IP_MAX_MTU,
	};
	const struct nlattr *a;
	struct vxlan_vport *vx;
	struct net_device *dev;
	struct vport *vport;
	bool gbp = false;
	u16 port;
	int err;

	err = vdp_tunnel_dst_port(parms, &port);
	if (err)
		return ERR_PTR(err);

	a = nla_find_nested(parms->options, OVS_TUNNEL_ATTR_EXTENSION);
	if (a) {
		err = vxlan_parse_exts(a, &gbp, parms->extack);
		if (err)
			return ERR_PTR(err);
	}
	conf.dst_port = htons(port);
	if (gbp)
		conf.flags |= VXLAN_F_GBP;

	vport = vdp_vport_alloc(sizeof(*vx), &vdp_vxlan_vport_ops, parms);
	if (IS_ERR(vport))
		return vport;
	vx = vport_priv(vport);
	vx->dst_port = port;
	vx->gbp = gbp;

	rtnl_lock();
	dev = vxlan_dev_create(net, parms->name, NET_NAME_USER, &conf);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		if (err == -EEXIST && !vdp_ext_msg_set(parms->extack))
			NL_SET_ERR_MSG(parms->extack,
				       "a device with this name, or a collect-metadata vxlan device on this UDP port, already exists");
		goto err_unlock;
	}
	return vdp_tunnel_up_and_link(vport, dev, parms,
				      "vxlan device could not be brought up (is the UDP port in use?)");

err_unlock:
	rtnl_unlock();
	vdp_vport_free(vport);
	return ERR_PTR(err);
}

static int vxlan_get_options(const struct vport *vport, struct sk_buff *skb)
{
	const struct vxlan_vport *vx = vport_priv(vport);
	struct nlattr *exts;

	if (nla_put_u16(skb, OVS_TUNNEL_ATTR_DST_PORT, vx->dst_port))
		return -EMSGSIZE;

	if (vx->gbp) {
		exts = nla_nest_start_noflag(skb, OVS_TUNNEL_ATTR_EXTENSION);
		if (!exts)
			return -EMSGSIZE;
		if (nla_put_flag(skb, OVS_VXLAN_EXT_GBP))
			return -EMSGSIZE;
		nla_nest_end(skb, exts);
	}
	return 0;
}

const struct vport_ops vdp_vxlan_vport_ops = {
	.type		= OVS_VPORT_TYPE_VXLAN,
	.kind		= "vxlan",
	.create		= vxlan_create,
	.destroy	= vdp_netdev_tunnel_destroy,
	.get_options	= vxlan_get_options,
};
