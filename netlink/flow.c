// SPDX-License-Identifier: GPL-2.0
/*
 * flow.c - the attribute streams of a datapath flow: encode vportctl's match
 * and actions, decode and canonicalize what the kernel reports, and format
 * keys, masks and actions as ovs-dpctl does.
 *
 * A flow is three streams of netlink attributes (OVS_FLOW_ATTR_KEY, _MASK and
 * _ACTIONS payloads).  vportctl encodes its own in one fixed order, so equal
 * flows are equal bytes; the kernel answers in its own order and leaves out
 * zero fields, so what it reports is decoded and encoded again before it is
 * compared.  Nothing here talks to a socket.
 */
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>

#include "nlcore.h"

/* ---- growable bytes ---- */

static int bytes_reserve(struct ovsnl_bytes *b, size_t more)
{
	size_t cap;
	void *p;

	if (b->len + more <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + more)
		cap *= 2;
	p = realloc(b->data, cap);
	if (!p)
		return -ENOMEM;
	b->data = p;
	b->cap = cap;
	return 0;
}

void ovsnl_bytes_free(struct ovsnl_bytes *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

/* Append one attribute (padded to NLA_ALIGNTO); returns its offset or -ENOMEM. */
static long put_attr(struct ovsnl_bytes *b, uint16_t type, const void *data, size_t len)
{
	struct nlattr nla = { .nla_len = (uint16_t)(NLA_HDRLEN + len), .nla_type = type };
	size_t total = NLA_ALIGN(NLA_HDRLEN + len);
	long off = (long)b->len;

	if (NLA_HDRLEN + len > UINT16_MAX)
		return -EMSGSIZE;
	if (bytes_reserve(b, total))
		return -ENOMEM;
	memcpy((char *)b->data + b->len, &nla, sizeof(nla));
	if (len)
		memcpy((char *)b->data + b->len + NLA_HDRLEN, data, len);
	memset((char *)b->data + b->len + NLA_HDRLEN + len, 0, total - NLA_HDRLEN - len);
	b->len += total;
	return off;
}

static long nest_start(struct ovsnl_bytes *b, uint16_t type)
{
	return put_attr(b, type, NULL, 0);
}

static int nest_end(struct ovsnl_bytes *b, long off)
{
	struct nlattr *nla = (struct nlattr *)((char *)b->data + off);
	size_t len = b->len - (size_t)off;

	if (len > UINT16_MAX)
		return -EMSGSIZE;
	nla->nla_len = (uint16_t)len;
	return 0;
}

#define PUT(b, t, v) put_attr(b, t, &(v), sizeof(v))

/* ---- walking attribute streams ---- */

#define for_each_attr(a, buf, len, rem) \
	for ((a) = (const struct nlattr *)(buf), (rem) = (int)(len); \
	     (rem) >= (int)NLA_HDRLEN && (a)->nla_len >= NLA_HDRLEN && (a)->nla_len <= (rem); \
	     (rem) -= NLA_ALIGN((a)->nla_len), \
	     (a) = (const struct nlattr *)((const char *)(a) + NLA_ALIGN((a)->nla_len)))

static const void *attr_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

static size_t attr_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static uint16_t attr_type(const struct nlattr *a)
{
	return a->nla_type & NLA_TYPE_MASK;
}

/* Attributes that fill their stream exactly: nothing cut short, nothing left over. */
static bool stream_ok(const void *buf, size_t len)
{
	const struct nlattr *a;
	int rem;

	for_each_attr(a, buf, len, rem)
		;
	/* The last attribute's padding may be missing: rem ends in (-NLA_ALIGNTO, 0]. */
	return rem <= 0 && rem > -(int)NLA_ALIGNTO;
}

static const struct nlattr *find_attr(const void *buf, size_t len, uint16_t type)
{
	const struct nlattr *a;
	int rem;

	if (!buf)
		return NULL;
	for_each_attr(a, buf, len, rem)
		if (attr_type(a) == type)
			return a;
	return NULL;
}

/* ---- tunnel metadata ---- */

static int put_flag(struct ovsnl_bytes *b, uint16_t type)
{
	long r = put_attr(b, type, NULL, 0);

	return r < 0 ? (int)r : 0;
}

/* One OVS_KEY_ATTR_TUNNEL nest, fields in a fixed order. */
static int put_tunnel(struct ovsnl_bytes *b, const struct ovsnl_tunnel *t)
{
	bool v6 = t->family == AF_INET6;
	size_t alen = v6 ? 16 : 4;
	long nest, r = 0;

	nest = nest_start(b, OVS_KEY_ATTR_TUNNEL);
	if (nest < 0)
		return (int)nest;
	if (t->attrs & OVSNL_TUN_ID) {
		uint64_t id = htobe64(t->id);

		r = PUT(b, OVS_TUNNEL_KEY_ATTR_ID, id);
	}
	if (r >= 0 && (t->attrs & OVSNL_TUN_SRC))
		r = put_attr(b, v6 ? OVS_TUNNEL_KEY_ATTR_IPV6_SRC : OVS_TUNNEL_KEY_ATTR_IPV4_SRC,
			     t->src, alen);
	if (r >= 0 && (t->attrs & OVSNL_TUN_DST))
		r = put_attr(b, v6 ? OVS_TUNNEL_KEY_ATTR_IPV6_DST : OVS_TUNNEL_KEY_ATTR_IPV4_DST,
			     t->dst, alen);
	if (r >= 0 && (t->attrs & OVSNL_TUN_TOS))
		r = PUT(b, OVS_TUNNEL_KEY_ATTR_TOS, t->tos);
	if (r >= 0 && (t->attrs & OVSNL_TUN_TTL))
		r = PUT(b, OVS_TUNNEL_KEY_ATTR_TTL, t->ttl);
	if (r >= 0 && (t->attrs & OVSNL_TUN_DF))
		r = put_flag(b, OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT);
	if (r >= 0 && (t->attrs & OVSNL_TUN_CSUM))
		r = put_flag(b, OVS_TUNNEL_KEY_ATTR_CSUM);
	if (r < 0)
		return (int)r;
	return nest_end(b, nest);
}

/*
 * Decode an OVS_KEY_ATTR_TUNNEL payload.  -EOPNOTSUPP for a field outside
 * vportctl's subset (options, UDP ports, OAM), -EPROTO if malformed.
 */
static int get_tunnel(const void *buf, size_t len, struct ovsnl_tunnel *t)
{
	const struct nlattr *a;
	int rem, ret = 0;

	memset(t, 0, sizeof(*t));
	if (!stream_ok(buf, len))
		return -EPROTO;
	for_each_attr(a, buf, len, rem) {
		size_t l = attr_len(a);

		switch (attr_type(a)) {
		case OVS_TUNNEL_KEY_ATTR_ID: {
			uint64_t id;

			if (l != sizeof(id))
				return -EPROTO;
			memcpy(&id, attr_data(a), sizeof(id));
			t->id = be64toh(id);
			t->attrs |= OVSNL_TUN_ID;
			break;
		}
		case OVS_TUNNEL_KEY_ATTR_IPV4_SRC:
		case OVS_TUNNEL_KEY_ATTR_IPV4_DST:
		case OVS_TUNNEL_KEY_ATTR_IPV6_SRC:
		case OVS_TUNNEL_KEY_ATTR_IPV6_DST: {
			bool v6 = attr_type(a) == OVS_TUNNEL_KEY_ATTR_IPV6_SRC ||
				  attr_type(a) == OVS_TUNNEL_KEY_ATTR_IPV6_DST;
			bool src = attr_type(a) == OVS_TUNNEL_KEY_ATTR_IPV4_SRC ||
				   attr_type(a) == OVS_TUNNEL_KEY_ATTR_IPV6_SRC;
			int fam = v6 ? AF_INET6 : AF_INET;

			if (l != (v6 ? 16u : 4u) || (t->family && t->family != fam))
				return -EPROTO;
			t->family = fam;
			memcpy(src ? t->src : t->dst, attr_data(a), l);
			t->attrs |= src ? OVSNL_TUN_SRC : OVSNL_TUN_DST;
			break;
		}
		case OVS_TUNNEL_KEY_ATTR_TOS:
		case OVS_TUNNEL_KEY_ATTR_TTL:
			if (l != 1)
				return -EPROTO;
			if (attr_type(a) == OVS_TUNNEL_KEY_ATTR_TOS) {
				t->tos = *(const uint8_t *)attr_data(a);
				t->attrs |= OVSNL_TUN_TOS;
			} else {
				t->ttl = *(const uint8_t *)attr_data(a);
				t->attrs |= OVSNL_TUN_TTL;
			}
			break;
		case OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT:
			t->attrs |= OVSNL_TUN_DF;
			break;
		case OVS_TUNNEL_KEY_ATTR_CSUM:
			t->attrs |= OVSNL_TUN_CSUM;
			break;
		case OVS_TUNNEL_KEY_ATTR_PAD:
			break;
		case OVS_TUNNEL_KEY_ATTR_TP_SRC:
		case OVS_TUNNEL_KEY_ATTR_TP_DST: {
			uint16_t port;

			if (l != 2)
				return -EPROTO;
			memcpy(&port, attr_data(a), 2);
			/* The kernel reports none when zero; a set one is not ours. */
			if (port)
				ret = -EOPNOTSUPP;
			break;
		}
		default:
			ret = -EOPNOTSUPP;
			break;
		}
	}
	return ret;
}

/* The kernel reports tos only when it is non-zero: an absent tos is 0. */
static void tunnel_canonical(struct ovsnl_tunnel *t)
{
	if ((t->attrs & OVSNL_TUN_TOS) && !t->tos)
		t->attrs &= ~OVSNL_TUN_TOS;
}

/* ---- matches ---- */

int ovsnl_match_encode(const struct ovsnl_match *m, struct ovsnl_bytes *key,
		       struct ovsnl_bytes *mask)
{
	uint8_t eth[12] = { 0 };	/* struct ovs_key_ethernet: all wildcarded */
	uint32_t exact = UINT32_MAX;
	int ret;

	key->len = mask->len = 0;
	if (m->has_tunnel) {
		ret = put_tunnel(key, &m->tun);
		if (!ret)
			ret = put_tunnel(mask, &m->tun_mask);
		if (ret)
			return ret;
	}
	if (PUT(key, OVS_KEY_ATTR_IN_PORT, m->in_port) < 0 ||
	    PUT(mask, OVS_KEY_ATTR_IN_PORT, exact) < 0 ||
	    PUT(key, OVS_KEY_ATTR_ETHERNET, eth) < 0 || PUT(mask, OVS_KEY_ATTR_ETHERNET, eth) < 0)
		return -ENOMEM;
	return 0;
}

int ovsnl_match_in_port(const void *key, size_t len, uint32_t *in_port)
{
	const struct nlattr *a = find_attr(key, len, OVS_KEY_ATTR_IN_PORT);

	if (!a || attr_len(a) != sizeof(*in_port))
		return -ENOENT;
	memcpy(in_port, attr_data(a), sizeof(*in_port));
	return 0;
}

/* ---- actions ---- */

int ovsnl_actions_encode(const struct ovsnl_action *acts, size_t n, struct ovsnl_bytes *out)
{
	size_t i;

	out->len = 0;
	for (i = 0; i < n; i++) {
		long r;

		if (acts[i].type == OVSNL_ACT_OUTPUT) {
			r = PUT(out, OVS_ACTION_ATTR_OUTPUT, acts[i].port);
		} else {
			r = nest_start(out, OVS_ACTION_ATTR_SET);
			if (r >= 0) {
				int e = put_tunnel(out, &acts[i].tun);

				if (!e)
					e = nest_end(out, r);
				r = e;
			}
		}
		if (r < 0)
			return (int)r;
	}
	return 0;
}

int ovsnl_actions_decode(const void *buf, size_t len, struct ovsnl_action **out, size_t *n)
{
	const struct nlattr *a;
	struct ovsnl_action *v = NULL;
	size_t cnt = 0, cap = 0;
	int rem, ret = 0;

	*out = NULL;
	*n = 0;
	if (!stream_ok(buf, len))
		return -EPROTO;
	for_each_attr(a, buf, len, rem) {
		struct ovsnl_action act = { 0 };

		if (attr_type(a) == OVS_ACTION_ATTR_OUTPUT) {
			if (attr_len(a) != sizeof(uint32_t)) {
				ret = -EPROTO;
				break;
			}
			act.type = OVSNL_ACT_OUTPUT;
			memcpy(&act.port, attr_data(a), sizeof(act.port));
		} else if (attr_type(a) == OVS_ACTION_ATTR_SET) {
			const struct nlattr *k = attr_data(a);

			if (attr_len(a) < NLA_HDRLEN || k->nla_len > attr_len(a) ||
			    k->nla_len < NLA_HDRLEN) {
				ret = -EPROTO;
				break;
			}
			if (attr_type(k) != OVS_KEY_ATTR_TUNNEL) {
				ret = -EOPNOTSUPP;
				break;
			}
			act.type = OVSNL_ACT_SET_TUNNEL;
			ret = get_tunnel(attr_data(k), attr_len(k), &act.tun);
			if (ret)
				break;
			tunnel_canonical(&act.tun);
		} else {
			ret = -EOPNOTSUPP;
			break;
		}
		if (cnt == cap) {
			struct ovsnl_action *p;

			cap = cap ? 2 * cap : 16;
			p = realloc(v, cap * sizeof(*v));
			if (!p) {
				ret = -ENOMEM;
				break;
			}
			v = p;
		}
		v[cnt++] = act;
	}
	if (ret) {
		free(v);
		return ret;
	}
	*out = v;
	*n = cnt;
	return 0;
}

int ovsnl_actions_canonical(const void *buf, size_t len, struct ovsnl_bytes *out)
{
	struct ovsnl_action *v;
	size_t n;
	int ret;

	ret = ovsnl_actions_decode(buf, len, &v, &n);
	if (ret)
		return ret;
	ret = ovsnl_actions_encode(v, n, out);
	free(v);
	return ret;
}

/* ---- formatting ---- */

struct strb {
	struct ovsnl_bytes b;
	bool oom;
};

static void sprintf_(struct strb *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sprintf_(struct strb *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (s->oom)
		return;
	for (;;) {
		size_t room = s->b.cap - s->b.len;

		va_start(ap, fmt);
		n = vsnprintf((char *)s->b.data + s->b.len, room, fmt, ap);
		va_end(ap);
		if (n < 0) {
			s->oom = true;
			return;
		}
		if ((size_t)n < room) {
			s->b.len += (size_t)n;
			return;
		}
		if (bytes_reserve(&s->b, (size_t)n + 1)) {
			s->oom = true;
			return;
		}
	}
}

static char *strb_finish(struct strb *s)
{
	if (s->oom) {
		ovsnl_bytes_free(&s->b);
		return NULL;
	}
	return s->b.data;
}

static void strb_init(struct strb *s)
{
	memset(s, 0, sizeof(*s));
	if (bytes_reserve(&s->b, 128))
		s->oom = true;
	else
		((char *)s->b.data)[0] = '\0';
}

static bool all_zero(const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len--)
		if (*b++)
			return false;
	return true;
}

static bool all_ones(const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len--)
		if (*b++ != 0xff)
			return false;
	return true;
}

static void fmt_hex(struct strb *s, const void *p, size_t len)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		sprintf_(s, "%02x", b[i]);
}

static void fmt_addr(struct strb *s, int family, const void *addr)
{
	char buf[INET6_ADDRSTRLEN];

	if (!inet_ntop(family, addr, buf, sizeof(buf)))
		snprintf(buf, sizeof(buf), "?");
	sprintf_(s, "%s", buf);
}

/*
 * One tunnel field: name=value, with "/mask" when the mask is neither
 * all-ones nor absent (the kernel's view: absent in the mask is wildcarded,
 * so a field whose mask is absent prints as value/0).
 */
/* A tunnel address field: name=addr, and /mask unless the mask is all-ones (or absent). */
static void fmt_tun_addr(struct strb *s, const char *sep, const char *name, int family,
			 const uint8_t *addr, const uint8_t *mask)
{
	sprintf_(s, "%s%s=", sep, name);
	fmt_addr(s, family, addr);
	if (mask && !all_ones(mask, family == AF_INET6 ? 16 : 4)) {
		sprintf_(s, "/");
		fmt_addr(s, family, mask);
	}
}

static void fmt_tun_fields(struct strb *s, const struct ovsnl_tunnel *t,
			   const struct ovsnl_tunnel *m)
{
	static const uint8_t zero[16];
	const char *sep = "";

#define MASKED(bit) (m && !(m->attrs & (bit)))
	if (t->attrs & OVSNL_TUN_ID) {
		sprintf_(s, "%stun_id=0x%" PRIx64, sep, t->id);
		if (m && (!(m->attrs & OVSNL_TUN_ID) || m->id != UINT64_MAX))
			sprintf_(s, "/0x%" PRIx64, (m->attrs & OVSNL_TUN_ID) ? m->id : 0);
		sep = ",";
	}
	if (t->attrs & OVSNL_TUN_SRC) {
		fmt_tun_addr(s, sep, t->family == AF_INET6 ? "ipv6_src" : "src", t->family, t->src,
			     m ? (MASKED(OVSNL_TUN_SRC) ? zero : m->src) : NULL);
		sep = ",";
	}
	if (t->attrs & OVSNL_TUN_DST) {
		fmt_tun_addr(s, sep, t->family == AF_INET6 ? "ipv6_dst" : "dst", t->family, t->dst,
			     m ? (MASKED(OVSNL_TUN_DST) ? zero : m->dst) : NULL);
		sep = ",";
	}
	if (t->attrs & OVSNL_TUN_TOS) {
		sprintf_(s, "%stos=0x%x", sep, t->tos);
		if (m && (MASKED(OVSNL_TUN_TOS) || m->tos != 0xff))
			sprintf_(s, "/0x%x", m->tos);
		sep = ",";
	}
	if (t->attrs & OVSNL_TUN_TTL) {
		sprintf_(s, "%sttl=%u", sep, t->ttl);
		if (m && (MASKED(OVSNL_TUN_TTL) || m->ttl != 0xff))
			sprintf_(s, "/0x%x", m->ttl);
		sep = ",";
	}
#undef MASKED
	/* Matched flags as flags(+key-df): + set, - clear; actions as flags(df|key). */
	{
		static const struct {
			unsigned int bit;
			const char *name;
		} fl[] = { { OVSNL_TUN_DF, "df" }, { OVSNL_TUN_CSUM, "csum" }, { OVSNL_TUN_ID, "key" } };
		const char *open = "flags(";
		size_t i;

		for (i = 0; i < sizeof(fl) / sizeof(fl[0]); i++) {
			bool set = t->attrs & fl[i].bit;

			if (m ? !(m->attrs & fl[i].bit) : !set)
				continue;
			if (m)
				sprintf_(s, "%s%s%s%s", *open ? sep : "", open, set ? "+" : "-",
					 fl[i].name);
			else
				sprintf_(s, "%s%s%s", *open ? sep : "|", open, fl[i].name);
			open = "";
		}
		if (!*open)
			sprintf_(s, ")");
	}
}

static void fmt_raw(struct strb *s, const struct nlattr *a, const struct nlattr *ma)
{
	sprintf_(s, "key%u(", attr_type(a));
	fmt_hex(s, attr_data(a), attr_len(a));
	if (ma) {
		sprintf_(s, "/");
		fmt_hex(s, attr_data(ma), attr_len(ma));
	}
	sprintf_(s, ")");
}

static void fmt_mac(struct strb *s, const uint8_t *m)
{
	sprintf_(s, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* A scalar key field: name(value) or name(value/mask). */
static void fmt_scalar(struct strb *s, const char *name, const struct nlattr *a,
		       const struct nlattr *ma, bool hex)
{
	uint64_t v = 0, m = 0;
	size_t l = attr_len(a);
	bool be = hex;

	if (l != 1 && l != 2 && l != 4) {
		fmt_raw(s, a, ma);
		return;
	}
	if (ma && attr_len(ma) != l) {
		fmt_raw(s, a, ma);
		return;
	}
	if (l == 1) {
		v = *(const uint8_t *)attr_data(a);
		m = ma ? *(const uint8_t *)attr_data(ma) : 0;
	} else if (l == 2) {
		uint16_t x, y = 0;

		memcpy(&x, attr_data(a), 2);
		if (ma)
			memcpy(&y, attr_data(ma), 2);
		v = be ? ntohs(x) : x;
		m = be ? ntohs(y) : y;
	} else {
		uint32_t x, y = 0;

		memcpy(&x, attr_data(a), 4);
		if (ma)
			memcpy(&y, attr_data(ma), 4);
		v = x;
		m = y;
	}
	sprintf_(s, hex ? "%s(0x%04" PRIx64 : "%s(%" PRIu64, name, v);
	if (ma && !all_ones(attr_data(ma), l))
		sprintf_(s, hex ? "/0x%04" PRIx64 : "/0x%" PRIx64, m);
	sprintf_(s, ")");
}

static const char *key_name(uint16_t type)
{
	switch (type) {
	case OVS_KEY_ATTR_PRIORITY:
		return "skb_priority";
	case OVS_KEY_ATTR_SKB_MARK:
		return "skb_mark";
	case OVS_KEY_ATTR_RECIRC_ID:
		return "recirc_id";
	case OVS_KEY_ATTR_DP_HASH:
		return "dp_hash";
	case OVS_KEY_ATTR_IN_PORT:
		return "in_port";
	case OVS_KEY_ATTR_CT_STATE:
		return "ct_state";
	case OVS_KEY_ATTR_CT_ZONE:
		return "ct_zone";
	case OVS_KEY_ATTR_CT_MARK:
		return "ct_mark";
	}
	return NULL;
}

char *ovsnl_format_key(const void *key, size_t key_len, const void *mask, size_t mask_len)
{
	const struct nlattr *a;
	const char *sep = "";
	struct strb s;
	int rem;

	strb_init(&s);
	for_each_attr(a, key, key_len, rem) {
		uint16_t t = attr_type(a);
		const struct nlattr *ma = mask ? find_attr(mask, mask_len, t) : NULL;
		bool wild = mask && (!ma || all_zero(attr_data(ma), attr_len(ma)));

		if (t == OVS_KEY_ATTR_TUNNEL) {
			struct ovsnl_tunnel tk, tm;

			if (get_tunnel(attr_data(a), attr_len(a), &tk) ||
			    (ma && get_tunnel(attr_data(ma), attr_len(ma), &tm))) {
				sprintf_(&s, "%s", sep);
				fmt_raw(&s, a, ma);
			} else {
				sprintf_(&s, "%stunnel(", sep);
				fmt_tun_fields(&s, &tk, mask ? (ma ? &tm : &(struct ovsnl_tunnel){ 0 }) : NULL);
				sprintf_(&s, ")");
			}
		} else if (t == OVS_KEY_ATTR_ETHERNET && attr_len(a) == 12) {
			const uint8_t *k = attr_data(a);
			const uint8_t *m = ma && attr_len(ma) == 12 ? attr_data(ma) : NULL;

			/* Printed even when wildcarded: it says the packet is Ethernet. */
			sprintf_(&s, "%seth(", sep);
			if (!wild) {
				sprintf_(&s, "src=");
				fmt_mac(&s, k + 0);
				if (m && !all_ones(m + 0, 6)) {
					sprintf_(&s, "/");
					fmt_mac(&s, m + 0);
				}
				sprintf_(&s, ",dst=");
				fmt_mac(&s, k + 6);
				if (m && !all_ones(m + 6, 6)) {
					sprintf_(&s, "/");
					fmt_mac(&s, m + 6);
				}
			}
			sprintf_(&s, ")");
		} else if (wild) {
			continue;	/* as ovs-dpctl without -m: wildcarded fields are not shown */
		} else if (t == OVS_KEY_ATTR_ETHERTYPE) {
			sprintf_(&s, "%s", sep);
			fmt_scalar(&s, "eth_type", a, ma, true);
		} else if (key_name(t)) {
			sprintf_(&s, "%s", sep);
			fmt_scalar(&s, key_name(t), a, t == OVS_KEY_ATTR_IN_PORT ? NULL : ma, false);
		} else {
			sprintf_(&s, "%s", sep);
			fmt_raw(&s, a, ma);
		}
		sep = ",";
	}
	return strb_finish(&s);
}

char *ovsnl_format_actions(const void *acts, size_t len)
{
	const struct nlattr *a;
	const char *sep = "";
	struct strb s;
	int rem;

	strb_init(&s);
	if (!len)
		sprintf_(&s, "drop");
	for_each_attr(a, acts, len, rem) {
		sprintf_(&s, "%s", sep);
		sep = ",";
		if (attr_type(a) == OVS_ACTION_ATTR_OUTPUT && attr_len(a) == 4) {
			uint32_t port;

			memcpy(&port, attr_data(a), 4);
			sprintf_(&s, "%u", port);
			continue;
		}
		if (attr_type(a) == OVS_ACTION_ATTR_SET && attr_len(a) >= NLA_HDRLEN) {
			const struct nlattr *k = attr_data(a);
			struct ovsnl_tunnel t;

			if (k->nla_len <= attr_len(a) && k->nla_len >= NLA_HDRLEN &&
			    attr_type(k) == OVS_KEY_ATTR_TUNNEL &&
			    get_tunnel(attr_data(k), attr_len(k), &t) == 0) {
				sprintf_(&s, "set(tunnel(");
				fmt_tun_fields(&s, &t, NULL);
				sprintf_(&s, "))");
				continue;
			}
		}
		sprintf_(&s, "action%u(", attr_type(a));
		fmt_hex(&s, attr_data(a), attr_len(a));
		sprintf_(&s, ")");
	}
	return strb_finish(&s);
}

/*
 * As Open vSwitch prints a UFID (odp_format_ufid): four u32 in host byte
 * order, as a UUID, so that ovs-dpctl's "ufid:..." names the same flow.
 */
void ovsnl_format_ufid(const uint8_t ufid[OVSNL_UFID_LEN], char buf[OVSNL_UFID_STRLEN])
{
	uint32_t p[4];

	memcpy(p, ufid, sizeof(p));
	snprintf(buf, OVSNL_UFID_STRLEN, "%08x-%04x-%04x-%04x-%04x%08x", p[0], p[1] >> 16,
		 p[1] & 0xffff, p[2] >> 16, p[2] & 0xffff, p[3]);
}

static const char *flow_cmd_name(uint8_t cmd)
{
	switch (cmd) {
	case OVS_FLOW_CMD_NEW:
		return "OVS_FLOW_CMD_NEW";
	case OVS_FLOW_CMD_DEL:
		return "OVS_FLOW_CMD_DEL";
	case OVS_FLOW_CMD_GET:
		return "OVS_FLOW_CMD_GET";
	case OVS_FLOW_CMD_SET:
		return "OVS_FLOW_CMD_SET";
	}
	return "OVS_FLOW_CMD_?";
}

char *ovsnl_format_flow_req(uint8_t cmd, const struct ovsnl_flow *f)
{
	char ufid[OVSNL_UFID_STRLEN];
	char *k = NULL, *a = NULL;
	struct strb s;

	strb_init(&s);
	ovsnl_format_ufid(f->ufid, ufid);
	sprintf_(&s, "%s ufid=%s", flow_cmd_name(cmd), ufid);
	if (cmd == OVS_FLOW_CMD_NEW || cmd == OVS_FLOW_CMD_SET) {
		k = ovsnl_format_key(f->key, f->key_len, f->mask, f->mask_len);
		a = ovsnl_format_actions(f->actions, f->actions_len);
		if (!k || !a)
			s.oom = true;
		else
			sprintf_(&s, " key=%s actions=%s", k, a);
	}
	free(k);
	free(a);
	return strb_finish(&s);
}
