/* SPDX-License-Identifier: MIT */
/* Always-on invariant checks and terminal-restoring crash handlers. */
#include "config.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/crash.h"
#include "base/i18n.h"

/* The signals that mean "this process is dying of a bug". */
static const struct {
	int sig;
	const char *name;
} fatal[] = {
	{ SIGSEGV, "SIGSEGV" }, { SIGBUS, "SIGBUS" }, { SIGFPE, "SIGFPE" },
	{ SIGILL, "SIGILL" }, { SIGABRT, "SIGABRT" },
};
#define NFATAL (sizeof fatal / sizeof fatal[0])

/* Caught only while a prompt asks for them (pcm_crash_catch_interrupts). */
static const int interrupts[] = { SIGINT, SIGTERM, SIGHUP };
#define NINTERRUPTS (sizeof interrupts / sizeof interrupts[0])
static struct sigaction interrupts_before[NINTERRUPTS];
static bool interrupts_caught;

static void (*restore_hook)(void);
static volatile sig_atomic_t armed;
static bool handlers_installed;
static int tty_fd = -1;
static struct termios tty_mode;
static char reset_seq[256];
static size_t reset_len;
/* The line each handler prints, formatted (and translated) when armed:
 * printf and gettext are not async-signal-safe. */
static char fatal_msg[NFATAL][256];
static size_t fatal_len[NFATAL];

/* write(2) all of buf, ignoring errors: there is nothing left to do. */
static void write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);
		if (w <= 0)
			return;
		buf += w;
		n -= (size_t)w;
	}
}

/* The crash handler: terminal first, then the message, then die of the
 * same signal with the default action (core dump, exit status). */
static void on_fatal(int sig)
{
	size_t i;

	if (armed) {
		armed = 0;
		write_all(tty_fd, reset_seq, reset_len);
		tcsetattr(tty_fd, TCSANOW, &tty_mode);
		for (i = 0; i < NFATAL; i++)
			if (fatal[i].sig == sig)
				write_all(STDERR_FILENO, fatal_msg[i], fatal_len[i]);
		for (i = 0; i < NINTERRUPTS; i++)
			if (interrupts[i] == sig)       /* the prompt's line ends */
				write_all(tty_fd, "\n", 1);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* The terminal back to normal, in normal context (endwin may run). */
static void restore_now(void)
{
	void (*hook)(void) = restore_hook;

	restore_hook = NULL;    /* once, even if the hook itself fails a check */
	if (hook)
		hook();
	armed = 0;
	fflush(stdout);
}

/* abort() without our handler: the message is already out. */
static _Noreturn void die(void)
{
	fflush(stderr);
	signal(SIGABRT, SIG_DFL);
	abort();
}

void pcm_assert_fail(const char *cond, const char *file, int line, const char *func)
{
	restore_now();
	fprintf(stderr, _("pcmigrate: internal error at %s:%d in %s: check failed: %s\n"), file,
	        line, func, cond);
	die();
}

void pcm_fatal(const char *message)
{
	restore_now();
	fprintf(stderr, "pcmigrate: %s\n", message);
	die();
}

void pcm_crash_set_restore_hook(void (*hook)(void))
{
	restore_hook = hook;
}

/* Installs on_fatal for every fatal signal; SA_RESETHAND|SA_NODEFER so
 * the raise() in the handler meets the default action at once. */
static void install_handlers(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fatal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	for (i = 0; i < NFATAL; i++)
		sigaction(fatal[i].sig, &sa, NULL);
	handlers_installed = true;
}

void pcm_crash_arm_terminal(int fd, const struct termios *mode, const char *reset)
{
	size_t i;
	int n;

	armed = 0;
	tty_fd = fd;
	tty_mode = *mode;
	reset_len = reset ? strlen(reset) : 0;
	if (reset_len >= sizeof reset_seq)
		reset_len = sizeof reset_seq - 1;
	memcpy(reset_seq, reset ? reset : "", reset_len);
	for (i = 0; i < NFATAL; i++) {
		n = snprintf(fatal_msg[i], sizeof fatal_msg[i],
		             _("pcmigrate: stopped by signal %d (%s); the terminal was restored\n"),
		             fatal[i].sig, fatal[i].name);
		fatal_len[i] = n < 0 ? 0 : (size_t)n < sizeof fatal_msg[i] ? (size_t)n
		                                                            : sizeof fatal_msg[i] - 1;
	}
	if (!handlers_installed)
		install_handlers();
	armed = 1;
}

void pcm_crash_catch_interrupts(bool on)
{
	struct sigaction sa;
	size_t i;

	if (on == interrupts_caught)
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fatal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	for (i = 0; i < NINTERRUPTS; i++) {
		if (on)
			sigaction(interrupts[i], &sa, &interrupts_before[i]);
		else
			sigaction(interrupts[i], &interrupts_before[i], NULL);
	}
	interrupts_caught = on;
}

void pcm_crash_disarm_terminal(void)
{
	armed = 0;
}

bool pcm_crash_terminal_armed(void)
{
	return armed != 0;
}
