// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_show.c - the commands that compare the database with the kernel:
 * show, dp-show, check, reconcile.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "vportctl.h"
#include "commands.h"
#include "db.h"
#include "flows.h"
#include "plan.h"
#include "rules.h"

static const char *const state_names[] = {
	[VS_OK] = "ok", [VS_UNKNOWN] = "unknown", [VS_MISSING] = "missing",
	[VS_MISMATCH] = "mismatch",
};

/* What show says is wrong with a recorded vport. */
static const char *state_error(enum vport_state st, unsigned diff)
{
	if (st == VS_MISSING)
		return "missing in kernel";
	if (st != VS_MISMATCH)
		return NULL;
	if (diff & VD_TYPE)
		return "type differs in kernel";
	if (diff & VD_OPTIONS)
		return "options differ in kernel";
	return "dp_port differs in kernel";
}

struct port_view {
	struct iface ifc;
	enum vport_state state;
	const char *error;
	long dp_port;
	bool ghost;
	bool moved;			/* an internal port moved into another netns */
	int32_t netnsid;
	char netns[NAME_MAX + 16];	/* its /run/netns name, else "nsid N" */
};

/* Ghost ports share their backer's record: show asks once per run of them. */
struct show_ctx {
	struct kview kv;
	char backer[NAME_MAX_LEN + 1];
	struct vport backer_rec;
};

static void port_view(struct vctx *c, struct show_ctx *sc, const struct iface *ifc,
		      struct port_view *pv)
{
	const struct ovs_vport_info *vi;
	struct vport rec;
	unsigned diff;

	memset(pv, 0, sizeof(*pv));
	pv->ifc = *ifc;
	pv->dp_port = -1;
	pv->ghost = ifc->type == IF_PATCH || iftype_is_tunnel(ifc->type);
	pv->state = VS_OK;
	if (ifc->type == IF_PATCH) {
		struct iface peer;
		const char *p = opt_get(ifc, "peer");
		const char *back;
		if (!p)
			pv->error = "patch peer not set";
		else if (db_iface_get(c, p, &peer) != 1 || peer.type != IF_PATCH ||
			 !(back = opt_get(&peer, "peer")) || strcmp(back, ifc->name))
			pv->error = "patch peer not found";
		return;
	}
	if (strcmp(sc->backer, ifc->kname) || !sc->backer[0]) {
		if (db_vport_get(c, ifc->kname, &sc->backer_rec) < 0)
			return;
		snprintf(sc->backer, sizeof(sc->backer), "%s",
			 iftype_is_tunnel(ifc->type) ? ifc->kname : "");
	}
	rec = sc->backer_rec;
	pv->state = kview_compare(&sc->kv, ifc->kname, &rec, &vi, &diff);
	pv->error = state_error(pv->state, diff);
	pv->dp_port = vi ? (long)vi->port_no : rec.present ? rec.port_no : -1;
	if (vi && vi->has_netnsid) {
		pv->moved = true;
		pv->netnsid = vi->netnsid;
		host_netns_of_nsid(c, vi->netnsid, pv->netns, sizeof(pv->netns));
	}
}

static void json_num(FILE *f, long v)
{
	if (v < 0)
		fputs("null", f);
	else
		fprintf(f, "%ld", v);
}

static void json_str_or_null(FILE *f, const char *s)
{
	if (s)
		json_str(f, s);
	else
		fputs("null", f);
}

/* A map's line, only when it is not empty: "    external_ids: {k=v}". */
static void show_map(FILE *f, const char *indent, const char *name, const struct smap *m)
{
	if (!m->n)
		return;
	fprintf(f, "%s%s: ", indent, name);
	smap_format(f, m);
	fputc('\n', f);
}

/* maps: the interface's external_ids and other_config, then the port's (db_ifaces_maps). */
static void show_port_text(FILE *f, const struct port_view *pv, const struct smap *maps)
{
	const struct iface *ifc = &pv->ifc;

	fprintf(f, "    Port %s\n", ifc->name);
	show_map(f, "        ", "external_ids", &maps[2]);
	show_map(f, "        ", "other_config", &maps[3]);
	fprintf(f, "        Interface %s\n", ifc->name);
	fprintf(f, "            type: %s\n", iftype_name(ifc->type));
	if (ifc->nopts) {
		fputs("            options: ", f);
		opts_format(f, ifc);
		fputc('\n', f);
	}
	show_map(f, "            ", "external_ids", &maps[0]);
	show_map(f, "            ", "other_config", &maps[1]);
	if (ifc->mtu_request >= 0)
		fprintf(f, "            mtu_request: %ld\n", ifc->mtu_request);
	if (ifc->dp_port_request >= 0)
		fprintf(f, "            dp_port_request: %ld\n", ifc->dp_port_request);
	if (ifc->type != IF_PATCH) {
		if (pv->dp_port >= 0)
			fprintf(f, "            dp_port: %ld", pv->dp_port);
		else
			fputs("            dp_port: none", f);
		if (iftype_is_tunnel(ifc->type))
			fprintf(f, " (%s)", ifc->kname);
		fputc('\n', f);
	}
	if (pv->moved)
		fprintf(f, "            netns: %s\n", pv->netns);
	if (pv->state == VS_UNKNOWN)
		fputs("            state: unknown (kernel datapath not available)\n", f);
	if (pv->error)
		fprintf(f, "            error: %s\n", pv->error);
}

static void show_port_json(FILE *f, const struct port_view *pv, const struct smap *maps)
{
	const struct iface *ifc = &pv->ifc;
	bool tunnel = iftype_is_tunnel(ifc->type);

	fputs("{\"name\": ", f);
	json_str(f, ifc->name);
	fprintf(f, ", \"type\": \"%s\", \"options\": ", iftype_name(ifc->type));
	opts_format_json(f, ifc);
	fprintf(f, ", \"ghost\": %s, \"backer\": ", pv->ghost ? "true" : "false");
	json_str_or_null(f, tunnel ? ifc->kname : NULL);
	fputs(", \"dp_port\": ", f);
	json_num(f, pv->dp_port);
	fputs(", \"mtu_request\": ", f);
	json_num(f, ifc->mtu_request);
	fputs(", \"dp_port_request\": ", f);
	json_num(f, ifc->dp_port_request);
	fputs(", \"netns\": ", f);
	json_str_or_null(f, pv->moved && strncmp(pv->netns, "nsid ", 5) ? pv->netns : NULL);
	fputs(", \"netnsid\": ", f);
	json_num(f, pv->moved ? pv->netnsid : -1);
	fprintf(f, ", \"state\": \"%s\", \"error\": ", state_names[pv->state]);
	json_str_or_null(f, pv->error);
	fputs(", \"external_ids\": ", f);
	smap_format_json(f, &maps[0]);
	fputs(", \"other_config\": ", f);
	smap_format_json(f, &maps[1]);
	fputs(", \"port_external_ids\": ", f);
	smap_format_json(f, &maps[2]);
	fputs(", \"port_other_config\": ", f);
	smap_format_json(f, &maps[3]);
	fputc('}', f);
}

int cmd_show(struct vctx *c, struct cmdline *cl)
{
	struct show_ctx sc = { 0 };
	struct kview *kv = &sc.kv;
	struct strset bridges;
	struct db_iter it;
	FILE *f = c->out;
	int rc = -1;

	(void)cl;
	strset_init(&bridges);
	if (kview_load(c, kv, false))
		goto out;
	if (!kv->known)
		warnx_("the kernel datapath is not available (load vportdp or openvswitch): "
		       "kernel state unknown");

	if (db_bridge_names(c, &bridges))
		goto out;

	if (c->json) {
		fputs("{\"netns\": ", f);
		json_str_or_null(f, c->netns);
		fprintf(f, ", \"datapath\": {\"name\": \"%s\", \"present\": %s},\n \"bridges\": [",
			DP_NAME, !kv->known ? "null" : kv->dp ? "true" : "false");
	} else if (c->netns) {
		fprintf(f, "netns: %s\n", c->netns);
	}
	for (size_t b = 0; b < bridges.n; b++) {
		struct iface ifc;
		struct port_view pv;
		struct strset dom;
		char mode[16] = "standalone";
		struct smap maps[4], brmaps[2];
		bool first = true;
		int r, nflows;

		/* Forwarding: the bridge's domain, its fail_mode, its recorded flows. */
		strset_init(&dom);
		smap_init(&brmaps[0]);
		smap_init(&brmaps[1]);
		if (flows_domain(c, bridges.v[b], &dom) ||
		    db_bridge_fail_mode(c, bridges.v[b], mode, sizeof(mode)) < 0 ||
		    (nflows = db_flow_count(c, bridges.v[b])) < 0 ||
		    db_map_get(c, MAP_BR_EXTERNAL_IDS, bridges.v[b], &brmaps[0]) < 0 ||
		    db_map_get(c, MAP_BR_OTHER_CONFIG, bridges.v[b], &brmaps[1]) < 0) {
			strset_free(&dom);
			smap_free(&brmaps[0]);
			smap_free(&brmaps[1]);
			goto out;
		}
		if (c->json) {
			fputs(b ? ",\n  " : "", f);
			fputs("{\"name\": ", f);
			json_str(f, bridges.v[b]);
			fputs(", \"fail_mode\": ", f);
			json_str(f, mode);
			fputs(", \"domain\": [", f);
			for (size_t i = 0; i < dom.n; i++) {
				fputs(i ? ", " : "", f);
				json_str(f, dom.v[i]);
			}
			fprintf(f, "], \"flows\": %d, \"external_ids\": ", nflows);
			smap_format_json(f, &brmaps[0]);
			fputs(", \"other_config\": ", f);
			smap_format_json(f, &brmaps[1]);
		} else {
			fprintf(f, "Bridge %s\n", bridges.v[b]);
			if (strcmp(mode, "standalone"))
				fprintf(f, "    fail_mode: %s\n", mode);
			if (dom.n > 1) {
				fputs("    domain:", f);
				for (size_t i = 0; i < dom.n; i++)
					fprintf(f, " %s", dom.v[i]);
				fputc('\n', f);
			}
			if (nflows)
				fprintf(f, "    flows: %d\n", nflows);
			show_map(f, "    ", "external_ids", &brmaps[0]);
			show_map(f, "    ", "other_config", &brmaps[1]);
		}
		strset_free(&dom);
		smap_free(&brmaps[0]);
		smap_free(&brmaps[1]);

		if (c->json) {
			r = db_iface_get(c, bridges.v[b], &ifc);
			if (r < 0)
				goto out;
			if (r == 1)
				port_view(c, &sc, &ifc, &pv);
			fputs(", \"dp_port\": ", f);
			json_num(f, r == 1 ? pv.dp_port : -1);
			fprintf(f, ", \"state\": \"%s\", \"error\": ", r == 1 ? state_names[pv.state] : "missing");
			json_str_or_null(f, r == 1 ? pv.error : "missing in database");
			fputs(", \"ports\": [", f);
		}
		/* Streamed, so that memory does not grow with the number of ports. */
		db_ifaces_maps(c, bridges.v[b], &it);
		while ((r = db_ifaces_maps_next(&it, &ifc, maps)) == 1) {
			bool local = !strcmp(ifc.name, ifc.bridge);
			if (c->json && local) {
				for (int m = 0; m < 4; m++)
					smap_free(&maps[m]);
				continue;
			}
			port_view(c, &sc, &ifc, &pv);
			if (c->json) {
				fputs(first ? "\n    " : ",\n    ", f);
				show_port_json(f, &pv, maps);
			} else {
				show_port_text(f, &pv, maps);
			}
			for (int m = 0; m < 4; m++)
				smap_free(&maps[m]);
			first = false;
		}
		if (r < 0)
			goto out;
		if (c->json)
			fputs("]}", f);
	}

	/* Backers: the recorded tunnel vports with their users. */
	if (c->json) {
		fputs("],\n \"backers\": [", f);
		struct strset names, backers;
		strset_init(&names);
		strset_init(&backers);
		rc = db_vport_names(c, &names);
		for (size_t i = 0; i < names.n; i++)
			if (is_backer_name(names.v[i]))
				strset_add(&backers, names.v[i]);
		strset_free(&names);
		for (size_t i = 0; rc >= 0 && i < backers.n; i++) {
			struct vport ko;
			const struct ovs_vport_info *vi;
			enum vport_state state;
			unsigned diff;
			if (db_vport_get(c, backers.v[i], &ko) != 1)
				continue;
			state = kview_compare(kv, backers.v[i], &ko, &vi, &diff);
			fputs(i ? ",\n  " : "\n  ", f);
			fputs("{\"name\": ", f);
			json_str(f, backers.v[i]);
			fprintf(f, ", \"type\": \"%s\", \"dst_port\": ", vport_type_str(ko.type));
			json_num(f, ko.dst_port);
			fputs(", \"dp_port\": ", f);
			json_num(f, vi ? (long)vi->port_no : ko.port_no);
			fputs(", \"users\": [", f);
			const char *user;
			int r, nu = 0;
			db_backer_users(c, backers.v[i], &it);
			while ((r = db_backer_users_next(&it, &user)) == 1) {
				fputs(nu++ ? ", " : "", f);
				json_str(f, user);
			}
			fprintf(f, "], \"state\": \"%s\"}", state_names[state]);
			if (r < 0)
				rc = -1;
		}
		strset_free(&backers);
		if (rc < 0)
			goto out;
		fputs("],\n \"strays\": [", f);
	}
	int ns = 0;
	for (size_t i = 0; i < kv->n; i++) {
		if (kview_is_stray(c, &kv->v[i]) <= 0)
			continue;
		if (c->json) {
			fputs(ns ? ", " : "", f);
			fputs("{\"name\": ", f);
			json_str(f, kv->v[i].name);
			fprintf(f, ", \"dp_port\": %u, \"type\": \"%s\"}", kv->v[i].port_no,
				vport_type_str(kv->v[i].type));
		} else {
			fprintf(f, "Stray vport %s\n    type: %s\n    dp_port: %u\n", kv->v[i].name,
				vport_type_str(kv->v[i].type), kv->v[i].port_no);
		}
		ns++;
	}
	if (c->json)
		fputs("]}\n", f);
	rc = 0;
out:
	kview_free(kv);
	strset_free(&bridges);
	return rc;
}

static void dp_stats_json(FILE *f, const struct ovs_vport_stats_s *s)
{
	fprintf(f, "{\"rx_packets\": %" PRIu64 ", \"tx_packets\": %" PRIu64 ", \"rx_bytes\": %"
		PRIu64 ", \"tx_bytes\": %" PRIu64 ", \"rx_errors\": %" PRIu64 ", \"tx_errors\": %"
		PRIu64 ", \"rx_dropped\": %" PRIu64 ", \"tx_dropped\": %" PRIu64 "}",
		s->rx_packets, s->tx_packets, s->rx_bytes, s->tx_bytes, s->rx_errors,
		s->tx_errors, s->rx_dropped, s->tx_dropped);
}

int cmd_dp_show(struct vctx *c, struct cmdline *cl)
{
	struct ovs_dp_info *dps = NULL;
	struct vportnl_err e = { 0 };
	size_t ndp = 0;
	bool stats = cl->opts & CMD_STATS;
	FILE *f = c->out;
	int rc;

	rc = ovsnl_dp_dump(kernel_nl(c), &dps, &ndp, &e);
	if (rc)
		return fail_nl(c, rc == -EAGAIN ? EXIT_TIMEOUT : EXIT_FAIL, &e,
			       "cannot list the kernel's datapaths: %s", strerror(-rc));
	if (c->json)
		fputs("{\"datapaths\": [", f);
	for (size_t d = 0; d < ndp; d++) {
		struct ovs_dp_info *dp = &dps[d];
		struct ovs_vport_info *v = NULL;
		size_t n = 0;

		rc = ovsnl_vport_dump(kernel_nl(c), dp->ifindex, &v, &n, &e);
		if (rc) {
			free(dps);
			return fail_nl(c, rc == -EAGAIN ? EXIT_TIMEOUT : EXIT_FAIL, &e,
				       "cannot list the vports of %s: %s", dp->name, strerror(-rc));
		}
		if (c->json) {
			fputs(d ? ",\n  " : "\n  ", f);
			fputs("{\"name\": ", f);
			json_str(f, dp->name);
			fprintf(f, ", \"ifindex\": %d, \"user_features\": %u, \"lookups\": {\"hit\": %"
				PRIu64 ", \"missed\": %" PRIu64 ", \"lost\": %" PRIu64 "}, \"flows\": %"
				PRIu64 ", \"ports\": [", dp->ifindex, dp->user_features, dp->n_hit,
				dp->n_missed, dp->n_lost, dp->n_flows);
		} else {
			fprintf(f, "system@%s:\n", dp->name);
			fprintf(f, "  lookups: hit:%" PRIu64 " missed:%" PRIu64 " lost:%" PRIu64 "\n",
				dp->n_hit, dp->n_missed, dp->n_lost);
			fprintf(f, "  flows: %" PRIu64 "\n", dp->n_flows);
			if (dp->has_megaflow_stats)
				fprintf(f, "  masks: hit:%" PRIu64 " total:%u hit/pkt:%.2f\n",
					dp->n_mask_hit, dp->n_masks,
					dp->n_hit + dp->n_missed ?
					(double)dp->n_mask_hit / (dp->n_hit + dp->n_missed) : 0.0);
		}
		for (size_t i = 0; i < n; i++) {
			const char *type = v[i].type == OVS_VPORT_TYPE_NETDEV ? "system" :
					   vport_type_str(v[i].type);
			if (c->json) {
				fputs(i ? ", " : "", f);
				fprintf(f, "{\"port_no\": %u, \"name\": ", v[i].port_no);
				json_str(f, v[i].name);
				fprintf(f, ", \"type\": \"%s\", \"dst_port\": ", type);
				json_num(f, v[i].has_dst_port ? v[i].dst_port : -1);
				fprintf(f, ", \"gbp\": %s", v[i].gbp ? "true" : "false");
				if (stats && v[i].has_stats) {
					fputs(", \"stats\": ", f);
					dp_stats_json(f, &v[i].stats);
				}
				fputc('}', f);
				continue;
			}
			fprintf(f, "  port %u: %s", v[i].port_no, v[i].name);
			if (v[i].type != OVS_VPORT_TYPE_NETDEV) {
				fprintf(f, " (%s", type);
				if (v[i].has_dst_port)
					fprintf(f, ": dst_port=%u%s", v[i].dst_port,
						v[i].gbp ? ", exts=gbp" : "");
				fputc(')', f);
			}
			fputc('\n', f);
			if (stats && v[i].has_stats) {
				const struct ovs_vport_stats_s *s = &v[i].stats;
				fprintf(f, "    RX packets:%" PRIu64 " errors:%" PRIu64 " dropped:%" PRIu64
					"\n", s->rx_packets, s->rx_errors, s->rx_dropped);
				fprintf(f, "    TX packets:%" PRIu64 " errors:%" PRIu64 " dropped:%" PRIu64
					"\n", s->tx_packets, s->tx_errors, s->tx_dropped);
				fprintf(f, "    RX bytes:%" PRIu64 " TX bytes:%" PRIu64 "\n",
					s->rx_bytes, s->tx_bytes);
			}
		}
		if (c->json)
			fputs("]}", f);
		free(v);
	}
	if (c->json)
		fputs("]}\n", f);
	free(dps);
	return 0;
}

struct diff_out {
	struct vctx *c;
	int n;
};

static void diff(struct diff_out *d, const char *name, const char *problem, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void diff(struct diff_out *d, const char *name, const char *problem, const char *fmt, ...)
{
	char detail[256];
	va_list ap;
	FILE *f = d->c->out;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (d->c->json) {
		fputs(d->n ? ",\n  " : "\n  ", f);
		fputs("{\"name\": ", f);
		json_str(f, name);
		fprintf(f, ", \"problem\": \"%s\", \"detail\": ", problem);
		json_str(f, detail);
		fputc('}', f);
	} else {
		fprintf(f, "%s: %s\n", name, detail);
	}
	d->n++;
}

static int flow_diff(struct vctx *c, void *arg, enum flow_diff fd, const struct flow *want,
		     const struct ovsnl_flow_info *got)
{
	static const char *const problem[] = {
		[FD_MISSING] = "flow-missing", [FD_DIFFERS] = "flow-mismatch",
		[FD_UNEXPECTED] = "flow-stray",
	};
	char ufid[OVSNL_UFID_STRLEN], name[OVSNL_UFID_STRLEN + 8];
	struct diff_out *d = arg;
	char *key, *acts = NULL;

	(void)c;
	ovsnl_format_ufid(want ? want->ufid : got->f.ufid, ufid);
	snprintf(name, sizeof(name), "flow %s", ufid);
	if (want)
		key = ovsnl_format_key(want->key.data, want->key.len, want->mask.data, want->mask.len);
	else
		key = ovsnl_format_key(got->f.key, got->f.key_len, got->f.mask, got->f.mask_len);
	if (got && got->has_actions)
		acts = ovsnl_format_actions(got->f.actions, got->f.actions_len);
	if (fd == FD_MISSING)
		diff(d, name, problem[fd], "from %s (bridge %s, %s) missing in kernel", want->iface,
		     want->bridge, key ? key : "?");
	else if (fd == FD_DIFFERS)
		diff(d, name, problem[fd], "from %s (bridge %s) differs in kernel: actions %s",
		     want->iface, want->bridge, acts ? acts : "?");
	else
		diff(d, name, problem[fd], "vportctl's flow %s in the kernel is not wanted by the "
		     "configuration", key ? key : "?");
	free(key);
	free(acts);
	return 0;
}

/* The flows every bridge wants, with the recorded port numbers, against the kernel's. */
static int check_flows(struct vctx *c, struct diff_out *d, int dp_ifindex)
{
	struct flowset want = { 0 };
	int rc = flows_wanted_all(c, &want);

	if (!rc)
		rc = flows_compare(c, dp_ifindex, &want, flow_diff, d);
	flowset_free(&want);
	return rc;
}

int cmd_check(struct vctx *c, struct cmdline *cl)
{
	struct kview kv;
	struct diff_out d = { .c = c };
	int rc = -1, bridges;

	(void)cl;
	if (kview_load(c, &kv, true))
		goto out;
	if ((bridges = db_count_bridges(c)) < 0)
		goto out;
	if (c->json)
		fputs("{\"differences\": [", c->out);
	if (bridges && !kv.dp)
		diff(&d, DP_NAME, "missing", "datapath missing in kernel");

	struct strset names;
	strset_init(&names);
	rc = db_vport_names(c, &names);
	for (size_t i = 0; rc >= 0 && i < names.n; i++) {
		const char *name = names.v[i];
		const struct ovs_vport_info *vi;
		struct vport ko, have;
		enum vport_state state;
		unsigned dif;

		if (db_vport_get(c, name, &ko) != 1)
			continue;
		state = kview_compare(&kv, name, &ko, &vi, &dif);
		if (state == VS_MISSING)
			diff(&d, name, "missing", "%s vport missing in kernel",
			     vport_type_str(ko.type));
		else if (dif & VD_TYPE)
			diff(&d, name, "mismatch", "type differs in kernel: %s, expected %s",
			     vport_type_str(vi->type), vport_type_str(ko.type));
		else if ((dif & VD_OPTIONS) && vi->has_dst_port && vi->dst_port != ko.dst_port)
			diff(&d, name, "mismatch", "options differ in kernel: dst_port %u, expected %d",
			     vi->dst_port, ko.dst_port);
		else if (dif & VD_OPTIONS)
			diff(&d, name, "mismatch", "options differ in kernel: %s, expected %s",
			     vi->gbp ? "exts=gbp" : "no exts", ko.gbp ? "exts=gbp" : "no exts");
		else if (dif & VD_PORT)
			diff(&d, name, "port", "dp_port differs in kernel: %u, recorded %ld",
			     vi->port_no, ko.port_no);
		if (vi && ko.mtu >= 0) {
			vport_from_kernel(vi, &have);
			if (plan_kernel_mtu(c, name, &have) == 0 && (vport_diff(&ko, &have) & VD_MTU))
				diff(&d, name, "mtu", "MTU differs in kernel: %ld, requested %ld",
				     have.mtu, ko.mtu);
		}
	}
	strset_free(&names);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < kv.n; i++) {
		if (kview_is_stray(c, &kv.v[i]) <= 0)
			continue;
		diff(&d, kv.v[i].name, "stray", "%s vport (dp_port %u) in %s is not in the database",
		     vport_type_str(kv.v[i].type), kv.v[i].port_no, DP_NAME);
	}
	if (!bridges && kv.dp && kv.n <= 1)
		diff(&d, DP_NAME, "stray", "datapath exists but no bridge is configured");
	if (kv.dp && check_flows(c, &d, kv.dp_ifindex))
		goto out;
	if (c->json)
		fputs(d.n ? "\n]}\n" : "]}\n", c->out);
	c->status = d.n ? EXIT_FAIL : EXIT_OK;
	rc = 0;
out:
	kview_free(&kv);
	return rc;
}

int cmd_reconcile(struct vctx *c, struct cmdline *cl)
{
	return apply_reconcile(c, cl->opts & CMD_PRUNE);
}
