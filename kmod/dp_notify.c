// SPDX-License-Identifier: GPL-2.0
/*
 * dp_notify.c - netdev vports whose device goes away.
 *
 * When a device attached as a netdev (or tunnel) vport is unregistered, or
 * moved to another netns, it is detached at once under RTNL.  The vport
 * itself is destroyed later by a work item, which can take vdp_mutex (RTNL
 * nests inside it), and multicasts an OVS_VPORT_CMD_DEL for it.
 */

#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/netns/generic.h>

#include "datapath.h"
#include "vport.h"

/* Called with vdp_mutex. */
static void dp_detach_port_notify(struct vport *vport)
{
	struct net *net = vdp_dp_net(vport->dp);
	struct sk_buff *notify;

	notify = vdp_vport_build_info(vport, net, 0, 0, OVS_VPORT_CMD_DEL);
	vdp_dp_detach_port(vport);

	if (IS_ERR(notify)) {
		genl_set_err(&vdp_vport_genl_family, net, 0, 0,
			     PTR_ERR(notify));
		return;
	}
	genlmsg_multicast_netns(&vdp_vport_genl_family, net, notify, 0, 0,
				GFP_KERNEL);
}

void vdp_dp_notify_wq(struct work_struct *work)
{
	struct vdp_net *vn = container_of(work, struct vdp_net, notify_work);
	struct datapath *dp;

	vdp_lock();
	list_for_each_entry(dp, &vn->dps, list_node) {
		struct vport *vport;
		struct hlist_node *n;
		int i;

		for (i = 0; i < DP_VPORT_HASH_BUCKETS; i++)
			hlist_for_each_entry_safe(vport, n, &dp->ports[i],
						  dp_node) {
				if (vport->ops->type == OVS_VPORT_TYPE_INTERNAL)
					continue;
				/* Detached by the notifier: the device left. */
				if (!netif_is_ovs_port(vport->dev))
					dp_detach_port_notify(vport);
			}
	}
	vdp_unlock();
}

static int dp_device_event(struct notifier_block *unused, unsigned long event,
			   void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct vport *vport;

	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;

	vport = vdp_netdev_get_vport(dev);
	if (!vport)
		return NOTIFY_DONE;

	/* Drop the upper link and promiscuity now; the rest needs vdp_mutex. */
	vdp_netdev_detach_dev(vport);
	queue_work(system_wq, &vdp_pernet(dev_net(dev))->notify_work);
	return NOTIFY_DONE;
}

struct notifier_block vdp_dp_device_notifier = {
	.notifier_call = dp_device_event,
};
