/* family.c: the family's JSON API under /api/v1/family/ (issue 10 item 3, "done when": pages and API). The
 * same use cases and filtered views as the family pages (app/family*.c, pages/family*.c): no second way to
 * the data. Each item of docs/family-access.md's table is a member named by its id ("plan.contacts"), there
 * only when the member sees it (R7: no key, no null, no count for an item the role may not see); what is
 * inside an item is the page's. Reads are audited like the pages' (detail "family:<role> api_<page>"). */
#include <jansson.h>
#include "api/api.h"
#include "domain/family.h"
#include "domain/meeting.h"
#include "domain/plan.h"
#include "util/limits.h"

/* ---- the pieces ---- */

static json_t *date_json(struct bp_ctx *c, struct bp_date d)
{
    return d.y ? json_string(bp_date_text(&c->arena, d)) : json_null();
}

static json_t *str_json(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *id_json(int64_t id)
{
    return id ? json_integer(id) : json_null();
}

/* Item `item` of `o` is `v` when the member sees it; else no key at all (R7) and v is dropped. */
static void put(json_t *o, const struct bp_family_member *who, enum bp_family_item item, json_t *v)
{
    if (who->show[item])
        json_object_set_new(o, bp_family_table[item].id, v);
    else
        json_decref(v);
}

/* What every answer about one case starts with: the case, the member's role, the marker (issue 10 item 10:
 * true only where the page shows it). */
static json_t *case_head(const struct bp_family_case_view *v)
{
    json_t *o = json_object();
    json_object_set_new(o, "case_id", json_integer(v->kase.id));
    json_object_set_new(o, "role", json_string(bp_family_role_codes[v->who.role]));
    json_object_set_new(o, "model", json_string(bp_model_codes[v->kase.model]));
    json_object_set_new(o, "status", json_string(bp_case_status_codes[v->kase.status]));
    json_object_set_new(o, "protected_marker", json_boolean(v->who.marker));
    return o;
}

static json_t *org_json(const struct bp_family_case_view *v, int64_t id)
{
    return json_pack("{s:o,s:o}", "org_id", id_json(id), "org_name",
                     str_json(id ? bp_org_name_in(v->all_orgs, v->n_all_orgs, id) : NULL));
}

/* ---- the case ---- */

static void child_items(json_t *o, const struct bp_family_case_view *v)
{
    const struct bp_family_member *who = &v->who;
    put(o, who, BP_FI_CHILD_NAME,
        json_pack("{s:o,s:o}", "given_name", str_json(v->child.given_name), "family_name",
                  str_json(v->child.family_name)));
    put(o, who, BP_FI_CHILD_BIRTH_DATE, json_pack("{s:o}", "birth_date", str_json(v->child.birth_date)));
    put(o, who, BP_FI_CHILD_ID_NUMBER, json_pack("{s:o}", "id_number", str_json(v->child.id_number)));
}

/* guardians.own (and its contact details), guardians.other_name: the member's own row and the others' names
 * (R3, R4: nothing else of another guardian). */
static void guardian_items(json_t *o, const struct bp_family_case_view *v)
{
    const struct bp_family_member *who = &v->who;
    json_t *others = json_array();
    size_t i;
    for (i = 0; i < v->n_guardians; i++) {
        const struct bp_guardian *g = &v->guardians[i];
        if (g->id != who->guardian_id) {
            json_array_append_new(others, json_pack("{s:o,s:s}", "name", str_json(g->name), "custody",
                                                    bp_custody_codes[g->custody]));
            continue;
        }
        put(o, who, BP_FI_GUARDIANS_OWN,
            json_pack("{s:I,s:o,s:s,s:o,s:o,s:o}", "id", (json_int_t)g->id, "name", str_json(g->name),
                      "custody", bp_custody_codes[g->custody], "id_number", str_json(g->id_number), "address",
                      str_json(g->address), "interpreter_language", str_json(g->interpreter_language)));
        put(o, who, BP_FI_GUARDIANS_OWN_CONTACT,
            json_pack("{s:o,s:o}", "phone", str_json(g->phone), "email", str_json(g->email)));
    }
    put(o, who, BP_FI_GUARDIANS_OTHER_NAME, others);
}

static void initiative_items(json_t *o, const struct bp_family_case_view *v)
{
    const struct bp_family_member *who = &v->who;
    const struct bp_case *k = &v->kase;
    json_t *orgs = json_array();
    size_t i;
    put(o, who, BP_FI_CASE_INITIATIVE,
        json_pack("{s:o,s:o,s:o,s:o}", "org_id", id_json(k->initiating_org_id), "org_name",
                  str_json(k->initiating_org_name), "initiator_name", str_json(k->initiator_name),
                  "noticed_on", str_json(k->noticed_on)));
    if (k->model == BP_MODEL_KRONOBERG) /* the barnensbästa-ansvarig is Kronoberg's (X-2, K-1.3) */
        put(o, who, BP_FI_CASE_BBA,
            json_pack("{s:o,s:o}", "name", str_json(k->named_person_name), "org_name",
                      str_json(k->named_person_org_name)));
    for (i = 0; i < v->n_orgs; i++)
        json_array_append_new(
            orgs, json_pack("{s:I,s:o}", "id", (json_int_t)v->orgs[i].id, "name", str_json(v->orgs[i].name)));
    put(o, who, BP_FI_CASE_ORGS, orgs);
}

/* A meeting in the case's list: what it is and meeting.when. */
static json_t *meeting_summary(struct bp_ctx *c, const struct bp_family_case_view *v,
                               const struct bp_family_meeting *fm)
{
    const struct bp_meeting *m = &fm->m;
    json_t *o = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)m->id, "kind", bp_meeting_kind_codes[m->kind],
                          "status", bp_meeting_status_codes[m->status]);
    put(o, &v->who, BP_FI_MEETING_WHEN,
        json_pack("{s:o,s:s,s:s}", "date", date_json(c, m->date), "start",
                  bp_arena_printf(&c->arena, "%02d:%02d", m->start_minute / 60, m->start_minute % 60), "end",
                  bp_arena_printf(&c->arena, "%02d:%02d", m->end_minute / 60, m->end_minute % 60)));
    return o;
}

static json_t *case_json(struct bp_ctx *c, const struct bp_family_case_view *v)
{
    const struct bp_family_member *who = &v->who;
    json_t *o = case_head(v), *ms = json_array();
    size_t i;
    json_object_set_new(o, "plan_kind", str_json(v->kase.plan_kind));
    child_items(o, v);
    guardian_items(o, v);
    initiative_items(o, v);
    for (i = 0; i < v->n_meetings; i++)
        json_array_append_new(ms, meeting_summary(c, v, &v->meetings[i]));
    put(o, who, BP_FI_PAGE_MEETING, ms);
    if (who->show[BP_FI_PAGE_MEETING])
        json_object_set_new(o, "next_meeting_id", id_json(v->next ? v->next->m.id : 0));
    if (v->has_plan)
        put(o, who, BP_FI_PAGE_PLAN,
            json_pack("{s:i,s:o}", "version", v->plan.version, "finished_on",
                      date_json(c, v->plan.finished_on)));
    put(o, who, BP_FI_SURVEY_STATUS, json_pack("{s:b}", "waiting", v->survey_waiting));
    return o;
}

/* GET /api/v1/family/cases: the member's child's cases (page.cases). */
void bp_h_api_family_cases(struct bp_ctx *c)
{
    struct bp_family_case_view *vs;
    struct bp_audit audit;
    json_t *list;
    size_t n, i;
    enum bp_err rc = bp_uc_family_cases(c->w->store, &c->arena, &c->actor, &vs, &n, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    list = json_array();
    for (i = 0; i < n; i++) {
        json_t *o = case_head(&vs[i]);
        json_object_set_new(o, "plan_kind", str_json(vs[i].kase.plan_kind));
        child_items(o, &vs[i]);
        json_array_append_new(list, o);
    }
    bp_json_audited(c, list, &audit);
}

/* GET /api/v1/family/cases/{id}: the case page's view. */
/* family.todo: what waits for the member, as the case page lists it (meeting_id: the invitation to answer).
 */
static json_t *todo_json(const struct bp_family_todo *t)
{
    return json_pack("{s:o, s:b, s:b, s:b, s:b, s:b}", "meeting_id",
                     t->meeting_id ? json_integer((json_int_t)t->meeting_id) : json_null(), "prepare",
                     t->prepare, "confirm_consent", t->confirm_consent, "child_answer", t->child_answer,
                     "sign", t->sign, "survey", t->survey);
}

void bp_h_api_family_case(struct bp_ctx *c)
{
    struct bp_family_case_view v;
    struct bp_family_todo todo;
    struct bp_audit audit;
    json_t *o;
    if (!bp_family_case_read(c, "case", &v, &audit) ||
        bp_failed(c, bp_uc_family_todo(c->w->store, &c->arena, &c->actor, &v, &todo)))
        return;
    o = case_json(c, &v);
    put(o, &v.who, BP_FI_FAMILY_TODO, todo_json(&todo));
    bp_json_audited(c, o, &audit);
}

/* ---- a meeting ---- */

static json_t *invitees_json(const struct bp_family_case_view *v, const struct bp_family_meeting *fm)
{
    json_t *list = json_array();
    size_t i;
    for (i = 0; i < fm->n_invitees; i++) {
        const struct bp_invitee *iv = &fm->invitees[i];
        json_t *x = org_json(v, iv->org_id);
        json_object_set_new(x, "kind", json_string(bp_invitee_kind_codes[iv->kind]));
        json_object_set_new(x, "name", iv->kind == BP_INVITEE_CHILD ? json_null() : str_json(iv->name));
        json_object_set_new(x, "substitute_name", str_json(iv->substitute_name));
        json_array_append_new(list, x);
    }
    return list;
}

static json_t *meeting_json(struct bp_ctx *c, const struct bp_family_case_view *v,
                            const struct bp_family_meeting *fm)
{
    const struct bp_family_member *who = &v->who;
    const struct bp_meeting *m = &fm->m;
    json_t *o = meeting_summary(c, v, fm);
    json_object_set_new(o, "case_id", json_integer(v->kase.id));
    json_object_set_new(o, "role", json_string(bp_family_role_codes[who->role]));
    json_object_set_new(o, "protected_marker", json_boolean(who->marker));
    put(o, who, BP_FI_MEETING_WHERE,
        json_pack("{s:s,s:o,s:o}", "setting", bp_setting_codes[m->setting], "place", str_json(m->place),
                  "video_link", str_json(m->video_link)));
    put(o, who, BP_FI_MEETING_WHY,
        json_pack("{s:o,s:o}", "purpose", str_json(m->purpose), "agenda", str_json(m->agenda)));
    put(o, who, BP_FI_MEETING_WHO, invitees_json(v, fm));
    put(o, who, BP_FI_MEETING_ROLES,
        json_pack("{s:o,s:o,s:o}", "org_name", str_json(fm->org_name), "chair_name", str_json(fm->chair_name),
                  "note_taker_name", str_json(fm->note_taker_name)));
    put(o, who, BP_FI_MEETING_CHILD_NOT_INVITED_REASON,
        json_pack("{s:o}", "reason", str_json(m->child_not_invited_reason)));
    put(o, who, BP_FI_CLOSING_CHILD_ADDITION,
        json_pack("{s:o}", "child_addition", str_json(m->child_addition)));
    return o;
}

/* GET /api/v1/family/cases/{id}/meetings/{id}: a meeting the member may see, else 404 (audited denied). */
void bp_h_api_family_meeting(struct bp_ctx *c)
{
    struct bp_family_case_view v;
    const struct bp_family_meeting *fm;
    struct bp_family_invitation fi;
    struct bp_audit audit;
    json_t *o;
    enum bp_err rc =
        bp_uc_family_meeting(c->w->store, &c->arena, &c->actor, c->params[0], c->params[1], &v, &fm, &audit);
    if (bp_read_failed(c, rc, &audit) ||
        bp_failed(c, bp_uc_family_invitation(c->w->store, &c->arena, &c->actor, &v, c->params[1], &fi)))
        return;
    o = meeting_json(c, &v, fm);
    if (fi.own) /* meeting.own_answer: the member's own answer to the invitation (K-4.7) */
        put(o, &v.who, BP_FI_MEETING_OWN_ANSWER,
            json_pack("{s:s, s:o, s:b}", "answer", bp_answer_codes[fi.own->answer], "answered_on",
                      date_json(c, fi.own->answered_on), "may_answer", fi.may_answer));
    bp_json_audited(c, o, &audit);
}

/* ---- the plan in force ---- */

/* A list of the plan's records as the field engine writes them (the page's bp_tv_records), with each one's
 * organisation's name when it names one (org_at: the offset of its org_id, or -1). */
static json_t *records_json(struct bp_ctx *c, const struct bp_family_case_view *v,
                            const struct bp_record_def *r, const void *recs, size_t n, size_t size,
                            long org_at)
{
    json_t *list = json_array();
    size_t i;
    for (i = 0; i < n; i++) {
        const char *rec = (const char *)recs + i * size;
        json_t *x = bp_api_record(c, r, rec);
        if (org_at >= 0)
            json_object_set_new(
                x, "org_name",
                str_json(bp_org_name_in(v->all_orgs, v->n_all_orgs, *(const int64_t *)(rec + org_at))));
        json_array_append_new(list, x);
    }
    return list;
}

static void plan_parts(struct bp_ctx *c, json_t *o, const struct bp_family_case_view *v)
{
    const struct bp_family_member *who = &v->who;
    const struct bp_plan_parts *p = &v->parts;
    put(o, who, BP_FI_PLAN_GOALS,
        records_json(c, v, &bp_record_goal, p->goals, p->n_goals, sizeof(*p->goals), -1));
    put(o, who, BP_FI_PLAN_INTERVENTIONS,
        records_json(c, v, &bp_record_intervention, p->interventions, p->n_interventions,
                     sizeof(*p->interventions), (long)offsetof(struct bp_intervention, org_id)));
    put(o, who, BP_FI_PLAN_COMMITMENTS,
        records_json(c, v, &bp_record_commitment, p->commitments, p->n_commitments, sizeof(*p->commitments),
                     -1));
    put(o, who, BP_FI_PLAN_CONTACTS,
        records_json(c, v, &bp_record_contact, p->contacts, p->n_contacts, sizeof(*p->contacts),
                     (long)offsetof(struct bp_plan_contact, org_id)));
    put(o, who, BP_FI_PLAN_DECISIONS,
        records_json(c, v, &bp_record_decision, v->decisions, v->n_decisions, sizeof(*v->decisions),
                     (long)offsetof(struct bp_pending_decision, org_id)));
}

static json_t *plan_json(struct bp_ctx *c, const struct bp_family_case_view *v)
{
    const struct bp_family_member *who = &v->who;
    const struct bp_plan *p = &v->plan;
    json_t *o = case_head(v), *coord = json_array(), *versions = json_array();
    size_t i;
    json_object_set_new(o, "version", json_integer(p->version));
    json_object_set_new(o, "kind", str_json(p->kind));
    json_object_set_new(o, "finished_on", date_json(c, p->finished_on));
    json_object_set_new(o, "coordinator_role", json_string(bp_coordinator_role_code(v->kase.model)));
    for (i = 0; i < p->n_coordinator_orgs; i++)
        json_array_append_new(coord, org_json(v, p->coordinator_orgs[i]));
    put(o, who, BP_FI_PLAN_COORDINATOR,
        json_pack("{s:o,s:o}", "orgs", coord, "name", str_json(p->coordinator_name)));
    put(o, who, BP_FI_PLAN_CONTACT_IF_FAILS,
        json_pack("{s:o}", "contact_if_fails", str_json(p->contact_if_fails)));
    put(o, who, BP_FI_PLAN_FOLLOWUP,
        json_pack("{s:o,s:o,s:o}", "followup_on",
                  p->has_followup ? date_json(c, p->followup_on) : json_null(), "followup_place",
                  str_json(p->followup_place), "followup_participants", str_json(p->followup_participants)));
    put(o, who, BP_FI_PLAN_SUMMARY, json_pack("{s:o}", "summary", str_json(p->summary)));
    put(o, who, BP_FI_PLAN_CHILD_VIEW, json_pack("{s:o}", "child_view", str_json(p->child_view)));
    plan_parts(c, o, v);
    for (i = 0; i < v->n_versions; i++)
        json_array_append_new(versions, json_pack("{s:i,s:o}", "version", v->versions[i].version,
                                                  "finished_on", date_json(c, v->versions[i].finished_on)));
    put(o, who, BP_FI_PLAN_VERSIONS, versions);
    put(o, who, BP_FI_SIGNATURE_OWN,
        json_pack("{s:o,s:o,s:b}", "answer",
                  v->own_signature ? json_string(bp_sign_answer_codes[v->own_signature->answer])
                                   : json_null(),
                  "signed_on", v->own_signature ? date_json(c, v->own_signature->signed_on) : json_null(),
                  "may_sign", v->may_sign));
    put(o, who, BP_FI_COPY_PDF,
        json_pack("{s:s}", "href",
                  bp_arena_printf(&c->arena, "/family/cases/%lld/plan/versions/%d.pdf", (long long)v->kase.id,
                                  p->version)));
    return o;
}

/* GET /api/v1/family/cases/{id}/plan: the finished version in force (R6: never a draft; none yet: 404). */
void bp_h_api_family_plan(struct bp_ctx *c)
{
    struct bp_family_case_view v;
    struct bp_audit audit;
    if (!bp_family_case_read(c, "plan", &v, &audit))
        return;
    audit.object = "plan";
    if (!v.has_plan || !v.who.show[BP_FI_PAGE_PLAN]) {
        bp_read_failed(c, BP_ERR_NOT_FOUND, &audit);
        return;
    }
    bp_json_audited(c, plan_json(c, &v), &audit);
}

/* ---- who has looked (issue 10 item 8) ---- */

void bp_h_api_family_access(struct bp_ctx *c)
{
    struct bp_family_case_view v;
    struct bp_audit audit, *reads;
    json_t *o, *rows;
    size_t n, i;
    enum bp_err rc =
        bp_uc_family_access(c->w->store, &c->arena, &c->actor, c->params[0], &v, &reads, &n, &audit);
    if (bp_read_failed(c, rc, &audit))
        return;
    o = case_head(&v);
    rows = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(rows,
                              json_pack("{s:I,s:b,s:o,s:o,s:s}", "at", (json_int_t)reads[i].at, "own",
                                        reads[i].user_id == c->user.id, "who",
                                        str_json(reads[i].user_id == c->user.id ? NULL : reads[i].username),
                                        "org_name", str_json(reads[i].org_name), "object", reads[i].object));
    put(o, &v.who, BP_FI_ACCESS_LOG, rows);
    json_object_set_new(o, "more", json_boolean(n == BP_MAX_PAGE_ROWS));
    bp_json_audited(c, o, &audit);
}

/* ---- consents (issue 10 item 4) ---- */

static json_t *consent_json(struct bp_ctx *c, const struct bp_family_consents_view *fv,
                            const struct bp_family_consent *fc)
{
    const struct bp_family_member *who = &fv->v.who;
    const struct bp_consent *k = &fc->k;
    bool withdrawn = k->status == BP_CONSENT_WITHDRAWN;
    /* for a member someone is protected from, k->org_id is 0 here ("en verksamhet", section 6) */
    json_t *o = json_pack(
        "{s:I,s:o,s:o,s:s,s:s,s:o,s:o,s:b,s:o,s:o,s:b,s:b}", "id", (json_int_t)k->id, "org_id",
        id_json(k->org_id), "org_name", str_json(k->org_name), "status", bp_consent_status_codes[k->status],
        "giver", bp_consent_giver_codes[k->giver], "given_on", date_json(c, k->given_on), "renew_on",
        k->has_renewal ? date_json(c, k->renew_on) : json_null(), "in_force", fc->in_force, "withdrawn_on",
        withdrawn ? date_json(c, k->withdrawn_on) : json_null(), "withdrawn_by",
        withdrawn ? json_string(bp_consent_withdrawer_codes[k->withdrawn_by]) : json_null(), "may_withdraw",
        fc->may_withdraw, "may_limit", fc->may_limit);
    put(o, who, BP_FI_CONSENT_SCOPE,
        json_pack("{s:o,s:b}", "scope", str_json(k->scope), "covers_preparation", k->covers_preparation));
    put(o, who, BP_FI_CONSENT_CHILD_VIEW, json_pack("{s:o}", "child_view", str_json(k->child_view)));
    put(o, who, BP_FI_CONSENT_MATURITY_NOTE, json_pack("{s:o}", "maturity_note", str_json(k->maturity_note)));
    put(o, who, BP_FI_CONSENT_OBTAINED_BY, json_pack("{s:o}", "name", str_json(k->obtained_by_name)));
    put(o, who, BP_FI_CONSENT_CHILD_ANSWER, /* the young person's own yes or no (V-2.2) */
        json_pack("{s:o,s:o,s:b}", "answer", str_json(k->child_answer), "answered_on",
                  k->child_answer ? date_json(c, k->child_answered_on) : json_null(), "may_answer",
                  fc->may_child_answer));
    if (fc->has_scan) /* consent.scan: the signed paper, downloaded from the page's address */
        put(o, who, BP_FI_CONSENT_SCAN,
            json_pack("{s:s}", "href",
                      bp_arena_printf(&c->arena, "/family/cases/%lld/consents/%lld/scan",
                                      (long long)k->case_id, (long long)k->id)));
    return o;
}

void bp_h_api_family_consents(struct bp_ctx *c)
{
    struct bp_family_consents_view fv;
    struct bp_audit audit;
    json_t *o, *list = json_array(), *asks = json_array();
    size_t i;
    enum bp_err rc = bp_uc_family_consents(c->w->store, &c->arena, &c->actor, c->params[0], &fv, &audit);
    if (bp_read_failed(c, rc, &audit)) {
        json_decref(list);
        json_decref(asks);
        return;
    }
    o = case_head(&fv.v);
    for (i = 0; i < fv.n; i++)
        json_array_append_new(list, consent_json(c, &fv, &fv.items[i]));
    /* the ledger, or for a member someone is protected from only the consents in force, unnamed (section 6)
     */
    json_object_set_new(o, bp_family_table[BP_FI_CONSENT_LEDGER].id, list);
    for (i = 0; i < fv.n_asks; i++)
        json_array_append_new(
            asks, json_pack("{s:I,s:o,s:b,s:b,s:b}", "org_id", (json_int_t)fv.asks[i].org_id, "org_name",
                            str_json(fv.asks[i].org_name), "confirmed_by_me", fv.asks[i].mine != NULL,
                            "confirmed_by_other", fv.asks[i].other != NULL, "may_give", fv.asks[i].may_give));
    put(o, &fv.v.who, BP_FI_CONSENT_GIVE, asks);
    bp_json_audited(c, o, &audit);
}

/* ---- what the member does (issue 10 item 7), through the pages' own use cases ---- */

/* GET /api/v1/family/me: the session's CSRF token for the writes below (X-CSRF-Token), no personal data. */
void bp_h_api_family_me(struct bp_ctx *c)
{
    bp_json(c, 200,
            json_pack("{s:s,s:b}", "csrf_token", c->session.csrf_token, "as_child",
                      c->user.family_guardian_id == 0));
}

/* POST /api/v1/family/cases/{id}/plan/signature (V-8a.2, signature.own): the member answers the finished
 * version in force, naming it in `version`; errors name the field (signature.answer, signature.reason). */
void bp_h_api_family_sign(struct bp_ctx *c)
{
    struct bp_signature_input in = {0};
    struct bp_field_errors errs = {0};
    json_t *body = bp_api_read(c, &bp_record_family_signature, &in);
    enum bp_err rc;
    if (!body)
        return;
    in.version = bp_api_id(c, body, "version", "signature.version", &errs);
    if (!in.version && !errs.count)
        bp_field_errors_add(&errs, "signature.version", "required");
    rc = errs.count ? BP_ERR_INVALID
                    : bp_uc_family_sign(c->w->store, &c->arena, &c->actor, c->params[0], &in, &errs);
    bp_api_write_done(c, body, rc, &errs, 201, bp_api_ok_json(0));
}
