/* SPDX-License-Identifier: MIT */
/* The curses wizard's entry point: pcmigrate with no command (main.c).
 * Kept apart from wizard.h so main.c needs no curses. */
#ifndef PCM_WIZARD_MAIN_H
#define PCM_WIZARD_MAIN_H

int pcm_wizard_main(int argc, char **argv);

#endif
