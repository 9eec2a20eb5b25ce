/* Fixture loading for the loopback TDS test server: a snapshot file's
 * rows go into the SQLite tables of the same names. */
#include "config.h"
#include <stdio.h>
#include "tds_server.h"

int fixture_load_snapshot(sqlite3 *db, const char *path)
{
	(void)db;
	fprintf(stderr, "tds-server: %s: snapshot fixtures need the snapshot reader\n", path);
	return -1;
}
