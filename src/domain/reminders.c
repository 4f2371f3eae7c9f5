/* reminders.c: which reminders are due for one case on one day. Pure. */
#include <stdarg.h>
#include <stdio.h>
#include "domain/reminders.h"

const char *const bp_reminder_kind_codes[BP_REMINDER_KIND_COUNT] = {
    "invitation_soon", "task_late",      "consent_renewal",  "followup_soon",
    "plan_unsigned",   "copies_missing", "survey_unanswered"};

struct due {
    struct bp_reminder *out;
    size_t n, cap;
};

/* Adds one reminder; the key's text after the kind and the case names the occasion. */
__attribute__((format(printf, 6, 7))) static void add(struct due *d, enum bp_reminder_kind kind,
                                                      int64_t case_id, int64_t org_id, int64_t user_id,
                                                      const char *fmt, ...)
{
    struct bp_reminder *r;
    va_list ap;
    int len;
    if (d->n >= d->cap)
        return;
    r = &d->out[d->n];
    r->kind = kind;
    r->case_id = case_id;
    r->org_id = org_id;
    r->user_id = user_id;
    r->guardian_id = 0;
    len = snprintf(r->key, sizeof(r->key), "%s:%lld:", bp_reminder_kind_codes[kind], (long long)case_id);
    if (len < 0 || (size_t)len >= sizeof(r->key))
        return;
    va_start(ap, fmt);
    len = vsnprintf(r->key + len, sizeof(r->key) - (size_t)len, fmt, ap);
    va_end(ap);
    if (len >= 0)
        d->n++;
}

static int64_t days(struct bp_date from, struct bp_date to)
{
    return bp_days_from_civil(to.y, to.m, to.d) - bp_days_from_civil(from.y, from.m, from.d);
}

/* A late task: on its first late day and then once a week (the week is in the key); a task due soon:
 * only the invitation (V-6.1, K-4.3), the one a late step costs the family a meeting. */
static void from_task(struct due *d, const struct bp_task *t, struct bp_date today)
{
    char due[11];
    int64_t left;
    if (!t->has_due || t->status == BP_TASK_DONE || t->status == BP_TASK_DONE_LATE)
        return;
    bp_date_format(t->due, due);
    left = days(today, t->due);
    if (left < 0)
        add(d, BP_REMIND_TASK_LATE, t->case_id, t->org_id, t->user_id, "%s:%lld:%lld:%s:w%lld",
            bp_task_kind_codes[t->kind], (long long)t->meeting_id, (long long)t->ref_id, due,
            (long long)((-left - 1) / BP_REMIND_LATE_EVERY_DAYS));
    else if (t->kind == BP_TASK_SEND_INVITATION && left <= BP_REMIND_INVITATION_DAYS)
        add(d, BP_REMIND_INVITATION_SOON, t->case_id, t->org_id, t->user_id, "%lld:%s",
            (long long)t->meeting_id, due);
}

/* V-8a.2, V-8a.3: a week after the version in force was finished, and weekly while it holds, its
 * coordinator is reminded of who has not answered and of the family's copies. */
static void from_facts(struct due *d, int64_t case_id, const struct bp_reminder_facts *f,
                       struct bp_date today)
{
    const struct bp_plan *p = f->in_force;
    int64_t since;
    int64_t org = p && p->n_coordinator_orgs ? p->coordinator_orgs[0] : 0;
    size_t i;
    for (i = 0; i < f->n_surveys; i++) { /* V-12.2: once, to a guardian who was e-mailed the survey */
        const struct bp_survey_fact *sv = &f->surveys[i];
        if (sv->guardian_id && sv->emailed && !sv->used && days(sv->on, today) >= BP_REMIND_SURVEY_DAYS) {
            size_t before = d->n;
            add(d, BP_REMIND_SURVEY, case_id, 0, 0, "%lld", (long long)sv->id);
            if (d->n > before)
                d->out[before].guardian_id = sv->guardian_id;
        }
    }
    if (!p || !org)
        return;
    since = days(p->finished_on, today) - BP_REMIND_AFTER_FINISH;
    if (since < 0)
        return;
    if (f->unanswered)
        add(d, BP_REMIND_UNSIGNED, case_id, org, p->coordinator_user_id, "%d:w%lld", p->version,
            (long long)(since / BP_REMIND_LATE_EVERY_DAYS));
    if (f->family_without_copy)
        add(d, BP_REMIND_COPIES, case_id, org, p->coordinator_user_id, "%d:w%lld", p->version,
            (long long)(since / BP_REMIND_LATE_EVERY_DAYS));
}

size_t bp_reminders_due(const struct bp_case_snapshot *snap, const struct bp_task_list *tasks,
                        const struct bp_reminder_facts *facts, struct bp_date today, struct bp_reminder *out,
                        size_t cap)
{
    struct due d = {out, 0, cap};
    const struct bp_case *k = snap->kase;
    size_t i;
    if (k->status == BP_CASE_CLOSED)
        return 0;
    for (i = 0; i < tasks->count; i++)
        from_task(&d, &tasks->items[i], today);
    for (i = 0; i < snap->n_consents; i++) {
        const struct bp_consent *c = &snap->consents[i];
        char on[11];
        int64_t left;
        if (!c->has_renewal || !bp_consent_in_force(c, today))
            continue;
        left = days(today, c->renew_on);
        if (left < 0 || left > BP_REMIND_RENEWAL_DAYS)
            continue;
        bp_date_format(c->renew_on, on);
        add(&d, BP_REMIND_CONSENT_RENEWAL, k->id, c->org_id, c->obtained_by, "%lld:%s", (long long)c->id, on);
    }
    if (snap->plan && snap->plan->status != BP_PLAN_DRAFT && snap->plan->has_followup) {
        const struct bp_plan *p = snap->plan;
        int64_t left = days(today, p->followup_on);
        char on[11];
        bp_date_format(p->followup_on, on);
        for (i = 0; left >= 0 && left <= BP_REMIND_FOLLOWUP_DAYS && i < p->n_coordinator_orgs; i++)
            add(&d, BP_REMIND_FOLLOWUP_SOON, k->id, p->coordinator_orgs[i], p->coordinator_user_id,
                "%d:%s:%lld", p->version, on, (long long)p->coordinator_orgs[i]);
    }
    if (facts)
        from_facts(&d, k->id, facts, today);
    return d.n;
}
