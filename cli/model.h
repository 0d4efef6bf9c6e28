/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model.h - the plain model: interface rows, kernel vports, names, a string set.
 */
#ifndef MODEL_H
#define MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DP_NAME "ovs-system"
#define NAME_MAX_LEN 15

enum iftype { IF_SYSTEM, IF_INTERNAL, IF_VXLAN, IF_GENEVE, IF_GRE, IF_PATCH, IF_NTYPES };

#define MAX_OPTS 16
#define OPT_VAL_MAX 64

struct opt {
	char key[16];
	char val[OPT_VAL_MAX];
};

/* An interface row; a port is its one interface, a bridge owns its local one. */
struct iface {
	int64_t id;			/* rowid: creation order */
	char name[NAME_MAX_LEN + 1];
	char bridge[NAME_MAX_LEN + 1];
	enum iftype type;
	int nopts;
	struct opt opts[MAX_OPTS];	/* sorted by key */
	long mtu_request;		/* -1: none */
	long dp_port_request;		/* -1: none */
	/* derived by rules_derive() */
	char kname[NAME_MAX_LEN + 1];	/* kernel vport name, "" for patch */
	char backer_cfg[8];		/* "gbp" or "" */
	char tnl_id[160];		/* remote|local|in_key, "" if not a tunnel */
};

/*
 * A kernel vport: as the rows want it, as it was recorded at the last commit,
 * or as the kernel has it (vport_from_kernel).
 */
#define MTU_UNKNOWN (-2)		/* a kernel vport whose MTU was not looked up */
struct vport {
	bool present;
	uint32_t type;			/* OVS_VPORT_TYPE_* */
	int dst_port;			/* -1: none */
	bool gbp;
	long port_no;			/* -1: none */
	long port_request;		/* dp_port_request, -1: none */
	long mtu;			/* mtu_request (the device's MTU in the kernel), -1: none */
	bool moved;			/* kernel: its device is in another netns */
};

/* A string map sorted by key: external_ids, other_config (util.c). */
struct smap {
	char **k, **v;
	size_t n, cap;
};

/* Insertion-ordered string set. */
struct strset {
	char **v;
	size_t n, cap;
	size_t *tab;			/* open addressing: index+1, 0 = empty */
	size_t tabcap;
};

#endif
