// SPDX-License-Identifier: GPL-2.0
/*
 * vport-internal_dev.c - internal vports: a net device owned by the
 * datapath.  The local port of every datapath is one.
 */

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/rtnetlink.h>

#include "datapath.h"
#include "vport.h"

/**
 * struct internal_dev - private data of an internal device
 * @vport: the vport that owns the device; set before registration and
 *	constant until the device is unregistered.
 */
struct internal_dev {
	struct vport *vport;
};

static struct internal_dev *internal_dev_priv(struct net_device *dev)
{
	return netdev_priv(dev);
}

/* Everything the host stack sends out of the device enters the datapath. */
static netdev_tx_t internal_dev_xmit(struct sk_buff *skb,
				     struct net_device *dev)
{
	unsigned int len = skb->len;

	rcu_read_lock();
	vdp_dp_process_packet(internal_dev_priv(dev)->vport, skb);
	rcu_read_unlock();

	dev_sw_netstats_tx_add(dev, 1, len);
	return NETDEV_TX_OK;
}

static int internal_dev_open(struct net_device *dev)
{
	netif_start_queue(dev);
	return 0;
}

static int internal_dev_stop(struct net_device *dev)
{
	netif_stop_queue(dev);
	return 0;
}

static void internal_dev_get_drvinfo(struct net_device *dev,
				     struct ethtool_drvinfo *info)
{
	strscpy(info->driver, "vportdp", sizeof(info->driver));
}

static const struct ethtool_ops internal_dev_ethtool_ops = {
	.get_drvinfo	= internal_dev_get_drvinfo,
	.get_link	= ethtool_op_get_link,
};

static const struct net_device_ops internal_dev_netdev_ops = {
	.ndo_open		= internal_dev_open,
	.ndo_stop		= internal_dev_stop,
	.ndo_start_xmit		= internal_dev_xmit,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_get_stats64	= dev_get_tstats64,
};

/*
 * The link kind is openvswitch.ko's, so that "ip -d link" and tools that
 * look at IFLA_INFO_KIND see the same thing with either module.  The two
 * modules cannot be loaded together anyway (the genl families clash
 * first).  There is no newlink/dellink: "ip link add/del" answer
 * EOPNOTSUPP, as with openvswitch.ko.
 */
static struct rtnl_link_ops internal_dev_link_ops __read_mostly = {
	.kind = "openvswitch",
};

static void internal_dev_setup(struct net_device *dev)
{
	ether_setup(dev);

	dev->max_mtu = ETH_MAX_MTU;
	dev->netdev_ops = &internal_dev_netdev_ops;
	dev->ethtool_ops = &internal_dev_ethtool_ops;
	dev->rtnl_link_ops = &internal_dev_link_ops;

	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE | IFF_OPENVSWITCH |
			   IFF_NO_QUEUE;
	dev->needs_free_netdev = true;

	dev->features = NETIF_F_LLTX | NETIF_F_SG | NETIF_F_FRAGLIST |
			NETIF_F_HIGHDMA | NETIF_F_HW_CSUM |
			NETIF_F_GSO_SOFTWARE | NETIF_F_GSO_ENCAP_ALL;
	dev->vlan_features = dev->features;
	dev->hw_enc_features = dev->features;
	dev->features |= NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_HW_VLAN_STAG_TX;
	dev->hw_features = dev->features & ~NETIF_F_LLTX;

	eth_hw_addr_random(dev);
}

static void internal_dev_set_msg(const struct vport_parms *parms, int err)
{
	bool local = parms->port_no == OVSP_LOCAL;

	switch (err) {
	case -EINVAL:
		if (local)
			NL_SET_ERR_MSG(parms->extack,
				       "OVS_DP_ATTR_NAME: not a valid network device name");
		else
			NL_SET_ERR_MSG(parms->extack,
				       "OVS_VPORT_ATTR_NAME: not a valid network device name");
		break;
	case -EEXIST:
		if (local)
			NL_SET_ERR_MSG(parms->extack,
				       "OVS_DP_ATTR_NAME: a datapath or network device with this name exists");
		else
			NL_SET_ERR_MSG(parms->extack,
				       "OVS_VPORT_ATTR_NAME: a network device with this name exists");
		break;
	case -EBUSY:
		if (local)
			NL_SET_ERR_MSG(parms->extack,
				       "OVS_DP_ATTR_IFINDEX: ifindex is in use");
		else
			NL_SET_ERR_MSG(parms->extack,
				       "OVS_VPORT_ATTR_IFINDEX: ifindex is in use");
		break;
	}
}

static struct vport *internal_dev_create(const struct vport_parms *parms)
{
	struct net_device *dev;
	struct vport *vport;
	int err;

	vport = vdp_vport_alloc(0, &vdp_internal_vport_ops, parms);
	if (IS_ERR(vport))
		return vport;

	dev = alloc_netdev(sizeof(struct internal_dev), parms->name,
			   NET_NAME_USER, internal_dev_setup);
	if (!dev) {
		err = -ENOMEM;
		goto err_free_vport;
	}
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats) {
		err = -ENOMEM;
		goto err_free_netdev;
	}

	dev_net_set(dev, vdp_dp_net(parms->dp));
	dev->ifindex = parms->desired_ifindex;
	internal_dev_priv(dev)->vport = vport;
	vport->dev = dev;

	/* The datapath's own device stays in the datapath's netns. */
	if (vport->port_no == OVSP_LOCAL)
		dev->features |= NETIF_F_NETNS_LOCAL;

	rtnl_lock();
	err = register_netdevice(dev);
	if (err) {
		rtnl_unlock();
		internal_dev_set_msg(parms, err);
		goto err_free_stats;
	}
	dev_set_promiscuity(dev, 1);
	rtnl_unlock();

	netif_start_queue(dev);
	return vport;

err_free_stats:
	free_percpu(dev->tstats);
err_free_netdev:
	free_netdev(dev);
err_free_vport:
	vdp_vport_free(vport);
	return ERR_PTR(err);
}

static void internal_dev_free_stats(struct net_device *dev)
{
	free_percpu(dev->tstats);
}

static void internal_dev_destroy(struct vport *vport)
{
	struct net_device *dev = vport->dev;

	netif_stop_queue(dev);
	rtnl_lock();
	dev_set_promiscuity(dev, -1);
	/* The per-CPU counters go with the device, once it is unused. */
	dev->priv_destructor = internal_dev_free_stats;
	unregister_netdevice(dev);
	rtnl_unlock();

	vdp_vport_free_rcu(vport);
}

const struct vport_ops vdp_internal_vport_ops = {
	.type		= OVS_VPORT_TYPE_INTERNAL,
	.kind		= "internal",
	.create		= internal_dev_create,
	.destroy	= internal_dev_destroy,
};

bool vdp_is_internal_dev(const struct net_device *dev)
{
	return dev->netdev_ops == &internal_dev_netdev_ops;
}

/* Must be called with rcu_read_lock, RTNL or vdp_mutex. */
struct vport *vdp_internal_dev_get_vport(struct net_device *dev)
{
	if (!vdp_is_internal_dev(dev))
		return NULL;
	return internal_dev_priv(dev)->vport;
}

int vdp_internal_dev_rtnl_link_register(void)
{
	int err;

	err = rtnl_link_register(&internal_dev_link_ops);
	if (err == -EEXIST)
		pr_err("cannot register link kind %s: it is already registered, most likely by openvswitch.ko; unload it (rmmod openvswitch) before loading vportdp\n",
		       internal_dev_link_ops.kind);
	return err;
}

void vdp_internal_dev_rtnl_link_unregister(void)
{
	rtnl_link_unregister(&internal_dev_link_ops);
}
