/* SPDX-License-Identifier: MIT */
/* The curses wizard: options, loading, the screen loop, the frame every
 * screen shares (title, step bar, explanation, message and key rows), the
 * prompts, KEY_RESIZE and signals in one place, and the hidden replay,
 * dump-screen and benchmark modes used by the tests. */
#include "config.h"
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wctype.h>
#include "app/app.h"
#include "app/progress_line.h"
#include "widgets/colors.h"
#include "base/crash.h"
#include "widgets/draw.h"
#include "base/escape.h"
#include "widgets/gauge.h"
#include "widgets/help.h"
#include "base/i18n.h"
#include "widgets/keys.h"
#include "widgets/lineedit.h"
#include "widgets/statusbar.h"
#include "widgets/stepbar.h"
#include "widgets/text.h"
#include "widgets/textpane.h"
#include "base/sbuf.h"
#include "base/util.h"
#include "widgets/listbox.h"
#include "training.h"
#include "wizard.h"
#include "wizard_main.h"

static const struct pcm_screen *const screens[PCM_STEP_COUNT] = {
	&pcm_screen_backup, &pcm_screen_rootmgr, &pcm_screen_names, &pcm_screen_invites,
	&pcm_screen_cutoff, &pcm_screen_disable, &pcm_screen_worklist, &pcm_screen_summary,
	&pcm_screen_migrate, &pcm_screen_warnings, &pcm_screen_verify,
};

static const struct pcm_keybind global_binds[] = {
	{ '\t', PCM_ACT_NEXT, "Tab", N_("go to the next step"), N_("Next") },
	{ '>', PCM_ACT_NEXT, ">", NULL, NULL },
	{ PCM_KEY_FN(KEY_BTAB), PCM_ACT_BACK, "S-Tab", N_("go back one step"), N_("Back") },
	{ '<', PCM_ACT_BACK, "<", NULL, NULL },
	{ PCM_KEY_FN(KEY_F(1)), PCM_ACT_HELP, "F1", N_("help for this screen"), N_("Help") },
	{ '?', PCM_ACT_HELP, "?", NULL, NULL },
	{ 'q', PCM_ACT_QUIT, "q", N_("quit (asks first; every decision is already saved)"), N_("Quit") },
	/* after q: on a narrow key row Quit is not the one cut off */
	{ PCM_KEY_FN(KEY_F(2)), PCM_ACT_STEPS, "F2", N_("the list of steps with their state: Enter goes to one"), N_("Steps") },
	{ '=', PCM_ACT_STEPS, "=", NULL, NULL },
	{ PCM_KEY_CTRL('l'), PCM_ACT_REDRAW, "Ctrl-L", N_("redraw the screen"), NULL },
};

static const struct pcm_keymap global_keys = PCM_KEYMAP(N_("Everywhere"), global_binds);

static const struct pcm_keybind prompt_binds[] = {
	{ '\r', PCM_ACT_ACCEPT, "Enter", N_("accept"), NULL },
	{ '\n', PCM_ACT_ACCEPT, "Enter", NULL, NULL },
	{ PCM_KEY_FN(KEY_ENTER), PCM_ACT_ACCEPT, "Enter", NULL, NULL },
	{ PCM_KEY_ESC, PCM_ACT_CANCEL, "Esc", N_("cancel"), NULL },
	{ PCM_KEY_CTRL('g'), PCM_ACT_CANCEL, "Ctrl-G", NULL, NULL },
};

static const struct pcm_keymap prompt_keys = PCM_KEYMAP(N_("Questions"), prompt_binds);

static volatile sig_atomic_t got_signal;
static struct pcm_wiz *the_wiz;     /* for the exit path */
static bool curses_on;
static SCREEN *dump_term;
static FILE *dump_out, *dump_in;
static struct pcm_listbox *step_menu;   /* the step list (F2) while it is open */

/* Leaves curses once, on every exit path (also the restore hook of a
 * failed PCM_ASSERT): the crash handlers have nothing left to undo. */
static void leave_curses(void)
{
	if (curses_on)
		endwin();
	curses_on = false;
	pcm_crash_disarm_terminal();
}

/* Records the signal; the key loop notices it within its timeout. */
static void on_signal(int sig)
{
	got_signal = sig;
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* Leaves curses and the process after a signal: the plan is already on
 * disk (it is saved after every change), the terminal is restored. */
static void exit_on_signal(struct pcm_wiz *w)
{
	int sig = got_signal;

	leave_curses();
	if (w->plan)
		pcm_plan_release(w->plan);
	if (sig != SIGHUP && w->plan && w->plan->path)
		fprintf(stderr, _("pcmigrate: stopped by a signal; your decisions are saved in %s\n"),
		        w->plan->path);
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);
}

/* Writes the screen as text (trailing spaces removed), for --dump-screen. */
static void dump_screen(FILE *out)
{
	wchar_t buf[1024];
	char *s;
	size_t n;
	int y, cols = COLS < 1000 ? COLS : 1000;

	for (y = 0; y < LINES; y++) {
		memset(buf, 0, sizeof buf);
		mvwinnwstr(stdscr, y, 0, buf, cols);
		n = wcslen(buf);
		while (n > 0 && buf[n - 1] == ' ')
			n--;
		s = pcm_wcs_to_utf8(buf, n);
		fprintf(out, "%s\n", s);
		free(s);
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Prints the keystroke timings of --bench. */
static void bench_report(struct pcm_wiz *w)
{
	double sum = 0;
	size_t i;

	if (!w->bench || !w->nbench)
		return;
	for (i = 0; i < w->nbench; i++)
		sum += w->bench_times[i];
	qsort(w->bench_times, w->nbench, sizeof *w->bench_times, cmp_double);
	fprintf(stderr, "bench: %zu keys, redraw per key: median %.3f ms, mean %.3f ms, max %.3f ms\n",
	        w->nbench, w->bench_times[w->nbench / 2] * 1e3, sum / (double)w->nbench * 1e3,
	        w->bench_times[w->nbench - 1] * 1e3);
	fprintf(stderr, "bench: slowest key without a progress indication %.3f ms; "
	        "%zu keys showed one, the slowest %.3f ms\n",
	        w->slowest_quiet * 1e3, w->nannounced, w->slowest_announced * 1e3);
}

/* End of a replay script: dump the screen as it is and stop. */
static void finish_replay(struct pcm_wiz *w)
{
	if (w->dump_screen) {
		dump_screen(stdout);
		if (w->cursor_y >= 0)
			fprintf(stderr, "cursor: row %d column %d\n", w->cursor_y, w->cursor_x);
	}
	leave_curses();
	bench_report(w);
	fflush(stdout);
	exit(PCM_EXIT_OK);
}

/* For tests only (tests/test_wizard_crash.sh): with PCMIGRATE_TEST_ASSERT=1
 * in the environment the key '!' fails an always-on invariant check, to
 * prove that a failed check in a release build gives the terminal back. */
static void test_assert_key(struct pcm_wiz *w, int key)
{
	if (w->test_assert)
		PCM_ASSERT(key != '!');
}

/* The next key, from the replay script or the terminal; notices signals. */
static int next_key(struct pcm_wiz *w)
{
	wint_t wc;
	int r;

	for (;;) {
		if (got_signal)
			exit_on_signal(w);
		if (w->replay) {
			if (w->replay_pos >= w->nreplay)
				finish_replay(w);
			r = w->replay[w->replay_pos++];
			return r;
		}
		r = wget_wch(stdscr, &wc);
		if (r == ERR)
			continue;   /* timeout: look at the signal flag again */
		if (r == KEY_CODE_YES) {
			if (wc == KEY_RESIZE)
				clearok(curscr, TRUE);
			return PCM_KEY_FN((int)wc);
		}
		if (wc == '\n')
			wc = '\r';
		return (int)wc;
	}
}

int pcm_wiz_key(struct pcm_wiz *w)
{
	int key = next_key(w);

	test_assert_key(w, key);
	return key;
}

void *pcm_wiz_state(struct pcm_wiz *w, int step, size_t size)
{
	if (!w->state[step])
		w->state[step] = pcm_xcalloc(1, size);
	return w->state[step];
}

void pcm_wiz_message(struct pcm_wiz *w, enum pcm_color c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->message, sizeof w->message, fmt, ap);
	va_end(ap);
	w->message_color = c;
	w->message_sticky = false;
}

void pcm_wiz_notice(struct pcm_wiz *w, enum pcm_color c, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(w->message, sizeof w->message, fmt, ap);
	va_end(ap);
	n = strlen(w->message);
	snprintf(w->message + n, sizeof w->message - n, "%s", _("  (Esc dismisses)"));
	w->message_color = c;
	w->message_sticky = true;
}

/* Clears the message row before a key is handled, unless it is a notice:
 * then Esc dismisses it (and is used up) and other keys leave it. True
 * when the key was used. */
static bool clear_message(struct pcm_wiz *w, int key)
{
	if (!w->message_sticky) {
		w->message[0] = 0;
		return false;
	}
	if (key != PCM_KEY_ESC)
		return false;
	w->message[0] = 0;
	w->message_sticky = false;
	return true;
}

enum pcm_color pcm_wiz_severity_color(enum pcm_severity s)
{
	return s == PCM_SEV_BLOCK ? PCM_C_BLOCK : s == PCM_SEV_WARNING ? PCM_C_WARNING : PCM_C_INFO;
}

const char *pcm_wiz_severity_name(enum pcm_severity s)
{
	return s == PCM_SEV_BLOCK ? _("block") : s == PCM_SEV_WARNING ? _("warning") : _("info");
}

void pcm_wiz_heading(struct pcm_wiz *w, int y, const char *text)
{
	pcm_draw_text(stdscr, y, 0, text, w->cols, pcm_color(PCM_C_HEADING), true);
}

void pcm_wiz_changed(struct pcm_wiz *w, unsigned steps)
{
	w->stale |= steps;
}

/* Rooms and categories from which the checks take long enough (a tenth
 * of a second and more) that the screen should say they run. */
#define RECHECK_NOTICE_NODES 10000

void pcm_wiz_recheck(struct pcm_wiz *w)
{
	double t0 = pcm_monotonic();
	int cs;

	if (w->stale && stdscr && !isendwin() && w->dep->nodes.n >= RECHECK_NOTICE_NODES) {
		pcm_statusbar_draw_message(stdscr, LINES - 2, COLS,
		                           _("Running the checks again on the new decisions..."),
		                           PCM_C_MESSAGE);
		refresh();
		w->announced = true;
	}
	for (cs = 0; cs <= PCM_CS_WARNINGS; cs++) {
		if (!(w->stale & PCM_WIZ_CS(cs)))
			continue;
		pcm_findings_free(&w->checks[cs]);
		pcm_findings_init(&w->checks[cs]);
		pcm_check_rules[cs](w->dep, w->plan, &w->checks[cs]);
	}
	if (w->stale && w->trace)
		fprintf(stderr, "recheck %#x: %.3f ms%s\n", w->stale, (pcm_monotonic() - t0) * 1e3,
		        w->announced ? " (notice shown)" : "");
	w->stale = 0;
}

const struct pcm_findings *pcm_wiz_findings(struct pcm_wiz *w, enum pcm_check_step cs)
{
	unsigned others;

	if ((w->stale & PCM_WIZ_CS(cs)) && !w->peek) {
		others = w->stale & ~PCM_WIZ_CS(cs);
		w->stale = PCM_WIZ_CS(cs);
		pcm_wiz_recheck(w);
		w->stale = others;
	}
	return &w->checks[cs];
}

size_t pcm_wiz_blocking(struct pcm_wiz *w, enum pcm_check_step cs)
{
	return pcm_findings_blocking(pcm_wiz_findings(w, cs));
}

size_t pcm_wiz_blocking_all(struct pcm_wiz *w)
{
	size_t n = 0;
	int cs;

	for (cs = 0; cs <= PCM_CS_WARNINGS; cs++)
		n += pcm_wiz_blocking(w, cs);
	return n;
}

bool pcm_wiz_save(struct pcm_wiz *w)
{
	struct pcm_error err = { 0 };
	double t0 = pcm_monotonic();
	int r = pcm_plan_save(w->plan, &err);

	if (w->trace)
		fprintf(stderr, "save %.3f ms\n", (pcm_monotonic() - t0) * 1e3);
	if (r != 0) {
		pcm_wiz_message(w, PCM_C_BLOCK, _("Could not save the plan: %s"), err.text);
		return false;
	}
	w->plan_gen++;
	return true;
}

bool pcm_wiz_package_stale(struct pcm_wiz *w)
{
	/* a digest of the decisions per plan change, not per redraw */
	if (w->pkg_gen != w->plan_gen || !w->pkg_known) {
		w->pkg_known = true;
		w->pkg_gen = w->plan_gen;
		w->pkg_stale = pcm_plan_package_stale(w->plan);
		if (w->pkg_stale)
			w->run_done = false;    /* this session's run is as old */
	}
	return w->pkg_stale;
}

/* State of each step for the step bar. */
static enum pcm_step_state step_state(struct pcm_wiz *w, int i)
{
	bool blocked;

	/* the bar never waits for a rule: stale sets show until the step changes */
	w->peek = true;
	blocked = screens[i]->blocking && screens[i]->blocking(w);
	w->peek = false;
	if (blocked)
		return PCM_STEP_BLOCKED;
	if (i == PCM_STEP_MIGRATE && pcm_wiz_package_stale(w))
		return PCM_STEP_TODO;
	return w->plan->steps_done[i] ? PCM_STEP_DONE : PCM_STEP_TODO;
}

/* Title row: program, step, title; the training label on the right. */
static void draw_title(struct pcm_wiz *w, const struct pcm_screen *s)
{
	char left[256];
	const char *right;
	int rw, lw;

	snprintf(left, sizeof left, _(" pcmigrate  Step %d of %d: %s"), w->step + 1,
	         PCM_STEP_COUNT, _(s->title));
	if (pcm_text_width(left) > w->cols)     /* narrow: the step before the name */
		snprintf(left, sizeof left, _(" Step %d of %d: %s"), w->step + 1, PCM_STEP_COUNT,
		         _(s->title));
	pcm_draw_text(stdscr, 0, 0, left, w->cols, pcm_color(PCM_C_TITLE), true);
	if (w->training) {
		/* a narrow window keeps the title whole: a shorter label, or none */
		lw = pcm_text_width(left) + 1;
		right = _(" TRAINING DEPLOYMENT ");
		rw = pcm_text_width(right);
		if (lw + rw > w->cols) {
			right = _(" TRAINING ");
			rw = pcm_text_width(right);
		}
		if (lw + rw <= w->cols)
			pcm_draw_text(stdscr, 0, w->cols - rw, right, rw, pcm_color(PCM_C_TRAINING), false);
	} else {
		right = w->dep->info.database ? w->dep->info.database : "";
		rw = pcm_text_width(right) + 1;
		if (rw < w->cols / 3)
			pcm_draw_text(stdscr, 0, w->cols - rw, right, rw, pcm_color(PCM_C_TITLE), false);
	}
}

/* Rows [2, ...) hold the explanation, cut to leave the body min_body rows:
 * at least one row down to PCM_WIZ_ROWS_EXPLAIN, none below (F1 shows it). */
static int draw_explanation(struct pcm_wiz *w, const struct pcm_screen *s)
{
	struct pcm_lines l = { 0 };
	int max, i, n;
	char buf[1024];
	const char *more = _(" (F1: more)");

	max = LINES - 6 - s->min_body;
	if (max > 6)
		max = 6;
	if (max < 1)
		max = LINES >= PCM_WIZ_ROWS_EXPLAIN ? 1 : 0;
	if (max == 0)
		return 0;
	pcm_wrap(_(s->explain), w->cols - 2, &l);
	n = (int)l.n < max ? (int)l.n : max;
	for (i = 0; i < n; i++) {
		if (i == n - 1 && (size_t)n < l.n) {
			size_t fit = pcm_text_fit(l.v[i], w->cols - 2 - pcm_text_width(more));
			snprintf(buf, sizeof buf, "%.*s%s", (int)fit, l.v[i], more);
			pcm_draw_text(stdscr, 2 + i, 1, buf, w->cols - 1, pcm_color(PCM_C_EXPLAIN), true);
		} else {
			pcm_draw_text(stdscr, 2 + i, 1, l.v[i], w->cols - 1, pcm_color(PCM_C_EXPLAIN), true);
		}
	}
	pcm_lines_free(&l);
	return n;
}

void pcm_wiz_draw(struct pcm_wiz *w)
{
	const struct pcm_screen *s = screens[w->step];
	const char *labels[PCM_STEP_COUNT];
	enum pcm_step_state states[PCM_STEP_COUNT];
	const struct pcm_keymap *maps[2] = { s->keys, &global_keys };
	int i, n;
	bool modal = s->modal && s->modal(w);

	pcm_listbox_forget_drawn();
	w->cols = COLS;
	w->cursor_y = w->cursor_x = -1;
	erase();
	if (COLS < PCM_WIZ_MIN_COLS || LINES < PCM_WIZ_MIN_ROWS) {
		struct pcm_lines l = { 0 };
		char *text = pcm_xasprintf(_("pcmigrate needs a terminal of at least %dx%d (this one is %dx%d). "
		                             "Make the window larger; nothing is lost."),
		                           PCM_WIZ_MIN_COLS, PCM_WIZ_MIN_ROWS, COLS, LINES);
		size_t k;

		pcm_wrap(text, COLS, &l);
		for (k = 0; k < l.n && (int)k < LINES; k++)
			pcm_draw_text(stdscr, (int)k, 0, l.v[k], COLS, pcm_color(k ? PCM_C_NORMAL : PCM_C_BLOCK), true);
		pcm_lines_free(&l);
		free(text);
		curs_set(0);
		refresh();
		return;
	}
	draw_title(w, s);
	for (i = 0; i < PCM_STEP_COUNT; i++) {
		labels[i] = _(screens[i]->label);
		states[i] = step_state(w, i);
	}
	pcm_stepbar_draw(stdscr, 1, COLS, labels, states, PCM_STEP_COUNT, w->step);
	n = draw_explanation(w, s);
	if (n > 0) {
		pcm_draw_hline(stdscr, 2 + n, 0, COLS, pcm_color(PCM_C_NORMAL));
		w->body_y = 3 + n;
	} else {
		w->body_y = 2;      /* no explanation: no rule under the step bar */
	}
	w->body_h = LINES - 2 - w->body_y;
	if (step_menu) {
		/* the step list takes the body and the key row */
		pcm_wiz_heading(w, w->body_y, _("Steps: Enter goes to the selected one, Esc stays here"));
		pcm_listbox_draw(step_menu, stdscr, w->body_y + 1, 1,
		                 w->body_h - 1 < PCM_STEP_COUNT ? w->body_h - 1 : PCM_STEP_COUNT, COLS - 2, true);
		pcm_statusbar_draw_message(stdscr, LINES - 2, COLS, w->message, w->message_color);
		pcm_draw_text(stdscr, LINES - 1, 0, _("Enter go to the step  Esc cancel"), COLS,
		              pcm_color(PCM_C_STATUS), true);
		curs_set(0);
		refresh();
		return;
	}
	s->draw(w, w->body_y, w->body_h, COLS);
	pcm_statusbar_draw_message(stdscr, LINES - 2, COLS, w->message, w->message_color);
	if (s->current_keys)
		maps[0] = s->current_keys(w);
	pcm_statusbar_draw_keys(stdscr, LINES - 1, COLS, maps, modal ? 1 : 2);
	if (w->cursor_y >= 0) {
		move(w->cursor_y, w->cursor_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

void pcm_wiz_list_search(struct pcm_wiz *w, struct pcm_listbox *list)
{
	char *needle;

	if (pcm_wiz_prompt_recall(w, _("Search:"), list->search, &needle)) {
		if (!pcm_listbox_search(list, needle, 1))
			pcm_wiz_notice(w, PCM_C_MESSAGE, _("Not found: %s"), needle);
		free(needle);
	}
}

/* The prompt behind pcm_wiz_prompt and pcm_wiz_prompt_recall: Up puts
 * recall (when given) in the field. */
static bool prompt(struct pcm_wiz *w, const char *label, const char *initial, const char *recall,
                   char **out, bool (*accept)(wchar_t wc))
{
	struct pcm_lineedit le;
	int key, lw, action;
	bool changed, ok = false;

	pcm_le_init(&le);
	pcm_le_set(&le, initial);
	for (;;) {
		pcm_wiz_draw(w);
		lw = pcm_draw_text(stdscr, LINES - 2, 0, label, COLS / 2, pcm_color(PCM_C_MESSAGE), false);
		pcm_draw_text(stdscr, LINES - 2, lw, " ", 1, pcm_color(PCM_C_NORMAL), false);
		pcm_le_draw(&le, stdscr, LINES - 2, lw + 1, COLS - lw - 1, pcm_color(PCM_C_FIELD), true);
		pcm_draw_text(stdscr, LINES - 1, 0, _("Enter accept  Esc cancel"), COLS,
		              pcm_color(PCM_C_STATUS), true);
		pcm_le_draw(&le, stdscr, LINES - 2, lw + 1, COLS - lw - 1, pcm_color(PCM_C_FIELD), true);
		curs_set(1);
		refresh();
		key = pcm_wiz_key(w);
		if (key == PCM_KEY_FN(KEY_RESIZE))
			continue;
		action = pcm_keymap_find(&prompt_keys, key);
		if (action == PCM_ACT_ACCEPT) {
			ok = true;
			break;
		}
		if (action == PCM_ACT_CANCEL)
			break;
		if (key == PCM_KEY_FN(KEY_UP) && recall && *recall) {
			pcm_le_set(&le, recall);
			continue;
		}
		if (accept && !PCM_KEY_IS_FN(key) && key >= 0x20 && key != 127 && !accept((wchar_t)key))
			continue;
		pcm_le_key(&le, key, &changed);
	}
	*out = ok ? pcm_le_get(&le) : NULL;
	pcm_le_free(&le);
	curs_set(0);
	return ok;
}

bool pcm_wiz_prompt(struct pcm_wiz *w, const char *label, const char *initial, char **out,
                    bool (*accept)(wchar_t wc))
{
	return prompt(w, label, initial, NULL, out, accept);
}

bool pcm_wiz_prompt_recall(struct pcm_wiz *w, const char *label, const char *previous, char **out)
{
	return prompt(w, label, "", previous, out, NULL);
}

bool pcm_wiz_confirm(struct pcm_wiz *w, const char *question)
{
	char buf[600], cut[600];
	struct pcm_lines l = { 0 };
	int key;
	/* TRANSLATORS: the keys that answer yes and no to a question */
	const char *yes = _("yY"), *no = _("nN");

	for (;;) {
		pcm_wiz_draw(w);
		snprintf(buf, sizeof buf, _("%s (y/n)"), question);
		/* a long question (a path, a step's title in Korean) takes the
		 * row above as well rather than being cut */
		pcm_wrap(buf, COLS - 1, &l);
		if (l.n > 1) {
			pcm_draw_text(stdscr, LINES - 3, 0, l.v[0], COLS, pcm_color(PCM_C_MESSAGE), true);
			/* the rest on the message row, cut in the middle if it must be */
			struct pcm_sbuf rest = { 0 };
			size_t i;

			for (i = 1; i < l.n; i++) {
				if (i > 1)
					pcm_sbuf_addc(&rest, ' ');
				pcm_sbuf_add(&rest, l.v[i]);
			}
			pcm_text_cut_middle(rest.s, COLS - 1, pcm_draw_utf8() ? "\u2026" : "...", cut, sizeof cut);
			pcm_sbuf_free(&rest);
			pcm_draw_text(stdscr, LINES - 2, 0, cut, COLS, pcm_color(PCM_C_MESSAGE), true);
		} else {
			pcm_draw_text(stdscr, LINES - 2, 0, buf, COLS, pcm_color(PCM_C_MESSAGE), true);
		}
		pcm_lines_free(&l);
		refresh();
		key = pcm_wiz_key(w);
		if (key == PCM_KEY_FN(KEY_RESIZE))
			continue;
		if (key == PCM_KEY_ESC)
			return false;
		if (key > 0 && key < 0x10000 && !PCM_KEY_IS_FN(key)) {
			char k[5] = { 0 };
			pcm_utf8_encode((wchar_t)key, k);
			if (strstr(yes, k) || key == 'y' || key == 'Y')
				return true;
			if (strstr(no, k) || key == 'n' || key == 'N')
				return false;
		}
	}
}

void pcm_wiz_view_text(struct pcm_wiz *w, const char *title, const char *text)
{
	struct pcm_textpane tp;
	const struct pcm_keymap *maps[1] = { &pcm_textpane_keys };
	int key, action;
	char *needle;

	pcm_textpane_init(&tp);
	pcm_textpane_set_text(&tp, text);
	for (;;) {
		erase();
		pcm_draw_text(stdscr, 0, 0, title, COLS, pcm_color(PCM_C_TITLE), true);
		pcm_textpane_draw(&tp, stdscr, 1, 1, LINES - 3, COLS - 2, pcm_color(PCM_C_NORMAL));
		pcm_statusbar_draw_message(stdscr, LINES - 2, COLS, w->message, w->message_color);
		pcm_statusbar_draw_keys(stdscr, LINES - 1, COLS, maps, 1);
		pcm_draw_text(stdscr, LINES - 1, COLS - 20, _("  q Esc F1 Close"), 20,
		              pcm_color(PCM_C_STATUS), true);
		curs_set(0);
		refresh();
		key = pcm_wiz_key(w);
		if (clear_message(w, key))
			continue;
		if (key == 'q' || key == PCM_KEY_ESC || key == PCM_KEY_FN(KEY_F(1)))
			break;
		action = pcm_keymap_find(&pcm_textpane_keys, key);
		if (action == PCM_ACT_SEARCH) {
			if (pcm_wiz_prompt_recall(w, _("Search:"), tp.search, &needle)) {
				if (!pcm_textpane_search(&tp, needle, 1))
					pcm_wiz_notice(w, PCM_C_MESSAGE, _("Not found: %s"), needle);
				free(needle);
			}
			continue;
		}
		pcm_textpane_act(&tp, action);
	}
	pcm_textpane_free(&tp);
}

/* F1 / ?: the screen's help from its key tables. */
static void show_help(struct pcm_wiz *w)
{
	const struct pcm_screen *s = screens[w->step];
	const struct pcm_keymap *maps[8];
	int n = 0, i;
	char *text, title[256];

	maps[n++] = s->keys;
	for (i = 0; i < s->nwidget_keys && n < 6; i++)
		maps[n++] = s->widget_keys[i];
	maps[n++] = &global_keys;
	snprintf(title, sizeof title, _(" Help: %s"), _(s->title));
	text = pcm_help_text(_(s->title), _(s->explain), maps, n);
	pcm_wiz_view_text(w, title, text);
	free(text);
}

void pcm_wiz_gauge(struct pcm_wiz *w, int y, int cols)
{
	pcm_gauge_draw(&w->gauge, stdscr, y, 1, cols - 2);
	w->gauge_draws++;
	w->announced = true;
}

/* The engine's progress callback: updates the gauge and redraws; a
 * signal or Esc cancels. */
static int on_progress(const struct pcm_progress *p, void *user)
{
	struct pcm_wiz *w = user;
	wint_t wc;
	int r;

	if (!w->gauge.rooms_total && !w->gauge.messages_total)
		pcm_gauge_start(&w->gauge, p->rooms_total, p->messages_total, w->gauge.started);
	w->gauge.rooms_total = p->rooms_total;
	w->gauge.messages_total = p->messages_total;
	pcm_gauge_update(&w->gauge, p->rooms_done, p->messages_done, pcm_monotonic());
	w->run_phase = p->phase;
	snprintf(w->run_room, sizeof w->run_room, "%s", p->room ? p->room : "");
	if (got_signal)
		return 1;
	if (!w->replay) {
		r = wget_wch(stdscr, &wc);      /* stdscr times out at once here */
		if (r == OK && wc == PCM_KEY_ESC)
			return 1;
	}
	pcm_wiz_draw(w);
	return 0;
}

int pcm_wiz_run_engine(struct pcm_wiz *w, const char *out_dir, int y)
{
	struct pcm_error err = { 0 };
	struct pcm_engine_summary sum;
	int status;

	(void)y;
	memset(&sum, 0, sizeof sum);
	pcm_gauge_start(&w->gauge, 0, 0, pcm_monotonic());
	w->running = true;
	w->gauge_draws = 0;
	w->run_phase = "checks";
	w->run_room[0] = 0;
	if (!w->replay)
		wtimeout(stdscr, 0);
	pcm_wiz_draw(w);
	pcm_findings_free(&w->warnings);
	pcm_findings_init(&w->warnings);
	status = pcm_engine_run(w->src, w->dep, w->plan, out_dir, on_progress, w, &w->warnings,
	                        &sum, &err);
	if (!w->replay)
		wtimeout(stdscr, 250);
	w->running = false;
	if (w->trace)
		fprintf(stderr, "engine run: the gauge was drawn %u times\n", w->gauge_draws);
	if (got_signal)
		exit_on_signal(w);
	snprintf(w->run_error, sizeof w->run_error, "%s", err.set ? err.text : "");
	if (out_dir && status == PCM_ENGINE_OK) {
		/* the plan remembers the folder and which decisions it holds */
		pcm_plan_set_package(w->plan, out_dir);
		pcm_wiz_save(w);
		w->pkg_gen = w->plan_gen;
		w->pkg_stale = false;
	}
	if (out_dir) {
		w->run_done = true;
		w->run_status = status;
		w->run_summary = sum;
	} else {
		w->whatif_done = true;
		w->whatif_status = status;
		w->whatif_summary = sum;
	}
	return status;
}

/* Enters the current step: the screen rebuilds its state; on the
 * migrate step a package older than the plan is said so. */
static void arrive(struct pcm_wiz *w)
{
	screens[w->step]->enter(w);
	if (w->step == PCM_STEP_MIGRATE && pcm_wiz_package_stale(w))
		pcm_wiz_message(w, PCM_C_WARNING,
		                _("The plan changed after the package was written: Enter writes it again."));
}

/* Tab: moves on even when the step blocks; the message row says that it
 * still does. Only writing the package needs the backup check to pass or
 * an override (screen_migrate.c), and the engine refuses to write while
 * anything blocks. */
static void go_next(struct pcm_wiz *w)
{
	const struct pcm_screen *s = screens[w->step];
	size_t blocked;
	int from = w->step;
	char said[sizeof w->message];

	pcm_wiz_recheck(w);
	blocked = s->blocking ? s->blocking(w) : 0;
	if (w->step == PCM_STEP_COUNT - 1) {
		/* the end of the walk: what to do with the package */
		if (pcm_wiz_next_steps(w))
			pcm_wiz_message(w, PCM_C_MESSAGE, _("This is the last step: Tab shows the next steps again, q quits."));
		return;
	}
	if (s->leave && !s->leave(w))
		return;
	if (w->guided && !pcm_training_check(w))
		return;
	if (!blocked && !w->plan->steps_done[w->step]) {
		w->plan->steps_done[w->step] = true;
		pcm_wiz_save(w);
	}
	w->step++;
	arrive(w);
	if (!blocked)
		return;
	/* after what the step said on leaving (the training check), if any */
	said[0] = 0;
	if (!w->message_sticky && w->message[0])
		snprintf(said, sizeof said, "%s ", w->message);
	if (from == PCM_STEP_BACKUP)
		pcm_wiz_message(w, PCM_C_BLOCK,
		                _("%sStep 1 (Backup) still blocks: the package is not written without a recent "
		                  "full backup or an override (o on step 1)."), said);
	else
		pcm_wiz_message(w, PCM_C_BLOCK,
		                ngettext("%sStep %d (%s) still blocks: %zu blocking finding; the package is not "
		                         "written until it is fixed.",
		                         "%sStep %d (%s) still blocks: %zu blocking findings; the package is not "
		                         "written until they are fixed.", blocked),
		                said, from + 1, _(s->label), blocked);
}

static void go_back(struct pcm_wiz *w)
{
	if (w->step == 0) {
		pcm_wiz_message(w, PCM_C_MESSAGE, _("This is the first step."));
		return;
	}
	pcm_wiz_recheck(w);
	w->step--;
	arrive(w);
}

/* Goes straight to step to (the step list): the step left is not marked
 * done; a field typed but not saved keeps the wizard where it is. */
static void go_to(struct pcm_wiz *w, int to)
{
	const struct pcm_screen *s = screens[w->step];

	if (to == w->step)
		return;
	/* the Migrate step's leave asks about the preview's warnings: only
	 * for Tab */
	if (w->step != PCM_STEP_MIGRATE && s->leave && !s->leave(w))
		return;
	pcm_wiz_recheck(w);
	w->step = to;
	arrive(w);
	if (step_state(w, to) == PCM_STEP_BLOCKED)
		pcm_wiz_message(w, PCM_C_BLOCK, _("This step still blocks: see its findings."));
}

static const char *step_state_name(enum pcm_step_state st)
{
	return st == PCM_STEP_BLOCKED ? _("blocks") : st == PCM_STEP_DONE ? _("done") : _("to do");
}

/* A row of the step list: number, title, state. */
static void step_row(void *ctx, size_t i, char *buf, size_t size)
{
	struct pcm_wiz *w = ctx;
	const char *title = _(screens[i]->title);
	int pad = 32 - pcm_text_width(title);

	snprintf(buf, size, "%2zu  %s%*s%s", i + 1, title, pad > 1 ? pad : 1, "",
	         step_state_name(step_state(w, (int)i)));
}

static int step_row_color(void *ctx, size_t i)
{
	enum pcm_step_state st = step_state(ctx, (int)i);

	return st == PCM_STEP_BLOCKED ? (int)PCM_C_BLOCK : st == PCM_STEP_DONE ? (int)PCM_C_OK : -1;
}

/* F2 (or =): every step with its state, like an installer's main menu;
 * Enter goes to the selected one, Esc stays. */
static void step_list(struct pcm_wiz *w)
{
	struct pcm_listbox lb;
	int key, action;

	pcm_wiz_recheck(w);
	pcm_listbox_init(&lb, PCM_STEP_COUNT, false, step_row, step_row_color, w);
	pcm_listbox_goto(&lb, (size_t)w->step);
	for (;;) {
		step_menu = &lb;
		pcm_wiz_draw(w);
		step_menu = NULL;
		key = pcm_wiz_key(w);
		if (key == PCM_KEY_FN(KEY_RESIZE))
			continue;
		action = pcm_keymap_find(&prompt_keys, key);
		if (action == PCM_ACT_ACCEPT) {
			go_to(w, (int)lb.cursor);
			break;
		}
		if (action == PCM_ACT_CANCEL || pcm_keymap_find(&global_keys, key) == PCM_ACT_STEPS ||
		    key == 'q')
			break;
		pcm_listbox_key(&lb, key);
	}
	pcm_listbox_free(&lb);
}

/* A mouse event: a click on the step bar goes to that step, a click on a
 * list row selects it, the wheel scrolls the list. */
static void on_mouse(struct pcm_wiz *w)
{
	MEVENT ev;
	struct pcm_listbox *lb = pcm_listbox_drawn();
	int step, wheel = 0;

	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED)
		wheel = -1;
	else if (ev.bstate & BUTTON5_PRESSED)
		wheel = 1;
	else if (!(ev.bstate & BUTTON1_PRESSED))
		return;
	if (!wheel && ev.y == 1) {
		step = pcm_stepbar_hit(ev.x);
		if (step >= 0 && step < PCM_STEP_COUNT)
			go_to(w, step);
		return;
	}
	if (lb)
		pcm_listbox_mouse(lb, ev.y, ev.x, wheel);
}

/* Takes in what another pcmigrate wrote to the plan (pcmigrate plan in
 * another shell, say): the plan is read again when it changed on disk,
 * and a save merges it too; either way the admin is told, the checks run
 * again and the screen is rebuilt from the merged plan. */
static void take_in_other_changes(struct pcm_wiz *w)
{
	struct pcm_error err = { 0 };
	bool changed = false;
	const struct pcm_screen *s = screens[w->step];

	if (pcm_plan_refresh(w->plan, &changed, &err) != 0) {
		pcm_wiz_message(w, PCM_C_BLOCK, _("Could not read the plan again: %s"), err.text);
		return;
	}
	if (w->plan->merged == w->merged_seen)
		return;
	w->merged_seen = w->plan->merged;
	w->plan_gen++;
	pcm_wiz_changed(w, PCM_WIZ_CS_ALL);
	pcm_wiz_message(w, PCM_C_WARNING,
	                _("Another pcmigrate changed the plan: its decisions are merged with yours and shown."));
	if (!(s->modal && s->modal(w)))
		s->enter(w);
}

/* The key loop. Returns when the user quits. */
static void run(struct pcm_wiz *w)
{
	const struct pcm_screen *s;
	double t0 = 0;
	int key;
	bool modal, timing = false;

	arrive(w);
	for (;;) {
		s = screens[w->step];
		if (w->guided)
			pcm_training_intro(w);     /* once per step visited */
		pcm_wiz_draw(w);
		if (timing && w->bench) {
			if (w->nbench == w->bench_cap) {
				w->bench_cap = w->bench_cap ? w->bench_cap * 2 : 256;
				w->bench_times = pcm_xrealloc(w->bench_times, w->bench_cap * sizeof *w->bench_times);
			}
			double t = w->bench_times[w->nbench++] = pcm_monotonic() - t0;
			double *slowest = w->announced ? &w->slowest_announced : &w->slowest_quiet;
			if (t > *slowest)
				*slowest = t;
			w->nannounced += w->announced;
			if (w->trace)
				fprintf(stderr, "key %x: %.3f ms%s\n", (unsigned)key, t * 1e3,
				        w->announced ? " (progress shown)" : "");
		}
		key = pcm_wiz_key(w);
		t0 = pcm_monotonic();
		timing = true;
		w->announced = false;
		if (key == PCM_KEY_FN(KEY_RESIZE))
			continue;
		if (key == PCM_KEY_BENCH_START) {
			w->nbench = w->nannounced = 0;
			w->slowest_quiet = w->slowest_announced = 0;
			timing = false;
			continue;
		}
		if (key == PCM_KEY_FN(KEY_MOUSE)) {
			if (!(s->modal && s->modal(w)))
				on_mouse(w);
			continue;
		}
		if (clear_message(w, key))
			continue;
		modal = s->modal && s->modal(w);
		if (key == PCM_KEY_FN(KEY_F(1)) || (!modal && key == '?')) {
			show_help(w);
			timing = false;
			continue;
		}
		/* a screen may leave its modal state on this key and hand it on
		 * (Tab in an unchanged editor is the wizard's Tab) */
		if (s->key(w, key) || (s->modal && s->modal(w))) {
			take_in_other_changes(w);
			continue;
		}
		switch (pcm_keymap_find(&global_keys, key)) {
		case PCM_ACT_NEXT:
			go_next(w);
			break;
		case PCM_ACT_BACK:
			go_back(w);
			break;
		case PCM_ACT_STEPS:
			step_list(w);
			break;
		case PCM_ACT_QUIT:
			if (pcm_wiz_confirm(w, _("Quit pcmigrate? Every decision so far is saved in the plan.")))
				return;
			break;
		case PCM_ACT_REDRAW:
			clearok(curscr, TRUE);
			break;
		default:
			break;
		}
		take_in_other_changes(w);
	}
}

/* Does the plan hold anything the admin decided earlier? */
static bool plan_has_decisions(const struct pcm_plan *p)
{
	int i;

	for (i = 0; i < PCM_STEP_COUNT; i++)
		if (p->steps_done[i])
			return true;
	return p->renames.n || p->root_managers.n || p->invitations.n || p->disabled.n ||
	       p->has_cutoff || p->backup_override_reason;
}

/* The first step not yet done, to resume at. */
static int first_unfinished(struct pcm_wiz *w)
{
	int i;

	for (i = 0; i < PCM_STEP_COUNT; i++)
		if (!w->plan->steps_done[i] || (i == PCM_STEP_MIGRATE && pcm_wiz_package_stale(w)))
			return i;
	return PCM_STEP_COUNT - 1;
}

static bool read_file(const char *path, char **text)
{
	FILE *f = fopen(path, "rb");
	size_t n = 0, cap = 4096, r;
	char *s;

	if (!f)
		return false;
	s = pcm_xmalloc(cap);
	while ((r = fread(s + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (n + 1 >= cap)
			s = pcm_xrealloc(s, cap *= 2);
	}
	s[n] = 0;
	fclose(f);
	*text = s;
	return true;
}

static void usage(FILE *out)
{
	fputs(_("Usage: pcmigrate [--source SOURCE] [--plan FILE] [--out DIR]\n"
	        "Opens the wizard that walks through the migration checklist.\n"
	        "  --source SOURCE  snapshot:FILE or tds://USER@SERVER[:PORT]/DATABASE\n"
	        "                   (default: the bundled training sample)\n"
	        "  --plan FILE      the decisions file (default: one per source under\n"
	        "                   $XDG_STATE_HOME/pcmigrate/)\n"
	        "  --out DIR        the package folder of the real run (default:\n"
	        "                   pcmigrate-package)\n"
	        "  --file-sizes LISTING  a listing of the legacy file store (SIZE<TAB>PATH\n"
	        "                   per line): the warnings give the size of the uploaded\n"
	        "                   files and name the missing ones\n"
	        "  --file-store DIR the same from a copy of the store\n"
	        "  --no-mouse       leave the mouse to the terminal (no clicks on steps\n"
	        "                   and rows, no wheel)\n"
	        "  --training       on the training sample: each step opens with what to\n"
	        "                   look at and a task, checked when you go on\n"), out);
}

/* Appends terminfo capability cap to buf (when the terminal has it). */
static void add_cap(char *buf, size_t size, const char *cap)
{
	char *v = tigetstr(cap);

	if (v && v != (char *)-1 && strlen(buf) + strlen(v) < size)
		strcat(buf, v);
}

/* Arms the crash handlers with what endwin would do, as bytes: leave the
 * alternate screen and keypad mode, normal cursor and attributes, and the
 * shell's terminal mode saved before initscr. */
static void arm_crash_restore(const struct termios *shell)
{
	char reset[256] = "";

	add_cap(reset, sizeof reset, "sgr0");
	add_cap(reset, sizeof reset, "rmkx");
	add_cap(reset, sizeof reset, "cnorm");
	add_cap(reset, sizeof reset, "rmcup");
	pcm_crash_set_restore_hook(leave_curses);
	pcm_crash_arm_terminal(STDOUT_FILENO, shell, reset);
}

/* Starts curses: on the terminal, or on /dev/null for --dump-screen
 * (size from --size, else LINES/COLUMNS, else 80x24). */
static bool start_curses(struct pcm_wiz *w, const char *size)
{
	int cols = 80, rows = 24;
	char buf[16];
	const char *term = getenv("TERM");
	struct termios shell;

	if (w->dump_screen) {
		if (size && sscanf(size, "%dx%d", &cols, &rows) != 2)
			return false;
		if (!size && getenv("COLUMNS") && getenv("LINES")) {
			cols = atoi(getenv("COLUMNS"));
			rows = atoi(getenv("LINES"));
		}
		snprintf(buf, sizeof buf, "%d", rows);
		setenv("LINES", buf, 1);
		snprintf(buf, sizeof buf, "%d", cols);
		setenv("COLUMNS", buf, 1);
		dump_out = fopen("/dev/null", "w");
		dump_in = fopen("/dev/null", "r");
		dump_term = newterm(term && *term ? term : "xterm", dump_out, dump_in);
		if (!dump_term)
			return false;
		set_term(dump_term);
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			fputs(_("pcmigrate: the wizard needs a terminal; use the batch commands in scripts\n"), stderr);
			return false;
		}
		if (tcgetattr(STDOUT_FILENO, &shell) != 0 || !initscr())
			return false;
	}
	curses_on = true;
	cbreak();       /* Ctrl-C stays a signal: it restores the terminal */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(50);
	wtimeout(stdscr, 250);
	pcm_colors_init(false);
	curs_set(0);
	/* a click picks a step or a row, the wheel scrolls; --no-mouse
	 * leaves the mouse to the terminal (selecting text to copy) */
	if (!w->dump_screen && !w->no_mouse) {
		mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
		mouseinterval(0);
	}
	if (!w->dump_screen)
		arm_crash_restore(&shell);
	return true;
}

int pcm_wizard_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "plan", required_argument, NULL, 'p' },
		{ "out", required_argument, NULL, 'o' },
		{ "file-sizes", required_argument, NULL, 'f' },
		{ "file-store", required_argument, NULL, 'F' },
		{ "training", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		/* hidden: deterministic tests and benchmarks */
		{ "replay", required_argument, NULL, 'R' },
		{ "dump-screen", no_argument, NULL, 'D' },
		{ "size", required_argument, NULL, 'S' },
		{ "bench", no_argument, NULL, 'B' },
		{ "no-mouse", no_argument, NULL, 'M' },
		{ NULL, 0, NULL, 0 }
	};
	struct pcm_wiz wiz, *w = &wiz;
	struct pcm_error err = { 0 };
	struct pcm_progress_line loadline;
	bool loadline_on = false;
	const char *plan_path = NULL, *replay_path = NULL, *size = NULL, *bad = NULL;
	const char *listing = NULL, *store = NULL;
	char *default_plan = NULL, *script;
	long nkeys;
	int c, status = PCM_EXIT_INPUT;

	memset(w, 0, sizeof *w);
	the_wiz = w;
	/* the environment is read once, here */
	w->trace = getenv("PCM_BENCH_TRACE") != NULL;
	w->test_assert = getenv("PCMIGRATE_TEST_ASSERT") && !strcmp(getenv("PCMIGRATE_TEST_ASSERT"), "1");
	/* tests point gettext at the build tree's catalogs */
	if (getenv("PCMIGRATE_LOCALEDIR") && *getenv("PCMIGRATE_LOCALEDIR"))
		bindtextdomain(PACKAGE, getenv("PCMIGRATE_LOCALEDIR"));
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's': w->source_spec = optarg; break;
		case 'p': plan_path = optarg; break;
		case 'o': w->out_dir = pcm_xstrdup(optarg); break;
		case 'f': listing = optarg; break;
		case 'F': store = optarg; break;
		case 'T': w->guided = true; break;
		case 'R': replay_path = optarg; break;
		case 'D': w->dump_screen = true; break;
		case 'S': size = optarg; break;
		case 'B': w->bench = true; break;
		case 'M': w->no_mouse = true; break;
		case 'h': usage(stdout); return PCM_EXIT_OK;
		default: usage(stderr); return PCM_EXIT_INPUT;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("pcmigrate: unexpected argument '%s'\n"), argv[optind]);
		usage(stderr);
		return PCM_EXIT_INPUT;
	}
	if (w->dump_screen && !replay_path) {
		fputs(_("pcmigrate: --dump-screen needs --replay FILE\n"), stderr);
		return PCM_EXIT_INPUT;
	}
	if (replay_path) {
		if (!read_file(replay_path, &script)) {
			fprintf(stderr, _("pcmigrate: cannot read %s: %s\n"), replay_path, strerror(errno));
			return PCM_EXIT_INPUT;
		}
		nkeys = pcm_keys_parse_script(script, &w->replay, &bad);
		if (nkeys < 0) {
			fprintf(stderr, _("pcmigrate: %s: unknown key name near \"%.20s\"\n"), replay_path, bad);
			free(script);
			return PCM_EXIT_INPUT;
		}
		w->nreplay = (size_t)nkeys;
		free(script);
	}

	/* a large deployment takes seconds to read and check before the
	 * first screen: say so on the terminal meanwhile */
	if (isatty(STDERR_FILENO) && !replay_path) {
		/* a line wiped before the wizard starts (and before an error):
		 * it does not stay in the shell after the wizard ends */
		char *text = pcm_xasprintf(_("pcmigrate: reading %s and running the checks..."),
		                           w->source_spec ? pcm_shown(w->source_spec) : _("the training sample"));
		pcm_progress_line_init(&loadline, stderr, "");
		pcm_progress_line_text(&loadline, text);
		loadline_on = true;
		free(text);
	}
	if (pcm_app_load(w->source_spec, &w->src, &w->dep) != 0 ||
	    pcm_app_file_sizes(w->dep, listing, store) != PCM_EXIT_OK)
		goto out;
	w->training = w->dep->info.training || !w->source_spec;
	if (w->guided && !w->training) {
		fprintf(stderr, _("pcmigrate: --training runs on the bundled training sample only; "
		                  "leave out --source (the source given is %s)\n"),
		        pcm_shown(w->source_spec));
		status = PCM_EXIT_INPUT;
		goto out;
	}
	if (!plan_path)
		plan_path = default_plan = pcm_app_default_plan_path(w->dep);
	w->plan = pcm_plan_new();
	if (pcm_plan_load(w->plan, plan_path, &err) != 0) {
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		goto out;
	}
	if (!w->plan->source_kind)
		pcm_plan_bind(w->plan, w->dep);
	else if (pcm_plan_matches(w->plan, w->dep, &err) != 0) {
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		goto out;
	}
	if (!w->plan->path)
		w->plan->path = pcm_xstrdup(plan_path);
	/* the folder of the last package, unless --out says otherwise */
	if (!w->out_dir)
		w->out_dir = pcm_xstrdup(w->plan->package_dir ? w->plan->package_dir : "pcmigrate-package");
	/* one wizard per plan; the batch commands may still write it (the
	 * saves merge) */
	if (pcm_plan_hold(w->plan, &err) != 0) {
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		goto out;
	}
	for (c = 0; c <= PCM_CS_WARNINGS; c++)
		pcm_findings_init(&w->checks[c]);
	pcm_findings_init(&w->warnings);
	pcm_findings_init(&w->verify);
	pcm_wiz_changed(w, PCM_WIZ_CS_ALL);
	pcm_wiz_recheck(w);
	if (loadline_on) {
		pcm_progress_line_end(&loadline);
		loadline_on = false;
	}

	install_signals();
	if (!start_curses(w, size))
		goto out;
	w->message_color = PCM_C_MESSAGE;
	if (plan_has_decisions(w->plan)) {
		int at = first_unfinished(w);
		char q[512];

		w->step = at;
		snprintf(q, sizeof q, _("This plan already holds decisions. Resume at step %d (%s)?"),
		         at + 1, _(screens[at]->title));
		screens[at]->enter(w);
		if (!pcm_wiz_confirm(w, q))
			w->step = 0;
	}
	run(w);
	leave_curses();
	bench_report(w);
	printf(_("Your decisions are saved in %s\n"), w->plan->path);
	status = PCM_EXIT_OK;
out:
	if (loadline_on)
		pcm_progress_line_end(&loadline);
	for (c = 0; c < PCM_STEP_COUNT; c++) {
		if (w->state[c] && screens[c]->free_state)
			screens[c]->free_state(w->state[c]);
		else
			free(w->state[c]);
	}
	for (c = 0; c <= PCM_CS_WARNINGS; c++)
		pcm_findings_free(&w->checks[c]);
	pcm_findings_free(&w->warnings);
	pcm_findings_free(&w->verify);
	free(w->verify_target);
	pcm_plan_free(w->plan);
	pcm_source_close(w->src);
	pcm_deployment_free(w->dep);
	free(default_plan);
	free(w->out_dir);
	free(w->replay);
	free(w->bench_times);
	if (dump_term)
		delscreen(dump_term);
	return status;
}
