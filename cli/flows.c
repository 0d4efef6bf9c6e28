// SPDX-License-Identifier: GPL-2.0
/*
 * flows.c - the flows vportctl installs so that bridges switch (SPEC section 9).
 *
 * A broadcast domain is a bridge and every bridge joined to it by a pair of
 * patch ports naming each other.  Its members are the kernel-backed
 * interfaces of its bridges and its tunnels whose remote_ip and keys are not
 * "flow".  Each member gets one flow: from a non-tunnel member, flood to
 * every other member (tunnels through set(tunnel) and their backer); from a
 * tunnel, flood to the non-tunnel members only (split horizon).  A domain
 * with a fail_mode=secure bridge gets none.
 *
 * Flows are derived from the rows and the datapath port numbers; each has a
 * UFID derived from its key, so a flow is found, compared and deleted by
 * UFID, and flows that other tools installed are never touched.
 */
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vportctl.h"
#include "db.h"
#include "flows.h"
#include "rules.h"

/* The first u32 of the UFID of each of vportctl's flows ("vpct"): 76706374-... */
#define UFID_MAGIC 0x76706374u

void flowset_free(struct flowset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		flow_clear(&s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

void flow_clear(struct flow *f)
{
	ovsnl_bytes_free(&f->key);
	ovsnl_bytes_free(&f->mask);
	ovsnl_bytes_free(&f->actions);
}

struct flow *flowset_add(struct flowset *s)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	memset(&s->v[s->n], 0, sizeof(s->v[0]));
	return &s->v[s->n++];
}

static int cmp_ufid(const void *a, const void *b)
{
	return memcmp(((const struct flow *)a)->ufid, ((const struct flow *)b)->ufid,
		      OVSNL_UFID_LEN);
}

void flowset_sort(struct flowset *s)
{
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), cmp_ufid);
}

struct flow *flowset_find(const struct flowset *s, const uint8_t ufid[OVSNL_UFID_LEN])
{
	struct flow key;

	if (!s->n)
		return NULL;
	memcpy(key.ufid, ufid, OVSNL_UFID_LEN);
	return bsearch(&key, s->v, s->n, sizeof(*s->v), cmp_ufid);
}

bool flow_is_own(const uint8_t ufid[OVSNL_UFID_LEN])
{
	uint32_t first;

	memcpy(&first, ufid, sizeof(first));
	return first == UFID_MAGIC;
}

bool flow_same(const struct flow *a, const struct flow *b)
{
	return a->actions.len == b->actions.len &&
	       !memcmp(a->actions.data, b->actions.data, a->actions.len) &&
	       a->key.len == b->key.len && !memcmp(a->key.data, b->key.data, a->key.len) &&
	       a->mask.len == b->mask.len && !memcmp(a->mask.data, b->mask.data, a->mask.len);
}

void flow_to_nl(const struct flow *f, struct ovsnl_flow *nf)
{
	memcpy(nf->ufid, f->ufid, OVSNL_UFID_LEN);
	nf->key = f->key.data;
	nf->key_len = f->key.len;
	nf->mask = f->mask.data;
	nf->mask_len = f->mask.len;
	nf->actions = f->actions.data;
	nf->actions_len = f->actions.len;
}

static void bytes_dup(struct ovsnl_bytes *dst, const void *data, size_t len)
{
	dst->data = xmalloc(len ? len : 1);
	if (len)
		memcpy(dst->data, data, len);
	dst->len = dst->cap = len;
}

void flow_copy(struct flow *dst, const struct flow *src)
{
	*dst = *src;
	bytes_dup(&dst->key, src->key.data, src->key.len);
	bytes_dup(&dst->mask, src->mask.data, src->mask.len);
	bytes_dup(&dst->actions, src->actions.data, src->actions.len);
}

/* A kernel flow as a struct flow (its streams copied); bridge and iface empty. */
void flow_from_kernel(struct flow *dst, const struct ovsnl_flow_info *k)
{
	memset(dst, 0, sizeof(*dst));
	memcpy(dst->ufid, k->f.ufid, OVSNL_UFID_LEN);
	bytes_dup(&dst->key, k->f.key, k->f.key_len);
	bytes_dup(&dst->mask, k->f.mask, k->f.mask_len);
	bytes_dup(&dst->actions, k->f.actions, k->f.actions_len);
}

/* 64-bit FNV-1a with a splitmix64 finish, seeded: two of them make a UFID. */
static uint64_t hash64(const void *p, size_t len, uint64_t seed)
{
	const uint8_t *b = p;
	uint64_t h = 0xcbf29ce484222325ULL ^ seed;

	while (len--) {
		h ^= *b++;
		h *= 0x100000001b3ULL;
	}
	h += 0x9e3779b97f4a7c15ULL;
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

static void make_ufid(struct flow *f)
{
	uint64_t a = hash64(f->key.data, f->key.len, 0x76706374ULL);
	uint64_t b = hash64(f->key.data, f->key.len, 0x666c6f77ULL);
	uint32_t magic = UFID_MAGIC;

	memcpy(f->ufid, &magic, 4);
	memcpy(f->ufid + 4, &a, 8);
	memcpy(f->ufid + 12, &b, 4);
}

/* ---- domains ---- */

/*
 * The bridges of br's domain, br first, then in the order found.  A patch
 * pair joins two bridges only when each port names the other as its peer.
 */
static int domain_of(struct vctx *c, const char *br, struct strset *out)
{
	struct db_iter it;
	struct iface ifc;
	size_t i;
	int rc = 0;

	strset_add(out, br);
	for (i = 0; i < out->n && rc >= 0; i++) {
		db_patch_ifaces(c, out->v[i], &it);
		while ((rc = db_ifaces_next(&it, &ifc)) == 1) {
			const char *peer = opt_get(&ifc, "peer"), *back;
			struct iface p;

			if (!peer || db_iface_get(c, peer, &p) != 1 || p.type != IF_PATCH)
				continue;
			back = opt_get(&p, "peer");
			if (back && !strcmp(back, ifc.name))
				strset_add(out, p.bridge);
		}
	}
	return rc < 0 ? -1 : 0;
}

int flows_domain(struct vctx *c, const char *br, struct strset *out)
{
	return domain_of(c, br, out);
}

/* The domain's name: its first bridge by name. */
static const char *domain_name(const struct strset *brs)
{
	const char *min = brs->v[0];
	size_t i;

	for (i = 1; i < brs->n; i++)
		if (strcmp(brs->v[i], min) < 0)
			min = brs->v[i];
	return min;
}

/*
 * Close the set of bridges whose flows may change: every bridge of their
 * domains now, and every bridge that shared a recorded flow domain with one
 * of them at the last commit (a broken patch pair splits a domain).
 */
int flows_affected(struct vctx *c, struct strset *brs)
{
	size_t i, j;
	int rc = 0;

	for (i = 0; i < brs->n && !rc; i++) {
		struct strset more;

		strset_init(&more);
		if (db_bridge_exists(c, brs->v[i]) == 1)
			rc = domain_of(c, brs->v[i], &more);
		if (!rc)
			rc = db_flow_old_domain_bridges(c, brs->v[i], &more);
		for (j = 0; j < more.n; j++)
			strset_add(brs, more.v[j]);
		strset_free(&more);
	}
	return rc;
}

/* ---- members ---- */

struct member {
	struct iface ifc;
	long port;			/* datapath port: its own, or its backer's */
	bool tunnel;
};

static bool opt_is(const struct iface *ifc, const char *key, const char *val)
{
	const char *v = opt_get(ifc, key);

	return v && !strcmp(v, val);
}

/* A tunnel whose remote_ip or keys are "flow" is for a controller: no flows. */
bool flow_tunnel_is_flow(const struct iface *ifc)
{
	return opt_is(ifc, "remote_ip", "flow") || opt_is(ifc, "local_ip", "flow") ||
	       opt_is(ifc, "key", "flow") || opt_is(ifc, "in_key", "flow") ||
	       opt_is(ifc, "out_key", "flow");
}

static int parse_addr(const char *s, int *family, uint8_t *addr)
{
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, s, addr) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, addr) == 1) {
		*family = AF_INET6;
		return 0;
	}
	return -EINVAL;
}

static bool key_of(const struct iface *ifc, const char *which, uint64_t *key)
{
	const char *v = opt_get(ifc, which);

	if (!v)
		v = opt_get(ifc, "key");
	if (!v)
		return false;
	*key = strtoull(v, NULL, 0);
	return true;
}

/* set(tunnel(...)) for packets sent to this tunnel. */
static void tunnel_out(const struct iface *ifc, struct ovsnl_tunnel *t)
{
	const char *v;

	memset(t, 0, sizeof(*t));
	t->attrs = OVSNL_TUN_DST | OVSNL_TUN_TTL;
	parse_addr(opt_get(ifc, "remote_ip"), &t->family, t->dst);
	if ((v = opt_get(ifc, "local_ip"))) {
		int fam;

		parse_addr(v, &fam, t->src);
		t->attrs |= OVSNL_TUN_SRC;
	}
	if (key_of(ifc, "out_key", &t->id))
		t->attrs |= OVSNL_TUN_ID;
	if ((v = opt_get(ifc, "tos")) && strcmp(v, "inherit")) {
		t->tos = (uint8_t)strtoul(v, NULL, 0);
		if (t->tos)
			t->attrs |= OVSNL_TUN_TOS;
	}
	v = opt_get(ifc, "ttl");
	t->ttl = v && strcmp(v, "inherit") ? (uint8_t)strtoul(v, NULL, 0) : 64;
	if (!opt_is(ifc, "df_default", "false"))
		t->attrs |= OVSNL_TUN_DF;
	if (opt_is(ifc, "csum", "true"))
		t->attrs |= OVSNL_TUN_CSUM;
}

/*
 * The match of packets received from this tunnel: its key and its remote as
 * source exactly, local_ip as destination when set.  The kernel needs a
 * destination and a TTL in every tunnel key: present, masked out.
 */
static void tunnel_in(const struct iface *ifc, uint32_t backer, struct ovsnl_match *m)
{
	struct ovsnl_tunnel *t = &m->tun, *k = &m->tun_mask;
	size_t alen;
	const char *v;

	memset(m, 0, sizeof(*m));
	m->in_port = backer;
	m->has_tunnel = true;
	parse_addr(opt_get(ifc, "remote_ip"), &t->family, t->src);
	alen = t->family == AF_INET6 ? 16 : 4;
	k->family = t->family;
	t->attrs = k->attrs = OVSNL_TUN_ID | OVSNL_TUN_SRC | OVSNL_TUN_DST | OVSNL_TUN_TTL;
	memset(k->src, 0xff, alen);
	if ((v = opt_get(ifc, "local_ip"))) {
		int fam;

		parse_addr(v, &fam, t->dst);
		memset(k->dst, 0xff, alen);
	} else {
		t->dst[alen - 1] = 1;	/* any non-zero address, masked out */
	}
	t->ttl = 64;
	/*
	 * vxlan and geneve always receive with the key flag (the VNI, 0 when
	 * none is set); gre only when the packet carried a key.  The flag is
	 * matched through the tun_id in the mask: gre without a key matches
	 * the flag clear.
	 */
	k->id = UINT64_MAX;
	if (!key_of(ifc, "in_key", &t->id) && ifc->type == IF_GRE)
		t->attrs &= ~OVSNL_TUN_ID;
}

static int cmp_member(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	if (x->tunnel != y->tunnel)
		return x->tunnel ? 1 : -1;
	if (x->tunnel)
		return strcmp(x->ifc.name, y->ifc.name);
	return x->port < y->port ? -1 : x->port > y->port;
}

/*
 * The members of the domain brs, sorted: non-tunnel members by port number,
 * then tunnels by name.  port == NULL: sizing only, every member counts with
 * port 0.  1 if a member has no port number yet (vports made --offline that
 * reconcile has not created): the domain's flows cannot be known.
 */
static int members_of(struct vctx *c, const struct strset *brs, flow_port_fn port, void *arg,
		      struct member **out, size_t *nout)
{
	struct member *m = NULL;
	size_t i, n = 0, cap = 0;
	bool incomplete = false;
	struct db_iter it;
	struct iface ifc;
	int rc = 0;

	for (i = 0; i < brs->n && rc >= 0 && !incomplete; i++) {
		db_ifaces(c, brs->v[i], &it);
		while (!incomplete && (rc = db_ifaces_next(&it, &ifc)) == 1) {
			long p = 0;

			if (ifc.type == IF_PATCH || !ifc.kname[0])
				continue;
			if (iftype_is_tunnel(ifc.type) && flow_tunnel_is_flow(&ifc))
				continue;
			if (port && (p = port(c, arg, ifc.kname)) < 0) {
				incomplete = true;	/* a member without a number yet */
				break;
			}
			if (n == cap) {
				cap = cap ? 2 * cap : 16;
				m = xrealloc(m, cap * sizeof(*m));
			}
			m[n].ifc = ifc;
			m[n].port = p;
			m[n].tunnel = iftype_is_tunnel(ifc.type);
			n++;
		}
	}
	if (rc < 0 || incomplete) {
		free(m);
		return rc < 0 ? -1 : 1;
	}
	if (n)
		qsort(m, n, sizeof(*m), cmp_member);
	*out = m;
	*nout = n;
	return 0;
}

/* The flood list from member self (non-tunnel) or from a tunnel (self < 0 ... tunnels skipped). */
static size_t flood(const struct member *m, size_t n, size_t self, bool to_tunnels,
		    struct ovsnl_action *acts)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (i == self)
			continue;
		if (m[i].tunnel) {
			if (!to_tunnels)
				break;	/* tunnels come last */
			acts[k].type = OVSNL_ACT_SET_TUNNEL;
			tunnel_out(&m[i].ifc, &acts[k].tun);
			k++;
		}
		acts[k++] = (struct ovsnl_action){ .type = OVSNL_ACT_OUTPUT,
						   .port = (uint32_t)m[i].port };
	}
	return k;
}

static int too_big(struct vctx *c, const struct strset *brs, size_t members, size_t len)
{
	return fail(c, EXIT_FAIL,
		    "bridge %s: its broadcast domain (%zu bridge%s) has %zu members, and flooding "
		    "to them needs %zu bytes of flow actions, more than the %d one flow can hold; "
		    "split the domain or set fail_mode=secure",
		    brs->v[0], brs->n, brs->n == 1 ? "" : "s", members, len, OVSNL_ACTIONS_MAX);
}

/*
 * The longest flood list of a domain, in O(members): the flow from a
 * non-tunnel member outputs to every other non-tunnel member and to every
 * tunnel (its set(tunnel), then its backer); encoded pieces add up exactly.
 */
static int domain_size_check(struct vctx *c, const struct strset *brs, const struct member *m,
			     size_t n)
{
	struct ovsnl_bytes one = { 0 };
	size_t i, outs = 0, tuns = 0, worst = 0;
	int rc = 0;

	for (i = 0; i < n && !rc; i++) {
		struct ovsnl_action a = { .type = OVSNL_ACT_SET_TUNNEL };

		if (!m[i].tunnel) {
			outs += NLA_ALIGN(NLA_HDRLEN + sizeof(uint32_t));
			continue;
		}
		tunnel_out(&m[i].ifc, &a.tun);
		rc = ovsnl_actions_encode(&a, 1, &one);
		tuns += one.len + NLA_ALIGN(NLA_HDRLEN + sizeof(uint32_t));
	}
	ovsnl_bytes_free(&one);
	if (rc)
		return fail(c, EXIT_FAIL, "out of memory");
	if (outs)	/* from a non-tunnel member: all but itself */
		worst = outs - NLA_ALIGN(NLA_HDRLEN + sizeof(uint32_t)) + tuns;
	return worst > OVSNL_ACTIONS_MAX ? too_big(c, brs, n, worst) : 0;
}

/* The flows of one domain, appended to out; 1 if its members' numbers are not all known. */
static int domain_flows(struct vctx *c, const struct strset *brs, flow_port_fn port, void *arg,
			struct flowset *out)
{
	struct ovsnl_action *acts;
	struct member *m;
	size_t i, n;
	int rc;

	for (i = 0; i < brs->n; i++) {
		int secure = db_bridge_secure(c, brs->v[i]);

		if (secure)
			return secure < 0 ? -1 : 0;
	}
	rc = members_of(c, brs, port, arg, &m, &n);
	if (rc)
		return rc < 0 ? -1 : 1;
	if (!port) {
		rc = domain_size_check(c, brs, m, n);
		free(m);
		return rc;
	}
	acts = xmalloc((2 * n + 1) * sizeof(*acts));
	for (i = 0; i < n && !rc; i++) {
		struct ovsnl_match match = { .in_port = (uint32_t)m[i].port };
		struct flow *f = flowset_add(out);
		size_t k;

		if (m[i].tunnel)
			tunnel_in(&m[i].ifc, (uint32_t)m[i].port, &match);
		k = flood(m, n, i, !m[i].tunnel, acts);
		if (!k) {	/* nothing to flood to: no flow (a lone bridge) */
			out->n--;
			continue;
		}
		snprintf(f->bridge, sizeof(f->bridge), "%s", m[i].ifc.bridge);
		snprintf(f->iface, sizeof(f->iface), "%s", m[i].ifc.name);
		snprintf(f->domain, sizeof(f->domain), "%s", domain_name(brs));
		if (ovsnl_match_encode(&match, &f->key, &f->mask) ||
		    ovsnl_actions_encode(acts, k, &f->actions) ||
		    f->actions.len > OVSNL_ACTIONS_MAX) {
			rc = too_big(c, brs, n, f->actions.len);
			break;
		}
		make_ufid(f);
	}
	free(acts);
	free(m);
	return rc;
}

/*
 * The flows the rows want for the domains of the bridges in brs (each
 * domain once).  port gives each vport's datapath number; NULL checks the
 * sizes only (flows_check_size).  The bridges of a domain whose numbers are
 * not all known go into unknown (when given): their flows cannot be said.
 */
int flows_desired(struct vctx *c, const struct strset *brs, flow_port_fn port, void *arg,
		  struct flowset *out, struct strset *unknown)
{
	struct strset done;
	size_t i;
	int rc = 0;

	strset_init(&done);
	for (i = 0; i < brs->n && !rc; i++) {
		struct strset dom;
		size_t j;

		if (strset_has(&done, brs->v[i]) || db_bridge_exists(c, brs->v[i]) != 1)
			continue;
		strset_init(&dom);
		rc = domain_of(c, brs->v[i], &dom);
		for (j = 0; j < dom.n; j++)
			strset_add(&done, dom.v[j]);
		if (!rc)
			rc = domain_flows(c, &dom, port, arg, out);
		if (rc == 1) {
			for (j = 0; unknown && j < dom.n; j++)
				strset_add(unknown, dom.v[j]);
			rc = 0;
		}
		strset_free(&dom);
	}
	strset_free(&done);
	if (!rc)
		flowset_sort(out);
	return rc;
}

/* The domain limit, from the rows alone: before anything changes. */
int flows_check_size(struct vctx *c, const struct strset *brs)
{
	struct flowset fs = { 0 };
	int rc;

	rc = flows_desired(c, brs, NULL, NULL, &fs, NULL);
	flowset_free(&fs);
	return rc;
}

/* ---- the kernel's flows against the wanted ones: check, reconcile ---- */

static long recorded_port(struct vctx *c, void *arg, const char *kname)
{
	struct vport vp;

	(void)arg;
	return db_vport_get(c, kname, &vp) == 1 ? vp.port_no : -1;
}

/* The wanted flows of every bridge, with the recorded port numbers. */
int flows_wanted_all(struct vctx *c, struct flowset *out)
{
	struct strset brs;
	int rc;

	strset_init(&brs);
	rc = db_bridge_names(c, &brs);
	if (!rc)
		rc = flows_desired(c, &brs, recorded_port, NULL, out, NULL);
	strset_free(&brs);
	return rc;
}

static int cmp_info(const void *a, const void *b)
{
	const struct ovsnl_flow_info *x = a, *y = b;

	return memcmp(x->f.ufid, y->f.ufid, OVSNL_UFID_LEN);
}

/* Does the kernel's copy do what f wants?  Actions are compared canonically. */
static bool kernel_same(const struct ovsnl_flow_info *k, const struct flow *f)
{
	struct ovsnl_bytes canon = { 0 };
	bool same;

	if (!k->has_actions || ovsnl_actions_canonical(k->f.actions, k->f.actions_len, &canon))
		return false;
	same = canon.len == f->actions.len && !memcmp(canon.data, f->actions.data, canon.len);
	ovsnl_bytes_free(&canon);
	return same;
}

int flows_compare(struct vctx *c, int dp_ifindex, const struct flowset *want,
		  flow_diff_fn fn, void *arg)
{
	struct ovsnl_flow_info *k = NULL;
	struct vportnl_err e = { 0 };
	size_t n = 0, i;
	int rc;

	if (dp_ifindex > 0) {
		rc = ovsnl_flow_dump(kernel_nl(c), dp_ifindex, &k, &n, &e);
		if (rc)
			return fail_nl(c, rc == -EAGAIN ? EXIT_TIMEOUT : EXIT_FAIL, &e,
				       "cannot list the flows of %s: %s", DP_NAME, strerror(-rc));
	}
	if (n)
		qsort(k, n, sizeof(*k), cmp_info);
	rc = 0;
	for (i = 0; !rc && i < want->n; i++) {
		struct ovsnl_flow_info key, *got;

		memcpy(key.f.ufid, want->v[i].ufid, OVSNL_UFID_LEN);
		got = n ? bsearch(&key, k, n, sizeof(*k), cmp_info) : NULL;
		if (!got || !got->has_ufid)
			rc = fn(c, arg, FD_MISSING, &want->v[i], NULL);
		else if (!kernel_same(got, &want->v[i]))
			rc = fn(c, arg, FD_DIFFERS, &want->v[i], got);
	}
	for (i = 0; !rc && i < n; i++)
		if (k[i].has_ufid && flow_is_own(k[i].f.ufid) && !flowset_find(want, k[i].f.ufid))
			rc = fn(c, arg, FD_UNEXPECTED, NULL, &k[i]);
	ovsnl_flow_info_free(k, n);
	return rc;
}

