/* app.c: the use cases of app.h: login, sessions, registering and viewing cases, audit search. */
#include "app/app_impl.h"
#include "domain/checks.h"
#include "util/limits.h"
#include "util/form.h"

/* Writes one audit entry in its own transaction (used where there is no other write). */
static enum bp_err audit_now(struct bp_store *s, const struct bp_audit *e)
{
    return bp_uc_audit_commit(s, e, 1);
}

enum bp_err bp_uc_login(struct bp_store *s, struct bp_arena *a, const char *username, const char *password,
                        const struct bp_actor *actor, struct bp_login_result *out)
{
    struct bp_password_attempt at;
    const char *hash = NULL;
    struct bp_audit e;
    enum bp_err rc;
    bool ok, found;

    memset(out, 0, sizeof(*out));
    if (strlen(username) > BP_MAX_SHORT_TEXT || strlen(password) > BP_MAX_PASSWORD)
        return BP_ERR_UNAUTHENTICATED;
    rc = bp_user_get_by_username(s, a, username, &out->user, &hash);
    if (rc != BP_OK && rc != BP_ERR_NOT_FOUND)
        return rc;
    found = rc == BP_OK;
    if (!found)
        memset(&out->user, 0, sizeof(out->user));
    if ((rc = bp_app_password_throttled(s, a, username, out->user.id, actor, &at)) != BP_OK)
        return rc;
    bp_app_audit_fill(&e, actor, "login_failed", "session");
    /* on record against the account being tried, so that an attack on it can be found */
    e.user_id = out->user.id;
    if (at.throttled) {
        memset(&out->user, 0, sizeof(out->user));
        e.detail = "throttled";
        (void)audit_now(s, &e);
        return BP_ERR_THROTTLED;
    }
    if (!found) {
        bp_password_burn(password);
        ok = false;
    } else {
        ok = bp_password_verify(hash, password) && !out->user.disabled;
    }
    if (!ok) {
        e.detail = out->user.disabled ? "disabled" : "";
        if ((rc = bp_app_password_failure(s, username, actor, &at, &e)) != BP_OK)
            return rc;
        memset(&out->user, 0, sizeof(out->user));
        return BP_ERR_UNAUTHENTICATED;
    }
    return bp_app_session_start(s, a, actor, "", out);
}

/* The one way a session begins, whichever way the user proved who they are (a password, a provider's ID
 * token): a new token and CSRF token, the account's failed logins forgotten, the browser remembered (with an
 * arena: a password login), the "login" entry with detail (e.g. "oidc"), one transaction. */
enum bp_err bp_app_session_start(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 const char *detail, struct bp_login_result *out)
{
    char token_hash[BP_TOKEN_HASH_LEN + 1];
    int64_t session_id;
    struct bp_audit e;
    enum bp_err rc;

    bp_token_new(out->token);
    bp_token_new(out->csrf);
    bp_token_hash(out->token, token_hash);
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    bp_app_audit_fill(&e, actor, "login", "session");
    e.user_id = out->user.id;
    e.detail = detail;
    /* expired sessions go when someone logs in: no sweeper process, no table that only grows */
    if ((rc = bp_session_purge(s, actor->now - BP_SESSION_IDLE_SECONDS,
                               actor->now - BP_SESSION_ABSOLUTE_SECONDS)) != BP_OK ||
        (rc = bp_session_add(s, token_hash, out->user.id, out->csrf, actor->now, &session_id)) != BP_OK ||
        (rc = bp_login_failure_clear(s, out->user.username)) != BP_OK ||
        (rc = bp_login_failure_purge(s, actor->now - BP_LOGIN_WINDOW_SECONDS)) != BP_OK ||
        (a && (rc = bp_app_device_remember(s, a, actor, out->user.id, out->device)) != BP_OK) ||
        (rc = bp_audit_add(s, &e)) != BP_OK) {
        bp_store_rollback(s);
        return rc;
    }
    return bp_store_commit(s);
}

enum bp_err bp_uc_session(struct bp_store *s, struct bp_arena *a, const char *token, int64_t now,
                          struct bp_user *user, struct bp_session *session)
{
    char token_hash[BP_TOKEN_HASH_LEN + 1];
    enum bp_err rc;
    if (!token || strlen(token) != BP_TOKEN_LEN)
        return BP_ERR_UNAUTHENTICATED;
    bp_token_hash(token, token_hash);
    rc = bp_session_user_get(s, a, token_hash, session, user);
    if (rc == BP_ERR_NOT_FOUND)
        return BP_ERR_UNAUTHENTICATED;
    if (rc != BP_OK)
        return rc;
    if (!bp_session_alive(session->created_at, session->last_seen, now)) {
        (void)bp_session_delete(s, session->id);
        return BP_ERR_UNAUTHENTICATED;
    }
    if (user->disabled)
        return BP_ERR_UNAUTHENTICATED;
    /* a write per request would cost an fsync each: last_seen moves at most once a minute */
    if (now - session->last_seen >= 60)
        (void)bp_session_touch(s, session->id, now);
    return BP_OK;
}

enum bp_err bp_uc_logout(struct bp_store *s, const struct bp_actor *actor, int64_t session_id,
                         bool everywhere)
{
    struct bp_audit e;
    enum bp_err rc;
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    bp_app_audit_fill(&e, actor, "logout", "session");
    e.detail = everywhere ? "everywhere" : "";
    if (everywhere && actor->user)
        rc = bp_session_delete_for_user(s, actor->user->id);
    else
        rc = bp_session_delete(s, session_id);
    if (rc == BP_OK)
        rc = bp_audit_add(s, &e);
    if (rc != BP_OK) {
        bp_store_rollback(s);
        return rc;
    }
    return bp_store_commit(s);
}

enum bp_err bp_uc_register_case(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                const struct bp_registration_input *in, int64_t *case_id,
                                struct bp_field_errors *errs)
{
    struct bp_registration r;
    struct bp_event ev;
    struct bp_audit e;
    enum bp_err rc;
    size_t i;

    if (!actor->user)
        return BP_ERR_UNAUTHENTICATED;
    rc = bp_registration_validate(a, in, actor->user, bp_actor_today(actor), &r, errs);
    if (rc != BP_OK)
        return rc;
    if ((rc = bp_store_begin(s)) != BP_OK)
        return rc;
    r.child.created_at = actor->now;
    r.child.protected_any = bp_protected_any(&r.child, r.guardians, r.n_guardians); /* issue 10 item 10 */
    if ((rc = bp_child_add(s, &r.child)) != BP_OK)
        goto out;
    for (i = 0; i < r.n_guardians; i++) {
        r.guardians[i].child_id = r.child.id;
        if ((rc = bp_guardian_add(s, &r.guardians[i])) != BP_OK)
            goto out;
    }
    /* issue 10 item 10: a guardian registered as protected is protected from the others */
    bp_protection_from_others(r.guardians, r.n_guardians);
    for (i = 0; i < r.n_guardians; i++)
        if (r.guardians[i].protected && (rc = bp_guardian_protection_set(s, &r.guardians[i])) != BP_OK)
            goto out;
    r.kase.child_id = r.child.id;
    r.kase.created_at = actor->now;
    if ((rc = bp_case_add(s, &r.kase)) != BP_OK)
        goto out;
    memset(&ev, 0, sizeof(ev));
    ev.case_id = r.kase.id;
    ev.at = actor->now;
    ev.user_id = actor->user->id;
    ev.org_id = r.kase.initiating_org_id;
    ev.kind = "case_opened";
    ev.note = "";
    if ((rc = bp_event_add(s, &ev)) != BP_OK)
        goto out;
    bp_app_audit_fill(&e, actor, "create", "case");
    e.org_id = r.kase.initiating_org_id;
    e.child_id = r.child.id;
    e.case_id = r.kase.id;
    if ((rc = bp_audit_add(s, &e)) != BP_OK)
        goto out;
    rc = bp_store_commit(s);
    if (rc == BP_OK)
        *case_id = r.kase.id;
    return rc;
out:
    bp_store_rollback(s);
    return rc;
}

/* What an organisation sees of the timeline without consent: what it did itself, and the consent
 * ledger's events (V-2.3: nothing another organisation shared); asked to take part, its own only (V-2.6). */
static bool intake_event(const struct bp_event *e, int64_t org, bool asked)
{
    return e->org_id == org ||
           (!asked && (strncmp(e->kind, "consent_", 8) == 0 || strcmp(e->kind, "closure_proposed") == 0));
}

/* V-2.6: an organisation asked to take part sees its own consents, its own tasks and who asked it; not
 * which other organisations take part. */
static enum bp_err asked_view(struct bp_store *s, struct bp_arena *a, struct bp_case_view *out)
{
    size_t i, kept;
    enum bp_err rc;
    for (i = kept = 0; i < out->n_consents; i++)
        if (out->consents[i].org_id == out->via_org_id)
            out->consents[kept++] = out->consents[i];
    out->n_consents = kept;
    for (i = kept = 0; out->tasks && i < out->tasks->count; i++)
        if (out->tasks->items[i].org_id == out->via_org_id)
            out->tasks->items[kept++] = out->tasks->items[i];
    if (out->tasks)
        out->tasks->count = kept;
    out->n_orgs = 0;
    out->kase.reason = ""; /* why coordination is needed is shared information (V-2.3) */
    out->kase.triggers = 0;
    out->child.id_number = ""; /* name and birth date reach the family's records; the number waits */
    for (i = 0; i < out->n_guardians; i++)
        out->guardians[i].id_number = "";
    out->asked_orgs = NULL;
    out->n_asked_orgs = 0;
    out->n_asked_waiting = 0;
    rc = bp_case_org_ask_get(s, a, out->kase.id, out->via_org_id, &out->ask);
    out->has_ask = rc == BP_OK;
    return rc == BP_ERR_NOT_FOUND ? BP_OK : rc;
}

/* The case page's first round of reads after the access check, queued in one batch (issue 12 item 3): the
 * child, the guardians, the timeline, the consent scans and the snapshot's first round (full access only);
 * *all: the organisations with their names (those taking part, and those asked but without consent, V-2.6),
 * read already with the access rule's (bp_app_case_load). */
static enum bp_err case_view_queue(struct bp_store *s, struct bp_arena *a, const struct bp_case_access *ca,
                                   struct bp_case_view *out, struct bp_snapshot_reads *r, struct bp_org **all,
                                   size_t *n_all)
{
    int64_t id = ca->kase.id, *asked = bp_arena_alloc(a, (ca->n_all_orgs + 1) * sizeof(*asked));
    enum bp_err rc;
    size_t i;
    if ((rc = bp_child_get(s, a, ca->kase.child_id, &out->child)) != BP_OK ||
        (rc = bp_guardian_list(s, a, ca->kase.child_id, &out->guardians, &out->n_guardians)) != BP_OK ||
        (rc = bp_event_list(s, a, id, &out->events, &out->n_events)) != BP_OK)
        return rc;
    for (i = 0; i < ca->n_all_orgs; i++)
        if (ca->all_asked[i])
            asked[out->n_asked_orgs++] = ca->all_orgs[i];
    out->asked_orgs = asked;
    *all = ca->all_named; /* read with the access rule's organisations (bp_app_case_load) */
    *n_all = ca->n_all_orgs;
    if ((rc = bp_consent_scan_list(s, a, id, &out->scans, &out->n_scans)) != BP_OK)
        return rc;
    return bp_app_snapshot_queue(s, a, ca, r);
}

/* V-2.6: the names of the organisations asked to take part that have no consent in force yet (the
 * initiating one aside: the case page says so of it already), from all[0..n_all) (by id). */
static enum bp_err asked_waiting(struct bp_arena *a, const struct bp_case_access *ca, struct bp_date today,
                                 const struct bp_org *all, size_t n_all, struct bp_case_view *out)
{
    size_t i;
    out->asked_waiting = bp_arena_alloc(a, (ca->n_all_orgs + 1) * sizeof(*out->asked_waiting));
    for (i = 0; i < ca->n_all_orgs; i++) {
        int64_t org = ca->all_orgs[i];
        const struct bp_org *o;
        if (!ca->all_asked[i] || org == ca->kase.initiating_org_id ||
            bp_consent_covers_org(ca->consents, ca->n_consents, org, today))
            continue;
        if (!(o = bp_app_org_find(all, n_all, org)))
            return BP_ERR_NOT_FOUND;
        out->asked_waiting[out->n_asked_waiting++] = *o;
    }
    return BP_OK;
}

enum bp_err bp_uc_case_view(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            int64_t case_id, struct bp_case_view *out, struct bp_audit *audit)
{
    struct bp_case_access ca;
    struct bp_snapshot_reads *r = bp_arena_alloc(a, sizeof(*r));
    struct bp_case_snapshot snap;
    struct bp_org *all;
    size_t i, kept, n_all;
    enum bp_err rc, end;

    memset(out, 0, sizeof(*out));
    bp_app_audit_fill(audit, actor, "read", "case");
    if ((rc = bp_app_case_access(s, a, actor, case_id, BP_ACCESS_ASKED, &ca, audit)) != BP_OK)
        return rc;
    out->kase = ca.kase;
    out->access = ca.d.access;
    out->via_org_id = ca.d.via_org_id;
    out->consents = ca.consents;
    out->n_consents = ca.n_consents;
    bp_store_batch_begin(s);
    rc = case_view_queue(s, a, &ca, out, r, &all, &n_all);
    end = bp_store_batch_end(s);
    if ((rc = rc ? rc : end) != BP_OK)
        return rc;
    if (out->child.id == 0)
        return BP_ERR_NOT_FOUND;
    if ((rc = bp_app_case_orgs_named(a, &ca, all, n_all, &out->orgs, &out->n_orgs)) != BP_OK ||
        (rc = asked_waiting(a, &ca, bp_actor_today(actor), all, n_all, out)) != BP_OK)
        return rc;
    if (out->access != BP_ACCESS_FULL) {
        for (i = kept = 0; i < out->n_events; i++)
            if (intake_event(&out->events[i], out->via_org_id, out->access == BP_ACCESS_ASKED))
                out->events[kept++] = out->events[i];
        out->n_events = kept;
    }
    bp_app_snapshot_base(&snap, &ca, out->guardians, out->n_guardians);
    if ((rc = bp_app_snapshot_finish(s, a, &ca, r, &snap)) != BP_OK)
        return rc;
    out->tasks = bp_arena_alloc_raw(a, sizeof(*out->tasks)); /* bp_tasks_for_case sets what it holds */
    bp_tasks_for_case(&snap, bp_actor_today(actor), out->tasks);
    out->meetings = snap.meetings;
    out->n_meetings = snap.n_meetings;
    out->plan = snap.plan;
    if (out->access == BP_ACCESS_FULL) { /* the snapshot holds the preparations: no second read */
        out->has_prep_status = true;
        out->prep_status =
            bp_prep_status_of(snap.n_child_preps ? snap.child_preps : NULL, snap.guardian_preps,
                              snap.n_guardian_preps, out->guardians, out->n_guardians);
    }
    if (out->access == BP_ACCESS_ASKED && (rc = asked_view(s, a, out)) != BP_OK)
        return rc;
    /* issue 10 item 10: a protected person's contact details only for the initiating organisation */
    bp_app_withhold_contacts(&ca, &out->child, out->guardians, out->n_guardians);
    return BP_OK;
}

enum bp_err bp_uc_case_view_need(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                 int64_t case_id, int need, struct bp_case_view *out, struct bp_audit *audit)
{
    enum bp_err rc = bp_uc_case_view(s, a, actor, case_id, out, audit);
    if (rc == BP_OK && out->access < need) {
        audit->action = "denied";
        return BP_ERR_FORBIDDEN;
    }
    return rc;
}

static enum bp_err case_page(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                             int64_t case_id, struct bp_case_view *out, struct bp_audits *audits)
{
    struct bp_audit e;
    enum bp_err rc = bp_uc_case_view(s, a, actor, case_id, out, &e);
    if (rc != BP_OK && rc != BP_ERR_FORBIDDEN && rc != BP_ERR_NOT_FOUND)
        return rc;
    bp_audits_add(a, audits, &e);
    /* a closed case's page shows its closure instead of the forms: one query, only then */
    if (rc == BP_OK && out->kase.status == BP_CASE_CLOSED) {
        enum bp_err crc = bp_closure_latest(s, a, case_id, &out->closure);
        if (crc != BP_OK && crc != BP_ERR_NOT_FOUND)
            return crc;
        out->has_closure = crc == BP_OK;
    }
    if (rc == BP_OK && out->has_prep_status) { /* the "who is prepared" row (V-4.3) is a read of its own */
        e.action = "read";
        e.object = "prep_status";
        e.detail = NULL;
        bp_audits_add(a, audits, &e);
    }
    /* V-10.6: the versions, under the case's read; the snapshot's newest is the list when it is the first */
    if (rc == BP_OK && out->plan && out->plan->version == 1) {
        out->versions = bp_arena_alloc(a, sizeof(*out->versions));
        out->versions[0] = *out->plan;
        out->n_versions = 1;
    } else if (rc == BP_OK && out->plan) {
        rc = bp_plan_versions(s, a, case_id, &out->versions, &out->n_versions);
    }
    return rc;
}

enum bp_err bp_uc_case_page(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            int64_t case_id, struct bp_case_view *out, struct bp_audits *audits)
{
    enum bp_err rc = bp_store_read_begin(s); /* one snapshot for everything the page shows */
    if (rc != BP_OK)
        return rc;
    rc = case_page(s, a, actor, case_id, out, audits);
    bp_store_read_end(s);
    return rc;
}

enum bp_err bp_app_store_open(const char *url, struct bp_store **out, char *err, size_t errlen)
{
    int current, latest;
    enum bp_err rc = bp_store_open(url, out, err, errlen);
    if (rc != BP_OK)
        return rc;
    if (bp_store_schema_version(*out, &current, &latest) != BP_OK || current != latest) {
        snprintf(err, errlen,
                 "the database schema is at version %d, this binary needs %d: run `barnplan migrate`",
                 current, latest);
        bp_store_close(*out);
        *out = NULL;
        return BP_ERR_CONFLICT;
    }
    return BP_OK;
}

void bp_app_store_close(struct bp_store *s)
{
    bp_store_close(s);
}

const char *bp_app_writes_stopped(const struct bp_store *s)
{
    return bp_store_writes_stopped(s);
}

/* Opens the case for a change that only the Kronoberg route "another organisation took the initiative"
 * has (K-1.2): the named person informed, the responsibility passed on. On any other case it is
 * BP_ERR_CONFLICT with "not_other_org" on `field`; a closed case, "case_closed" on it (read-only). */
static enum bp_err open_other_org(struct bp_unit *u, struct bp_store *s, struct bp_arena *a,
                                  const struct bp_actor *actor, int64_t case_id, enum bp_access need,
                                  const char *field, struct bp_field_errors *errs)
{
    enum bp_err rc;
    if ((rc = bp_unit_open_change(u, s, a, actor, case_id, "update", "case", need, errs, NULL)) != BP_OK)
        return rc;
    if (!bp_case_via_other_org(&u->ca.kase)) {
        bp_field_errors_add(errs, field, "not_other_org");
        return BP_ERR_CONFLICT;
    }
    return bp_unit_case_open(u, errs, field) ? BP_OK : BP_ERR_CONFLICT;
}

enum bp_err bp_uc_named_person_informed(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                        int64_t case_id, const char *on, struct bp_field_errors *errs)
{
    struct bp_unit u;
    struct bp_date d;
    enum bp_err rc;

    if ((rc = open_other_org(&u, s, a, actor, case_id, BP_ACCESS_INTAKE, "named_person.on", errs)) != BP_OK)
        return rc;
    if (!on || !*on)
        bp_field_errors_add(errs, "named_person.on", "required");
    else if (!bp_date_parse(on, &d))
        bp_field_errors_add(errs, "named_person.on", "date");
    else if (bp_days_from_civil(d.y, d.m, d.d) >
             bp_days_from_civil(bp_actor_today(actor).y, bp_actor_today(actor).m, bp_actor_today(actor).d))
        bp_field_errors_add(errs, "named_person.on", "future");
    if (errs->count)
        return BP_ERR_INVALID;
    u.audit.detail = "named_person_informed";
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    // NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage): d is parsed; every other path added an error
    rc = bp_case_named_person_informed(s, case_id, d, actor->user->id);
    bp_unit_event(&u, u.ca.d.via_org_id, "named_person_informed", NULL);
    return bp_unit_finish(&u, rc);
}

enum bp_err bp_uc_insist_on_sip(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                int64_t case_id, bool explained, struct bp_field_errors *errs)
{
    struct bp_unit u;
    enum bp_err rc;

    if ((rc = bp_unit_open_change(&u, s, a, actor, case_id, "update", "case", BP_ACCESS_INTAKE, errs,
                                  "sip.explained")) != BP_OK ||
        (rc = bp_sip_request_check(&u.ca.kase, explained, errs)) != BP_OK)
        return rc;
    u.audit.detail = "sip_requested";
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_case_set_plan_kind(s, case_id, bp_plan_kind_for(u.ca.kase.model, true));
    bp_unit_event(&u, u.ca.d.via_org_id, "sip_requested", NULL);
    return bp_unit_finish(&u, rc);
}

enum bp_err bp_uc_pass_responsibility(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                                      int64_t case_id, const char *org_id, struct bp_field_errors *errs)
{
    struct bp_unit u;
    int64_t org = 0;
    enum bp_err rc;

    if ((rc = open_other_org(&u, s, a, actor, case_id, BP_ACCESS_FULL, "responsibility.org_id", errs)) !=
        BP_OK)
        return rc;
    if (!org_id || !*org_id) {
        bp_field_errors_add(errs, "responsibility.org_id", "required");
        return BP_ERR_INVALID;
    }
    if (!bp_parse_int64(org_id, 1, INT64_MAX, &org))
        org = 0;
    /* it calls meetings with the family's information: its own consent must be in force (V-2.6) */
    if (!bp_id_in(u.ca.orgs, u.ca.n_orgs, org) ||
        !bp_consent_covers_org(u.ca.consents, u.ca.n_consents, org, bp_actor_today(actor))) {
        bp_field_errors_add(errs, "responsibility.org_id", "not_participant");
        return BP_ERR_INVALID;
    }
    u.audit.detail = "responsibility_passed";
    if ((rc = bp_unit_begin(&u)) != BP_OK)
        return rc;
    rc = bp_case_set_responsible(s, case_id, org == u.ca.kase.initiating_org_id ? 0 : org);
    bp_unit_event(&u, org, "responsibility_passed", NULL);
    bp_unit_notify(&u, org, "responsibility_passed"); /* the organisation taking over is told */
    return bp_unit_finish(&u, rc);
}

enum bp_err bp_uc_case_list(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                            size_t limit, size_t offset, struct bp_case **out, size_t *n,
                            struct bp_audit *audit)
{
    bp_app_audit_fill(audit, actor, "read", "case_list");
    if (!actor->user)
        return BP_ERR_UNAUTHENTICATED;
    if (limit == 0 || limit > BP_MAX_PAGE_ROWS)
        limit = BP_MAX_PAGE_ROWS;
    /* open and closed alike: a closed case is shown as closed (V-11.x) */
    return bp_case_list_for_user(s, a, actor->user->id, bp_actor_today(actor), -1, limit, offset, out, n);
}

enum bp_err bp_uc_audit_search(struct bp_store *s, struct bp_arena *a, const struct bp_actor *actor,
                               const struct bp_audit_filter *f, struct bp_audit **out, size_t *n,
                               struct bp_audit *audit)
{
    struct bp_audit_filter ff = *f;
    size_t cap =
        actor->user ? BP_MAX_PAGE_ROWS : BP_MAX_AUDIT_ROWS; /* a page, or the command line's --limit */
    bp_app_audit_fill(audit, actor, "read", "audit");
    if (!actor->user && !bp_actor_may_administer(actor))
        return BP_ERR_UNAUTHENTICATED;
    audit->org_id = f->member_org_id ? f->member_org_id : audit->org_id;
    /* an organisation's administrator sees what its members did (issue 10 item 9); another organisation's
     * activity looks like a missing page */
    if (!bp_actor_may_administer(actor) &&
        !(f->member_org_id && bp_user_administers_org(actor->user, f->member_org_id))) {
        audit->action = "denied";
        return f->member_org_id ? BP_ERR_NOT_FOUND : BP_ERR_FORBIDDEN;
    }
    audit->child_id = f->child_id;
    audit->case_id = f->case_id;
    if (ff.limit == 0 || ff.limit > cap)
        ff.limit = cap;
    return bp_audit_search(s, a, &ff, out, n);
}
