// SPDX-License-Identifier: GPL-2.0
/*
 * vport-gre.c - gre vports: a collect-metadata gretap device made by the
 * kernel's ip_gre driver, deleted with the vport.  OVS_VPORT_ATTR_OPTIONS
 * is ignored, as by openvswitch.ko.
 */

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/gre.h>
#include <net/rtnetlink.h>

#include "datapath.h"
#include "vport.h"

static struct vport *gre_create(const struct vport_parms *parms)
{
	struct net *net = vdp_dp_net(parms->dp);
	struct net_device *dev;
	struct vport *vport;
	int err;

	vport = vdp_vport_alloc(0, &vdp_gre_vport_ops, parms);
	if (IS_ERR(vport))
		return vport;

	rtnl_lock();
	dev = gretap_fb_dev_create(net, parms->name, NET_NAME_USER);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		/* ip_tunnel allows one collect-metadata gretap per netns. */
		if (err == -EEXIST)
			NL_SET_ERR_MSG(parms->extack,
				       "a gretap device with this name or a collect-metadata gretap device (gre_sys) already exists in the namespace");
		goto err_unlock;
	}
	return vdp_tunnel_up_and_link(vport, dev, parms, NULL);

err_unlock:
	rtnl_unlock();
	vdp_vport_free(vport);
	return ERR_PTR(err);
}

const struct vport_ops vdp_gre_vport_ops = {
	.type		= OVS_VPORT_TYPE_GRE,
	.kind		= "gre",
	.create		= gre_create,
	.destroy	= vdp_netdev_tunnel_destroy,
};
