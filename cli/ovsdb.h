/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ovsdb.h - values as Open vSwitch's database tools write and read them:
 * atoms quoted when they must be, sets [a, b] and maps {k=v, ...}.
 */
#ifndef OVSDB_H
#define OVSDB_H

#include <stdbool.h>
#include <stdio.h>

bool ovsdb_needs_quotes(const char *s);
void ovsdb_atom_print(FILE *f, const char *s);	/* "..." (escaped) only when needed */
char *ovsdb_atom_parse(const char *s, char **err);	/* a whole word: "..." or as is */
char *ovsdb_key_parse(const char **p, const char *stop, char **err);	/* COL:KEY */

/* A set of atoms (v NULL) or a map, sorted; integer atoms compare as numbers. */
struct datum {
	size_t n;
	char **k, **v;
	bool map, num;
};
int datum_parse(const char *s, bool map, bool num, struct datum *d, char **err);
void datum_add(struct datum *d, const char *k, const char *v);
void datum_sort(struct datum *d);
void datum_free(struct datum *d);
int datum_cmp(const struct datum *a, const struct datum *b);
bool datum_includes_all(const struct datum *a, const struct datum *b);	/* a in b */

#endif
