/* stop_signals.c: see stop_signals.h. */
#include <stddef.h>
#include "util/stop_signals.h"

void bp_stop_signals_hold(sigset_t *was)
{
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    sigprocmask(SIG_BLOCK, &stop, was);
}

void bp_stop_signals_release(const sigset_t *was)
{
    sigprocmask(SIG_SETMASK, was, NULL);
}
