// SPDX-License-Identifier: GPL-2.0
/*
 * util.c - errors, names, numbers, JSON strings and a small string set.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "vportctl.h"

static int vfail(struct vctx *c, int code, const char *kmsg, const char *fmt, va_list ap)
{
	if (c->exit_code)	/* the first error is the one reported */
		return -1;
	c->exit_code = code;
	int n = 0;
	if (c->where)
		n = snprintf(c->err, sizeof(c->err), "%s", c->where);
	vsnprintf(c->err + n, sizeof(c->err) - n, fmt, ap);
	if (!c->err[n])		/* no message (br-exists): nothing to print */
		c->err[0] = '\0';
	snprintf(c->kerr, sizeof(c->kerr), "%s", kmsg ? kmsg : "");
	return -1;
}

int fail(struct vctx *c, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(c, code, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int fail_nl(struct vctx *c, int code, const struct vportnl_err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(c, code, e ? e->msg : NULL, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * The length of the valid UTF-8 sequence at p (1-4), or 0: no overlong forms,
 * no surrogates, nothing above U+10FFFF.
 */
static int utf8_len(const unsigned char *p)
{
	int len;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4;
	else
		return 0;
	for (int i = 1; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
		return 0;
	return len;
}

/*
 * A message on stderr.  It may echo anything the user gave: control bytes
 * (C0, DEL, C1) and bytes that are not UTF-8 are written as \xNN, so that no
 * value can drive the terminal.
 */
void vwarnx_(const char *fmt, va_list ap)
{
	char buf[2048];
	va_list aq;

	va_copy(aq, ap);
	int n = vsnprintf(buf, sizeof(buf), fmt, aq);
	va_end(aq);
	char *msg = n >= (int)sizeof(buf) ? xmalloc(n + 1) : buf;
	if (msg != buf)
		vsnprintf(msg, n + 1, fmt, ap);
	fputs(PROG_NAME ": ", stderr);
	for (const unsigned char *p = (const unsigned char *)msg; n > 0 && *p;) {
		int len = utf8_len(p);
		if (len == 1 && *p >= 0x20 && *p != 0x7f) {
			fputc(*p++, stderr);
		} else if (len > 1 && !(p[0] == 0xc2 && p[1] < 0xa0)) {
			fwrite(p, 1, len, stderr);
			p += len;
		} else {
			for (int i = 0; i < (len ? len : 1); i++)
				fprintf(stderr, "\\x%02x", *p++);
		}
	}
	fputc('\n', stderr);
	if (msg != buf)
		free(msg);
}

/* A name in a message: an empty one shows as ''. */
const char *shown(const char *s)
{
	return *s ? s : "''";
}

void warnx_(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx_(fmt, ap);
	va_end(ap);
}

/* 1-15 bytes of [A-Za-z0-9_.-], not "." or "..". */
bool valid_name(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > NAME_MAX_LEN || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (const char *p = s; *p; p++) {
		char ch = *p;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-'))
			return false;
	}
	return true;
}

static const char *const reserved_prefixes[] = {
	"vxlan_sys", "genev_sys", "gre_sys", "lisp_sys", "stt_sys", "erspan_sys",
	"ip6erspan_sys", "ip6gre_sys", "gtpu_sys", "udp_sys", "srv6_sys", NULL
};

bool is_reserved_name(const char *s)
{
	if (!strcmp(s, DP_NAME) || !strcmp(s, "ovs-netdev"))
		return true;
	for (int i = 0; reserved_prefixes[i]; i++)
		if (!strncmp(s, reserved_prefixes[i], strlen(reserved_prefixes[i])))
			return true;
	return false;
}

/* Quote a user-supplied string for an error message, keeping it printable. */
static const char *printable(const char *s, char *buf, size_t len)
{
	size_t j = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p && j + 5 < len; p++) {
		if (*p >= 0x20 && *p < 0x7f)
			buf[j++] = *p;
		else
			j += snprintf(buf + j, len - j, "\\x%02x", *p);
	}
	buf[j] = '\0';
	return buf;
}

int check_name(struct vctx *c, const char *what, const char *s)
{
	char buf[96];
	size_t n = strlen(s);

	if (n == 0)
		return fail(c, EXIT_INVALID, "invalid %s name '': names must not be empty", what);
	if (n > NAME_MAX_LEN)
		return fail(c, EXIT_INVALID,
			    "invalid %s name '%s': %zu bytes long, at most %d allowed",
			    what, printable(s, buf, sizeof(buf)), n, NAME_MAX_LEN);
	if (!valid_name(s))
		return fail(c, EXIT_INVALID,
			    "invalid %s name '%s': expected 1-%d characters of A-Z a-z 0-9 _ . -"
			    " (not '.' or '..')", what, printable(s, buf, sizeof(buf)), NAME_MAX_LEN);
	if (is_reserved_name(s))
		return fail(c, EXIT_INVALID,
			    "invalid %s name '%s': the name is reserved for the datapath or a "
			    "tunnel backer", what, s);
	return 0;
}

/* Decimal only, no sign, no spaces, no leading garbage. */
int parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (!*s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/*
 * A JSON string, valid UTF-8 whatever the bytes: a byte that is not part of a
 * valid UTF-8 sequence is escaped as \u00XX (the character of that code).
 */
void json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	while (*p) {
		unsigned char ch = *p;
		int len = utf8_len(p);

		if (len == 1) {
			switch (ch) {
			case '"': fputs("\\\"", f); break;
			case '\\': fputs("\\\\", f); break;
			case '\n': fputs("\\n", f); break;
			case '\t': fputs("\\t", f); break;
			case '\r': fputs("\\r", f); break;
			default:
				if (ch < 0x20 || ch == 0x7f)
					fprintf(f, "\\u%04x", ch);
				else
					fputc(ch, f);
			}
			p++;
		} else if (len > 1) {
			fwrite(p, 1, len, f);
			p += len;
		} else {
			fprintf(f, "\\u%04x", ch);
			p++;
		}
	}
	fputc('"', f);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		warnx_("out of memory");
		exit(EXIT_FAIL);
	}
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		warnx_("out of memory");
		exit(EXIT_FAIL);
	}
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

static size_t hash_str(const char *s)
{
	size_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

void strset_init(struct strset *s)
{
	memset(s, 0, sizeof(*s));
}

static size_t *strset_slot(const struct strset *s, const char *str)
{
	size_t i = hash_str(str) & (s->tabcap - 1);

	while (s->tab[i] && strcmp(s->v[s->tab[i] - 1], str))
		i = (i + 1) & (s->tabcap - 1);
	return &s->tab[i];
}

bool strset_has(const struct strset *s, const char *str)
{
	return s->tabcap && *strset_slot(s, str);
}

long strset_find(const struct strset *s, const char *str)
{
	return s->tabcap ? (long)*strset_slot(s, str) - 1 : -1;
}

bool strset_add(struct strset *s, const char *str)
{
	if ((s->n + 1) * 2 > s->tabcap) {
		size_t cap = s->tabcap ? s->tabcap * 2 : 64;
		free(s->tab);
		s->tab = calloc(cap, sizeof(*s->tab));
		if (!s->tab) {
			warnx_("out of memory");
			exit(EXIT_FAIL);
		}
		s->tabcap = cap;
		for (size_t i = 0; i < s->n; i++)
			*strset_slot(s, s->v[i]) = i + 1;
	}
	size_t *slot = strset_slot(s, str);
	if (*slot)
		return false;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = xstrdup(str);
	*slot = s->n;
	return true;
}

void strset_free(struct strset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	free(s->tab);
	strset_init(s);
}

void smap_init(struct smap *m)
{
	memset(m, 0, sizeof(*m));
}

void smap_free(struct smap *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->k[i]);
		free(m->v[i]);
	}
	free(m->k);
	free(m->v);
	smap_init(m);
}

/* The index of key, or where it would go (*found false). */
static size_t smap_pos(const struct smap *m, const char *key, bool *found)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int cmp = strcmp(m->k[mid], key);
		if (!cmp) {
			*found = true;
			return mid;
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

const char *smap_get(const struct smap *m, const char *key)
{
	bool found;
	size_t i = smap_pos(m, key, &found);

	return found ? m->v[i] : NULL;
}

void smap_set(struct smap *m, const char *key, const char *val)
{
	bool found;
	size_t i = smap_pos(m, key, &found);

	if (found) {
		free(m->v[i]);
		if (val) {
			m->v[i] = xstrdup(val);
			return;
		}
		free(m->k[i]);
		memmove(&m->k[i], &m->k[i + 1], (m->n - i - 1) * sizeof(*m->k));
		memmove(&m->v[i], &m->v[i + 1], (m->n - i - 1) * sizeof(*m->v));
		m->n--;
		return;
	}
	if (!val)
		return;
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 8;
		m->k = xrealloc(m->k, m->cap * sizeof(*m->k));
		m->v = xrealloc(m->v, m->cap * sizeof(*m->v));
	}
	memmove(&m->k[i + 1], &m->k[i], (m->n - i) * sizeof(*m->k));
	memmove(&m->v[i + 1], &m->v[i], (m->n - i) * sizeof(*m->v));
	m->k[i] = xstrdup(key);
	m->v[i] = xstrdup(val);
	m->n++;
}

void smap_copy(struct smap *dst, const struct smap *src)
{
	smap_init(dst);
	for (size_t i = 0; i < src->n; i++)
		smap_set(dst, src->k[i], src->v[i]);
}

bool smap_equal(const struct smap *a, const struct smap *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->k[i], b->k[i]) || strcmp(a->v[i], b->v[i]))
			return false;
	return true;
}
