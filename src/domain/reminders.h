/* reminders.h: which reminders are due for one case on one day (issue 9, item 10), decided from the
 * case's work list (domain/tasks.h) and its records: an invitation due soon (V-6.1, K-4.3), a task that
 * is late (again each week it stays late), a consent whose renewal date comes near, a follow-up that
 * comes near (V-10.1, V-10.2: time to hear the child and the guardians), a finished version that some
 * have not answered (V-8a.2) or that the family has no copy of (V-8a.3, K-8.1). Each reminder has a key that
 * names it and its occasion, so that the scheduler decides it once (the key is unique in the database)
 * however often it runs. Pure: no I/O, no clock; must not decide who is told how (app/reminders.c). */
#ifndef BP_REMINDERS_H
#define BP_REMINDERS_H
#include "domain/tasks.h"

/* How early each occasion is reminded of (product choices, not in the seeds). */
#define BP_REMIND_INVITATION_DAYS 3  /* before an invitation is due (V-6.1, K-4.3) */
#define BP_REMIND_LATE_EVERY_DAYS 7  /* a late task: on its first late day, then each week */
#define BP_REMIND_RENEWAL_DAYS    30 /* before a consent's renewal date */
#define BP_REMIND_FOLLOWUP_DAYS   14 /* before the follow-up: hear the child and the guardians (V-10.2) */
#define BP_REMIND_AFTER_FINISH    7  /* after a version is finished: signatures and copies, then weekly */
#define BP_REMIND_SURVEY_DAYS     14 /* after a guardian was e-mailed the survey and has not answered: once */
#define BP_MAX_REMINDERS          (BP_MAX_TASKS + 64) /* more are left for the next run */
#define BP_REMINDER_KEY_LEN       96

enum bp_reminder_kind {
    BP_REMIND_INVITATION_SOON, /* "invitation_soon": send_invitation is due within the days above */
    BP_REMIND_TASK_LATE,       /* "task_late" */
    BP_REMIND_CONSENT_RENEWAL, /* "consent_renewal": the organisation that holds the consent */
    BP_REMIND_FOLLOWUP_SOON,   /* "followup_soon": the plan's coordinating organisations */
    BP_REMIND_UNSIGNED,        /* "plan_unsigned": some have not answered the version in force (V-8a.2) */
    BP_REMIND_COPIES,          /* "copies_missing": a guardian or the child has no copy of it (V-8a.3) */
    BP_REMIND_SURVEY,          /* "survey_unanswered": the guardian, by e-mail, without a link (V-12.2) */
    BP_REMINDER_KIND_COUNT
};
extern const char *const bp_reminder_kind_codes[BP_REMINDER_KIND_COUNT];

struct bp_reminder {
    enum bp_reminder_kind kind;
    int64_t case_id;
    int64_t org_id;                /* whom it falls on: the organisation, */
    int64_t user_id;               /* and the person when known (0: the organisation's members) */
    int64_t guardian_id;           /* BP_REMIND_SURVEY: the guardian told by e-mail (no one else) */
    char key[BP_REMINDER_KEY_LEN]; /* unique per reminder and occasion */
};

/* A survey invitation as the reminders see it: e-mailed to a guardian on `on`, answered or not. */
struct bp_survey_fact {
    int64_t id, guardian_id;
    struct bp_date on;
    bool emailed, used;
};

/* What the scheduler knows of the version in force beyond the work list (NULL: none finished). */
struct bp_reminder_facts {
    const struct bp_survey_fact *surveys; /* the case's survey invitations */
    size_t n_surveys;
    const struct bp_plan *in_force; /* the finished version in force (while a draft follows it too) */
    size_t unanswered;              /* expected signers who have neither signed nor declined (V-8a.2) */
    size_t family_without_copy;     /* guardians and the child without a copy of it (V-8a.3, K-8.1) */
};

/* The reminders due on `today` for the case in `snap`, whose work list on that day is `tasks`; at most
 * `cap` of them into out. Returns how many. A closed case has none. `facts` may be NULL. */
size_t bp_reminders_due(const struct bp_case_snapshot *snap, const struct bp_task_list *tasks,
                        const struct bp_reminder_facts *facts, struct bp_date today, struct bp_reminder *out,
                        size_t cap);

#endif
