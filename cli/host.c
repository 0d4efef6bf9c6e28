// SPDX-License-Identifier: GPL-2.0
/*
 * host.c - what the host around the datapath must allow before, or show
 * after, a kernel change: a system port's device, ovs-vswitchd beside us, a
 * Linux device on a tunnel's UDP port, a tunnel backer's device coming up;
 * and the network namespace of --netns.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/nsfs.h>

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
	/* Its pid file says nothing of another netns; the upcall check below does. */
	for (int i = 0; !c->netns && vswitchd_pidfiles[i] && !why[0]; i++) {
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

/*
 * An internal port moved into another netns keeps its vport here, but its
 * device is not ours to change: the device of that name here, if any, is
 * another one.  Before an MTU change.
 */
int host_check_not_moved(struct vctx *c, const char *kname)
{
	struct kernel *k = &c->kernel;
	struct ovs_vport_info vi;
	struct vportnl_err e = { 0 };
	char where[NAME_MAX + 16];

	if (ovsnl_vport_get(k->nl, k->dp.ifindex, kname, 0, &vi, &e) || !vi.has_netnsid)
		return 0;
	host_netns_of_nsid(c, vi.netnsid, where, sizeof(where));
	return fail(c, EXIT_FAIL, "cannot set the MTU of %s: its device was moved into network "
		    "namespace %s; set it there", kname, where);
}

/* The name under /run/netns of the namespace st is, if it has one. */
static bool netns_name_of(const struct stat *st, char *name, size_t len)
{
	DIR *d = opendir(NETNS_RUN_DIR);
	struct dirent *de;
	bool found = false;

	while (d && !found && (de = readdir(d))) {
		struct stat s;
		if (de->d_name[0] == '.' || fstatat(dirfd(d), de->d_name, &s, 0) ||
		    s.st_dev != st->st_dev || s.st_ino != st->st_ino)
			continue;
		snprintf(name, len, "%s", de->d_name);
		found = true;
	}
	if (d)
		closedir(d);
	return found;
}

/*
 * --netns NAME (a name under /run/netns, as `ip netns add` makes) or pid:N
 * (the network namespace of process N): check it and open it, to be entered
 * before the first socket (host_netns_enter).  Without db_given the database
 * is NETNS_DB_DIR/NAME.db, put in db; pid:N has a name only if its namespace
 * is one of /run/netns.  --offline touches no kernel: the namespace is not
 * entered and need not exist yet (pid:N must).  Prints its error; returns the
 * exit code.
 */
int host_netns_open(struct vctx *c, const char *spec, bool db_given, char *db, size_t dblen)
{
	char path[PATH_MAX];
	unsigned long pid = 0;
	struct stat st;
	int fd, type;

	c->netns_fd = -1;
	if (!strncmp(spec, "pid:", 4)) {
		if (parse_ulong(spec + 4, INT_MAX, &pid) || pid < 1) {
			warnx_("invalid --netns '%s': expected a name under %s or pid:PID",
			       spec, NETNS_RUN_DIR);
			return EXIT_INVALID;
		}
		snprintf(path, sizeof(path), "/proc/%lu/ns/net", pid);
	} else {
		if (!*spec || !strcmp(spec, ".") || !strcmp(spec, "..") || strchr(spec, '/') ||
		    strlen(spec) > NAME_MAX - 3) {
			warnx_("invalid network namespace name '%s': expected a name under %s "
			       "(1-%d characters, no '/', not '.' or '..') or pid:PID", spec,
			       NETNS_RUN_DIR, NAME_MAX - 3);
			return EXIT_INVALID;
		}
		snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, spec);
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && !pid && c->offline) {
		c->netns = spec;
	} else if (fd < 0) {
		int e = errno;
		if (e == ENOENT && pid)
			warnx_("--netns %s: no process %lu", spec, pid);
		else if (e == ENOENT)
			warnx_("no network namespace named %s (%s; see ip netns list)", spec, path);
		else if (e == EACCES || e == EPERM)
			warnx_("permission denied: cannot open %s, the network namespace %s", path,
			       spec);
		else
			warnx_("cannot open %s, the network namespace %s: %s", path, spec,
			       strerror(e));
		return e == EACCES || e == EPERM ? EXIT_PERM : EXIT_FAIL;
	} else if ((type = ioctl(fd, NS_GET_NSTYPE)) != CLONE_NEWNET || fstat(fd, &st)) {
		warnx_("--netns %s: %s is not a network namespace", spec, path);
		close(fd);
		return EXIT_FAIL;
	} else if (pid) {
		c->netns = netns_name_of(&st, c->netns_name, sizeof(c->netns_name)) ?
			   c->netns_name : spec;
		c->netns_fd = fd;
	} else {
		c->netns = spec;
		c->netns_fd = fd;
	}
	if (db_given)
		return 0;
	if (c->netns == spec && pid) {
		warnx_("--netns %s: the network namespace of process %lu has no name under %s, so it "
		       "has no default database; name it (ip netns attach NAME %lu) or give --db",
		       spec, pid, NETNS_RUN_DIR, pid);
		return EXIT_USAGE;
	}
	snprintf(db, dblen, "%s/%s.db", NETNS_DB_DIR, c->netns);
	c->db_path = db;
	return 0;
}

/* Before the first socket: the whole invocation talks to that namespace's kernel. */
int host_netns_enter(struct vctx *c)
{
	int e;

	if (c->netns_entered || c->netns_fd < 0)
		return 0;
	c->netns_entered = true;
	e = setns(c->netns_fd, CLONE_NEWNET) ? errno : 0;
	close(c->netns_fd);
	c->netns_fd = -1;
	if (e == EPERM)
		return fail(c, EXIT_PERM, "permission denied: entering network namespace %s needs "
			    "CAP_SYS_ADMIN", c->netns);
	if (e)
		return fail(c, EXIT_FAIL, "cannot enter network namespace %s: %s", c->netns,
			    strerror(e));
	return 0;
}

/* Where a moved port is: the /run/netns name whose id is nsid, else "nsid N". */
void host_netns_of_nsid(struct vctx *c, int32_t nsid, char *buf, size_t len)
{
	struct rtnl *rt = kernel_rtnl(c);
	DIR *d = rt ? opendir(NETNS_RUN_DIR) : NULL;
	struct dirent *de;

	snprintf(buf, len, "nsid %d", nsid);
	while (d && (de = readdir(d))) {
		struct vportnl_err e = { 0 };
		int32_t id;
		int fd;

		if (de->d_name[0] == '.')
			continue;
		fd = openat(dirfd(d), de->d_name, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (rtnl_nsid_of_fd(rt, fd, &id, &e) == 0 && id == nsid) {
			snprintf(buf, len, "%s", de->d_name);
			close(fd);
			break;
		}
		close(fd);
	}
	if (d)
		closedir(d);
}
