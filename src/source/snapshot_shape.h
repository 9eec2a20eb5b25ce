/* SPDX-License-Identifier: MIT */
/* The shape of each snapshot row: which columns a table has, which are
 * required and what form their values take. It is read from the RELAX NG
 * schema itself (data/snapshot.rng), so the schema stays the one
 * definition of the format, and checked per row in C: libxml2's RELAX NG
 * validator cost three times the parse on a large snapshot.
 *
 * The schema's row definitions use one small pattern (an element holding
 * required and optional attributes, each a ref to a named value form, and
 * "any other attribute"); a schema outside that pattern is refused when
 * loaded, so the checker can never silently check less than the schema
 * says. tests/test_snapshot_shape.c compares both on every test file. */
#ifndef PCM_SNAPSHOT_SHAPE_H
#define PCM_SNAPSHOT_SHAPE_H

#include <stdbool.h>
#include <stddef.h>
#include "base/error.h"
#include "source/source.h"

/* The value forms the schema names (its <define>s without an element). */
enum pcm_value_form {
	PCM_FORM_TEXT,              /* any string */
	PCM_FORM_BIT,               /* 0, 1, true, false (a token) */
	PCM_FORM_SMALLINT,          /* xsd:short */
	PCM_FORM_INT,               /* xsd:int */
	PCM_FORM_BIGINT,            /* xsd:long */
	PCM_FORM_GUID,              /* 8-4-4-4-12 hex digits */
	PCM_FORM_DATETIME,          /* YYYY-MM-DDThh:mm:ss[.f{1,7}] */
};

struct pcm_shape_column {
	const char *name;
	enum pcm_value_form form;
	bool required;
};

struct pcm_shape_table {
	const char *name;
	struct pcm_shape_column *cols;
	size_t ncols;
	size_t nrequired;
};

struct pcm_shapes {
	struct pcm_shape_table *tables;
	size_t ntables;
};

/* Reads the row shapes from the schema file. NULL with err naming the
 * file and the construct it does not understand. */
struct pcm_shapes *pcm_shapes_load(const char *rng_path, struct pcm_error *err);
void pcm_shapes_free(struct pcm_shapes *s);
/* The table's shape, NULL for a table the schema does not name. */
const struct pcm_shape_table *pcm_shapes_table(const struct pcm_shapes *s, const char *table);
/* The column's shape in t, NULL for a column the schema leaves open. */
const struct pcm_shape_column *pcm_shape_column(const struct pcm_shape_table *t, const char *name);
/* Whether value has the form (with the schema's whitespace rules). */
bool pcm_value_has_form(const char *value, enum pcm_value_form form);
/* Checks one row against its table's shape: every column named by the
 * schema has its form, every required column is there. cols[i] is row
 * column i's shape as the caller looked it up (pcm_shape_column; NULL for
 * an open column). 0, or -1 with err naming row->where, the
 * table and the column. */
int pcm_shape_check_row(const struct pcm_shape_table *t, const struct pcm_row *row,
                        const struct pcm_shape_column *const *cols, struct pcm_error *err);

#endif
