/* SPDX-License-Identifier: MIT */
/* The wizard's shared state and services for the screens (ncdu style: one
 * module per screen with draw and key functions, a state enum selecting the
 * active one). Screens never talk to the terminal directly for input: they
 * ask pcm_wiz_* for prompts and confirmations, so a replay script drives
 * every dialog the same way a person does. */
#ifndef PCM_UI_WIZARD_H
#define PCM_UI_WIZARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "rules/checks.h"
#include "widgets/colors.h"
#include "engine/engine.h"
#include "engine/verify.h"
#include "widgets/gauge.h"
#include "widgets/keys.h"
#include "model/model.h"
#include "rules/plan.h"
#include "source/source.h"
#include "widgets/ui.h"

struct pcm_wiz {
	/* what we work on */
	struct pcm_source *src;
	struct pcm_deployment *dep;
	struct pcm_plan *plan;
	const char *source_spec;    /* NULL = the bundled sample */
	char *out_dir;              /* package folder of the real run */
	bool training;
	bool guided;                /* --training: a task per step, checked at Next */
	/* findings of the plan as it is now, one set per check step so a
	 * decision reruns only the rules it can change (on 100,000 rooms the
	 * names rule alone takes seconds) */
	struct pcm_findings checks[PCM_CS_COUNT];
	unsigned stale;             /* bit (1 << step) per set to recompute */
	bool peek;                  /* drawing the step bar: use stale sets as they are */
	/* the last engine runs */
	unsigned plan_gen;          /* bumped by every saved change */
	unsigned whatif_gen;        /* plan_gen the what-if ran with */
	bool whatif_done, run_done;
	int whatif_status, run_status;
	struct pcm_engine_summary whatif_summary, run_summary;
	struct pcm_findings warnings;       /* of the real run (or the what-if) */
	/* after the import: the last verify (screen_verify.c), shown in the
	 * warnings pane instead of the warnings while verify_shown */
	struct pcm_findings verify;
	bool verify_shown;
	char *verify_target;
	struct pcm_verify_summary verify_summary;
	char run_error[2048];
	/* navigation */
	int step;                   /* enum pcm_step */
	char message[512];
	enum pcm_color message_color;
	bool message_sticky;        /* stays through keys until Esc (pcm_wiz_notice) */
	/* input: a replay script instead of the keyboard */
	int *replay;
	size_t nreplay, replay_pos;
	bool dump_screen;
	bool bench;
	double *bench_times;
	size_t nbench, bench_cap;
	/* issue 7: no step over 100 ms without a progress indication. Set
	 * when this key drew one (the recheck notice, the engine's gauge); the
	 * slowest key of each kind is reported by --bench. */
	bool announced;
	double slowest_quiet, slowest_announced;
	size_t nannounced;
	unsigned gauge_draws;       /* during the last engine run (traced) */
	/* the engine run in progress, drawn by the migrate screen */
	bool running;
	struct pcm_gauge gauge;
	const char *run_phase;
	char run_room[256];
	/* where the terminal cursor goes after drawing (-1: hidden) */
	int cursor_y, cursor_x;
	/* layout of the body (between the explanation and the message row) */
	int body_y, body_h, cols;
	/* each screen's own state object (pcm_wiz_state), freed at the end
	 * by the screen's free_state */
	void *state[PCM_STEP_COUNT];
	/* PCM_BENCH_TRACE was set at the start: timings on stderr */
	bool trace;
	/* PCMIGRATE_TEST_ASSERT=1: the key '!' fails an assertion (tests) */
	bool test_assert;
	/* plan->merged when the wizard last took in another process's changes */
	unsigned merged_seen;
	/* is the package recorded in the plan older than its decisions?
	 * (computed once per plan_gen) */
	bool pkg_known, pkg_stale;
	bool no_mouse;              /* --no-mouse */
	unsigned pkg_gen;
};

/* Terminal sizes (issue 16). Laid out for 80x24, every step works at 80x23
 * (an 80x24 console under tmux's status line). Below that the wizard
 * degrades: the explanation shrinks and, under PCM_WIZ_ROWS_EXPLAIN rows,
 * goes (F1 still shows it); the screens drop their hint rows and narrow
 * their tables. Under PCM_WIZ_MIN_COLS x PCM_WIZ_MIN_ROWS it says which
 * size it needs instead of drawing. */
#define PCM_WIZ_MIN_COLS 40
#define PCM_WIZ_MIN_ROWS 12
#define PCM_WIZ_ROWS_EXPLAIN 18

/* One step screen. */
struct pcm_screen {
	int step;                   /* enum pcm_step */
	const char *label;          /* N_() short label for the step bar */
	const char *title;          /* N_() */
	const char *explain;        /* N_() why the step exists (from the procedure) */
	const struct pcm_keymap *keys;      /* the screen's own keys */
	const struct pcm_keymap *const *widget_keys;   /* shown in help */
	int nwidget_keys;
	int min_body;               /* rows the body needs at least */
	/* (re)builds the screen's state from the plan and the findings */
	void (*enter)(struct pcm_wiz *w);
	void (*draw)(struct pcm_wiz *w, int y, int h, int cols);
	/* handles a key; true when used */
	bool (*key)(struct pcm_wiz *w, int key);
	/* blocking findings that stop Next (NULL: never blocks) */
	size_t (*blocking)(struct pcm_wiz *w);
	/* called when Next leaves the step; false keeps the wizard here */
	bool (*leave)(struct pcm_wiz *w);
	/* the keys in force now, when they change with the mode (NULL: keys) */
	const struct pcm_keymap *(*current_keys)(struct pcm_wiz *w);
	/* true while the screen holds the keyboard (a line editor is open):
	 * printable keys go to it and the global keys other than F1 rest */
	bool (*modal)(struct pcm_wiz *w);
	/* frees the state object of pcm_wiz_state (NULL: a plain free) */
	void (*free_state)(void *state);
};

extern const struct pcm_screen pcm_screen_backup, pcm_screen_rootmgr, pcm_screen_names,
	pcm_screen_invites, pcm_screen_cutoff, pcm_screen_disable, pcm_screen_worklist,
	pcm_screen_summary, pcm_screen_migrate, pcm_screen_warnings, pcm_screen_verify;

/* Step 11, Verify (screen_verify.c), shows its differences in the
 * warnings pane (screen_warnings.c): what the pane lists, the differences
 * while verify_shown or the run's warnings; the pane's entry (rebuilds
 * its rows; runs the what-if first for the warnings when nothing ran);
 * the pane's keys, for the Verify step's help. */
struct pcm_findings *pcm_wiz_pane(struct pcm_wiz *w);
void pcm_warnings_pane_enter(struct pcm_wiz *w);
extern const struct pcm_keymap pcm_warnings_pane_keys;

/* The package recorded in the plan no longer reflects its decisions (a
 * decision changed after it was written). */
bool pcm_wiz_package_stale(struct pcm_wiz *w);
/* The state object of a screen: size zeroed bytes made on first use,
 * kept until the wizard ends. */
void *pcm_wiz_state(struct pcm_wiz *w, int step, size_t size);

/* A key that ends input (the replay script ran out). */
#define PCM_KEY_EOF (-2)

/* The next key (from the terminal or the replay script). Handles
 * KEY_RESIZE (returned after the layout is updated) and signals. */
int pcm_wiz_key(struct pcm_wiz *w);
/* Draws the whole screen (title, step bar, explanation, body, message,
 * keys) and refreshes. */
void pcm_wiz_draw(struct pcm_wiz *w);
/* Shows text in the message row until the next change. */
void pcm_wiz_message(struct pcm_wiz *w, enum pcm_color c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Like pcm_wiz_message, but the text stays through the next keys until
 * Esc dismisses it (or another message replaces it): "Not found". */
void pcm_wiz_notice(struct pcm_wiz *w, enum pcm_color c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Asks for a line of text in the message row; false on Esc. *out is a
 * fresh string. accept (may be NULL) filters typed characters. */
/* The `/` search of a list screen: asks for the text, moves the cursor
 * to the next row containing it, or says it was not found. */
struct pcm_listbox;
void pcm_wiz_list_search(struct pcm_wiz *w, struct pcm_listbox *list);
bool pcm_wiz_prompt(struct pcm_wiz *w, const char *label, const char *initial, char **out,
                    bool (*accept)(wchar_t wc));
/* Asks for a line of text starting empty; Up brings back previous (the
 * last search, the last filter). */
bool pcm_wiz_prompt_recall(struct pcm_wiz *w, const char *label, const char *previous, char **out);
/* Asks a yes/no question in the message row. */
bool pcm_wiz_confirm(struct pcm_wiz *w, const char *question);
/* Shows text full screen (scroll, search) until q, Esc or F1. */
void pcm_wiz_view_text(struct pcm_wiz *w, const char *title, const char *text);
/* Saves the plan now; a failure shows in the message row. */
bool pcm_wiz_save(struct pcm_wiz *w);
/* Check steps a kind of decision can change (bits 1 << enum pcm_check_step). */
#define PCM_WIZ_CS(cs) (1u << (cs))
#define PCM_WIZ_CS_ALL ((1u << (PCM_CS_COUNT)) - 1)
/* Marks check steps stale after a decision; they run again at the latest
 * when the step changes (pcm_wiz_recheck runs them now). */
void pcm_wiz_changed(struct pcm_wiz *w, unsigned steps);
/* Runs the stale check steps again. */
void pcm_wiz_recheck(struct pcm_wiz *w);
/* Findings of one check step (recomputed first when stale). */
const struct pcm_findings *pcm_wiz_findings(struct pcm_wiz *w, enum pcm_check_step cs);
/* Blocking findings of one check step, and of all of them. */
size_t pcm_wiz_blocking(struct pcm_wiz *w, enum pcm_check_step cs);
size_t pcm_wiz_blocking_all(struct pcm_wiz *w);
/* Draws a heading row. */
void pcm_wiz_heading(struct pcm_wiz *w, int y, const char *text);
/* Runs the engine with a progress gauge in rows [y, y+3). out_dir NULL =
 * what-if. Stores the status and the summary in w. */
int pcm_wiz_run_engine(struct pcm_wiz *w, const char *out_dir, int y);
/* Colour of a finding's severity. */
enum pcm_color pcm_wiz_severity_color(enum pcm_severity s);
/* The engine's gauge at row y, across the screen: what a run shows while
 * it goes (it counts as the key's progress indication). */
void pcm_wiz_gauge(struct pcm_wiz *w, int y, int cols);
/* Shows the Next steps screen (app/next_steps.h) of the written package;
 * false (with a message) when no package was written in this session. */
bool pcm_wiz_next_steps(struct pcm_wiz *w);
/* A translated word for a severity ("block", "warning", "info"). */
const char *pcm_wiz_severity_name(enum pcm_severity s);

#endif
