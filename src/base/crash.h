/* SPDX-License-Identifier: MIT */
/* Invariant checks that stay on in a release build (NDEBUG removes
 * assert(), this does not) and crash handling that gives the terminal
 * back before the process dies.
 *
 * A failed PCM_ASSERT calls the registered restore hook (the wizard's
 * endwin), then prints "pcmigrate: internal error at FILE:LINE in
 * FUNCTION: check failed: CONDITION" on stderr and aborts.
 * SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT, once a terminal is armed,
 * write the terminal's reset sequence, put back the terminal mode saved
 * before curses started (both async-signal-safe: write(2), tcsetattr(3)),
 * print one line, and re-raise the signal with its default action, so a
 * core is still dumped and the exit status is the signal's. */
#ifndef PCM_CRASH_H
#define PCM_CRASH_H

#include <stdbool.h>
#include <termios.h>

#define PCM_ASSERT(cond) \
	((cond) ? (void)0 : pcm_assert_fail(#cond, __FILE__, __LINE__, __func__))

_Noreturn void pcm_assert_fail(const char *cond, const char *file, int line, const char *func);
/* Dies of an unrecoverable condition (out of memory): the restore hook,
 * then "pcmigrate: MESSAGE" on stderr, then abort. */
_Noreturn void pcm_fatal(const char *message);

/* The hook a failed PCM_ASSERT calls (in normal context, so it may call
 * endwin) before it prints its message. NULL removes it. */
void pcm_crash_set_restore_hook(void (*hook)(void));

/* Arms the crash handlers for the terminal on fd: mode is the terminal
 * mode to put back (the shell's, saved before curses changed it), reset
 * the bytes that leave full-screen mode (rmcup, cnorm, sgr0, ...; at most
 * 255 bytes kept). Installs the handlers on first use. */
void pcm_crash_arm_terminal(int fd, const struct termios *mode, const char *reset);
/* While on, SIGINT, SIGTERM and SIGHUP also restore the armed terminal
 * and end the process with the signal (for a prompt that turned echo off
 * and has no handlers of its own); off puts their former actions back. */
void pcm_crash_catch_interrupts(bool on);
/* The terminal is back to normal (endwin ran): nothing to restore. */
void pcm_crash_disarm_terminal(void);
/* True while a terminal is armed (for tests). */
bool pcm_crash_terminal_armed(void);

#endif
