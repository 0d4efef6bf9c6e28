// SPDX-License-Identifier: GPL-2.0
/*
 * vport-geneve.c - geneve vports: a collect-metadata ("flow based")
 * geneve device made by the kernel's geneve driver, deleted with the vport.
 */

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/geneve.h>
#include <net/rtnetlink.h>

#include "datapath.h"
#include "vport.h"

/**
 * struct geneve_vport - what a geneve vport reports back
 * @dst_port: the UDP port, host byte order.
 */
struct geneve_vport {
	u16 dst_port;
};

static struct vport *geneve_create(const struct vport_parms *parms)
{
	struct net *net = vdp_dp_net(parms->dp);
	struct geneve_vport *gv;
	struct net_device *dev;
	struct vport *vport;
	u16 port;
	int err;

	err = vdp_tunnel_dst_port(parms, &port);
	if (err)
		return ERR_PTR(err);

	vport = vdp_vport_alloc(sizeof(*gv), &vdp_geneve_vport_ops, parms);
	if (IS_ERR(vport))
		return vport;
	gv = vport_priv(vport);
	gv->dst_port = port;

	rtnl_lock();
	dev = geneve_dev_create_fb(net, parms->name, NET_NAME_USER, port);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		if (err == -EEXIST && !vdp_ext_msg_set(parms->extack))
			NL_SET_ERR_MSG(parms->extack,
				       "a device with this name, or a collect-metadata geneve device on this UDP port, already exists");
		goto err_unlock;
	}
	return vdp_tunnel_up_and_link(vport, dev, parms,
				      "geneve device could not be brought up (is the UDP port in use?)");

err_unlock:
	rtnl_unlock();
	vdp_vport_free(vport);
	return ERR_PTR(err);
}

static int geneve_get_options(const struct vport *vport, struct sk_buff *skb)
{
	const struct geneve_vport *gv = vport_priv(vport);

	return nla_put_u16(skb, OVS_TUNNEL_ATTR_DST_PORT, gv->dst_port);
}

const struct vport_ops vdp_geneve_vport_ops = {
	.type		= OVS_VPORT_TYPE_GENEVE,
	.kind		= "geneve",
	.create		= geneve_create,
	.destroy	= vdp_netdev_tunnel_destroy,
	.get_options	= geneve_get_options,
};
