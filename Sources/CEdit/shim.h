#ifndef SWIFT_FLIGHTSQL_CEDIT_SHIM_H
#define SWIFT_FLIGHTSQL_CEDIT_SHIM_H
// libedit's readline-compatible interface (Debian: libedit-dev). readline.h uses FILE
// without including stdio.h itself.
#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>

// libedit's settings are mutable C globals; Swift 6 cannot touch those safely, so the
// shell sets them through these functions, once, before the first prompt.
// `getc` (may be NULL for libedit's own) must be set before libedit initializes, which the
// first history call does.
static inline void cflightsql_rl_configure(const char *name, int catchSignals, int (*getc)(FILE *)) {
    rl_readline_name = name;
    rl_catch_signals = catchSignals;
    if (getc) rl_getc_function = getc;
}
#endif
