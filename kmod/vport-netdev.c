// SPDX-License-Identifier: GPL-2.0
/*
 * vport-netdev.c - netdev vports: an existing device attached to a
 * datapath with an rx handler and a master upper link.  Tunnel vports
 * create their device first and then attach it the same way, under the
 * same RTNL.
 */

#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/rtnetlink.h>

#include "datapath.h"
#include "vport.h"

static rx_handler_result_t netdev_frame_hook(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct vport *vport;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	vport = rcu_dereference(skb->dev->rx_handler_data);
	vdp_netdev_receive(vport, skb);
	return RX_HANDLER_CONSUMED;
}

/* Called with RTNL. */
struct vport *vdp_netdev_get_vport(struct net_device *dev)
{
	if (rcu_access_pointer(dev->rx_handler) != netdev_frame_hook)
		return NULL;
	return rtnl_dereference(dev->rx_handler_data);
}

/* Explain @msg unless a lower layer already did. */
#define set_msg_once(extack, msg)				\
	do {							\
		if (!vdp_ext_msg_set(extack))			\
			NL_SET_ERR_MSG(extack, msg);		\
	} while (0)

/**
 * netdev_attach - attach @dev to @vport's datapath
 * @vport: a freshly allocated vport.
 * @dev: the device, found or created under the RTNL still held.
 * @extack: where a refusal is explained.
 *
 * Refuses what openvswitch.ko refuses: loopback, non-Ethernet and internal
 * devices (-EINVAL); a device with a master or an rx handler (-EBUSY), or
 * already in this datapath (-EEXIST); and what the core refuses, such as a
 * nesting of upper devices past its limit (-EMLINK).  On success @vport
 * holds a reference on @dev, dropped in the RCU callback that frees it.  On
 * failure it holds none: the caller may delete @dev before it releases the
 * RTNL, whose release waits for every reference to a deleted device.
 * Called with vdp_mutex and RTNL.
 *
 * Return: 0 or a negative errno.
 */
static int netdev_attach(struct vport *vport, struct net_device *dev,
			 struct netlink_ext_ack *extack)
{
	struct net_device *local = vdp_dp_local_dev(vport->dp);
	int err;

	ASSERT_RTNL();
	if (dev->flags & IFF_LOOPBACK) {
		set_msg_once(extack, "OVS_VPORT_ATTR_NAME: a loopback device cannot be a port");
		return -EINVAL;
	}
	if (dev->type != ARPHRD_ETHER && dev->type != ARPHRD_NONE) {
		set_msg_once(extack, "OVS_VPORT_ATTR_NAME: device is neither Ethernet nor ARPHRD_NONE");
		return -EINVAL;
	}
	if (vdp_is_internal_dev(dev)) {
		set_msg_once(extack, "OVS_VPORT_ATTR_NAME: device is an internal port of a datapath; use type internal to create one");
		return -EINVAL;
	}

	/* Set before the rx handler can hand a packet to the vport. */
	netdev_hold(dev, &vport->dev_tracker, GFP_KERNEL);
	vport->dev = dev;

	err = netdev_master_upper_dev_link(dev, local, NULL, NULL, extack);
	if (err) {
		if (err == -EEXIST)
			set_msg_once(extack, "OVS_VPORT_ATTR_NAME: device is already a port of this datapath");
		else if (err == -EBUSY)
			set_msg_once(extack, "OVS_VPORT_ATTR_NAME: device already has a master (bridge, bond, team or another datapath)");
		else if (err == -EMLINK)
			set_msg_once(extack, "OVS_VPORT_ATTR_NAME: the datapath's local device has too many levels of upper devices (VLANs, macvlans...) on it to take another port");
		goto err_put;
	}

	err = netdev_rx_handler_register(dev, netdev_frame_hook, vport);
	if (err) {
		if (err == -EBUSY)
			set_msg_once(extack, "OVS_VPORT_ATTR_NAME: device already has an rx handler (bridge, bond, team, macvlan or another datapath)");
		goto err_upper_dev_unlink;
	}

	dev_disable_lro(dev);
	dev_set_promiscuity(dev, 1);
	dev->priv_flags |= IFF_OVS_DATAPATH;
	return 0;

err_upper_dev_unlink:
	netdev_upper_dev_unlink(dev, local);
err_put:
	netdev_put(dev, &vport->dev_tracker);
	vport->dev = NULL;
	return err;
}

/**
 * vdp_netdev_detach_dev - undo the attachment of netdev_attach()
 * @vport: the vport; its device stays referenced.
 *
 * Called with RTNL, from vport deletion or when the device is being
 * unregistered (dp_notify.c).
 */
void vdp_netdev_detach_dev(struct vport *vport)
{
	struct net_device *dev = vport->dev;

	ASSERT_RTNL();
	dev->priv_flags &= ~IFF_OVS_DATAPATH;
	netdev_rx_handler_unregister(dev);
	netdev_upper_dev_unlink(dev, netdev_master_upper_dev_get(dev));
	dev_set_promiscuity(dev, -1);
}

/*
 * The device is released, not deleted.  The reference goes in the RCU
 * callback, so that readers that still see the vport see its device.
 */
void vdp_netdev_destroy(struct vport *vport)
{
	rtnl_lock();
	if (netif_is_ovs_port(vport->dev))
		vdp_netdev_detach_dev(vport);
	rtnl_unlock();

	vdp_vport_free_rcu(vport);
}

/**
 * vdp_tunnel_up_and_link - finish creating a tunnel vport
 * @vport: the vport, freed on failure.
 * @dev: the collect-metadata device just created for it, under the RTNL
 *	that is still held: it is linked as it is, never looked up again.
 * @parms: the creation parameters (extack).
 * @up_msg: extack message if the device cannot be brought up, or NULL.
 *
 * Called with vdp_mutex and RTNL, which it releases.  Brings @dev up and
 * attaches it to the datapath; on any failure the device is deleted again
 * (before the RTNL goes, with no reference of ours left on it), so that
 * nothing is left behind.
 *
 * Return: @vport or an ERR_PTR.
 */
struct vport *vdp_tunnel_up_and_link(struct vport *vport, struct net_device *dev,
				     const struct vport_parms *parms, const char *up_msg)
{
	int err;

	ASSERT_RTNL();
	err = dev_change_flags(dev, dev->flags | IFF_UP, parms->extack);
	if (err < 0) {
		if (up_msg)
			vdp_ext_msg(parms->extack, up_msg, true);
		goto err_delete;
	}
	err = netdev_attach(vport, dev, parms->extack);
	if (err)
		goto err_delete;
	rtnl_unlock();
	return vport;

err_delete:
	rtnl_delete_link(dev, 0, NULL);
	rtnl_unlock();
	vdp_vport_free(vport);
	return ERR_PTR(err);
}

/*
 * The tunnel device was made for the vport and goes with it.  Our reference
 * is dropped by the RCU callback queued here, before rtnl_unlock(), which
 * waits for every reference to a device it unregisters: so the device
 * outlives every reader that can still see the vport, and the wait ends one
 * grace period later.  If the device was already going away (the notifier
 * detached it), whoever unregisters it waits the same way.
 */
void vdp_netdev_tunnel_destroy(struct vport *vport)
{
	struct net_device *dev = vport->dev;

	rtnl_lock();
	if (netif_is_ovs_port(dev))
		vdp_netdev_detach_dev(vport);
	if (dev->reg_state == NETREG_REGISTERED)
		rtnl_delete_link(dev, 0, NULL);
	vdp_vport_free_rcu(vport);
	rtnl_unlock();
}

static struct vport *netdev_create(const struct vport_parms *parms)
{

	struct net *net = vdp_dp_net(parms->dp);
	struct net_device *dev;
	struct vport *vport;
	int err;

	vport = vdp_vport_alloc(0, &vdp_netdev_vport_ops, parms);
	if (IS_ERR(vport))
		return vport;

	rtnl_lock();
	dev = __dev_get_by_name(net, parms->name);
	if (!dev) {
		set_msg_once(parms->extack, "OVS_VPORT_ATTR_NAME: no network device with this name in the datapath's namespace");
		err = -ENODEV;
	} else if (strcmp(parms->name, dev->name)) {
		/* An alternative name finds the device too; openvswitch.ko refuses. */
		set_msg_once(parms->extack, "OVS_VPORT_ATTR_NAME: is an alternative name; give the device's name");
		err = -ENODEV;
	} else {
		err = netdev_attach(vport, dev, parms->extack);
	}
	rtnl_unlock();

	if (err) {
		vdp_vport_free(vport);
		return ERR_PTR(err);
	}
	return vport;
}

const struct vport_ops vdp_netdev_vport_ops = {
	.type		= OVS_VPORT_TYPE_NETDEV,
	.kind		= "netdev",
	.create		= netdev_create,
	.destroy	= vdp_netdev_destroy,
};
