/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vport.h - datapath ports: the object, the per-type operations, the
 * netns-wide name table.
 */

#ifndef VPORTDP_VPORT_H
#define VPORTDP_VPORT_H

#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/openvswitch.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <net/netlink.h>

struct datapath;

/* Port numbers are u16 on the wire side of the flow key: 0..65534. */
#define DP_MAX_PORTS		USHRT_MAX
#define DP_VPORT_HASH_BUCKETS	1024
/*
 * Upcall port IDs of one vport: at most one per possible CPU, as in
 * openvswitch.ko since its fix for unbounded arrays (a packet picks
 * ids[hash % n_ids]; Open vSwitch gives one per handler thread).
 */
#define VPORT_MAX_UPCALL_PIDS	nr_cpu_ids

/**
 * struct vport_upcall_pids - netlink port IDs a vport would send upcalls to
 * @rcu: frees the array after readers are done.
 * @n_ids: number of entries in @ids; at least 1.
 * @ids: the port IDs, as userspace gave them (0 means "no listener").
 *
 * vportdp never sends upcalls; the array is kept so that replies carry back
 * exactly what userspace configured, as openvswitch.ko does.
 */
struct vport_upcall_pids {
	struct rcu_head rcu;
	u32 n_ids;
	u32 ids[];
};

/**
 * struct vport - one port of a datapath
 * @dev: the net device behind the port, never %NULL once the vport is
 *	visible.  Internal vports own it; every other type holds a reference
 *	(@dev_tracker) that is dropped only in the RCU callback that frees the
 *	vport, so that RCU readers can use @dev as long as they see the vport.
 * @dev_tracker: reference tracker for @dev (non-internal types).
 * @dp: the datapath this port belongs to; constant for the vport's life.
 * @upcall_pids: RCU-protected &struct vport_upcall_pids; written under
 *	vdp_mutex.
 * @port_no: number of the port in @dp; %OVSP_LOCAL for the local port.
 * @name_node: entry in the global name table (vport.c), keyed by the
 *	datapath's netns and the device name at creation time.
 * @dp_node: entry in @dp->ports[@port_no & (DP_VPORT_HASH_BUCKETS - 1)].
 * @ops: the type's operations.
 * @detach_node: entry in a private list while a dying netns is emptied.
 * @rcu: frees the vport after an RCU grace period.
 * @priv: per-type data, @ops->priv_size bytes.
 *
 * A vport is reachable by RCU readers through @dp->ports, the name table and
 * (for internal and netdev types) its device.  It is created and destroyed
 * only under vdp_mutex.
 */
struct vport {
	struct net_device *dev;
	netdevice_tracker dev_tracker;
	struct datapath *dp;
	struct vport_upcall_pids __rcu *upcall_pids;
	u16 port_no;
	struct hlist_node name_node;
	struct hlist_node dp_node;
	const struct vport_ops *ops;
	struct list_head detach_node;
	struct rcu_head rcu;
	u8 priv[] __aligned(8);
};

/**
 * struct vport_parms - what is needed to create a vport
 * @name: requested name; the vport takes the device's final name.
 * @type: an %OVS_VPORT_TYPE_* value.
 * @desired_ifindex: ifindex for a new internal device, 0 for any.
 * @options: the %OVS_VPORT_ATTR_OPTIONS nest, or %NULL.
 * @dp: the datapath the port will join.
 * @port_no: the port number, already checked to be free.
 * @upcall_pids: the %OVS_VPORT_ATTR_UPCALL_PID (or %OVS_DP_ATTR_UPCALL_PID)
 *	attribute; required.
 * @extack: where refusals are explained.
 */
struct vport_parms {
	const char *name;
	u32 type;
	int desired_ifindex;
	struct nlattr *options;
	struct datapath *dp;
	u16 port_no;
	struct nlattr *upcall_pids;
	struct netlink_ext_ack *extack;
};

/**
 * struct vport_ops - what a vport type implements
 * @type: the %OVS_VPORT_TYPE_* value this type answers to.
 * @kind: short name for messages ("internal", "vxlan", ...).
 * @create: build a vport from @parms; returns the vport or an ERR_PTR.
 *	Called with vdp_mutex held and RTNL not held.  On success the device
 *	exists and is ready; on failure nothing is left behind (a device it
 *	created is deleted again).
 * @destroy: undo @create, including the RCU-deferred free of the vport.
 *	Called with vdp_mutex held, after the vport is unreachable by lookup.
 * @get_options: put the type's %OVS_TUNNEL_ATTR_* attributes in @skb;
 *	%NULL if the type has no options.  Returns -EMSGSIZE if @skb is full.
 */
struct vport_ops {
	u32 type;
	const char *kind;
	struct vport *(*create)(const struct vport_parms *parms);
	void (*destroy)(struct vport *vport);
	int (*get_options)(const struct vport *vport, struct sk_buff *skb);
};

extern const struct vport_ops vdp_internal_vport_ops;
extern const struct vport_ops vdp_netdev_vport_ops;
extern const struct vport_ops vdp_vxlan_vport_ops;
extern const struct vport_ops vdp_geneve_vport_ops;
extern const struct vport_ops vdp_gre_vport_ops;

int vdp_vport_init(void);
void vdp_vport_exit(void);

struct vport *vdp_vport_add(const struct vport_parms *parms);
void vdp_vport_del(struct vport *vport);
struct vport *vdp_vport_locate(const struct net *net, const char *name);

struct vport *vdp_vport_alloc(size_t priv_size, const struct vport_ops *ops,
			      const struct vport_parms *parms);
void vdp_vport_free(struct vport *vport);
void vdp_vport_free_rcu(struct vport *vport);

int vdp_vport_set_upcall_pids(struct vport *vport, const struct nlattr *ids,
			      struct netlink_ext_ack *extack);
int vdp_vport_put_upcall_pids(const struct vport *vport, struct sk_buff *skb);
void vdp_vport_get_stats(struct vport *vport, struct ovs_vport_stats *stats);
int vdp_vport_put_options(const struct vport *vport, struct sk_buff *skb);

static inline void *vport_priv(const struct vport *vport)
{
	return (void *)vport->priv;
}

static inline const char *vport_name(const struct vport *vport)
{
	return vport->dev->name;
}

/* vport-internal_dev.c */
bool vdp_is_internal_dev(const struct net_device *dev);
struct vport *vdp_internal_dev_get_vport(struct net_device *dev);
int vdp_internal_dev_rtnl_link_register(void);
void vdp_internal_dev_rtnl_link_unregister(void);

/* vport-netdev.c: the part shared by netdev and tunnel vports */
void vdp_netdev_detach_dev(struct vport *vport);
void vdp_netdev_destroy(struct vport *vport);
void vdp_netdev_tunnel_destroy(struct vport *vport);
struct vport *vdp_tunnel_up_and_link(struct vport *vport, struct net_device *dev,
				     const struct vport_parms *parms, const char *up_msg);
struct vport *vdp_netdev_get_vport(struct net_device *dev);

/* tunnel helpers (vport-vxlan.c) */
int vdp_tunnel_dst_port(const struct vport_parms *parms, u16 *port);

#endif /* VPORTDP_VPORT_H */
