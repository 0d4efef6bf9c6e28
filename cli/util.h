/* SPDX-License-Identifier: GPL-2.0 */
/*
 * util.h - errors and exit codes, names, numbers, JSON strings, the string set, allocation.
 */
#ifndef UTIL_H
#define UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <sysexits.h>
#include "model.h"

#define PROG_NAME "vportctl"

/* Exit codes (README "Exit codes"). */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* conflict, not found, refused by the kernel */
	EXIT_NOBRIDGE = 2,	/* br-exists: no such bridge */
	EXIT_USAGE = EX_USAGE,	/* 64 */
	EXIT_INVALID = EX_DATAERR,	/* 65 */
	EXIT_NODP = EX_UNAVAILABLE,	/* 69 */
	EXIT_TIMEOUT = EX_TEMPFAIL,	/* 75 */
	EXIT_PERM = EX_NOPERM,	/* 77 */
};

struct vctx;
struct vportnl_err;

int fail(struct vctx *c, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int fail_nl(struct vctx *c, int code, const struct vportnl_err *e, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vwarnx_(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
const char *shown(const char *s);	/* a name in a message: empty shows as '' */
bool valid_name(const char *s);
int check_name(struct vctx *c, const char *what, const char *s);
bool is_reserved_name(const char *s);
int parse_ulong(const char *s, unsigned long max, unsigned long *out);
void json_str(FILE *f, const char *s);
void strset_init(struct strset *s);
bool strset_add(struct strset *s, const char *str);	/* true if new */
bool strset_has(const struct strset *s, const char *str);
long strset_find(const struct strset *s, const char *str);	/* index or -1 */
void strset_free(struct strset *s);
void smap_init(struct smap *m);
void smap_free(struct smap *m);
const char *smap_get(const struct smap *m, const char *key);
void smap_set(struct smap *m, const char *key, const char *val);	/* val NULL removes */
void smap_copy(struct smap *dst, const struct smap *src);
bool smap_equal(const struct smap *a, const struct smap *b);
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
