// SPDX-License-Identifier: GPL-2.0
/*
 * vport.c - vport creation and deletion, the name table, upcall PIDs,
 * statistics and options.
 */

#include <linux/jhash.h>
#include <linux/module.h>
#include <linux/rculist.h>
#include <linux/slab.h>

#include "datapath.h"
#include "vport.h"

#define VPORT_NAME_BUCKETS	1024

/*
 * Every vport of every datapath, hashed by (netns of its datapath, name),
 * so that a name finds its port across all datapaths of a netns.  Written
 * under vdp_mutex, read under RCU.
 */
static struct hlist_head *name_table;

static const struct vport_ops *const vport_types[] = {
	&vdp_netdev_vport_ops,
	&vdp_internal_vport_ops,
	&vdp_gre_vport_ops,
	&vdp_vxlan_vport_ops,
	&vdp_geneve_vport_ops,
};

int vdp_vport_init(void)
{
	int i;

	name_table = kmalloc_array(VPORT_NAME_BUCKETS, sizeof(*name_table),
				   GFP_KERNEL);
	if (!name_table)
		return -ENOMEM;
	for (i = 0; i < VPORT_NAME_BUCKETS; i++)
		INIT_HLIST_HEAD(&name_table[i]);
	return 0;
}

void vdp_vport_exit(void)
{
	kfree(name_table);
}

static struct hlist_head *name_bucket(const struct net *net, const char *name)
{
	u32 hash = jhash(name, strlen(name), (unsigned long)net);

	return &name_table[hash & (VPORT_NAME_BUCKETS - 1)];
}

/**
 * vdp_vport_locate - find a vport by name among a netns's datapaths
 * @net: the netns of the datapath (not necessarily of the device).
 * @name: the name.
 *
 * Must be called with rcu_read_lock or vdp_mutex.
 *
 * Return: the vport or %NULL.
 */
struct vport *vdp_vport_locate(const struct net *net, const char *name)
{
	struct vport *vport;

	hlist_for_each_entry_rcu(vport, name_bucket(net, name), name_node,
				 lockdep_is_held(&vdp_mutex))
		if (!strcmp(name, vport_name(vport)) &&
		    net_eq(vdp_dp_net(vport->dp), net))
			return vport;
	return NULL;
}

static const struct vport_ops *find_type(u32 type)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(vport_types); i++)
		if (vport_types[i]->type == type)
			return vport_types[i];
	return NULL;
}

/**
 * vdp_vport_alloc - allocate a vport for a type's create()
 * @priv_size: bytes of per-type data.
 * @ops: the type.
 * @parms: the request; its upcall PIDs are validated and copied.
 *
 * Return: the vport or an ERR_PTR (-EINVAL for a bad %OVS_VPORT_ATTR_UPCALL_PID).
 */
struct vport *vdp_vport_alloc(size_t priv_size, const struct vport_ops *ops,
			      const struct vport_parms *parms)
{
	struct vport *vport;
	int err;

	vport = kzalloc(sizeof(*vport) + priv_size, GFP_KERNEL);
	if (!vport)
		return ERR_PTR(-ENOMEM);

	vport->dp = parms->dp;
	vport->port_no = parms->port_no;
	vport->ops = ops;
	INIT_HLIST_NODE(&vport->dp_node);
	INIT_HLIST_NODE(&vport->name_node);

	err = vdp_vport_set_upcall_pids(vport, parms->upcall_pids,
					parms->extack);
	if (err == -EINVAL && parms->port_no == OVSP_LOCAL)
		NL_SET_ERR_MSG_ATTR(parms->extack, parms->upcall_pids,
				    "OVS_DP_ATTR_UPCALL_PID: must be a u32");
	if (err) {
		kfree(vport);
		return ERR_PTR(err);
	}
	return vport;
}

/**
 * vdp_vport_free - free a vport that no reader has seen
 * @vport: the vport; its device reference, if any, must be gone.
 */
void vdp_vport_free(struct vport *vport)
{
	kfree(rcu_dereference_raw(vport->upcall_pids));
	kfree(vport);
}

static void vport_free_rcu(struct rcu_head *rcu)
{
	struct vport *vport = container_of(rcu, struct vport, rcu);

	if (vport->dev && vport->ops->type != OVS_VPORT_TYPE_INTERNAL)
		netdev_put(vport->dev, &vport->dev_tracker);
	vdp_vport_free(vport);
}

/**
 * vdp_vport_free_rcu - free a vport after the current RCU readers
 * @vport: the vport.  For non-internal types a device reference still held
 *	is dropped then.
 */
void vdp_vport_free_rcu(struct vport *vport)
{
	call_rcu(&vport->rcu, vport_free_rcu);
}

/**
 * vdp_vport_add - create a vport of the requested type
 * @parms: the request.
 *
 * A name with a '%' is refused for the types that create their device: the
 * core would expand it ("vx%d" becomes "vx0"), and the port would not have
 * the name that was asked for.  No device can have such a name, so a netdev
 * vport of that name is simply not found.  Vports do not pin the module:
 * unloading it destroys every datapath (datapath.c).  Called with vdp_mutex.
 *
 * Return: the vport or an ERR_PTR; -EAFNOSUPPORT for an unknown type.
 */
struct vport *vdp_vport_add(const struct vport_parms *parms)
{
	const struct vport_ops *ops;
	struct vport *vport;

	ASSERT_VDPL();

	ops = find_type(parms->type);
	if (!ops) {
		NL_SET_ERR_MSG(parms->extack,
			       "OVS_VPORT_ATTR_TYPE: unknown vport type (vportdp knows netdev, internal, gre, vxlan, geneve)");
		return ERR_PTR(-EAFNOSUPPORT);
	}
	if (ops->type != OVS_VPORT_TYPE_NETDEV && strchr(parms->name, '%')) {
		if (parms->port_no == OVSP_LOCAL)
			NL_SET_ERR_MSG(parms->extack,
				       "OVS_DP_ATTR_NAME: not a valid network device name (a '%' would be expanded by the kernel)");
		else
			NL_SET_ERR_MSG(parms->extack,
				       "OVS_VPORT_ATTR_NAME: not a valid network device name (a '%' would be expanded by the kernel)");
		return ERR_PTR(-EINVAL);
	}

	vport = ops->create(parms);
	if (IS_ERR(vport))
		return vport;

	hlist_add_head_rcu(&vport->name_node,
			   name_bucket(vdp_dp_net(vport->dp), vport_name(vport)));
	return vport;
}

/**
 * vdp_vport_del - destroy a vport that has left its datapath's table
 * @vport: the vport.
 *
 * Called with vdp_mutex.
 */
void vdp_vport_del(struct vport *vport)
{
	ASSERT_VDPL();

	hlist_del_rcu(&vport->name_node);
	vport->ops->destroy(vport);
}

/**
 * vdp_vport_set_upcall_pids - replace a vport's upcall port IDs
 * @vport: the vport.
 * @ids: an attribute holding a non-empty array of at most
 *	%VPORT_MAX_UPCALL_PIDS u32.
 * @extack: where a refusal is explained.
 *
 * The array is charged to the caller's memory cgroup.  Called with
 * vdp_mutex (also before the vport is visible).
 *
 * Return: 0, -EINVAL for a bad length, or -ENOMEM.
 */
int vdp_vport_set_upcall_pids(struct vport *vport, const struct nlattr *ids,
			      struct netlink_ext_ack *extack)
{
	struct vport_upcall_pids *pids, *old;

	if (!nla_len(ids) || nla_len(ids) % sizeof(u32)) {
		NL_SET_ERR_MSG_ATTR(extack, ids,
				    "OVS_VPORT_ATTR_UPCALL_PID: must be a non-empty array of u32");
		return -EINVAL;
	}
	if (nla_len(ids) / sizeof(u32) > VPORT_MAX_UPCALL_PIDS) {
		NL_SET_ERR_MSG_ATTR(extack, ids,
				    "OVS_VPORT_ATTR_UPCALL_PID: at most one port ID per possible CPU (nr_cpu_ids)");
		return -EINVAL;
	}

	pids = kmalloc(struct_size(pids, ids, nla_len(ids) / sizeof(u32)),
		       GFP_KERNEL_ACCOUNT);
	if (!pids)
		return -ENOMEM;
	pids->n_ids = nla_len(ids) / sizeof(u32);
	nla_memcpy(pids->ids, ids, nla_len(ids));

	old = vdpl_dereference(vport->upcall_pids);
	rcu_assign_pointer(vport->upcall_pids, pids);
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

/**
 * vdp_vport_put_upcall_pids - add %OVS_VPORT_ATTR_UPCALL_PID to a reply
 * @vport: the vport.
 * @skb: the reply.
 *
 * The whole array if the datapath announced %OVS_DP_F_VPORT_PIDS, else only
 * the first ID, as openvswitch.ko does.  Must be called with rcu_read_lock
 * or vdp_mutex.
 *
 * Return: 0 or -EMSGSIZE.
 */
int vdp_vport_put_upcall_pids(const struct vport *vport, struct sk_buff *skb)
{
	const struct vport_upcall_pids *pids;

	pids = rcu_dereference_vdpl(vport->upcall_pids);
	if (vport->dp->user_features & OVS_DP_F_VPORT_PIDS)
		return nla_put(skb, OVS_VPORT_ATTR_UPCALL_PID,
			       pids->n_ids * sizeof(u32), pids->ids);
	return nla_put_u32(skb, OVS_VPORT_ATTR_UPCALL_PID, pids->ids[0]);
}

/**
 * vdp_vport_get_stats - a vport's counters, from its device
 * @vport: the vport.
 * @stats: filled in; zeros once the device is being unregistered.
 *
 * A device that left its netns's lists may already have freed its counters
 * (vxlan frees them in ndo_uninit), but not before the grace period that
 * follows its unlisting: a reader that still sees it registered may ask.
 * The check and the read share one RCU read-side section.
 */
void vdp_vport_get_stats(struct vport *vport, struct ovs_vport_stats *stats)
{
	struct rtnl_link_stats64 tmp;
	const struct rtnl_link_stats64 *s;

	rcu_read_lock();
	if (vport->dev->reg_state != NETREG_REGISTERED) {
		rcu_read_unlock();
		memset(stats, 0, sizeof(*stats));
		return;
	}
	s = dev_get_stats(vport->dev, &tmp);
	rcu_read_unlock();
	stats->rx_packets = s->rx_packets;
	stats->tx_packets = s->tx_packets;
	stats->rx_bytes = s->rx_bytes;
	stats->tx_bytes = s->tx_bytes;
	stats->rx_errors = s->rx_errors;
	stats->tx_errors = s->tx_errors;
	stats->rx_dropped = s->rx_dropped;
	stats->tx_dropped = s->tx_dropped;
}

/**
 * vdp_vport_put_options - add %OVS_VPORT_ATTR_OPTIONS to a reply
 * @vport: the vport.
 * @skb: the reply.
 *
 * Only types with options (vxlan, geneve) add the nest.
 *
 * Return: 0 or -EMSGSIZE.
 */
int vdp_vport_put_options(const struct vport *vport, struct sk_buff *skb)
{
	struct nlattr *nla;
	int err;

	if (!vport->ops->get_options)
		return 0;

	nla = nla_nest_start_noflag(skb, OVS_VPORT_ATTR_OPTIONS);
	if (!nla)
		return -EMSGSIZE;

	err = vport->ops->get_options(vport, skb);
	if (err) {
		nla_nest_cancel(skb, nla);
		return err;
	}
	nla_nest_end(skb, nla);
	return 0;
}

/**
 * vdp_tunnel_dst_port - the UDP port a vxlan or geneve vport asks for
 * @parms: the request.
 * @port: set to %OVS_TUNNEL_ATTR_DST_PORT (host byte order).
 *
 * Return: 0, or -EINVAL if %OVS_VPORT_ATTR_OPTIONS or its
 * %OVS_TUNNEL_ATTR_DST_PORT is missing, or the port is not a u16 or is 0
 * (the drivers would bind a port of their own choice: vxlan 4789, geneve an
 * ephemeral one, and the vport would report 0).
 */
int vdp_tunnel_dst_port(const struct vport_parms *parms, u16 *port)
{
	const struct nlattr *a;

	if (!parms->options) {
		NL_SET_ERR_MSG(parms->extack,
			       "OVS_VPORT_ATTR_OPTIONS: required for vxlan and geneve ports (with OVS_TUNNEL_ATTR_DST_PORT)");
		return -EINVAL;
	}
	a = nla_find_nested(parms->options, OVS_TUNNEL_ATTR_DST_PORT);
	if (!a) {
		NL_SET_ERR_MSG_ATTR(parms->extack, parms->options,
				    "OVS_TUNNEL_ATTR_DST_PORT: required in OVS_VPORT_ATTR_OPTIONS");
		return -EINVAL;
	}
	if (nla_len(a) != sizeof(u16)) {
		NL_SET_ERR_MSG_ATTR(parms->extack, a,
				    "OVS_TUNNEL_ATTR_DST_PORT: must be a u16");
		return -EINVAL;
	}
	*port = nla_get_u16(a);
	if (!*port) {
		NL_SET_ERR_MSG_ATTR(parms->extack, a,
				    "OVS_TUNNEL_ATTR_DST_PORT: must be a UDP port from 1 to 65535");
		return -EINVAL;
	}
	return 0;
}
