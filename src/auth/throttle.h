/* throttle.h: the throttling rule for password logins (OWASP ASVS V6.1.1, docs/asvs.md § Authentication
 * pathways): brute force is throttled, and a stranger failing at an account cannot lock its user out. */
#ifndef BP_THROTTLE_H
#define BP_THROTTLE_H
#include "util/common.h"

/* Failed logins in the last BP_LOGIN_WINDOW_SECONDS, counted for one attempt. */
struct bp_login_counts {
    int64_t pair;      /* of this account from this client address */
    int64_t account;   /* of this account from any address */
    int64_t address;   /* from this address, any account */
    int64_t device;    /* from this browser's bp_device token, when known_device */
    bool known_device; /* the browser has logged in to this account before (its bp_device cookie) */
};

/* Whether the attempt is refused (429, the right password too). A browser that logged in to the account
 * before counts only its own failures (BP_LOGIN_MAX_PER_DEVICE); any other: at most BP_LOGIN_MAX_PER_ACCOUNT
 * for the account from its address, BP_LOGIN_MAX_ACCOUNT_ALL for the account from all addresses together,
 * BP_LOGIN_MAX_PER_ADDRESS from its address. Pure. */
bool bp_password_login_throttled(const struct bp_login_counts *n);

#endif
