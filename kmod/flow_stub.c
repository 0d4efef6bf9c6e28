// SPDX-License-Identifier: GPL-2.0
/*
 * flow_stub.c - the ovs_flow and ovs_packet families, present so that Open
 * vSwitch's tools (which resolve all four families before doing anything)
 * accept the module.  vportdp has no flow table: the flow dump is empty,
 * a flush of it succeeds, and whatever would install a flow or execute a
 * packet is refused with EOPNOTSUPP and an explanation.
 */

#include <linux/openvswitch.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "datapath.h"

#define FLOW_HDRLEN	(GENL_HDRLEN + sizeof(struct ovs_header))

static bool flow_request_names_flow(const struct genl_info *info)
{
	return nlmsg_find_attr(info->nlhdr, FLOW_HDRLEN, OVS_FLOW_ATTR_KEY) ||
	       nlmsg_find_attr(info->nlhdr, FLOW_HDRLEN, OVS_FLOW_ATTR_UFID);
}

static int flow_check_dp(struct sk_buff *skb, const struct ovs_header *hdr,
			 struct netlink_ext_ack *extack)
{
	struct datapath *dp;

	rcu_read_lock();
	dp = vdp_dp_get(sock_net(skb->sk), hdr->dp_ifindex);
	rcu_read_unlock();
	if (!dp) {
		NL_SET_ERR_MSG(extack,
			       "dp_ifindex: no datapath has an internal port with this ifindex");
		return -ENODEV;
	}
	return 0;
}

static int vdp_flow_cmd_new(struct sk_buff *skb, struct genl_info *info)
{
	GENL_SET_ERR_MSG(info, "vportdp has no flow table: flows cannot be installed");
	return -EOPNOTSUPP;
}

static int vdp_flow_cmd_set(struct sk_buff *skb, struct genl_info *info)
{
	GENL_SET_ERR_MSG(info, "vportdp has no flow table: flows cannot be modified");
	return -EOPNOTSUPP;
}

/* Without a key or UFID a DEL flushes the table, which is always empty. */
static int vdp_flow_cmd_del(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	err = flow_check_dp(skb, info->userhdr, info->extack);
	if (err)
		return err;
	if (flow_request_names_flow(info)) {
		GENL_SET_ERR_MSG(info, "no such flow: vportdp has no flow table");
		return -ENOENT;
	}
	return 0;
}

static int vdp_flow_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	if (!flow_request_names_flow(info)) {
		GENL_SET_ERR_MSG(info, "OVS_FLOW_ATTR_KEY or OVS_FLOW_ATTR_UFID: one is required to get a flow");
		return -EINVAL;
	}
	err = flow_check_dp(skb, info->userhdr, info->extack);
	if (err)
		return err;
	GENL_SET_ERR_MSG(info, "no such flow: vportdp has no flow table");
	return -ENOENT;
}

static int vdp_flow_cmd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return flow_check_dp(skb, genlmsg_data(nlmsg_data(cb->nlh)), cb->extack);
}

static const struct genl_multicast_group dp_flow_mcgrp = {
	.name = OVS_FLOW_MCGROUP,
};

static const struct genl_small_ops dp_flow_genl_ops[] = {
	{ .cmd = OVS_FLOW_CMD_NEW,
	  .flags = GENL_UNS_ADMIN_PERM, /* CAP_NET_ADMIN in the netns's userns */
	  .doit = vdp_flow_cmd_new
	},
	{ .cmd = OVS_FLOW_CMD_DEL,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = vdp_flow_cmd_del
	},
	{ .cmd = OVS_FLOW_CMD_GET,
	  .flags = 0,		    /* OK for unprivileged users. */
	  .doit = vdp_flow_cmd_get,
	  .dumpit = vdp_flow_cmd_dump
	},
	{ .cmd = OVS_FLOW_CMD_SET,
	  .flags = GENL_UNS_ADMIN_PERM,
	  .doit = vdp_flow_cmd_set,
	},
};

struct genl_family vdp_flow_genl_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_FLOW_FAMILY,
	.version = OVS_FLOW_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = dp_flow_genl_ops,
	.n_small_ops = ARRAY_SIZE(dp_flow_genl_ops),
	.resv_start_op = OVS_FLOW_CMD_SET + 1,
	.mcgrps = &dp_flow_mcgrp,
	.n_mcgrps = 1,
	.module = THIS_MODULE,
};

static int vdp_packet_cmd_execute(struct sk_buff *skb, struct genl_info *info)
{
	GENL_SET_ERR_MSG(info, "vportdp has no flow table: packets cannot be executed");
	return -EOPNOTSUPP;
}

static const struct genl_small_ops dp_packet_genl_ops[] = {
	{ .cmd = OVS_PACKET_CMD_EXECUTE,
	  .flags = GENL_UNS_ADMIN_PERM, /* CAP_NET_ADMIN in the netns's userns */
	  .doit = vdp_packet_cmd_execute
	},
};

struct genl_family vdp_packet_genl_family __ro_after_init = {
	.hdrsize = sizeof(struct ovs_header),
	.name = OVS_PACKET_FAMILY,
	.version = OVS_PACKET_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.small_ops = dp_packet_genl_ops,
	.n_small_ops = ARRAY_SIZE(dp_packet_genl_ops),
	.resv_start_op = OVS_PACKET_CMD_EXECUTE + 1,
	.module = THIS_MODULE,
};
