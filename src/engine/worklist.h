/* SPDX-License-Identifier: MIT */
/* admin-tool-worklist.txt: every change the plan makes to the legacy
 * deployment (renamed rooms and categories, categories whose invitations
 * are turned on, rooms to disable, managers dropped from the root
 * category), as lines an administrator works through in the Group Chat
 * Admin Tool, the supported way to change a legacy deployment (the
 * migration procedure: "Any changes to categories, rooms, or add-ins in
 * your existing legacy deployment will be done by the Group Chat Admin
 * Tool"; Microsoft supports no writes to the Group Chat database, so
 * fix-source.sql and apply-to-source are the fallback).
 *
 * The lines are grouped by category, in the order of the Admin Tool's
 * Chat Rooms list (the category tree, pre-order), the category's own
 * changes first, then its chat rooms'. Each line has a tick box, the
 * change, the legacy path and the nodeID, and where in the tool it is
 * made. Where the Admin Tool makes each change (Microsoft's Group Chat
 * administration pages, Lync Server 2010 and OCS 2007 R2):
 *   - "To change a setting in the Group Chat Administration Tool, select
 *     a chat room or category in the Chat Rooms list, and then click the
 *     Settings tab" (OCS 2007 R2, "Managing Categories and Chat Rooms");
 *     a category's Invitations box takes Yes ("Creating a New Category",
 *     https://technet.microsoft.com/en-us/library/dd572791(v=office.13));
 *   - a room is disabled with its "Disable this chat room" check box
 *     ("Disabling or Enabling a Chat Room", OCS 2007 R2);
 *   - managers are removed on the Chat Room Managers tab, and a manager
 *     inherited from a parent category "can be removed only at the
 *     category level where it was added" ("Enabling a User to Manage a
 *     Specific Chat Room", Lync Server 2010), so a root manager is
 *     removed on the root category.
 *
 * The same items tell `pcmigrate check` how far the worklist is done: a
 * decision the source already carries (the room has the new name, is
 * disabled, the category's invitations are on, the principal no longer
 * manages the root) is done. */
#ifndef PCM_WORKLIST_H
#define PCM_WORKLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model/model.h"
#include "rules/plan.h"

/* The kinds of change, in the order they are made within a category. */
enum pcm_work_kind {
	PCM_WORK_ROOT_MANAGER,      /* remove a manager from the root category */
	PCM_WORK_RENAME_CATEGORY,
	PCM_WORK_INVITATIONS,       /* turn a category's invitations on */
	PCM_WORK_RENAME_ROOM,
	PCM_WORK_DISABLE_ROOM,
};

struct pcm_work_item {
	enum pcm_work_kind kind;
	uint32_t node;              /* node index: the room or category changed
	                               (the root for a root manager) */
	uint32_t category;          /* node index of the category it is listed under */
	uint32_t principal;         /* principal index (root manager), else PCM_NONE */
	bool done;                  /* the source already carries the change */
	char *id;                   /* nodeID, or prinUri for a root manager */
	char *path;                 /* legacy path, escaped for display */
	char *line;                 /* "[ ] ..." ("[x] ..." when done): one line,
	                               translated, names escaped */
};

struct pcm_worklist {
	PCM_VEC(struct pcm_work_item) items;    /* in worklist order */
	size_t done;                            /* items already done */
	char *separator;                        /* of the paths (the plan's) */
};

/* Every change the plan makes to the legacy deployment d, in worklist
 * order, each marked done when d already carries it. Decisions on objects
 * d no longer holds are left out (the plan review reports them), and so
 * are decisions that change nothing (keep a root manager, accept a forced
 * invitation value). */
void pcm_worklist_build(const struct pcm_deployment *d, const struct pcm_plan *p,
                        struct pcm_worklist *wl);
void pcm_worklist_free(struct pcm_worklist *wl);

/* The heading line of the group item i opens, or NULL when item i is in
 * the same category as item i - 1: "Category Sales/Seoul (nodeID 3)".
 * Caller frees. */
char *pcm_worklist_group_heading(const struct pcm_deployment *d, const struct pcm_worklist *wl,
                                 size_t i);

/* The lines of admin-tool-worklist.txt without line ends: the title, how
 * to work through it, then per category its heading and its items' lines,
 * a blank line between groups, and how to check the result. This is what
 * a wizard screen shows (the step after the checklist). *n gets the number
 * of lines; free with pcm_worklist_lines_free. */
char **pcm_worklist_lines(const struct pcm_deployment *d, const struct pcm_plan *p, size_t *n);
void pcm_worklist_lines_free(char **lines, size_t n);

/* The whole text, "\n" line ends, no byte-order mark (plan --worklist).
 * Caller frees. */
char *pcm_worklist_text(const struct pcm_deployment *d, const struct pcm_plan *p);

#endif
