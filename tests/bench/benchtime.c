// SPDX-License-Identifier: GPL-2.0
/*
 * benchtime.c - run one command, report its wall-clock time and peak RSS.
 *
 *   benchtime OUTFILE COMMAND [ARG...]
 *
 * Appends "<wall_us> <maxrss_kib> <status> <user_us> <sys_us>" to OUTFILE,
 * where wall_us is CLOCK_MONOTONIC from just before fork() to the return of
 * wait4(), maxrss the child's ru_maxrss, status its exit status (128+N for
 * signal N), and user/sys the child's CPU time in user space and in the
 * kernel (generic netlink requests run in the sender's context, so sys_us
 * is mostly the kernel's work on the request).
 * The command's own stdin, stdout and stderr are left alone.  Exits with
 * the command's status.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	long long t0, t1;
	int st, rc;
	pid_t pid;
	FILE *out;

	if (argc < 3) {
		fprintf(stderr, "usage: benchtime OUTFILE COMMAND [ARG...]\n");
		return 64;
	}
	out = fopen(argv[1], "a");
	if (!out) {
		fprintf(stderr, "benchtime: %s: %s\n", argv[1], strerror(errno));
		return 71;
	}
	t0 = now_us();
	pid = fork();
	if (pid < 0) {
		perror("benchtime: fork");
		return 71;
	}
	if (pid == 0) {
		fclose(out);
		execvp(argv[2], argv + 2);
		fprintf(stderr, "benchtime: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &st, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("benchtime: wait4");
			return 71;
		}
	}
	t1 = now_us();
	rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	fprintf(out, "%lld %ld %d %lld %lld\n", t1 - t0, ru.ru_maxrss, rc,
		ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec,
		ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec);
	fclose(out);
	return rc;
}
