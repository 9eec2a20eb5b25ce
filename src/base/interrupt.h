/* SPDX-License-Identifier: MIT */
/* Ctrl-C and SIGTERM for the batch commands that read the live database.
 *
 * While caught, a signal either ends the process at once with the
 * signal's own action (nothing to clean up yet: the kernel closes the
 * connection), or, while a command has temporaries to remove and a query
 * that can be cancelled (pcm_interrupt_defer), only records itself: the
 * TDS source sees it within a second (db-lib's interrupt check), closes
 * the connection, the call fails and the command removes its temporaries
 * and exits with pcm_interrupt_exit_status() (130 for SIGINT, 143 for
 * SIGTERM). A second signal while deferred ends the process at once. */
#ifndef PCM_INTERRUPT_H
#define PCM_INTERRUPT_H

#include <stdbool.h>

/* Installs (on) or removes (off) the handlers for SIGINT and SIGTERM. A
 * signal the process inherited as ignored stays ignored. */
void pcm_interrupt_catch(bool on);
/* While on, a signal is recorded instead of ending the process. */
void pcm_interrupt_defer(bool on);
/* The signal recorded (SIGINT or SIGTERM), or 0. */
int pcm_interrupt_signal(void);
/* 128 + the signal recorded (130, 143), or 0. */
int pcm_interrupt_exit_status(void);

#endif
