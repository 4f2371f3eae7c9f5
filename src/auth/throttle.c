/* throttle.c: the throttling rule for password logins (auth/throttle.h). */
#include "auth/throttle.h"
#include "util/limits.h"

bool bp_password_login_throttled(const struct bp_login_counts *n)
{
    if (n->known_device)
        return n->device >= BP_LOGIN_MAX_PER_DEVICE;
    return n->pair >= BP_LOGIN_MAX_PER_ACCOUNT || n->account >= BP_LOGIN_MAX_ACCOUNT_ALL ||
           n->address >= BP_LOGIN_MAX_PER_ADDRESS;
}
