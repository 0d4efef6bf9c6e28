// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_flows.c - dump-flows: the datapath's flows as ovs-dpctl prints them,
 * vportctl's own marked with the member each is from.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vportctl.h"
#include "commands.h"
#include "db.h"
#include "flows.h"

struct shown {
	const struct ovsnl_flow_info *fi;
	const struct flow *rec;		/* the record of an own flow, or NULL */
	uint32_t in_port;
};

static int cmp_shown(const void *a, const void *b)
{
	const struct shown *x = a, *y = b;
	int r;

	if (!x->rec != !y->rec)
		return x->rec ? -1 : 1;
	if (x->rec && (r = strcmp(x->rec->bridge, y->rec->bridge)))
		return r;
	if (x->rec && (r = strcmp(x->rec->iface, y->rec->iface)))
		return r;
	if (x->in_port != y->in_port)
		return x->in_port < y->in_port ? -1 : 1;
	return memcmp(x->fi->f.ufid, y->fi->f.ufid, OVSNL_UFID_LEN);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* A foreign flow belongs to br when its in_port is one of br's vports. */
static bool foreign_on(struct vctx *c, const char *br, uint32_t in_port,
		       const struct ovs_vport_info *v, size_t nv)
{
	for (size_t i = 0; i < nv; i++) {
		struct iface ifc;

		if (v[i].port_no != in_port)
			continue;
		if (db_iface_get(c, v[i].name, &ifc) == 1)
			return !strcmp(ifc.bridge, br);
		/* a backer: on br if one of br's tunnels uses it */
		return db_backer_used_on(c, v[i].name, br) == 1;
	}
	return false;
}

int cmd_dump_flows(struct vctx *c, struct cmdline *cl)
{
	const char *br = cl->argc ? cl->argv[0] : NULL;
	struct ovsnl_flow_info *fl = NULL;
	struct ovs_vport_info *v = NULL;
	struct flowset rec = { 0 };
	struct vportnl_err e = { 0 };
	struct ovs_dp_info dp;
	struct shown *sh;
	size_t n = 0, nv = 0, ns = 0;
	uint64_t now;
	FILE *f = c->out;
	int rc;

	if (br && db_bridge_exists(c, br) != 1)
		return fail(c, EXIT_FAIL, "no bridge named %s", br);
	rc = kernel_dp(c, &dp);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		fputs(c->json ? "[]\n" : "", f);
		return 0;
	}
	rc = ovsnl_flow_dump(kernel_nl(c), dp.ifindex, &fl, &n, &e);
	if (rc)
		return fail_nl(c, rc == -EAGAIN ? EXIT_TIMEOUT : EXIT_FAIL, &e,
			       "cannot list the flows of %s: %s", DP_NAME, strerror(-rc));
	if (db_flows_all(c, &rec) || (br && kernel_dump(c, &v, &nv))) {
		ovsnl_flow_info_free(fl, n);
		flowset_free(&rec);
		return -1;
	}
	now = now_ms();
	sh = xmalloc((n ? n : 1) * sizeof(*sh));
	for (size_t i = 0; i < n; i++) {
		struct shown s = { .fi = &fl[i] };

		if (fl[i].has_ufid)
			s.rec = flowset_find(&rec, fl[i].f.ufid);
		if (ovsnl_match_in_port(fl[i].f.key, fl[i].f.key_len, &s.in_port))
			s.in_port = UINT32_MAX;
		if (br && (s.rec ? strcmp(s.rec->bridge, br) :
				   !foreign_on(c, br, s.in_port, v, nv)))
			continue;
		sh[ns++] = s;
	}
	if (ns)
		qsort(sh, ns, sizeof(*sh), cmp_shown);

	if (c->json)
		fputc('[', f);
	for (size_t i = 0; i < ns; i++) {
		const struct ovsnl_flow_info *fi = sh[i].fi;
		char *key = ovsnl_format_key(fi->f.key, fi->f.key_len, fi->f.mask, fi->f.mask_len);
		char *acts = fi->has_actions ? ovsnl_format_actions(fi->f.actions, fi->f.actions_len)
					     : xstrdup("?");
		char ufid[OVSNL_UFID_STRLEN];

		if (!key || !acts) {
			fprintf(stderr, "%s: out of memory\n", PROG_NAME);
			exit(EXIT_FAIL);
		}
		ovsnl_format_ufid(fi->f.ufid, ufid);
		if (c->json) {
			fputs(i ? ",\n " : "\n ", f);
			fputs("{\"ufid\": ", f);
			if (fi->has_ufid)
				json_str(f, ufid);
			else
				fputs("null", f);
			fprintf(f, ", \"own\": %s, \"bridge\": ", sh[i].rec ? "true" : "false");
			if (sh[i].rec)
				json_str(f, sh[i].rec->bridge);
			else
				fputs("null", f);
			fputs(", \"iface\": ", f);
			if (sh[i].rec)
				json_str(f, sh[i].rec->iface);
			else
				fputs("null", f);
			fputs(", \"match\": ", f);
			json_str(f, key);
			fputs(", \"actions\": ", f);
			json_str(f, acts);
			fprintf(f, ", \"packets\": %" PRIu64 ", \"bytes\": %" PRIu64 ", \"used\": ",
				fi->packets, fi->bytes);
			if (fi->used)
				fprintf(f, "%.3f", now > fi->used ? (double)(now - fi->used) / 1000 : 0.0);
			else
				fputs("null", f);
			fputc('}', f);
		} else {
			if (fi->has_ufid)
				fprintf(f, "ufid:%s, ", ufid);
			fprintf(f, "%s, packets:%" PRIu64 ", bytes:%" PRIu64 ", used:", key,
				fi->packets, fi->bytes);
			if (fi->used)
				fprintf(f, "%.3fs", now > fi->used ? (double)(now - fi->used) / 1000 : 0.0);
			else
				fputs("never", f);
			fprintf(f, ", actions:%s", acts);
			if (sh[i].rec)
				fprintf(f, " (vportctl: %s %s)", sh[i].rec->bridge, sh[i].rec->iface);
			fputc('\n', f);
		}
		free(key);
		free(acts);
	}
	if (c->json)
		fputs(ns ? "\n]\n" : "]\n", f);
	free(sh);
	free(v);
	flowset_free(&rec);
	ovsnl_flow_info_free(fl, n);
	return 0;
}
