/* fuzz.h: what every fuzz target and the replay driver share: the libFuzzer entry point and a check
 * that stops loudly. A target must stay pure (no files, no clock, no globals kept between inputs), so
 * that a crash found by libFuzzer replays the same way from a regression file. */
#ifndef BP_FUZZ_H
#define BP_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Runs one input; returns 0 (libFuzzer reserves other values). Violations abort. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant of the code under test: on failure, say which and abort, so that libFuzzer saves the
 * input and the replay test fails. */
#define FUZZ_CHECK(cond)                                                                                     \
    do {                                                                                                     \
        if (!(cond)) {                                                                                       \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);                     \
            abort();                                                                                         \
        }                                                                                                    \
    } while (0)

#endif
