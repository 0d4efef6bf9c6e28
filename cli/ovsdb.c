// SPDX-License-Identifier: GPL-2.0
/*
 * ovsdb.c - values as ovs-vsctl prints and parses them (lib/ovsdb-data.c):
 * a string is quoted unless it starts with a letter or '_' and holds only
 * letters, digits, '_', '-' and '.' (and is not true, false or a UUID); inside
 * the quotes it is escaped as a JSON string.  Sets and maps are parsed with
 * their delimiters optional, elements as words or quoted strings.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "ovsdb.h"

static bool is_uuid(const char *s)
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

	if (strlen(s) != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == '-' ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

bool ovsdb_needs_quotes(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!isalpha(*p) && *p != '_')
		return true;
	for (p++; *p; p++)
		if (!isalnum(*p) && *p != '_' && *p != '-' && *p != '.')
			return true;
	return !strcmp(s, "true") || !strcmp(s, "false") || is_uuid(s);
}

void ovsdb_atom_print(FILE *f, const char *s)
{
	if (ovsdb_needs_quotes(s))
		json_str(f, s);
	else
		fputs(s, f);
}

static char *errf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *errf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s ? s : xstrdup("out of memory");
}

static void put_utf8(char **w, unsigned cp)
{
	unsigned char *o = (unsigned char *)*w;

	if (cp < 0x80) {
		*o++ = cp;
	} else if (cp < 0x800) {
		*o++ = 0xc0 | cp >> 6;
		*o++ = 0x80 | (cp & 0x3f);
	} else {
		*o++ = 0xe0 | cp >> 12;
		*o++ = 0x80 | ((cp >> 6) & 0x3f);
		*o++ = 0x80 | (cp & 0x3f);
	}
	*w = (char *)o;
}

/* The JSON string at *s (past the opening quote): unescaped, *s past the closing one. */
static char *unquote(const char **s, const char *whole, char **err)
{
	const char *p = *s;
	char *out = xmalloc(strlen(p) * 3 + 1), *w = out;

	for (; *p && *p != '"'; p++) {
		if (*p != '\\') {
			*w++ = *p;
			continue;
		}
		switch (*++p) {
		case '"': case '\\': case '/': *w++ = *p; break;
		case 'b': *w++ = '\b'; break;
		case 'f': *w++ = '\f'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case 't': *w++ = '\t'; break;
		case 'u': {
			unsigned cp = 0;
			for (int i = 1; i <= 4; i++) {
				if (!isxdigit((unsigned char)p[i]))
					goto bad;
				cp = cp * 16 + (isdigit((unsigned char)p[i]) ? p[i] - '0' :
						(tolower((unsigned char)p[i]) - 'a' + 10));
			}
			if (!cp || (cp >= 0xd800 && cp < 0xe000))
				goto bad;
			put_utf8(&w, cp);
			p += 4;
			break;
		}
		default:
			goto bad;
		}
	}
	if (*p != '"') {
		*err = errf("%s: missing quote at end of quoted string", whole);
		free(out);
		return NULL;
	}
	*w = '\0';
	*s = p + 1;
	return out;
bad:
	*err = errf("%s: invalid escape in quoted string", whole);
	free(out);
	return NULL;
}

char *ovsdb_atom_parse(const char *s, char **err)
{
	const char *p = s + 1;
	char *v;

	*err = NULL;
	if (*s != '"')
		return xstrdup(s);
	v = unquote(&p, s, err);
	if (v && *p) {
		*err = errf("%s: trailing garbage after quoted string", s);
		free(v);
		return NULL;
	}
	return v;
}

/*
 * The key of COLUMN:KEY at *p: a "quoted" atom, or the text up to one of the
 * stop characters.  *p is left after it.  NULL (and *err) if it is invalid.
 */
char *ovsdb_key_parse(const char **p, const char *stop, char **err)
{
	const char *k = *p, *q = k;
	char *raw, *key;

	if (*k == '"') {
		for (q = k + 1; *q && *q != '"'; q += *q == '\\' && q[1] ? 2 : 1)
			;
		if (*q)
			q++;
	} else {
		q += strcspn(q, stop);
	}
	raw = xmalloc(q - k + 1);
	memcpy(raw, k, q - k);
	raw[q - k] = '\0';
	key = ovsdb_atom_parse(raw, err);
	free(raw);
	*p = q;
	return key;
}

/* One element word: a quoted string, or up to a delimiter (lib/ovsdb-data.c). */
static char *token(const char **s, const char *whole, char **err)
{
	const char *p = *s;

	if (*p == '"') {
		p++;
		char *v = unquote(&p, whole, err);
		*s = p;
		return v;
	}
	while (*p && !strchr(":=, []{}!<>\t", *p))
		p++;
	if (p == *s) {
		*err = errf("%s: syntax error at '%s'", whole, *p ? p : "end of input");
		return NULL;
	}
	char *v = xmalloc(p - *s + 1);
	memcpy(v, *s, p - *s);
	v[p - *s] = '\0';
	*s = p;
	return v;
}

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

void datum_add(struct datum *d, const char *k, const char *v)
{
	d->k = xrealloc(d->k, (d->n + 1) * sizeof(*d->k));
	d->k[d->n] = xstrdup(k);
	if (d->map) {
		d->v = xrealloc(d->v, (d->n + 1) * sizeof(*d->v));
		d->v[d->n] = xstrdup(v);
	}
	d->n++;
}

static int atom_cmp(const char *a, const char *b, bool num)
{
	if (num) {
		long long x = strtoll(a, NULL, 10), y = strtoll(b, NULL, 10);
		return x < y ? -1 : x > y;
	}
	return strcmp(a, b);
}

static const struct datum *sort_d;

static int idx_cmp(const void *a, const void *b)
{
	return atom_cmp(sort_d->k[*(const size_t *)a], sort_d->k[*(const size_t *)b], sort_d->num);
}

void datum_sort(struct datum *d)
{
	size_t *ix = xmalloc((d->n ? d->n : 1) * sizeof(*ix));
	char **k = xmalloc((d->n ? d->n : 1) * sizeof(*k)), **v = NULL;

	for (size_t i = 0; i < d->n; i++)
		ix[i] = i;
	sort_d = d;
	qsort(ix, d->n, sizeof(*ix), idx_cmp);
	if (d->map)
		v = xmalloc((d->n ? d->n : 1) * sizeof(*v));
	for (size_t i = 0; i < d->n; i++) {
		k[i] = d->k[ix[i]];
		if (v)
			v[i] = d->v[ix[i]];
	}
	free(d->k);
	free(d->v);
	free(ix);
	d->k = k;
	d->v = v;
}

void datum_free(struct datum *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->k[i]);
		if (d->v)
			free(d->v[i]);
	}
	free(d->k);
	free(d->v);
	d->k = d->v = NULL;
	d->n = 0;
}

static int check_atom(const char *a, bool num, const char *whole, char **err)
{
	char *end;

	if (!num)
		return 0;
	errno = 0;
	strtoll(a, &end, 10);
	if (errno || !*a || *end) {
		*err = errf("%s: \"%s\" is not a valid integer", whole, a);
		return -1;
	}
	return 0;
}

/*
 * "[a, b]" or "a,b" (a set), "{k=v, ...}" or "k=v" (a map), "[]" or "{}" empty.
 * Duplicates are an error, as in ovsdb_datum_from_string.
 */
int datum_parse(const char *s, bool map, bool num, struct datum *d, char **err)
{
	const char *p = skip_ws(s);
	char end = 0;

	memset(d, 0, sizeof(*d));
	d->map = map;
	d->num = num;
	*err = NULL;
	if (*p == (map ? '{' : '[')) {
		end = map ? '}' : ']';
		p++;
	} else if (!*p) {
		*err = errf("use \"%s\" to specify the empty %s", map ? "{}" : "[]",
			    map ? "map" : "set");
		return -1;
	}
	for (;;) {
		char *k, *v = NULL;

		p = skip_ws(p);
		if (end && *p == end) {
			p++;
			break;
		}
		if (!*p) {
			if (end) {
				*err = errf("%s: missing \"%c\" at end of %s", s, end, map ? "map" : "set");
				goto bad;
			}
			break;
		}
		if (d->n) {
			if (*p != ',') {
				*err = errf("%s: expected \",\" between elements", s);
				goto bad;
			}
			p = skip_ws(p + 1);
		}
		if (!(k = token(&p, s, err)))
			goto bad;
		if (map) {
			p = skip_ws(p);
			if (*p != '=') {
				*err = errf("%s: expected \"=\" after the key %s", s, k);
				free(k);
				goto bad;
			}
			p = skip_ws(p + 1);
			if (!(v = token(&p, s, err))) {
				free(k);
				goto bad;
			}
		}
		if (check_atom(k, num, s, err)) {
			free(k);
			free(v);
			goto bad;
		}
		datum_add(d, k, v);
		free(k);
		free(v);
	}
	p = skip_ws(p);
	if (*p) {
		*err = errf("%s: trailing garbage after %s", s, map ? "map" : "set");
		goto bad;
	}
	datum_sort(d);
	for (size_t i = 1; i < d->n; i++)
		if (!atom_cmp(d->k[i - 1], d->k[i], num)) {
			*err = errf("%s: %s contains duplicate %s %s", s, map ? "map" : "set",
				    map ? "key" : "value", d->k[i]);
			goto bad;
		}
	return 0;
bad:
	datum_free(d);
	return -1;
}

/* As ovsdb_datum_compare_3way: the number of elements first, then keys, then values. */
int datum_cmp(const struct datum *a, const struct datum *b)
{
	int r;

	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (size_t i = 0; i < a->n; i++)
		if ((r = atom_cmp(a->k[i], b->k[i], a->num)))
			return r;
	for (size_t i = 0; a->map && b->map && i < a->n; i++)
		if ((r = strcmp(a->v[i], b->v[i])))
			return r;
	return 0;
}

/* Every element of a (key and value, for a map) is in b. */
bool datum_includes_all(const struct datum *a, const struct datum *b)
{
	for (size_t i = 0; i < a->n; i++) {
		bool found = false;
		for (size_t j = 0; j < b->n && !found; j++)
			found = !atom_cmp(a->k[i], b->k[j], a->num) &&
				(!a->map || !b->map || !strcmp(a->v[i], b->v[j]));
		if (!found)
			return false;
	}
	return true;
}
