// SPDX-License-Identifier: GPL-2.0
/*
 * datapath.c - vportdp: datapaths, their ports, per-netns state and the
 * module's life cycle.
 *
 * vportdp implements the configuration half of the Open vSwitch kernel
 * datapath UAPI (<linux/openvswitch.h>): datapaths and their ports, with
 * the errnos, replies and notifications of openvswitch.ko, and a flow table
 * for a subset of the ovs_flow family (flow_*.c, actions.c).
 */

#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/percpu.h>
#include <linux/rculist.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "datapath.h"

/**
 * DOC: Locking
 *
 * One mutex, vdp_mutex, serialises every change of configuration: datapaths
 * (creation, deletion, features), their port tables, the global vport name
 * table and the upcall PID arrays.  Generic netlink handlers that write
 * take it; so do the netdev-unregister work item (dp_notify.c) and the
 * pernet exit.
 *
 * RTNL nests inside vdp_mutex, never the other way round: vport types take
 * RTNL themselves to create, link or delete devices.  Code that runs with
 * RTNL already held (the netdevice notifier) therefore must not take
 * vdp_mutex; it defers to a work item instead.
 *
 * Readers use RCU: vport GET and dump handlers, the receive path and
 * lookups of a datapath from its local device.  Datapath GET and dump take
 * the mutex, as in openvswitch.ko, so that they never see a datapath half
 * destroyed.  Datapaths, vports and upcall PID arrays are freed only after
 * a grace period, and a vport's device stays referenced until then.  Functions that need the
 * mutex say so and assert it with ASSERT_VDPL() (lockdep); accessors that
 * work either way use rcu_dereference_vdpl().
 */
DEFINE_MUTEX(vdp_mutex);

unsigned int vdp_net_id __read_mostly;

/* Must be called with rcu_read_lock or vdp_mutex. */
struct net_device *vdp_dp_local_dev(const struct datapath *dp)
{
	struct vport *local = vdp_dp_lookup_port(dp, OVSP_LOCAL);

	return local ? local->dev : NULL;
}

/* Must be called with rcu_read_lock or vdp_mutex. */
const char *vdp_dp_name(const struct datapath *dp)
{
	struct net_device *dev = vdp_dp_local_dev(dp);

	return dev ? dev->name : "";
}

/* Must be called with rcu_read_lock or vdp_mutex. */
int vdp_dp_ifindex(const struct datapath *dp)
{
	struct net_device *dev = vdp_dp_local_dev(dp);

	return dev ? dev->ifindex : 0;
}

/**
 * vdp_dp_get - find the datapath that owns the internal device @dp_ifindex
 * @net: the requester's netns.
 * @dp_ifindex: ifindex of any internal port of the datapath.
 *
 * As in openvswitch.ko any internal port identifies its datapath, not only
 * the local one.  Unlike it, the datapath must belong to @net: an internal
 * port can be moved into another netns (one of a container, say), and its
 * ifindex there must not reach the datapath it came from.  Must be called
 * with rcu_read_lock or vdp_mutex.
 *
 * Return: the datapath or %NULL.
 */
struct datapath *vdp_dp_get(const struct net *net, int dp_ifindex)
{
	struct datapath *dp = NULL;
	struct net_device *dev;
	struct vport *vport;

	rcu_read_lock();
	dev = dev_get_by_index_rcu((struct net *)net, dp_ifindex);
	vport = dev ? vdp_internal_dev_get_vport(dev) : NULL;
	if (vport && net_eq(vdp_dp_net(vport->dp), net))
		dp = vport->dp;
	rcu_read_unlock();

	return dp;
}

static struct hlist_head *vport_bucket(const struct datapath *dp, u16 port_no)
{
	return &dp->ports[port_no & (DP_VPORT_HASH_BUCKETS - 1)];
}

/* Must be called with rcu_read_lock or vdp_mutex. */
struct vport *vdp_dp_lookup_port(const struct datapath *dp, u16 port_no)
{
	struct vport *vport;

	hlist_for_each_entry_rcu(vport, vport_bucket(dp, port_no), dp_node,
				 lockdep_is_held(&vdp_mutex))
		if (vport->port_no == port_no)
			return vport;
	return NULL;
}

/**
 * vdp_dp_alloc - allocate an empty datapath in @net
 * @net: the netns the datapath will belong to.
 *
 * The datapath is not visible anywhere until its local port is attached
 * and it is put on the netns list.
 *
 * Return: the datapath or an ERR_PTR.
 */
struct datapath *vdp_dp_alloc(struct net *net)
{
	struct datapath *dp;
	int i;

	dp = kzalloc(sizeof(*dp), GFP_KERNEL);
	if (!dp)
		return ERR_PTR(-ENOMEM);

	dp->stats = netdev_alloc_pcpu_stats(struct dp_stats_percpu);
	if (!dp->stats)
		goto err_free_dp;

	dp->ports = kmalloc_array(DP_VPORT_HASH_BUCKETS, sizeof(*dp->ports),
				  GFP_KERNEL);
	if (!dp->ports)
		goto err_free_stats;
	for (i = 0; i < DP_VPORT_HASH_BUCKETS; i++)
		INIT_HLIST_HEAD(&dp->ports[i]);

	if (vdp_flow_tbl_init(&dp->table, DP_MASKS_CACHE_DEFAULT))
		goto err_free_ports;

	write_pnet(&dp->net, net);
	dp->masks_cache_size = DP_MASKS_CACHE_DEFAULT;
	INIT_LIST_HEAD(&dp->list_node);
	return dp;

err_free_ports:
	kfree(dp->ports);
err_free_stats:
	free_percpu(dp->stats);
err_free_dp:
	kfree(dp);
	return ERR_PTR(-ENOMEM);
}

static void dp_free_rcu(struct rcu_head *rcu)
{
	struct datapath *dp = container_of(rcu, struct datapath, rcu);

	kfree(rcu_dereference_raw(dp->upcall_pids));
	vdp_flow_tbl_destroy(&dp->table);
	free_percpu(dp->stats);
	kfree(dp->ports);
	kfree(dp);
}

/**
 * vdp_dp_free - free a datapath that no reader can see any more
 * @dp: the datapath; its port table must be empty.
 */
void vdp_dp_free(struct datapath *dp)
{
	call_rcu(&dp->rcu, dp_free_rcu);
}

/**
 * vdp_dp_attach_port - create a vport and add it to its datapath
 * @parms: the vport's parameters; @parms->port_no must be free.
 *
 * Called with vdp_mutex.
 *
 * Return: the vport or an ERR_PTR.
 */
struct vport *vdp_dp_attach_port(const struct vport_parms *parms)
{
	struct vport *vport;

	ASSERT_VDPL();

	vport = vdp_vport_add(parms);
	if (IS_ERR(vport))
		return vport;

	hlist_add_head_rcu(&vport->dp_node,
			   vport_bucket(parms->dp, vport->port_no));
	return vport;
}

/**
 * vdp_dp_detach_port - remove a vport from its datapath and destroy it
 * @vport: the vport.
 *
 * Called with vdp_mutex.
 */
void vdp_dp_detach_port(struct vport *vport)
{
	ASSERT_VDPL();

	hlist_del_rcu(&vport->dp_node);
	vdp_vport_del(vport);
}

/**
 * vdp_dp_destroy - delete a datapath with all its ports
 * @dp: the datapath.
 *
 * Ports other than the local one go first, then the datapath leaves its
 * netns list, then the local port (and so the datapath's device) goes.
 * No per-port notifications are sent, as in openvswitch.ko.  Called with
 * vdp_mutex.
 */
void vdp_dp_destroy(struct datapath *dp)
{
	struct vport *vport, *local = NULL;
	struct hlist_node *n;
	int i;

	ASSERT_VDPL();

	vdp_flow_tbl_flush(&dp->table);
	for (i = 0; i < DP_VPORT_HASH_BUCKETS; i++)
		hlist_for_each_entry_safe(vport, n, &dp->ports[i], dp_node) {
			if (vport->port_no == OVSP_LOCAL)
				local = vport;
			else
				vdp_dp_detach_port(vport);
		}

	list_del_rcu(&dp->list_node);

	if (local)
		vdp_dp_detach_port(local);

	vdp_dp_free(dp);
}

/* Must be called with rcu_read_lock or vdp_mutex. */
void vdp_dp_get_stats(const struct datapath *dp, struct ovs_dp_stats *stats,
		      struct ovs_dp_megaflow_stats *mega)
{
	int cpu;

	memset(stats, 0, sizeof(*stats));
	memset(mega, 0, sizeof(*mega));

	for_each_possible_cpu(cpu) {
		const struct dp_stats_percpu *s = per_cpu_ptr(dp->stats, cpu);
		u64 hit, missed, lost, mask_hit, cache_hit;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			hit = s->n_hit;
			missed = s->n_missed;
			lost = s->n_lost;
			mask_hit = s->n_mask_hit;
			cache_hit = s->n_cache_hit;
		} while (u64_stats_fetch_retry(&s->syncp, start));

		stats->n_hit += hit;
		stats->n_missed += missed;
		stats->n_lost += lost;
		mega->n_mask_hit += mask_hit;
		mega->n_cache_hit += cache_hit;
	}
	stats->n_flows = READ_ONCE(dp->table.count);
	mega->n_masks = vdp_flow_tbl_n_masks(&dp->table);
}

/*
 * A new per-CPU upcall PID array from @ids, or an ERR_PTR.  Only the first
 * nr_cpu_ids entries are kept (struct dp_upcall_pids); the array is charged
 * to the caller's memory cgroup.
 */
static struct dp_upcall_pids *dp_new_upcall_pids(const struct nlattr *ids,
						 struct netlink_ext_ack *extack)
{
	struct dp_upcall_pids *pids;
	u32 n;

	if (!nla_len(ids) || nla_len(ids) % sizeof(u32)) {
		NL_SET_ERR_MSG_ATTR(extack, ids,
				    "OVS_DP_ATTR_PER_CPU_PIDS: must be a non-empty array of u32");
		return ERR_PTR(-EINVAL);
	}

	n = min_t(u32, nla_len(ids) / sizeof(u32), nr_cpu_ids);
	pids = kmalloc(struct_size(pids, pids, n), GFP_KERNEL_ACCOUNT);
	if (!pids)
		return ERR_PTR(-ENOMEM);
	pids->n_pids = n;
	memcpy(pids->pids, nla_data(ids), n * sizeof(u32));
	return pids;
}

/**
 * vdp_dp_change - apply %OVS_DP_ATTR_USER_FEATURES and friends
 * @dp: the datapath.
 * @a: the request's attributes.
 * @extack: where refusals are explained.
 *
 * As in Linux 6.1, unknown feature bits are refused with -EOPNOTSUPP (Open
 * vSwitch probes for this), a request without %OVS_DP_ATTR_USER_FEATURES
 * clears the features, and per-CPU upcall PIDs are taken only together
 * with %OVS_DP_F_DISPATCH_UPCALL_PER_CPU.  Unlike Linux 6.1, which stores
 * the mask cache size and the features before it looks at the PIDs,
 * everything is checked (and allocated) first: a refused request changes
 * nothing.  Called with vdp_mutex.
 *
 * Return: 0 or a negative errno.
 */
int vdp_dp_change(struct datapath *dp, struct nlattr **a,
		  struct netlink_ext_ack *extack)
{
	struct dp_upcall_pids *pids = NULL, *old;
	u32 features = 0, size = dp->masks_cache_size;

	ASSERT_VDPL();

	if (a[OVS_DP_ATTR_USER_FEATURES]) {
		features = nla_get_u32(a[OVS_DP_ATTR_USER_FEATURES]);

		if (features & ~DP_KNOWN_FEATURES) {
			NL_SET_ERR_MSG_ATTR(extack, a[OVS_DP_ATTR_USER_FEATURES],
					    "OVS_DP_ATTR_USER_FEATURES: unknown feature bit");
			return -EOPNOTSUPP;
		}
		/* As openvswitch.ko built without CONFIG_NET_TC_SKB_EXT. */
		if (features & OVS_DP_F_TC_RECIRC_SHARING) {
			NL_SET_ERR_MSG_ATTR(extack, a[OVS_DP_ATTR_USER_FEATURES],
					    "OVS_DP_ATTR_USER_FEATURES: TC recirculation sharing is not supported");
			return -EOPNOTSUPP;
		}
	}

	if (a[OVS_DP_ATTR_MASKS_CACHE_SIZE]) {
		size = nla_get_u32(a[OVS_DP_ATTR_MASKS_CACHE_SIZE]);

		if (size && !is_power_of_2(size)) {
			NL_SET_ERR_MSG_ATTR(extack, a[OVS_DP_ATTR_MASKS_CACHE_SIZE],
					    "OVS_DP_ATTR_MASKS_CACHE_SIZE: must be 0 or a power of 2");
			return -EINVAL;
		}
	}

	if ((features & OVS_DP_F_DISPATCH_UPCALL_PER_CPU) &&
	    a[OVS_DP_ATTR_PER_CPU_PIDS]) {
		pids = dp_new_upcall_pids(a[OVS_DP_ATTR_PER_CPU_PIDS], extack);
		if (IS_ERR(pids))
			return PTR_ERR(pids);
	}
	/* The mask cache last among what can fail: a refused SET changes nothing. */
	if (size != dp->masks_cache_size) {
		int err = vdp_flow_tbl_cache_resize(&dp->table, size);

		if (err) {
			kfree(pids);
			return err;
		}
	}

	/* Nothing can fail from here on. */
	dp->masks_cache_size = size;
	dp->user_features = features;
	if (pids) {
		old = vdpl_dereference(dp->upcall_pids);
		rcu_assign_pointer(dp->upcall_pids, pids);
		if (old)
			kfree_rcu(old, rcu);
	}
	return 0;
}

static int __net_init vdp_init_net(struct net *net)
{
	struct vdp_net *vn = vdp_pernet(net);

	INIT_LIST_HEAD(&vn->dps);
	INIT_WORK(&vn->notify_work, vdp_dp_notify_wq);
	return 0;
}

/*
 * Internal ports of datapaths in other namespaces may have been moved into
 * the dying @dnet; their devices must leave before the core unregisters
 * what is left there.  Called with vdp_mutex and net_rwsem.
 */
static void collect_vports_in(struct net *net, struct net *dnet,
			      struct list_head *head)
{
	struct vdp_net *vn = vdp_pernet(net);
	struct datapath *dp;

	list_for_each_entry(dp, &vn->dps, list_node) {
		struct vport *vport;
		int i;

		for (i = 0; i < DP_VPORT_HASH_BUCKETS; i++)
			hlist_for_each_entry(vport, &dp->ports[i], dp_node)
				if (vport->ops->type == OVS_VPORT_TYPE_INTERNAL &&
				    vport->port_no != OVSP_LOCAL &&
				    net_eq(dev_net(vport->dev), dnet))
					list_add(&vport->detach_node, head);
	}
}

static void __net_exit vdp_exit_net(struct net *dnet)
{
	struct vdp_net *vn = vdp_pernet(dnet);
	struct datapath *dp, *next_dp;
	struct vport *vport, *next;
	struct net *net;
	LIST_HEAD(head);

	vdp_lock();
	list_for_each_entry_safe(dp, next_dp, &vn->dps, list_node)
		vdp_dp_destroy(dp);

	down_read(&net_rwsem);
	for_each_net(net)
		collect_vports_in(net, dnet, &head);
	up_read(&net_rwsem);

	list_for_each_entry_safe(vport, next, &head, detach_node) {
		list_del(&vport->detach_node);
		vdp_dp_detach_port(vport);
	}
	vdp_unlock();

	cancel_work_sync(&vn->notify_work);
}

static struct pernet_operations vdp_net_ops = {
	.init = vdp_init_net,
	.exit = vdp_exit_net,
	.id   = &vdp_net_id,
	.size = sizeof(struct vdp_net),
};

/*
 * The generic netlink families go last, as in openvswitch.ko: from the
 * moment they are registered requests can create datapaths, which need
 * everything else (the link kind of their internal devices included), and
 * a failure after them would have to destroy what was created meanwhile.
 * A clash with openvswitch.ko now shows at the link kind, which says so.
 */
static int __init vdp_init(void)
{
	int err;

	err = vdp_vport_init();
	if (err)
		return err;

	err = vdp_internal_dev_rtnl_link_register();
	if (err)
		goto err_vport_exit;

	err = register_pernet_device(&vdp_net_ops);
	if (err)
		goto err_unregister_link;

	err = register_netdevice_notifier(&vdp_dp_device_notifier);
	if (err)
		goto err_unregister_pernet;

	err = vdp_genl_register();
	if (err)
		goto err_unregister_notifier;

	pr_info("Open vSwitch compatible datapath (flows: in_port, tunnel, ethernet; actions: output, set(tunnel))\n");
	return 0;

err_unregister_notifier:
	unregister_netdevice_notifier(&vdp_dp_device_notifier);
err_unregister_pernet:
	unregister_pernet_device(&vdp_net_ops);
err_unregister_link:
	vdp_internal_dev_rtnl_link_unregister();
err_vport_exit:
	vdp_vport_exit();
	return err;
}

/*
 * Unloading destroys every datapath of every netns, as deleting each netns
 * would, with no notifications: vports do not pin the module, so that no
 * user can keep the administrator from unloading it with a datapath in a
 * netns of their own.  So the module's reference count is 0 but while a
 * request or a dump is in progress (the netlink core holds one for it), and
 * rmmod -f unloads it exactly as rmmod does.  The families go first; their
 * unregistration waits for requests in progress.  The pernet exits destroy
 * the datapaths and wait for their work items; rcu_barrier() waits for the
 * callbacks that free vports and drop device references.
 */
static void __exit vdp_exit(void)
{
	vdp_genl_unregister();
	unregister_netdevice_notifier(&vdp_dp_device_notifier);
	unregister_pernet_device(&vdp_net_ops);
	rcu_barrier();
	vdp_internal_dev_rtnl_link_unregister();
	vdp_vport_exit();
}

module_init(vdp_init);
module_exit(vdp_exit);

MODULE_DESCRIPTION("Open vSwitch compatible datapath (ovs_datapath/ovs_vport/ovs_flow UAPI)");
MODULE_LICENSE("GPL");
MODULE_VERSION("0.1");
MODULE_SOFTDEP("pre: vxlan geneve ip_gre");
