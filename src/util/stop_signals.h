/* stop_signals.h: holding back the signals that end a command-line run (Ctrl-C, SIGTERM, SIGHUP) for the few
 * instructions in which a temporary file exists but its cleaning-up handler does not know its name yet
 * (backup and restore; issue 11 item 7). For single-threaded programs: it sets the process's mask. */
#ifndef BP_STOP_SIGNALS_H
#define BP_STOP_SIGNALS_H

#include <signal.h>

/* Blocks SIGINT, SIGTERM and SIGHUP; *was receives the mask before. */
void bp_stop_signals_hold(sigset_t *was);

/* Restores the mask from bp_stop_signals_hold: a signal that came meanwhile is delivered now. */
void bp_stop_signals_release(const sigset_t *was);

#endif
