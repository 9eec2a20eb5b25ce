/* SPDX-License-Identifier: MIT */
/* The snapshot writer: libxml2's xmlTextWriter over an atomic output
 * file. Each row is written and forgotten, so memory stays flat. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libxml/xmlwriter.h>
#include "base/atomic.h"
#include "base/i18n.h"
#include "source/rowmap.h"
#include "source/snapshot_writer.h"
#include "base/timeconv.h"
#include "base/util.h"
#include "base/xmlescape.h"

struct pcm_snapshot_writer {
	struct pcm_atomic out;
	xmlTextWriterPtr xw;
	int write_failed;
};

/* libxml2's output callback: straight into the temporary file. */
static int write_cb(void *ctx, const char *buf, int len)
{
	struct pcm_snapshot_writer *w = ctx;

	if (fwrite(buf, 1, (size_t)len, w->out.fp) != (size_t)len) {
		w->write_failed = 1;
		return -1;
	}
	return len;
}

/* The file is closed by commit or abort, not by libxml2. */
static int close_cb(void *ctx)
{
	(void)ctx;
	return 0;
}

/* Writes name="value" with value in pcm1 form (the root declares it):
 * control characters, which XML 1.0 cannot hold, become \xHEX;. */
static int write_text(struct pcm_snapshot_writer *w, const char *name, const char *value)
{
	char *enc;
	int rc;

	if (!pcm_esc_needed(value) && !pcm_esc_present(value))      /* the usual case */
		return xmlTextWriterWriteAttribute(w->xw, BAD_CAST name, BAD_CAST value) < 0;
	enc = pcm_esc_encode(value);
	rc = xmlTextWriterWriteAttribute(w->xw, BAD_CAST name, BAD_CAST enc) < 0;
	free(enc);
	return rc;
}

static int failed(struct pcm_snapshot_writer *w, struct pcm_error *err)
{
	pcm_error_set(err, _("cannot write %s: %s"), w->out.path,
	              w->write_failed ? _("write error (disk full?)") : _("XML writer error"));
	return -1;
}

struct pcm_snapshot_writer *pcm_snapshot_writer_open(const char *path,
                                                     const struct pcm_source_info *info,
                                                     struct pcm_error *err)
{
	struct pcm_snapshot_writer *w = pcm_xcalloc(1, sizeof *w);
	xmlOutputBufferPtr ob;
	char now[32], offset[16];
	int rc = 0;

	if (pcm_atomic_open(&w->out, path, 0, err) != 0) {
		free(w);
		return NULL;
	}
	ob = xmlOutputBufferCreateIO(write_cb, close_cb, w, NULL);
	w->xw = ob ? xmlNewTextWriter(ob) : NULL;
	if (!w->xw) {
		pcm_error_set(err, _("cannot write %s: %s"), path, _("XML writer error"));
		pcm_snapshot_writer_abort(w);
		return NULL;
	}
	if (!info->taken_at)
		pcm_format_ticks(pcm_ticks_from_unix((int64_t)time(NULL)), now, sizeof now);
	snprintf(offset, sizeof offset, "%d", (int)info->utc_offset_minutes);
	xmlTextWriterSetIndent(w->xw, 1);
	xmlTextWriterSetIndentString(w->xw, BAD_CAST "  ");
	rc |= xmlTextWriterStartDocument(w->xw, "1.0", "UTF-8", NULL) < 0;
	rc |= xmlTextWriterStartElement(w->xw, BAD_CAST "groupChatSnapshot") < 0;
	rc |= xmlTextWriterWriteAttribute(w->xw, BAD_CAST "formatVersion", BAD_CAST "1") < 0;
	rc |= xmlTextWriterWriteAttribute(w->xw, BAD_CAST PCM_ESCAPE_ATTR, BAD_CAST PCM_ESCAPE_PCM1) < 0;
	rc |= write_text(w, "server", info->server ? info->server : "");
	rc |= write_text(w, "database", info->database ? info->database : "");
	rc |= xmlTextWriterWriteAttribute(w->xw, BAD_CAST "takenAt",
	                                  BAD_CAST (info->taken_at ? info->taken_at : now)) < 0;
	rc |= xmlTextWriterWriteAttribute(w->xw, BAD_CAST "serverUtcOffsetMinutes", BAD_CAST offset) < 0;
	if (info->lookup_server_uri && *info->lookup_server_uri)
		rc |= write_text(w, "lookupServerUri", info->lookup_server_uri);
	if (rc) {
		failed(w, err);
		pcm_snapshot_writer_abort(w);
		return NULL;
	}
	return w;
}

int pcm_snapshot_writer_row(struct pcm_snapshot_writer *w, const struct pcm_row *row,
                            struct pcm_error *err)
{
	size_t i;
	int rc = 0;

	if (!pcm_is_known_table(row->table)) {
		pcm_error_set(err, _("%s: unknown table %s"), row->where, row->table);
		return -1;
	}
	for (i = 0; i < row->ncols; i++) {
		if (row->values[i] && !pcm_utf8_valid(row->values[i], strlen(row->values[i]))) {
			pcm_error_set(err, _("%s: %s %s holds invalid UTF-8, which a snapshot cannot carry"),
			              row->where, row->table, row->names[i]);
			return -1;
		}
	}
	rc |= xmlTextWriterStartElement(w->xw, BAD_CAST row->table) < 0;
	for (i = 0; i < row->ncols; i++)
		if (row->values[i])
			rc |= write_text(w, row->names[i], row->values[i]);
	rc |= xmlTextWriterEndElement(w->xw) < 0;
	return rc ? failed(w, err) : 0;
}

int pcm_snapshot_writer_commit(struct pcm_snapshot_writer *w, struct pcm_error *err)
{
	int rc = 0;

	rc |= xmlTextWriterEndDocument(w->xw) < 0;    /* closes the root */
	rc |= xmlTextWriterFlush(w->xw) < 0;
	xmlFreeTextWriter(w->xw);
	w->xw = NULL;
	if (rc || w->write_failed) {
		failed(w, err);
		pcm_snapshot_writer_abort(w);
		return -1;
	}
	rc = pcm_atomic_commit(&w->out, err);
	free(w);
	return rc;
}

void pcm_snapshot_writer_abort(struct pcm_snapshot_writer *w)
{
	if (!w)
		return;
	if (w->xw)
		xmlFreeTextWriter(w->xw);
	pcm_atomic_abort(&w->out);
	free(w);
}
