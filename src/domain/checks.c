/* checks.c: the shared input checks of checks.h. Pure. */
#include "domain/checks.h"

int64_t bp_day(struct bp_date d)
{
    return bp_days_from_civil(d.y, d.m, d.d);
}

struct bp_date bp_date_add(struct bp_date d, int64_t days)
{
    return bp_civil_from_days(bp_day(d) + days);
}

bool bp_check_date(struct bp_field_errors *e, const char *field, const char *v, bool required,
                   const struct bp_date *not_after, struct bp_date *out)
{
    struct bp_date d;
    if (bp_text_empty(v)) {
        if (required)
            bp_field_errors_add(e, field, "required");
        return false;
    }
    if (!bp_date_parse(v, &d)) {
        bp_field_errors_add(e, field, "date");
        return false;
    }
    if (not_after && bp_day(d) > bp_day(*not_after)) {
        bp_field_errors_add(e, field, "future");
        return false;
    }
    *out = d;
    return true;
}

int bp_check_code(struct bp_field_errors *e, const char *field, const char *v, const char *const *codes,
                  size_t n, int def)
{
    int i;
    if (bp_text_empty(v)) {
        if (def < 0)
            bp_field_errors_add(e, field, "required");
        return def;
    }
    i = bp_code_find(codes, n, v);
    if (i < 0)
        bp_field_errors_add(e, field, "choice");
    return i;
}

int64_t bp_check_id(struct bp_field_errors *e, const char *field, const char *v, bool required)
{
    int64_t id;
    if (bp_text_empty(v)) {
        if (required)
            bp_field_errors_add(e, field, "required");
        return 0;
    }
    if (!bp_parse_int64(v, 1, INT64_MAX, &id)) {
        bp_field_errors_add(e, field, "choice");
        return 0;
    }
    return id;
}

bool bp_clock_parse(const char *s, int *minutes)
{
    int h, m;
    if (!s || strlen(s) != 5 || s[2] != ':')
        return false;
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[3] < '0' || s[3] > '9' || s[4] < '0' ||
        s[4] > '9')
        return false;
    h = (s[0] - '0') * 10 + (s[1] - '0');
    m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 23 || m > 59)
        return false;
    *minutes = h * 60 + m;
    return true;
}

static bool prefix_nocase(const char *s, const char *p)
{
    for (; *p; s++, p++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != *p)
            return false;
    }
    return true;
}

bool bp_check_https_url(struct bp_field_errors *e, const char *field, const char *v, bool required)
{
    const char *host, *end;
    if (!bp_check_text(e, field, v, BP_MAX_URL, required))
        return false;
    if (bp_text_empty(v))
        return true;
    if (strpbrk(v, " \t\r\n\"'<>\\`")) {
        bp_field_errors_add(e, field, "url");
        return false;
    }
    if (prefix_nocase(v, "https://")) {
        host = v + 8;
    } else {
        /* some other scheme ("http:", "ftp:") is a link that is not secure; anything else is no link */
        const char *colon = strchr(v, ':');
        bool scheme = colon && colon != v && colon[1] == '/' && colon[2] == '/';
        bp_field_errors_add(e, field, scheme ? "https" : "url");
        return false;
    }
    end = host + strcspn(host, "/?#");
    if (end == host || memchr(host, '@', (size_t)(end - host)) || host[0] == '.' || host[0] == ':') {
        bp_field_errors_add(e, field, "url"); /* no host, or a user part that could hide the real host */
        return false;
    }
    return true;
}

const struct bp_guardian *bp_guardian_find(const struct bp_guardian *guardians, size_t n, int64_t id)
{
    return BP_FIND_ID(struct bp_guardian, guardians, n, id, id);
}

const struct bp_guardian *bp_check_guardian(struct bp_field_errors *e, const char *field, const char *v,
                                            const struct bp_guardian *guardians, size_t n, int64_t *id)
{
    const struct bp_guardian *g;
    *id = bp_check_id(e, field, v, true);
    g = *id ? bp_guardian_find(guardians, n, *id) : NULL;
    if (*id && !g)
        bp_field_errors_add(e, field, "not_guardian");
    return g;
}

const struct bp_guardian *bp_custodian_find(const struct bp_guardian *guardians, size_t n, int64_t id)
{
    const struct bp_guardian *g = bp_guardian_find(guardians, n, id);
    return bp_has_custody(g) ? g : NULL;
}

size_t bp_custodians_count(const struct bp_guardian *guardians, size_t n)
{
    size_t i, k = 0;
    for (i = 0; i < n; i++)
        k += bp_has_custody(&guardians[i]);
    return k;
}

bool bp_user_acts_for(const struct bp_user *user, int64_t acting_org_id, int64_t org_id)
{
    size_t i;
    if (!user || user->id <= 0 || user->disabled || org_id <= 0)
        return false;
    if (acting_org_id && acting_org_id != org_id)
        return false;
    for (i = 0; i < user->n_orgs; i++)
        if (user->orgs[i].org_id == org_id)
            return true;
    return false;
}

/* The ids of a list as typed, each one of known[]; false (and the error on field) at the first that is
 * not. */
bool bp_check_ids_among(const char *const *typed, size_t n, const int64_t *known, size_t n_known,
                        int64_t *out, size_t *n_out, size_t cap, const char *field, const char *code,
                        struct bp_field_errors *errs)
{
    size_t i;
    *n_out = 0;
    for (i = 0; i < n; i++) {
        int64_t id = 0;
        if (!typed[i] || !*typed[i])
            continue;
        if (!bp_parse_int64(typed[i], 1, INT64_MAX, &id) || !bp_id_in(known, n_known, id) || *n_out == cap) {
            bp_field_errors_add(errs, field, code);
            return false;
        }
        if (!bp_id_in(out, *n_out, id))
            out[(*n_out)++] = id;
    }
    return true;
}

bool bp_staff_change_leaves_no_admin(const struct bp_staff_member *members, size_t n, int64_t actor_id,
                                     int64_t target_id, bool stays_admin)
{
    bool target_admin = false;
    size_t i, others = 0;
    if (actor_id != target_id || stays_admin)
        return false;
    for (i = 0; i < n; i++) {
        bool admin = members[i].role == BP_ROLE_ORG_ADMIN && !members[i].disabled;
        if (members[i].user_id == target_id)
            target_admin = admin;
        else
            others += admin;
    }
    return target_admin && others == 0;
}

bool bp_user_administers_org(const struct bp_user *user, int64_t org_id)
{
    size_t i;
    if (!user || user->id <= 0 || user->disabled)
        return false;
    if (user->is_admin)
        return true;
    for (i = 0; org_id > 0 && i < user->n_orgs; i++)
        if (user->orgs[i].org_id == org_id && user->orgs[i].role == BP_ROLE_ORG_ADMIN)
            return true;
    return false;
}

int64_t bp_user_first_admin_org(const struct bp_user *user)
{
    size_t i;
    for (i = 0; user && !user->disabled && i < user->n_orgs; i++)
        if (user->orgs[i].role == BP_ROLE_ORG_ADMIN)
            return user->orgs[i].org_id;
    return 0;
}
