// SPDX-License-Identifier: GPL-2.0
/*
 * netlink.c - the ovs_datapath and ovs_vport generic netlink families:
 * parsing, replies, notifications and the command handlers.
 *
 * The wire format, errnos and reply contents are those of openvswitch.ko
 * in Linux 6.1.  Two things are added: every EINVAL-class refusal carries
 * an extended-ack message naming the attribute, and replies are sized to
 * what they hold (genlmsg_new(): the payload after the genetlink header)
 * instead of assuming NLMSG_DEFAULT_SIZE.
 */

#include <linux/netdevice.h>
#include <linux/openvswitch.h>
#include <linux/rculist.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netlink.h>

#include "datapath.h"
#include "vport.h"

/*
 * Attribute policies, as openvswitch.ko's, and what to tell userspace when
 * an attribute fails them.  The families have no family-wide policy and
 * resv_start_op past their last command, so the genetlink core leaves the
 * parsing to us; we parse leniently (unknown and too-high attribute types
 * are ignored), as openvswitch.ko's GENL_DONT_VALIDATE_STRICT does, which
 * existing userspace relies on.  The one change is the IFINDEX attributes:
 * Linux 6.1 takes any u32 there, later kernels refuse negative values.
 */
static const struct nla_policy datapath_policy[OVS_DP_ATTR_MAX + 1] = {
	[OVS_DP_ATTR_NAME]		= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[OVS_DP_ATTR_UPCALL_PID]	= { .type = NLA_U32 },
	[OVS_DP_ATTR_USER_FEATURES]	= { .type = NLA_U32 },
	[OVS_DP_ATTR_MASKS_CACHE_SIZE]	= NLA_POLICY_RANGE(NLA_U32, 0, DP_MASKS_CACHE_MAX),
	[OVS_DP_ATTR_IFINDEX]		= NLA_POLICY_MIN(NLA_S32, 0),
};

static const char *const datapath_attr_msgs[OVS_DP_ATTR_MAX + 1] = {
	[OVS_DP_ATTR_NAME]		= "OVS_DP_ATTR_NAME: must be a NUL-terminated name of at most 15 characters",
	[OVS_DP_ATTR_UPCALL_PID]	= "OVS_DP_ATTR_UPCALL_PID: must be a u32",
	[OVS_DP_ATTR_USER_FEATURES]	= "OVS_DP_ATTR_USER_FEATURES: must be a u32",
	[OVS_DP_ATTR_MASKS_CACHE_SIZE]	= "OVS_DP_ATTR_MASKS_CACHE_SIZE: must be a u32 of at most 4096",
	[OVS_DP_ATTR_IFINDEX]		= "OVS_DP_ATTR_IFINDEX: must be a non-negative s32",
};

static const struct nla_policy vport_policy[OVS_VPORT_ATTR_MAX + 1] = {
	[OVS_VPORT_ATTR_NAME]		= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[OVS_VPORT_ATTR_STATS]		= { .len = sizeof(struct ovs_vport_stats) },
	[OVS_VPORT_ATTR_PORT_NO]	= { .type = NLA_U32 },
	[OVS_VPORT_ATTR_TYPE]		= { .type = NLA_U32 },
	[OVS_VPORT_ATTR_UPCALL_PID]	= { .type = NLA_UNSPEC },
	[OVS_VPORT_ATTR_OPTIONS]	= { .type = NLA_NESTED },
	[OVS_VPORT_ATTR_IFINDEX]	= NLA_POLICY_MIN(NLA_S32, 0),
	[OVS_VPORT_ATTR_NETNSID]	= { .type = NLA_S32 },
};

static const char *const vport_attr_msgs[OVS_VPORT_ATTR_MAX + 1] = {
	[OVS_VPORT_ATTR_NAME]		= "OVS_VPORT_ATTR_NAME: must be a NUL-terminated name of at most 15 characters",
	[OVS_VPORT_ATTR_STATS]		= "OVS_VPORT_ATTR_STATS: must be a struct ovs_vport_stats (64 bytes)",
	[OVS_VPORT_ATTR_PORT_NO]	= "OVS_VPORT_ATTR_PORT_NO: must be a u32",
	[OVS_VPORT_ATTR_TYPE]		= "OVS_VPORT_ATTR_TYPE: must be a u32",
	[OVS_VPORT_ATTR_OPTIONS]	= "OVS_VPORT_ATTR_OPTIONS: must be a nest of OVS_TUNNEL_ATTR_* attributes",
	[OVS_VPORT_ATTR_IFINDEX]	= "OVS_VPORT_ATTR_IFINDEX: must be a non-negative s32",
	[OVS_VPORT_ATTR_NETNSID]	= "OVS_VPORT_ATTR_NETNSID: must be an s32",
};

static int parse_attrs(struct genl_info *info, struct nlattr **a, int maxattr,
		       const struct nla_policy *policy,
		       const char *const *msgs)
{
	struct netlink_ext_ack *extack = info->extack;
	int err;

	err = nlmsg_parse_deprecated(info->nlhdr,
				     GENL_HDRLEN + sizeof(struct ovs_header),
				     a, maxattr, policy, extack);
	if (err && extack && extack->bad_attr) {
		int type = nla_type(extack->bad_attr);

		if (type <= maxattr && msgs[type])
			vdp_ext_msg(extack, msgs[type], false);
	}
	return err;
}

/*
 * Payload sizes of replies (what follows the genetlink header), exact but
 * for the name (always IFNAMSIZ) and the per-CPU PIDs (always room for
 * nr_cpu_ids, the most a datapath keeps).
 */
static size_t dp_msg_size(void)
{
	return NLMSG_ALIGN(sizeof(struct ovs_header))
		+ nla_total_size(IFNAMSIZ)				/* NAME */
		+ nla_total_size_64bit(sizeof(struct ovs_dp_stats))	/* STATS */
		+ nla_total_size_64bit(sizeof(struct ovs_dp_megaflow_stats))
		+ nla_total_size(sizeof(u32))				/* USER_FEATURES */
		+ nla_total_size(sizeof(u32))				/* MASKS_CACHE_SIZE */
		+ nla_total_size(nr_cpu_ids * sizeof(u32));		/* PER_CPU_PIDS */
}

static size_t vport_msg_size(size_t pids_len)
{
	return NLMSG_ALIGN(sizeof(struct ovs_header))
		+ nla_total_size(sizeof(u32))				/* PORT_NO */
		+ nla_total_size(sizeof(u32))				/* TYPE */
		+ nla_total_size(IFNAMSIZ)				/* NAME */
		+ nla_total_size(sizeof(u32))				/* IFINDEX */
		+ nla_total_size(sizeof(s32))				/* NETNSID */
		+ nla_total_size_64bit(sizeof(struct ovs_vport_stats))	/* STATS */
		+ nla_total_size(max_t(size_t, pids_len, sizeof(u32)))	/* UPCALL_PID */
		+ nla_total_size(nla_total_size(sizeof(u16)) +		/* OPTIONS */
				 nla_total_size(nla_total_size(0)));
}

/* Must be called with rcu_read_lock or vdp_mutex. */
static size_t vport_pids_len(const struct vport *vport)
{
	const struct vport_upcall_pids *pids = rcu_dereference_vdpl(vport->upcall_pids);

	return pids->n_ids * sizeof(u32);
}

/* Must be called with rcu_read_lock or vdp_mutex. */
static int dp_fill_info(struct datapath *dp, struct sk_buff *skb,
			u32 portid, u32 seq, u32 flags, u8 cmd)
{
	struct ovs_dp_megaflow_stats mega;
	const struct dp_upcall_pids *pids;
	struct ovs_header *ovs_header;
	struct ovs_dp_stats stats;

	ovs_header = genlmsg_put(skb, portid, seq, &vdp_datapath_genl_family,
				 flags, cmd);
	if (!ovs_header)
		return -EMSGSIZE;
	ovs_header->dp_ifindex = vdp_dp_ifindex(dp);

	vdp_dp_get_stats(dp, &stats, &mega);
	if (nla_put_string(skb, OVS_DP_ATTR_NAME, vdp_dp_name(dp)) ||
	    nla_put_64bit(skb, OVS_DP_ATTR_STATS, sizeof(stats), &stats,
			  OVS_DP_ATTR_PAD) ||
	    nla_put_64bit(skb, OVS_DP_ATTR_MEGAFLOW_STATS, sizeof(mega), &mega,
			  OVS_DP_ATTR_PAD) ||
	    nla_put_u32(skb, OVS_DP_ATTR_USER_FEATURES, dp->user_features) ||
	    nla_put_u32(skb, OVS_DP_ATTR_MASKS_CACHE_SIZE, dp->masks_cache_size))
		goto nla_put_failure;

	pids = rcu_dereference_vdpl(dp->upcall_pids);
	if ((dp->user_features & OVS_DP_F_DISPATCH_UPCALL_PER_CPU) && pids &&
	    nla_put(skb, OVS_DP_ATTR_PER_CPU_PIDS, pids->n_pids * sizeof(u32),
		    pids->pids))
		goto nla_put_failure;

	genlmsg_end(skb, ovs_header);
	return 0;

nla_put_failure:
	genlmsg_cancel(skb, ovs_header);
	return -EMSGSIZE;
}

/* Must be called with rcu_read_lock or vdp_mutex. */
static int vport_fill_info(struct vport *vport, struct sk_buff *skb,
			   struct net *net, u32 portid, u32 seq, u32 flags,
			   u8 cmd, gfp_t gfp)
{
	struct ovs_header *ovs_header;
	struct ovs_vport_stats stats;

	ovs_header = genlmsg_put(skb, portid, seq, &vdp_vport_genl_family,
				 flags, cmd);
	if (!ovs_header)
		return -EMSGSIZE;
	ovs_header->dp_ifindex = vdp_dp_ifindex(vport->dp);

	if (nla_put_u32(skb, OVS_VPORT_ATTR_PORT_NO, vport->port_no) ||
	    nla_put_u32(skb, OVS_VPORT_ATTR_TYPE, vport->ops->type) ||
	    nla_put_string(skb, OVS_VPORT_ATTR_NAME, vport_name(vport)) ||
	    nla_put_u32(skb, OVS_VPORT_ATTR_IFINDEX, vport->dev->ifindex))
		goto nla_put_failure;

	/* An internal port moved into another netns says where it is. */
	if (!net_eq(net, dev_net(vport->dev))) {
		int id = peernet2id_alloc(net, dev_net(vport->dev), gfp);

		if (nla_put_s32(skb, OVS_VPORT_ATTR_NETNSID, id))
			goto nla_put_failure;
	}

	vdp_vport_get_stats(vport, &stats);
	if (nla_put_64bit(skb, OVS_VPORT_ATTR_STATS, sizeof(stats), &stats,
			  OVS_VPORT_ATTR_PAD) ||
	    vdp_vport_put_upcall_pids(vport, skb) ||
	    vdp_vport_put_options(vport, skb))
		goto nla_put_failure;

	genlmsg_end(skb, ovs_header);
	return 0;

nla_put_failure:
	genlmsg_cancel(skb, ovs_header);
	return -EMSGSIZE;
}

/**
 * vdp_vport_build_info - a reply or notification about one vport
 * @vport: the vport.
 * @net: the netns of the receiver.
 * @portid: the receiver's port, 0 for multicast.
 * @seq: the sequence number.
 * @cmd: the %OVS_VPORT_CMD_* to put in the message.
 *
 * Called with vdp_mutex.
 *
 * Return: the message or an ERR_PTR.
 */
struct sk_buff *vdp_vport_build_info(struct vport *vport, struct net *net,
				     u32 portid, u32 seq, u8 cmd)
{
	struct sk_buff *skb;
	int err;

	ASSERT_VDPL();

	skb = genlmsg_new(vport_msg_size(vport_pids_len(vport)), GFP_KERNEL);
	if (!skb)
		return ERR_PTR(-ENOMEM);

	err = vport_fill_info(vport, skb, net, portid, seq, 0, cmd, GFP_KERNEL);
	if (err) {
		kfree_skb(skb);
		return ERR_PTR(err);
	}
	return skb;
}

/**
 * lookup_datapath - the datapath a request names
 * @net: the requester's netns.
 * @ovs_header: the request's header.
 * @a: the request's attributes.
 * @extack: where a failure is explained.
 *
 * %OVS_DP_ATTR_NAME names the datapath (its local port); without it the
 * header's dp_ifindex must be one of its internal ports.  Must be called
 * with rcu_read_lock or vdp_mutex.
 *
 * Return: the datapath or ERR_PTR(-ENODEV).
 */
static struct datapath *lookup_datapath(struct net *net,
					const struct ovs_header *ovs_header,
					struct nlattr **a,
					struct netlink_ext_ack *extack)
{
	struct vport *vport;

	if (!a[OVS_DP_ATTR_NAME]) {
		struct datapath *dp = vdp_dp_get(net, ovs_header->dp_ifindex);

		if (!dp) {
			NL_SET_ERR_MSG(extack,
				       "dp_ifindex: no datapath has an internal port with this ifindex");
			return ERR_PTR(-ENODEV);
		}
		return dp;
	}

	vport = vdp_vport_locate(net, nla_data(a[OVS_DP_ATTR_NAME]));
	if (!vport || vport->port_no != OVSP_LOCAL) {
		NL_SET_ERR_MSG_ATTR(extack, a[OVS_DP_ATTR_NAME],
				    "OVS_DP_ATTR_NAME: no datapath with this name");
		return ERR_PTR(-ENODEV);
	}
	return vport->dp;
}

/* Userspace older than OVS_DP_VER_FEATURES reusing a datapath. */
static void dp_reset_user_features(struct net *net, struct genl_info *info,
				   struct nlattr **a)
{
	struct datapath *dp;

	dp = lookup_datapath(net, info->userhdr, a, NULL);
	if (IS_ERR(dp))
		return;

	net_info_ratelimited("%s: dropping previously announced user features\n",
			     vdp_dp_name(dp));
	dp->user_features = 0;
}

static int vdp_dp_cmd_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_DP_ATTR_MAX + 1];
	struct net *net = sock_net(skb->sk);
	struct vport_parms parms = {};
	struct sk_buff *reply;
	struct datapath *dp;
	struct vport *vport;
	int err;

	err = parse_attrs(info, a, OVS_DP_ATTR_MAX, datapath_policy,
			  datapath_attr_msgs);
	if (err)
		return err;
	if (!a[OVS_DP_ATTR_NAME]) {
		GENL_SET_ERR_MSG(info, "OVS_DP_ATTR_NAME: required to create a datapath");
		return -EINVAL;
	}
	if (!a[OVS_DP_ATTR_UPCALL_PID]) {
		GENL_SET_ERR_MSG(info, "OVS_DP_ATTR_UPCALL_PID: required to create a datapath (0 for none)");
		return -EINVAL;
	}

	reply = genlmsg_new(dp_msg_size(), GFP_KERNEL);
	if (!reply)
		return -ENOMEM;

	dp = vdp_dp_alloc(net);
	if (IS_ERR(dp)) {
		err = PTR_ERR(dp);
		goto err_free_reply;
	}

	parms.name = nla_data(a[OVS_DP_ATTR_NAME]);
	parms.type = OVS_VPORT_TYPE_INTERNAL;
	parms.dp = dp;
	parms.port_no = OVSP_LOCAL;
	parms.upcall_pids = a[OVS_DP_ATTR_UPCALL_PID];
	parms.extack = info->extack;
	if (a[OVS_DP_ATTR_IFINDEX])
		parms.desired_ifindex = nla_get_s32(a[OVS_DP_ATTR_IFINDEX]);

	/* So far nothing is visible; now the lock. */
	vdp_lock();
	err = vdp_dp_change(dp, a, info->extack);
	if (err)
		goto err_unlock_free_dp;

	vport = vdp_dp_attach_port(&parms);
	if (IS_ERR(vport)) {
		err = PTR_ERR(vport);
		if (err == -EBUSY)
			err = -EEXIST;
		if (err == -EEXIST &&
		    info->genlhdr->version < OVS_DP_VER_FEATURES)
			dp_reset_user_features(net, info, a);
		goto err_unlock_free_dp;
	}

	err = dp_fill_info(dp, reply, info->snd_portid, info->snd_seq, 0,
			   OVS_DP_CMD_NEW);
	if (err)
		goto err_destroy_dp;

	list_add_tail_rcu(&dp->list_node, &vdp_pernet(net)->dps);
	vdp_unlock();

	genl_notify(&vdp_datapath_genl_family, reply, info, 0, GFP_KERNEL);
	return 0;

err_destroy_dp:
	vdp_dp_destroy(dp);
	vdp_unlock();
	kfree_skb(reply);
	return err;
err_unlock_free_dp:
	vdp_unlock();
	vdp_dp_free(dp);
err_free_reply:
	kfree_skb(reply);
	return err;
}

static int vdp_dp_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_DP_ATTR_MAX + 1];
	struct sk_buff *reply;
	struct datapath *dp;
	int err;

	err = parse_attrs(info, a, OVS_DP_ATTR_MAX, datapath_policy,
			  datapath_attr_msgs);
	if (err)
		return err;

	vdp_lock();
	dp = lookup_datapath(sock_net(skb->sk), info->userhdr, a, info->extack);
	if (IS_ERR(dp)) {
		err = PTR_ERR(dp);
		goto err_unlock;
	}

	reply = genlmsg_new(dp_msg_size(), GFP_KERNEL);
	if (!reply) {
		err = -ENOMEM;
		goto err_unlock;
	}
	err = dp_fill_info(dp, reply, info->snd_portid, info->snd_seq, 0,
			   OVS_DP_CMD_DEL);
	if (err)
		goto err_free_reply;

	vdp_dp_destroy(dp);
	vdp_unlock();

	genl_notify(&vdp_datapath_genl_family, reply, info, 0, GFP_KERNEL);
	return 0;

err_free_reply:
	kfree_skb(reply);
err_unlock:
	vdp_unlock();
	return err;
}

static int vdp_dp_cmd_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_DP_ATTR_MAX + 1];
	struct sk_buff *reply;
	struct datapath *dp;
	int err;

	err = parse_attrs(info, a, OVS_DP_ATTR_MAX, datapath_policy,
			  datapath_attr_msgs);
	if (err)
		return err;

	vdp_lock();
	dp = lookup_datapath(sock_net(skb->sk), info->userhdr, a, info->extack);
	if (IS_ERR(dp)) {
		err = PTR_ERR(dp);
		goto err_unlock;
	}

	reply = genlmsg_new(dp_msg_size(), GFP_KERNEL);
	if (!reply) {
		err = -ENOMEM;
		goto err_unlock;
	}

	err = vdp_dp_change(dp, a, info->extack);
	if (err)
		goto err_free_reply;

	err = dp_fill_info(dp, reply, info->snd_portid, info->snd_seq, 0,
			   OVS_DP_CMD_SET);
	if (err)
		goto err_free_reply;
	vdp_unlock();

	genl_notify(&vdp_datapath_genl_family, reply, info, 0, GFP_KERNEL);
	return 0;

err_free_reply:
	kfree_skb(reply);
err_unlock:
	vdp_unlock();
	return err;
}

static int vdp_dp_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_DP_ATTR_MAX + 1];
	struct sk_buff *reply;
	struct datapath *dp;
	int err;

	err = parse_attrs(info, a, OVS_DP_ATTR_MAX, datapath_policy,
			  datapath_attr_msgs);
	if (err)
		return err;

	/*
	 * Under the mutex, as in openvswitch.ko: a datapath being destroyed
	 * loses its local port before it is freed, and would be described with
	 * an empty name and dp_ifindex 0.
	 */
	reply = genlmsg_new(dp_msg_size(), GFP_KERNEL);
	if (!reply)
		return -ENOMEM;

	vdp_lock();
	dp = lookup_datapath(sock_net(skb->sk), info->userhdr, a, info->extack);
	if (IS_ERR(dp)) {
		err = PTR_ERR(dp);
		goto err_unlock;
	}
	err = dp_fill_info(dp, reply, info->snd_portid, info->snd_seq, 0,
			   OVS_DP_CMD_GET);
	if (err)
		goto err_unlock;
	vdp_unlock();

	return genlmsg_reply(reply, info);

err_unlock:
	vdp_unlock();
	kfree_skb(reply);
	return err;
}

/*
 * cb->args[0]: how many datapaths were already sent.  Under the mutex, as
 * GET.  An entry that does not fit in an empty buffer ends the dump with
 * -EMSGSIZE rather than silently (dp_msg_size() is far below any dump
 * buffer, so this does not happen).
 */
static int vdp_dp_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct vdp_net *vn = vdp_pernet(sock_net(skb->sk));
	int skip = cb->args[0];
	struct datapath *dp;
	int i = 0, err = 0;

	vdp_lock();
	list_for_each_entry(dp, &vn->dps, list_node) {
		if (i >= skip) {
			err = dp_fill_info(dp, skb, NETLINK_CB(cb->skb).portid,
					   cb->nlh->nlmsg_seq, NLM_F_MULTI,
					   OVS_DP_CMD_GET);
			if (err)
				break;
		}
		i++;
	}
	vdp_unlock();

	cb->args[0] = i;
	if (err && !skb->len)
		return err;
	return skb->len;
}

/**
 * lookup_vport - the vport a DEL, GET or SET request names
 * @net: the requester's netns.
 * @ovs_header: the request's header.
 * @a: the request's attributes.
 * @extack: where a failure is explained.
 *
 * %OVS_VPORT_ATTR_NAME wins over %OVS_VPORT_ATTR_PORT_NO; a name is looked
 * up across the netns's datapaths, and a non-zero dp_ifindex must then be
 * the port's datapath.  Must be called with rcu_read_lock or vdp_mutex.
 *
 * Return: the vport or an ERR_PTR: -EOPNOTSUPP (lookup by IFINDEX),
 * -ENODEV, -EFBIG (port number too big), -EINVAL (no name, no number).
 */
static struct vport *lookup_vport(struct net *net,
				  const struct ovs_header *ovs_header,
				  struct nlattr **a,
				  struct netlink_ext_ack *extack)
{
	struct datapath *dp;
	struct vport *vport;
	u32 port_no;

	if (a[OVS_VPORT_ATTR_IFINDEX]) {
		NL_SET_ERR_MSG_ATTR(extack, a[OVS_VPORT_ATTR_IFINDEX],
				    "OVS_VPORT_ATTR_IFINDEX: ports cannot be looked up by ifindex");
		return ERR_PTR(-EOPNOTSUPP);
	}

	if (a[OVS_VPORT_ATTR_NAME]) {
		vport = vdp_vport_locate(net, nla_data(a[OVS_VPORT_ATTR_NAME]));
		if (!vport) {
			NL_SET_ERR_MSG_ATTR(extack, a[OVS_VPORT_ATTR_NAME],
					    "OVS_VPORT_ATTR_NAME: no port with this name");
			return ERR_PTR(-ENODEV);
		}
		if (ovs_header->dp_ifindex &&
		    ovs_header->dp_ifindex != vdp_dp_ifindex(vport->dp)) {
			NL_SET_ERR_MSG_ATTR(extack, a[OVS_VPORT_ATTR_NAME],
					    "OVS_VPORT_ATTR_NAME: the port belongs to another datapath than dp_ifindex");
			return ERR_PTR(-ENODEV);
		}
		return vport;
	}

	if (!a[OVS_VPORT_ATTR_PORT_NO]) {
		NL_SET_ERR_MSG(extack,
			       "OVS_VPORT_ATTR_NAME or OVS_VPORT_ATTR_PORT_NO: one is required to name the port");
		return ERR_PTR(-EINVAL);
	}

	port_no = nla_get_u32(a[OVS_VPORT_ATTR_PORT_NO]);
	if (port_no >= DP_MAX_PORTS) {
		NL_SET_ERR_MSG_ATTR(extack, a[OVS_VPORT_ATTR_PORT_NO],
				    "OVS_VPORT_ATTR_PORT_NO: port numbers are below 65535");
		return ERR_PTR(-EFBIG);
	}

	dp = vdp_dp_get(net, ovs_header->dp_ifindex);
	if (!dp) {
		NL_SET_ERR_MSG(extack,
			       "dp_ifindex: no datapath has an internal port with this ifindex");
		return ERR_PTR(-ENODEV);
	}

	vport = vdp_dp_lookup_port(dp, port_no);
	if (!vport) {
		NL_SET_ERR_MSG_ATTR(extack, a[OVS_VPORT_ATTR_PORT_NO],
				    "OVS_VPORT_ATTR_PORT_NO: no port with this number in the datapath");
		return ERR_PTR(-ENODEV);
	}
	return vport;
}

static int vdp_vport_cmd_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_VPORT_ATTR_MAX + 1];
	struct ovs_header *ovs_header = info->userhdr;
	struct vport_parms parms = {};
	struct sk_buff *reply;
	struct datapath *dp;
	struct vport *vport;
	u32 port_no;
	int err;

	err = parse_attrs(info, a, OVS_VPORT_ATTR_MAX, vport_policy,
			  vport_attr_msgs);
	if (err)
		return err;
	if (!a[OVS_VPORT_ATTR_NAME]) {
		GENL_SET_ERR_MSG(info, "OVS_VPORT_ATTR_NAME: required to create a port");
		return -EINVAL;
	}
	if (!a[OVS_VPORT_ATTR_TYPE]) {
		GENL_SET_ERR_MSG(info, "OVS_VPORT_ATTR_TYPE: required to create a port");
		return -EINVAL;
	}
	if (!a[OVS_VPORT_ATTR_UPCALL_PID]) {
		GENL_SET_ERR_MSG(info, "OVS_VPORT_ATTR_UPCALL_PID: required to create a port (0 for none)");
		return -EINVAL;
	}

	parms.type = nla_get_u32(a[OVS_VPORT_ATTR_TYPE]);
	if (a[OVS_VPORT_ATTR_IFINDEX] &&
	    parms.type != OVS_VPORT_TYPE_INTERNAL) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[OVS_VPORT_ATTR_IFINDEX],
				    "OVS_VPORT_ATTR_IFINDEX: only internal ports can be given an ifindex");
		return -EOPNOTSUPP;
	}

	port_no = a[OVS_VPORT_ATTR_PORT_NO] ?
		  nla_get_u32(a[OVS_VPORT_ATTR_PORT_NO]) : 0;
	if (port_no >= DP_MAX_PORTS) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[OVS_VPORT_ATTR_PORT_NO],
				    "OVS_VPORT_ATTR_PORT_NO: port numbers are below 65535");
		return -EFBIG;
	}

	reply = genlmsg_new(vport_msg_size(min_t(size_t,
						 nla_len(a[OVS_VPORT_ATTR_UPCALL_PID]),
						 VPORT_MAX_UPCALL_PIDS * sizeof(u32))),
			    GFP_KERNEL);
	if (!reply)
		return -ENOMEM;

	vdp_lock();
	dp = vdp_dp_get(sock_net(skb->sk), ovs_header->dp_ifindex);
	if (!dp) {
		GENL_SET_ERR_MSG(info, "dp_ifindex: no datapath has an internal port with this ifindex");
		err = -ENODEV;
		goto err_unlock_free_reply;
	}

	if (port_no) {
		if (vdp_dp_lookup_port(dp, port_no)) {
			NL_SET_ERR_MSG_ATTR(info->extack, a[OVS_VPORT_ATTR_PORT_NO],
					    "OVS_VPORT_ATTR_PORT_NO: port number is in use");
			err = -EBUSY;
			goto err_unlock_free_reply;
		}
	} else {
		for (port_no = 1; vdp_dp_lookup_port(dp, port_no); port_no++) {
			if (port_no + 1 >= DP_MAX_PORTS) {
				GENL_SET_ERR_MSG(info, "the datapath has no free port number");
				err = -EFBIG;
				goto err_unlock_free_reply;
			}
		}
	}

	parms.name = nla_data(a[OVS_VPORT_ATTR_NAME]);
	parms.options = a[OVS_VPORT_ATTR_OPTIONS];
	parms.dp = dp;
	parms.port_no = port_no;
	parms.upcall_pids = a[OVS_VPORT_ATTR_UPCALL_PID];
	parms.extack = info->extack;
	if (a[OVS_VPORT_ATTR_IFINDEX])
		parms.desired_ifindex = nla_get_s32(a[OVS_VPORT_ATTR_IFINDEX]);

	vport = vdp_dp_attach_port(&parms);
	if (IS_ERR(vport)) {
		err = PTR_ERR(vport);
		goto err_unlock_free_reply;
	}

	err = vport_fill_info(vport, reply, genl_info_net(info),
			      info->snd_portid, info->snd_seq, 0,
			      OVS_VPORT_CMD_NEW, GFP_KERNEL);
	if (err) {
		vdp_dp_detach_port(vport);
		goto err_unlock_free_reply;
	}
	vdp_unlock();

	genl_notify(&vdp_vport_genl_family, reply, info, 0, GFP_KERNEL);
	return 0;

err_unlock_free_reply:
	vdp_unlock();
	kfree_skb(reply);
	return err;
}

static int vdp_vport_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_VPORT_ATTR_MAX + 1];
	struct sk_buff *reply;
	struct vport *vport;
	int err;

	err = parse_attrs(info, a, OVS_VPORT_ATTR_MAX, vport_policy,
			  vport_attr_msgs);
	if (err)
		return err;

	vdp_lock();
	vport = lookup_vport(sock_net(skb->sk), info->userhdr, a, info->extack);
	if (IS_ERR(vport)) {
		err = PTR_ERR(vport);
		goto err_unlock;
	}
	if (vport->port_no == OVSP_LOCAL) {
		GENL_SET_ERR_MSG(info, "the local port (0) cannot be deleted; delete the datapath instead");
		err = -EINVAL;
		goto err_unlock;
	}

	reply = vdp_vport_build_info(vport, genl_info_net(info),
				     info->snd_portid, info->snd_seq,
				     OVS_VPORT_CMD_DEL);
	if (IS_ERR(reply)) {
		err = PTR_ERR(reply);
		goto err_unlock;
	}

	vdp_dp_detach_port(vport);
	vdp_unlock();

	genl_notify(&vdp_vport_genl_family, reply, info, 0, GFP_KERNEL);
	return 0;

err_unlock:
	vdp_unlock();
	return err;
}

static int vdp_vport_cmd_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_VPORT_ATTR_MAX + 1];
	struct sk_buff *reply;
	struct vport *vport;
	size_t pids_len;
	int err;

	err = parse_attrs(info, a, OVS_VPORT_ATTR_MAX, vport_policy,
			  vport_attr_msgs);
	if (err)
		return err;

	vdp_lock();
	vport = lookup_vport(sock_net(skb->sk), info->userhdr, a, info->extack);
	if (IS_ERR(vport)) {
		err = PTR_ERR(vport);
		goto err_unlock;
	}

	if (a[OVS_VPORT_ATTR_TYPE] &&
	    nla_get_u32(a[OVS_VPORT_ATTR_TYPE]) != vport->ops->type) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[OVS_VPORT_ATTR_TYPE],
				    "OVS_VPORT_ATTR_TYPE: differs from the port's type, which cannot change");
		err = -EINVAL;
		goto err_unlock;
	}
	if (a[OVS_VPORT_ATTR_OPTIONS]) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[OVS_VPORT_ATTR_OPTIONS],
				    "OVS_VPORT_ATTR_OPTIONS: a port's options cannot be changed; delete and re-add it");
		err = -EOPNOTSUPP;
		goto err_unlock;
	}

	pids_len = vport_pids_len(vport);
	if (a[OVS_VPORT_ATTR_UPCALL_PID])
		pids_len = max_t(size_t, pids_len,
				 min_t(size_t, nla_len(a[OVS_VPORT_ATTR_UPCALL_PID]),
				       VPORT_MAX_UPCALL_PIDS * sizeof(u32)));
	reply = genlmsg_new(vport_msg_size(pids_len), GFP_KERNEL);
	if (!reply) {
		err = -ENOMEM;
		goto err_unlock;
	}

	if (a[OVS_VPORT_ATTR_UPCALL_PID]) {
		err = vdp_vport_set_upcall_pids(vport,
						a[OVS_VPORT_ATTR_UPCALL_PID],
						info->extack);
		if (err)
			goto err_free_reply;
	}

	err = vport_fill_info(vport, reply, genl_info_net(info),
			      info->snd_portid, info->snd_seq, 0,
			      OVS_VPORT_CMD_SET, GFP_KERNEL);
	if (err)
		goto err_free_reply;
	vdp_unlock();

	genl_notify(&vdp_vport_genl_family, reply, info, 0, GFP_KERNEL);
	return 0;

err_free_reply:
	kfree_skb(reply);
err_unlock:
	vdp_unlock();
	return err;
}

static int vdp_vport_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[OVS_VPORT_ATTR_MAX + 1];
	struct sk_buff *reply;
	struct vport *vport;
	int err;

	err = parse_attrs(info, a, OVS_VPORT_ATTR_MAX, vport_policy,
			  vport_attr_msgs);
	if (err)
		return err;

	rcu_read_lock();
	vport = lookup_vport(sock_net(skb->sk), info->userhdr, a, info->extack);
	if (IS_ERR(vport)) {
		err = PTR_ERR(vport);
		goto err_unlock;
	}

	reply = genlmsg_new(vport_msg_size(vport_pids_len(vport)), GFP_ATOMIC);
	if (!reply) {
		err = -ENOMEM;
		goto err_unlock;
	}
	err = vport_fill_info(vport, reply, genl_info_net(info),
			      info->snd_portid, info->snd_seq, 0,
			      OVS_VPORT_CMD_GET, GFP_ATOMIC);
	if (err)
		goto err_free_reply;
	rcu_read_unlock();

	return genlmsg_reply(reply, info);

err_free_reply:
	kfree_skb(reply);
err_unlock:
	rcu_read_unlock();
	return err;
}

/*
 * Ports in bucket order, which is ascending port number below 1024 ports.
 * cb->args[0]: the bucket to resume at; cb->args[1]: ports of it already
 * sent.  An entry that does not fit in an empty buffer (upcall PIDs are
 * bounded by nr_cpu_ids, so only on a machine of thousands of CPUs, read
 * through a small buffer) ends the dump with -EMSGSIZE, not silently with
 * the entries after it missing.
 */
static int vdp_vport_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ovs_header *ovs_header = genlmsg_data(nlmsg_data(cb->nlh));
	int bucket = cb->args[0], skip = cb->args[1];
	struct datapath *dp;
	int i, j = 0, err = 0;

	rcu_read_lock();
	dp = vdp_dp_get(sock_net(skb->sk), ovs_header->dp_ifindex);
	if (!dp) {
		rcu_read_unlock();
		NL_SET_ERR_MSG(cb->extack,
			       "dp_ifindex: no datapath has an internal port with this ifindex");
		return -ENODEV;
	}
	for (i = bucket; i < DP_VPORT_HASH_BUCKETS; i++) {
		struct vport *vport;

		j = 0;
		hlist_for_each_entry_rcu(vport, &dp->ports[i], dp_node) {
			if (j >= skip) {
				err = vport_fill_info(vport, skb, sock_net(skb->sk),
						      NETLINK_CB(cb->skb).portid,
						      cb->nlh->nlmsg_seq, NLM_F_MULTI,
						      OVS_VPORT_CMD_GET, GFP_ATOMIC);
				if (err)
					goto out;
			}
			j++;
		}
		skip = 0;
	}
out:
	rcu_read_unlock();

	cb->args[0] = i;
	cb->args[1] = j;
	/* Never end the dump silently on an entry that cannot fit. */
	if (err && !skb->len)
		return err;
	return skb->len;
}

static const struct genl_multicast_group dp_datapath_mcgrp = {
	.name = OVS_DATAPATH_MCGROUP,
};

static const struct genl_small_ops dp_datapath_genl_ops[] = {
	{ .cmd = OVS_DP_CMD_NEW,
	  .flags = GENL_UNS_ADMIN_PERM, /* CAP_NET_ADMIN in the netns's userns */
	  .doit = vdp_dp_cmd_new
	},
	{ .cmd = OVS_DP_CMD_DEL,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = vdp_dp_cmd_del
	},
	{ .cmd = OVS_DP_CMD_GET,
	  .flags = 0,		    /* OK for unprivileged users. */
	  .doit = vdp_dp_cmd_get,
	  .dumpit = vdp_dp_cmd_dump
	},
	{ .cmd = OVS_DP_CMD_SET,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = vdp_dp_cmd_set,
	},
};

struct genl_family vdp_datapath_genl_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_DATAPATH_FAMILY,
	.version = OVS_DATAPATH_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = dp_datapath_genl_ops,
	.n_small_ops = ARRAY_SIZE(dp_datapath_genl_ops),
	.resv_start_op = OVS_DP_CMD_SET + 1,
	.mcgrps = &dp_datapath_mcgrp,
	.n_mcgrps = 1,
	.module = THIS_MODULE,
};

static const struct genl_multicast_group dp_vport_mcgrp = {
	.name = OVS_VPORT_MCGROUP,
};

static const struct genl_small_ops dp_vport_genl_ops[] = {
	{ .cmd = OVS_VPORT_CMD_NEW,
	  .flags = GENL_UNS_ADMIN_PERM, /* CAP_NET_ADMIN in the netns's userns */
	  .doit = vdp_vport_cmd_new
	},
	{ .cmd = OVS_VPORT_CMD_DEL,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = vdp_vport_cmd_del
	},
	{ .cmd = OVS_VPORT_CMD_GET,
	  .flags = 0,		    /* OK for unprivileged users. */
	  .doit = vdp_vport_cmd_get,
	  .dumpit = vdp_vport_cmd_dump
	},
	{ .cmd = OVS_VPORT_CMD_SET,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = vdp_vport_cmd_set,
	},
};

struct genl_family vdp_vport_genl_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_VPORT_FAMILY,
	.version = OVS_VPORT_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = dp_vport_genl_ops,
	.n_small_ops = ARRAY_SIZE(dp_vport_genl_ops),
	.resv_start_op = OVS_VPORT_CMD_SET + 1,
	.mcgrps = &dp_vport_mcgrp,
	.n_mcgrps = 1,
	.module = THIS_MODULE,
};

static struct genl_family *const dp_genl_families[] = {
	&vdp_datapath_genl_family,
	&vdp_vport_genl_family,
	&vdp_flow_genl_family,
	&vdp_packet_genl_family,
};

/**
 * vdp_genl_register - register the four families
 *
 * A family name that is taken means openvswitch.ko (or another copy of
 * this module) is loaded: say so, and fail with -EEXIST.
 *
 * Return: 0 or a negative errno.
 */
int vdp_genl_register(void)
{
	int err, i;

	for (i = 0; i < ARRAY_SIZE(dp_genl_families); i++) {
		err = genl_register_family(dp_genl_families[i]);
		if (err == -EEXIST) {
			pr_err("cannot register generic netlink family %s: it is already registered, most likely by openvswitch.ko; unload it (rmmod openvswitch) before loading vportdp\n",
			       dp_genl_families[i]->name);
			goto err_unregister;
		}
		if (err) {
			pr_err("cannot register generic netlink family %s: error %d\n",
			       dp_genl_families[i]->name, err);
			goto err_unregister;
		}
	}
	return 0;

err_unregister:
	while (--i >= 0)
		genl_unregister_family(dp_genl_families[i]);
	return err;
}

void vdp_genl_unregister(void)
{
	int i;

	for (i = ARRAY_SIZE(dp_genl_families) - 1; i >= 0; i--)
		genl_unregister_family(dp_genl_families[i]);
}
