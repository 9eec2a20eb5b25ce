/* SPDX-License-Identifier: MIT */
/* Ctrl-C and SIGTERM during a live read (interrupt.h). */
#include "config.h"
#include <signal.h>
#include <string.h>
#include "base/interrupt.h"

static const int caught[] = { SIGINT, SIGTERM };
#define NCAUGHT (sizeof caught / sizeof caught[0])

static struct sigaction before[NCAUGHT];
static bool installed[NCAUGHT];
static volatile sig_atomic_t recorded, deferring;

static void on_signal(int sig)
{
	if (deferring && !recorded) {
		recorded = sig;
		return;
	}
	/* nothing to clean up, or a second signal: the signal's own end */
	signal(sig, SIG_DFL);
	raise(sig);
}

void pcm_interrupt_catch(bool on)
{
	for (size_t i = 0; i < NCAUGHT; i++) {
		if (on && !installed[i]) {
			struct sigaction sa;
			if (sigaction(caught[i], NULL, &before[i]) != 0 || before[i].sa_handler == SIG_IGN)
				continue;
			memset(&sa, 0, sizeof sa);
			sa.sa_handler = on_signal;      /* no SA_RESTART: waits see EINTR */
			sigemptyset(&sa.sa_mask);
			if (sigaction(caught[i], &sa, NULL) == 0)
				installed[i] = true;
		} else if (!on && installed[i]) {
			sigaction(caught[i], &before[i], NULL);
			installed[i] = false;
		}
	}
	if (!on)
		deferring = 0;
}

void pcm_interrupt_defer(bool on)
{
	deferring = on;
}

int pcm_interrupt_signal(void)
{
	return recorded;
}

int pcm_interrupt_exit_status(void)
{
	return recorded ? 128 + recorded : 0;
}
