// SPDX-License-Identifier: GPL-2.0
/*
 * vport-netdev.c - netdev vports: an existing device attached to a
 * datapath with an rx handler and a master upper link.  Tunnel vports
 * create their device first and then attach it the same way.
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
	vdp_dp_process_packet(vport, skb);
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
		if ((extack) && !(extack)->_msg)		\
			NL_SET_ERR_MSG(extack, msg);		\
	} while (0)

/**
 * vdp_netdev_link - attach the device named @name to @vport's datapath
 * @vport: a freshly allocated vport; freed on failure.
 * @name: the device's name in the datapath's netns.
 * @delete_on_error: the device was created for this vport (a tunnel) and
 *	is deleted again if it cannot be attached.
 * @extack: where a refusal is explained.
 *
 * Refuses what openvswitch.ko refuses: a missing device or an alternative
 * name (-ENODEV); loopback, non-Ethernet and internal devices (-EINVAL); a
 * device with a master or an rx handler (-EBUSY), or already in this
 * datapath (-EEXIST).  Called with vdp_mutex and without RTNL.
 *
 * Return: @vport or an ERR_PTR.
 */
struct vport *vdp_netdev_link(struct vport *vport, const char *name,
			      bool delete_on_error, struct netlink_ext_ack *extack)
{
	struct net *net = vdp_dp_net(vport->dp);
	struct net_device *dev;
	int err;

	dev = dev_get_by_name(net, name);
	if (!dev) {
		set_msg_once(extack, "OVS_VPORT_ATTR_NAME: no network device with this name in the datapath's namespace");
		err = -ENODEV;
		goto err_free_vport;
	}
	netdev_tracker_alloc(dev, &vport->dev_tracker, GFP_KERNEL);
	vport->dev = dev;

	/* An alternative name finds the device too; openvswitch.ko refuses. */
	if (strcmp(name, dev->name)) {
		set_msg_once(extack, "OVS_VPORT_ATTR_NAME: is an alternative name; give the device's name");
		err = -ENODEV;
		goto err_put;
	}
	if (dev->flags & IFF_LOOPBACK) {
		set_msg_once(extack, "OVS_VPORT_ATTR_NAME: a loopback device cannot be a port");
		err = -EINVAL;
		goto err_put;
	}
	if (dev->type != ARPHRD_ETHER && dev->type != ARPHRD_NONE) {
		set_msg_once(extack, "OVS_VPORT_ATTR_NAME: device is neither Ethernet nor ARPHRD_NONE");
		err = -EINVAL;
		goto err_put;
	}
	if (vdp_is_internal_dev(dev)) {
		set_msg_once(extack, "OVS_VPORT_ATTR_NAME: device is an internal port of a datapath; use type internal to create one");
		err = -EINVAL;
		goto err_put;
	}

	rtnl_lock();
	if (dev->reg_state != NETREG_REGISTERED) {
		set_msg_once(extack, "OVS_VPORT_ATTR_NAME: device is being unregistered");
		err = -ENODEV;
		goto err_unlock;
	}
	err = netdev_master_upper_dev_link(dev, vdp_dp_local_dev(vport->dp),
					   NULL, NULL, extack);
	if (err) {
		if (err == -EEXIST)
			set_msg_once(extack, "OVS_VPORT_ATTR_NAME: device is already a port of this datapath");
		else if (err == -EBUSY)
			set_msg_once(extack, "OVS_VPORT_ATTR_NAME: device already has a master (bridge, bond, team or another datapath)");
		goto err_unlock;
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
	rtnl_unlock();
	return vport;

err_upper_dev_unlink:
	netdev_upper_dev_unlink(dev, vdp_dp_local_dev(vport->dp));
err_unlock:
	if (delete_on_error && dev->reg_state == NETREG_REGISTERED)
		rtnl_delete_link(dev, 0, NULL);
	rtnl_unlock();
err_put:
	netdev_put(dev, &vport->dev_tracker);
err_free_vport:
	vdp_vport_free(vport);
	return ERR_PTR(err);
}

/**
 * vdp_netdev_detach_dev - undo the attachment of vdp_netdev_link()
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

/* The device is released, not deleted. */
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
 * @dev: the collect-metadata device just created for it.
 * @parms: the creation parameters (name, extack).
 * @up_msg: extack message if the device cannot be brought up, or NULL.
 *
 * Called with RTNL held, which it releases.  Brings @dev up and links it to
 * the datapath; on failure the device is deleted again.
 */
struct vport *vdp_tunnel_up_and_link(struct vport *vport, struct net_device *dev,
				     const struct vport_parms *parms, const char *up_msg)
{
	int err;

	ASSERT_RTNL();
	err = dev_change_flags(dev, dev->flags | IFF_UP, parms->extack);
	if (err < 0) {
		/* up_msg is a string literal of the caller's, as the macro would store */
		if (up_msg && parms->extack && !parms->extack->_msg)
			parms->extack->_msg = up_msg;
		rtnl_delete_link(dev, 0, NULL);
		rtnl_unlock();
		vdp_vport_free(vport);
		return ERR_PTR(err);
	}
	rtnl_unlock();
	return vdp_netdev_link(vport, parms->name, true, parms->extack);
}

/* The tunnel device was made for the vport and goes with it. */
void vdp_netdev_tunnel_destroy(struct vport *vport)
{
	rtnl_lock();
	if (netif_is_ovs_port(vport->dev))
		vdp_netdev_detach_dev(vport);
	/* It may already be going away: that is how we got here. */
	if (vport->dev->reg_state == NETREG_REGISTERED)
		rtnl_delete_link(vport->dev, 0, NULL);
	/*
	 * rtnl_unlock() runs the unregistration and waits for every reference
	 * to the device: ours must be gone by then, not left to an RCU callback
	 * that is queued only afterwards.
	 */
	netdev_put(vport->dev, &vport->dev_tracker);
	vport->dev = NULL;
	rtnl_unlock();

	vdp_vport_free_rcu(vport);
}

static struct vport *netdev_create(const struct vport_parms *parms)
{
	struct vport *vport;

	vport = vdp_vport_alloc(0, &vdp_netdev_vport_ops, parms);
	if (IS_ERR(vport))
		return vport;

	return vdp_netdev_link(vport, parms->name, false, parms->extack);
}

const struct vport_ops vdp_netdev_vport_ops = {
	.type		= OVS_VPORT_TYPE_NETDEV,
	.kind		= "netdev",
	.create		= netdev_create,
	.destroy	= vdp_netdev_destroy,
};
