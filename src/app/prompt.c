/* SPDX-License-Identifier: MIT */
/* The TDS password prompt: see prompt.h. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "app/prompt.h"
#include "base/crash.h"
#include "base/i18n.h"
#include "base/util.h"

void pcm_tty_read_line(int fd, char *buf, size_t size)
{
	size_t n = 0;

	for (;;) {
		char c;
		ssize_t r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || c == '\n' || c == '\r')
			break;
		if (n + 1 < size)
			buf[n++] = c;
	}
	buf[n] = 0;
}

/* Reads a password from /dev/tty with echo off. */
char *pcm_prompt_password(const char *label, struct pcm_error *err)
{
	struct termios old, quiet;
	char buf[512];
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY);

	if (fd < 0) {
		pcm_error_set(err, _("tds://%s: no password: set PCMIGRATE_PASSWORD or run pcmigrate "
		                     "from a terminal to be asked for it"), label);
		return NULL;
	}
	dprintf(fd, _("Password for %s: "), label);
	bool echo_off = tcgetattr(fd, &old) == 0;
	if (echo_off) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		/* Ctrl-C, a hangup or a crash at the prompt gives echo back */
		pcm_crash_arm_terminal(fd, &old, "");
		pcm_crash_catch_interrupts(true);
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	pcm_tty_read_line(fd, buf, sizeof buf);
	if (echo_off) {
		tcsetattr(fd, TCSAFLUSH, &old);
		pcm_crash_catch_interrupts(false);
		pcm_crash_disarm_terminal();
	}
	dprintf(fd, "\n");
	close(fd);
	char *pw = pcm_xstrdup(buf);
	explicit_bzero(buf, sizeof buf);
	return pw;
}
