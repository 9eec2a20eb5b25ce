/* SPDX-License-Identifier: MIT */
/* The legacy deployment in memory: categories and rooms as one tree,
 * principals, role assignments, add-ins, uploaded-file references and the
 * backup history. Messages are NOT here: a source streams them (source.h);
 * the model keeps only per-room counts, so memory grows with rooms, not
 * with messages. Filled by rowmap.c from legacy rows. */
#ifndef PCM_MODEL_H
#define PCM_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define PCM_NONE UINT32_MAX     /* "no index" for node/principal links */
#define PCM_ROOT_NODE_ID 1      /* legacy-schema.md: the root is nodeID 1 */

/* A nullable legacy bit (invite, logged, filePost). */
enum pcm_tristate { PCM_NULL = -1, PCM_OFF = 0, PCM_ON = 1 };

enum pcm_role_kind {
	PCM_ROLE_MEMBER,
	PCM_ROLE_MANAGER,
	PCM_ROLE_VOICED,        /* presenter of an auditorium room */
	PCM_ROLE_CREATOR,
	PCM_ROLE_OTHER,         /* a role description we do not migrate */
};

enum pcm_principal_kind {
	PCM_PRIN_USER,
	PCM_PRIN_GROUP,
	PCM_PRIN_FEDERATED_USER,
	PCM_PRIN_FEDERATED_GROUP,
	PCM_PRIN_SYSTEM,
	PCM_PRIN_OTHER,
};

/* behavior column */
#define PCM_BEHAVIOR_NORMAL 4
#define PCM_BEHAVIOR_AUDITORIUM 5
/* visibility column */
#define PCM_VIS_PRIVATE 2
#define PCM_VIS_SCOPED 3
#define PCM_VIS_OPEN 6

/* One (room, UTC day) bucket of the message histogram. */
struct pcm_day_count {
	int32_t day;            /* days since 1970-01-01 UTC */
	uint32_t count;
	/* the earliest and latest message of the bucket, so a time inside
	 * the day (the newest backup's finish, a cutoff at 14:00) splits the
	 * bucket exactly unless it falls strictly between them */
	int64_t first_ticks, last_ticks;
};

/* Per-room message facts gathered while the source streams the messages
 * once at load time. A fixed size per room, plus the day histogram when
 * the deployment asks for one (see struct pcm_counting). */
struct pcm_room_stats {
	uint64_t messages;
	int64_t first_ticks, last_ticks;      /* 0 when no messages */
	int64_t last_chat_id;                  /* ordering check */
	uint64_t after_backup;                 /* posted after the newest full backup */
	uint64_t before_cutoff;                /* posted before the counted cutoff */
	struct pcm_day_count *days;            /* ascending by day, or NULL */
	size_t ndays, days_cap;
	uint32_t files;                        /* ma-filelink: links */
	uint32_t files_before_cutoff;          /* ... posted before the counted cutoff */
	const char *first_root;                /* without kept links: the store
	                                        * (\\HOST\SHARE) of its first link
	                                        * at or after the cutoff */
};

/* What the load counts per room besides totals. A day histogram answers
 * "how many before any date" (the wizard's cutoff field), but its size
 * grows with the days that have messages, up to rooms x days; the batch
 * commands know their one cutoff before the load (from the plan) and
 * count just that, exactly, in a fixed size per room. The messages after
 * the newest full backup are always counted (the backup is read first). */
struct pcm_counting {
	bool per_day;               /* keep the day histograms */
	bool has_cutoff;            /* count before_cutoff for cutoff_ticks */
	int64_t cutoff_ticks;
	bool has_backup;            /* set by the load: the newest full backup */
	int64_t backup_ticks;       /* ... finished then (UTC ticks) */
	bool keep_links;            /* keep every file link in d->files (needed
	                             * to match a file store listing); else
	                             * count them per room, and the package
	                             * takes them from the messages it streams */
};

struct pcm_node {
	int32_t id;                 /* nodeID */
	int32_t parent_id;          /* parentID as read */
	uint32_t parent;            /* index of parent in nodes[]; PCM_NONE for root */
	uint32_t first_child, next_sibling;   /* tree links, indexes */
	uint32_t depth;             /* root 0, its children 1 */
	bool is_category;           /* nodeType 1 */
	bool disabled;
	bool inheritance, scope_change, override_member;
	int8_t invite, logged, file_post, restrict_child_create; /* pcm_tristate */
	int16_t behavior;           /* PCM_BEHAVIOR_* (4 when absent) */
	int16_t visibility;         /* PCM_VIS_*, -1 when NULL */
	char *guid, *name, *desc, *topic, *filestore_uri, *siop_id;
	int64_t added_on, updated_on;   /* ticks, 0 when NULL */
	const char *where;          /* "file:line" of the row, for messages */
	struct pcm_room_stats stats;    /* rooms only */
};

struct pcm_principal_type {
	int16_t id;
	char *desc;
	bool is_system, is_user;
	int8_t is_federated;        /* pcm_tristate: NULL when column absent */
};

struct pcm_principal {
	int32_t id;                 /* prinID */
	char *guid, *uri, *name, *company, *email, *ad_path, *upn;
	int16_t type_id;
	bool disabled;
	enum pcm_principal_kind kind;  /* from the type rows, see rowmap.c */
	const char *where;
};

struct pcm_role_type {
	int32_t id;
	char *desc;
	enum pcm_role_kind kind;
};

struct pcm_role {
	uint32_t node, principal;   /* indexes */
	enum pcm_role_kind kind;
	int32_t type_id;
	bool honors_override, honors_scope;
};

struct pcm_scope {
	uint32_t node, principal;
};

struct pcm_affiliation {
	uint32_t principal, group;  /* principal is a member of group */
};

struct pcm_addin {
	char *siop_id, *name, *url;
};

struct pcm_invite {
	uint32_t principal, node;
	int32_t inv_id;
	char *created_on;
};

/* What is known of an uploaded file's size (filesizes.h fills it from a
 * listing of the legacy file store; the database records no size). */
enum pcm_file_size_state {
	PCM_FSIZE_UNKNOWN = 0,      /* no listing was given */
	PCM_FSIZE_KNOWN,            /* size holds the file's size in bytes */
	PCM_FSIZE_MISSING,          /* a listing was given; the file is not in it */
};

/* One uploaded file, found as a ma-filelink: link in a message. */
struct pcm_file_ref {
	uint32_t room;
	char *link;                 /* the full ma-filelink: URL */
	int64_t posted_ticks;
	uint32_t poster;            /* principal index or PCM_NONE */
	uint64_t size;              /* bytes, when size_state is PCM_FSIZE_KNOWN */
	uint32_t store_file;        /* same value = same file in the store (once
	                             * sizes are loaded); PCM_NONE: not a path */
	int8_t size_state;          /* enum pcm_file_size_state */
};

struct pcm_backup {
	char *database;
	char type;                  /* 'D', 'I', 'L', ... */
	int64_t start_ticks, finish_ticks;  /* UTC, converted with the offset */
	char *finish_local;         /* as read, server local time */
	bool copy_only, damaged;
	char *device;               /* backupmediafamily.physical_device_name */
	int32_t media_set_id;
};

/* What the source says about itself (snapshot header, or the live server). */
struct pcm_source_info {
	char *server, *database, *taken_at, *lookup_server_uri;
	int32_t utc_offset_minutes;
	char *kind;                 /* "snapshot" or "tds" */
	char *location;             /* file path or tds://user@server/db */
	char sha256[65];            /* snapshot only; "" otherwise */
	uint64_t size;              /* snapshot file size in bytes */
	bool training;              /* the bundled sample */
};

/* Generic growable array of T: pointer, count, capacity. */
#define PCM_VEC(T) struct { T *v; size_t n, cap; }

struct pcm_deployment {
	struct pcm_source_info info;
	PCM_VEC(struct pcm_node) nodes;
	PCM_VEC(struct pcm_principal) principals;
	PCM_VEC(struct pcm_principal_type) ptypes;
	PCM_VEC(struct pcm_role_type) rtypes;
	PCM_VEC(struct pcm_role) roles;
	PCM_VEC(struct pcm_scope) scopes;
	PCM_VEC(struct pcm_affiliation) affiliations;
	PCM_VEC(struct pcm_addin) addins;
	PCM_VEC(struct pcm_invite) invites;
	PCM_VEC(struct pcm_file_ref) files;
	PCM_VEC(struct pcm_backup) backups;
	uint32_t root;              /* index of node 1 */
	uint32_t *parents_first;    /* every node index, each after its parent
	                             * (root first), near the array's own order:
	                             * for values a node takes from its parent
	                             * (a tree-order walk misses the cache on
	                             * every node). Set by pcm_rowmap_finish. */
	char *file_sizes_from;      /* the listing or folder the file sizes came
	                             * from (arena); NULL: sizes unknown */
	uint32_t store_files;       /* distinct store_file values */
	uint64_t messages;          /* total */
	int64_t first_ticks, last_ticks;
	struct pcm_counting counting;   /* set before the load; see above */
	/* id -> index lookups (open addressing), built by rowmap */
	struct pcm_idmap *node_ids, *prin_ids;
	/* all strings live in this arena, freed at once */
	struct pcm_arena *arena;
};

struct pcm_deployment *pcm_deployment_new(void);
void pcm_deployment_free(struct pcm_deployment *d);

/* Index of the node / principal with this legacy id, or PCM_NONE. */
uint32_t pcm_node_index(const struct pcm_deployment *d, int32_t node_id);
uint32_t pcm_principal_index(const struct pcm_deployment *d, int32_t prin_id);
/* Index of the principal with this prinUri (case-insensitive), or PCM_NONE. */
uint32_t pcm_principal_by_uri(const struct pcm_deployment *d, const char *uri);

/* Counts rooms (not categories) in the subtree of node index n. */
size_t pcm_count_rooms(const struct pcm_deployment *d, uint32_t n);

/* Legacy path of a node: names from depth 1 down, joined by sep
 * ("Marketing/general"). The root's path is its own name. Caller frees. */
char *pcm_node_path(const struct pcm_deployment *d, uint32_t n, const char *sep);

/* Finds a node by nodeID text ("70") or legacy path joined by sep. */
uint32_t pcm_node_lookup(const struct pcm_deployment *d, const char *key, const char *sep);

/* Iterative pre-order walk: returns the next node index after n in the
 * subtree of top, or PCM_NONE at the end. Start with n = top. */
uint32_t pcm_tree_next(const struct pcm_deployment *d, uint32_t top, uint32_t n);

/* Messages of one room posted before the cutoff (ticks): the counted
 * figure when cutoff is d's counted cutoff, else by the day histogram
 * (exact when cutoff is midnight UTC). Without either, the bounds
 * function in checks.h gives what the first and last message allow. */
uint64_t pcm_room_messages_before(const struct pcm_deployment *d, const struct pcm_node *room,
                                  int64_t cutoff_ticks);
/* Index of the newest usable full backup (type D, not damaged, of this
 * database; copy-only counts, R1), or PCM_NONE. */
uint32_t pcm_newest_full_backup(const struct pcm_deployment *d);

#endif
