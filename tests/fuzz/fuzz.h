/* SPDX-License-Identifier: MIT */
/* The libFuzzer entry points every target in tests/fuzz/ defines. The
 * fuzz build (make fuzz) links them with libFuzzer's main; make check
 * links them with regress_main.c, which replays the seed corpus and every
 * crasher ever found through the same code. */
#ifndef PCM_FUZZ_H
#define PCM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant the target checks; abort() so libFuzzer keeps the input
 * and the regression driver fails loudly. */
#define FUZZ_CHECK(cond) do { if (!(cond)) abort(); } while (0)

#endif
