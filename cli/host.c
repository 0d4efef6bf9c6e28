// SPDX-License-Identifier: GPL-2.0
/*
 * host.c - what the host around the datapath must allow before, or show
 * after, a kernel change: a system port's device, ovs-vswitchd beside us, a
 * Linux device on a tunnel's UDP port, a tunnel backer's device coming up.
 */
#include <errno.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "vportctl.h"
#include "db.h"
#include "rules.h"

/* The user-facing name of what a vport is for. */
void host_describe(struct vctx *c, const char *kname, const struct vport *vp, char *buf,
		   size_t len)
{
	struct iface ifc;

	if (is_backer_name(kname)) {
		if (db_iface_of_kname(c, kname, &ifc) == 1)
			snprintf(buf, len, "%s backer %s for interface %s",
				 vport_type_str(vp->type), kname, ifc.name);
		else
			snprintf(buf, len, "%s backer %s", vport_type_str(vp->type), kname);
	} else {
		snprintf(buf, len, "%s interface %s", vp->type == OVS_VPORT_TYPE_NETDEV ? "system" :
			 vport_type_str(vp->type), kname);
	}
}

/* A system port's device must exist and be free before the kernel is asked. */
int host_check_system_dev(struct vctx *c, const struct iface *ifc)
{
	struct rtnl *rt = kernel_rtnl(c);
	struct link_info li;
	struct vportnl_err e = { 0 };
	int rc;

	if (!rt)
		return 0;
	rc = rtnl_link_get(rt, ifc->name, &li, &e);
	if (rc == -ENODEV)
		return fail(c, EXIT_FAIL, "cannot add system interface %s: no network device named %s"
			    " (use type=internal to create one)", ifc->name, ifc->name);
	if (rc)
		return kernel_fail(c, rc, &e, "cannot look up network device %s", ifc->name);
	if (li.flags & IFF_LOOPBACK)
		return fail(c, EXIT_FAIL, "cannot add system interface %s: it is a loopback device",
			    ifc->name);
	if (li.type != ARPHRD_ETHER && li.type != ARPHRD_NONE)
		return fail(c, EXIT_FAIL, "cannot add system interface %s: not an Ethernet device "
			    "(link type %u)", ifc->name, li.type);
	if (!strcmp(li.kind, "openvswitch") || !strcmp(li.kind, "vportdp"))
		return fail(c, EXIT_FAIL, "cannot add system interface %s: it is an internal port of "
			    "a datapath", ifc->name);
	if (li.master) {
		char mname[IF_NAMESIZE] = "";
		if (!if_indextoname(li.master, mname))
			snprintf(mname, sizeof(mname), "ifindex %d", li.master);
		return fail(c, EXIT_FAIL, "cannot add system interface %s: it is already enslaved to "
			    "%s", ifc->name, mname);
	}
	return 0;
}

static const char *const vswitchd_pidfiles[] = {
	"/run/openvswitch/ovs-vswitchd.pid", "/var/run/openvswitch/ovs-vswitchd.pid", NULL
};

/* ovs-vswitchd deletes vports it does not know: refuse to write beside it. */
int host_check_vswitchd(struct vctx *c)
{
	struct kernel *k = &c->kernel;
	char why[128] = "";

	if (k->vswitchd_checked || c->force)
		return 0;
	k->vswitchd_checked = true;
	for (int i = 0; vswitchd_pidfiles[i] && !why[0]; i++) {
		FILE *f = fopen(vswitchd_pidfiles[i], "r");
		long pid;
		if (!f)
			continue;
		if (fscanf(f, "%ld", &pid) == 1 && pid > 0 && kill(pid, 0) == 0)
			snprintf(why, sizeof(why), "ovs-vswitchd is running (pid %ld)", pid);
		fclose(f);
	}
	/*
	 * The per-CPU dispatch feature alone proves nothing (ovs-dpctl sets it
	 * too); upcall sockets registered per CPU mean a listener: ovs-vswitchd.
	 */
	if (!why[0] && k->dp_exists && k->dp.has_per_cpu_pids)
		snprintf(why, sizeof(why), "datapath %s has upcall listeners registered, "
			 "as ovs-vswitchd does", DP_NAME);
	if (!why[0])
		return 0;
	return fail(c, EXIT_FAIL, "refusing to change %s: %s and would delete the vports it does "
		    "not know; use ovs-vsctl, stop ovs-vswitchd, or pass --force", DP_NAME, why);
}

/* Before creating a vxlan/geneve backer, name a Linux device already on its port. */
int host_check_udp_port(struct vctx *c, const char *kname, const struct vport *vp)
{
	struct rtnl *rt;
	char user[VPORTNL_NAMSIZ] = "", what[128];
	struct vportnl_err e = { 0 };
	const char *kind;

	if (vp->type == OVS_VPORT_TYPE_VXLAN)
		kind = "vxlan";
	else if (vp->type == OVS_VPORT_TYPE_GENEVE)
		kind = "geneve";
	else
		return 0;
	rt = kernel_rtnl(c);
	if (!rt || rtnl_udp_port_user(rt, kind, vp->dst_port, kname, user, &e) <= 0)
		return 0;
	host_describe(c, kname, vp, what, sizeof(what));
	return fail(c, EXIT_FAIL, "cannot create %s: UDP port %d is already used by %s device %s",
		    what, vp->dst_port, kind, user);
}

/* After creating a tunnel backer: its device must be up, or the port was not bound. */
int host_check_backer_up(struct vctx *c, const char *kname, const struct vport *vp)
{
	struct rtnl *rt = kernel_rtnl(c);
	struct link_info li;
	struct vportnl_err e = { 0 };
	char what[128];

	if (!rt || vp->type == OVS_VPORT_TYPE_NETDEV || vp->type == OVS_VPORT_TYPE_INTERNAL)
		return 0;
	if (rtnl_link_get(rt, kname, &li, &e) == 0 && (li.flags & IFF_UP))
		return 0;
	host_describe(c, kname, vp, what, sizeof(what));
	if (vp->dst_port >= 0)
		return fail(c, EXIT_FAIL, "cannot create %s: its net device did not come up; "
			    "UDP port %d is probably already in use", what, vp->dst_port);
	return fail(c, EXIT_FAIL, "cannot create %s: its net device did not come up", what);
}

/* At boot a system port's device may not be there yet. */
bool host_device_missing(struct vctx *c, const char *name)
{
	struct rtnl *rt = kernel_rtnl(c);
	struct link_info li;
	struct vportnl_err e = { 0 };

	return rt && rtnl_link_get(rt, name, &li, &e) == -ENODEV;
}
