/* SPDX-License-Identifier: MIT */
/* measure: runs a command and prints its wall time and peak resident set
 * size, so benchmarks need no GNU time. Usage:
 *   measure NAME COMMAND [ARGS...]
 * prints "NAME.wall <seconds> s" and "NAME.peak_rss <MiB> MiB" on stdout;
 * the command's own output goes to /dev/null unless MEASURE_KEEP_OUTPUT=1.
 * Exits with the command's status. */
#include "config.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	double t0, t1;
	pid_t pid;
	int status;

	if (argc < 3) {
		fputs("usage: measure NAME COMMAND [ARGS...]\n", stderr);
		return 2;
	}
	t0 = now();
	pid = fork();
	if (pid < 0) {
		perror("measure: fork");
		return 2;
	}
	if (pid == 0) {
		const char *keep = getenv("MEASURE_KEEP_OUTPUT");
		if (!keep || *keep != '1') {
			int fd = open("/dev/null", O_WRONLY);
			if (fd >= 0) {
				dup2(fd, 1);
				close(fd);
			}
		}
		execvp(argv[2], argv + 2);
		perror("measure: exec");
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("measure: wait");
		return 2;
	}
	t1 = now();
	printf("%s.wall %.3f s\n", argv[1], t1 - t0);
	printf("%s.peak_rss %.1f MiB\n", argv[1], (double)ru.ru_maxrss / 1024.0);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}
