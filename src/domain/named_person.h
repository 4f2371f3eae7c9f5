/* named_person.h: Kronoberg's barnensbästa-ansvarig (BBA) as a person on the case (X-1, X-2, X-3,
 * K-1.1, K-1.2): who is suggested for the child's age and the organisations taking part, and the BBA's
 * decision tree. Pure: no I/O, no clock ("today" is a parameter). Must not decide access (domain/access.h)
 * nor store anything. */
#ifndef BP_NAMED_PERSON_H
#define BP_NAMED_PERSON_H
#include "util/date.h"
#include "domain/model.h"

/* who is barnensbästa-ansvarig, by the child's age. */
enum bp_bba_stage {
    BP_BBA_BEFORE_BIRTH, /* "before_birth": the maternity-care midwife */
    BP_BBA_CHILD_HEALTH, /* "child_health": the BVC nurse, until förskoleklass */
    BP_BBA_SCHOOL,       /* "school": the school principal, until 18 */
    BP_BBA_YOUTH,        /* "youth": the KAA officer, young people outside upper-secondary school */
    BP_BBA_NONE,         /* "none": no birth date, or 20 and older: nobody is suggested */
    BP_BBA_STAGE_COUNT
};
extern const char *const bp_bba_stage_codes[BP_BBA_STAGE_COUNT];

/* the BBA's decision tree. */
enum bp_bba_decision {
    BP_BBA_OWN_ORG,     /* "own_org": our own organisation meets the need; no samverkan in Barnplan */
    BP_BBA_HAND_OVER,   /* "hand_over": the need belongs entirely to another organisation */
    BP_BBA_COLLABORATE, /* "collaborate": two or more organisations: consent + samverkansmöte */
    BP_BBA_DECISION_COUNT
};
extern const char *const bp_bba_decision_codes[BP_BBA_DECISION_COUNT];

/* A person who could be BBA: a member of an organisation taking part in the case. */
struct bp_bba_candidate {
    int64_t user_id;
    const char *name;
    int64_t org_id;
    const char *org_name;
    enum bp_org_kind org_kind;
    enum bp_role role;
};

/* One BBA of a case, in the order they held the role (the history; the last without ended_at is the
 * current one), with their X-3 decision when recorded. */
struct bp_named_person {
    int64_t id;
    int64_t case_id;
    int64_t user_id;
    int64_t org_id;
    bool suggested; /* the suggestion (bp_bba_suggest) was confirmed, not another person picked */
    int64_t assigned_at;
    int64_t assigned_by;
    int64_t ended_at;        /* 0: the current one */
    const char *decision;    /* NULL: not recorded yet; else a bp_bba_decision_codes code */
    int64_t decision_org_id; /* hand_over: the organisation the need belongs to */
    int64_t decided_at;
    int64_t decided_by;
    /* filled by reads that join */
    const char *user_name;
    const char *org_name;
    const char *assigned_by_name;
    const char *decision_org_name;
};

/* The stage for a child born on birth_date ("YYYY-MM-DD"; NULL or "" unknown), on `today`.
 * A birth date after today is an expected birth (before birth). From 1 July of the year the child turns 6
 * (förskoleklass) the school; from 1 July of the year it turns 16 (compulsory school done) the school
 * still when `in_school` (a school takes part in the case), else the KAA officer; from 18 the KAA officer
 * the principal until 18); from 20 nobody (KAA ends). */
enum bp_bba_stage bp_bba_stage(const char *birth_date, struct bp_date today, bool in_school);

/* The organisation kind whose member is BBA at `stage`; BP_ORG_KIND_COUNT for BP_BBA_NONE. */
enum bp_org_kind bp_bba_org_kind(enum bp_bba_stage stage);

/* The index in c[] of the suggested BBA, or -1: among the members of the stage's organisation kind, one
 * with the role barnensbästa-ansvarig first, then the stage's usual role (the principal: a manager of a
 * school; otherwise a professional), then anyone; ties go to the initiating organisation, then the lowest
 * user id. `exclude_user` (the current BBA at a handover) is never suggested. in_school for the stage is
 * whether any candidate's organisation is a school. */
long bp_bba_suggest(const char *birth_date, struct bp_date today, const struct bp_bba_candidate *c, size_t n,
                    int64_t initiating_org_id, int64_t exclude_user, enum bp_bba_stage *stage);

#endif
