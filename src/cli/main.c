/* main.c: the `barnplan` command and the composition root: the only place that picks concrete
 * backends (the store from the configured URL) and wires the layers together. Subcommands are a
 * table. Exit codes: 0 success, 1 failure, 2 wrong usage. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <jansson.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "cli/config.h"
#include "http/http.h"
#include "storage/store.h" /* the composition root opens and migrates the database */
#include "util/date.h"
#include "util/find.h"
#include "util/limits.h"
#include "util/stop_signals.h"

#define EXIT_USAGE 2

struct command {
    const char *name;
    int (*run)(const struct bp_config *cfg, int argc, char **argv);
    const char *usage;
    const char *help;
};

static const struct command *find_command(const char *name);

static int usage_error(const char *cmd, const char *msg)
{
    const struct command *c = find_command(cmd);
    fprintf(stderr, "barnplan %s: %s\nusage: barnplan %s %s\n", cmd, msg, cmd, c ? c->usage : "");
    return EXIT_USAGE;
}

static bool wants_help(int argc, char **argv)
{
    int i;
    for (i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

static struct bp_store *open_store(const struct bp_config *cfg)
{
    struct bp_store *s;
    char err[512];
    if (bp_store_open(cfg->db_url, &s, err, sizeof(err)) != BP_OK) {
        fprintf(stderr, "barnplan: database: %s\n", err);
        return NULL;
    }
    return s;
}

static struct bp_store *open_current_store(const struct bp_config *cfg)
{
    struct bp_store *s = open_store(cfg);
    int current = 0, latest = 0;
    if (s && (bp_store_schema_version(s, &current, &latest) != BP_OK || current != latest)) {
        fprintf(
            stderr,
            "barnplan: the database schema is at version %d, this program needs %d: run `barnplan migrate`\n",
            current, latest);
        bp_store_close(s);
        return NULL;
    }
    return s;
}

/* Reads a password from standard input: one line, without echo on a terminal. */
static bool read_password(const char *prompt, char *out, size_t n)
{
    struct termios old, quiet;
    bool tty = isatty(STDIN_FILENO);
    size_t len;
    if (tty) {
        fprintf(stderr, "%s", prompt);
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    if (!fgets(out, (int)n, stdin))
        out[0] = '\0';
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        fputc('\n', stderr);
    }
    len = strlen(out);
    while (len && (out[len - 1] == '\n' || out[len - 1] == '\r'))
        out[--len] = '\0';
    return len > 0;
}

static int cmd_serve(const struct bp_config *cfg, int argc, char **argv)
{
    struct bp_config c = *cfg;
    static const struct option opts[] = {{"listen", required_argument, NULL, 'l'},
                                         {"workers", required_argument, NULL, 'w'},
                                         {NULL, 0, NULL, 0}};
    int64_t n;
    int o;
    while ((o = getopt_long(argc, argv, "l:w:", opts, NULL)) != -1) {
        switch (o) {
        case 'l':
            if (strlen(optarg) >= sizeof(c.listen))
                return usage_error("serve", "--listen is too long");
            snprintf(c.listen, sizeof(c.listen), "%s", optarg);
            break;
        case 'w':
            if (!bp_parse_int64(optarg, 1, 256, &n))
                return usage_error("serve", "--workers takes a number from 1 to 256");
            c.workers = (int)n;
            break;
        default:
            return usage_error("serve", "unknown option");
        }
    }
    return bp_serve(&c);
}

static int cmd_migrate(const struct bp_config *cfg, int argc, char **argv)
{
    struct bp_store *s;
    int applied = 0, current = 0, latest = 0;
    (void)argv;
    if (argc > 1)
        return usage_error("migrate", "takes no arguments");
    if (!(s = open_store(cfg)))
        return 1;
    if (bp_store_migrate(s, &applied) != BP_OK || bp_store_schema_version(s, &current, &latest) != BP_OK) {
        fprintf(stderr, "barnplan migrate: failed: %s\n", bp_store_errmsg(s));
        bp_store_close(s);
        return 1;
    }
    printf("Applied %d migration(s); the schema is at version %d (%s)%s.\n", applied, current,
           bp_store_backend(s), applied ? "" : ", already current");
    bp_store_close(s);
    return 0;
}

/* A progress bar on stderr, redrawn in place (a terminal only): "LABEL [####....] DONE/TOTAL". */
static void progress_bar(const char *label, uint64_t done, uint64_t total)
{
    char bar[41];
    uint64_t fill = total ? done * 40 / total : 40, i;
    for (i = 0; i < 40; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[40] = '\0';
    fprintf(stderr, "\r%s[%s] %llu/%llu", label, bar, (unsigned long long)done, (unsigned long long)total);
    if (done == total)
        fputc('\n', stderr);
}

/* The progress of `barnplan purge` or `demo` on a terminal. */
static void count_bar(void *arg, size_t done, size_t total)
{
    (void)arg;
    progress_bar("", done, total);
}

/* The same where stderr is no terminal (a log): a plain count, after the command's name (arg). */
static void count_line(void *arg, size_t done, size_t total)
{
    fprintf(stderr, "barnplan %s: %zu of %zu\n", (const char *)arg, done, total);
}

static int cmd_demo(const struct bp_config *cfg, int argc, char **argv)
{
    static const struct option opts[] = {{"children", required_argument, NULL, 'c'},
                                         {"seed", required_argument, NULL, 's'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {NULL, 0, NULL, 0}};
    struct bp_demo_options o = {40, cfg->default_model, 2026, false};
    struct bp_store *s;
    int64_t n;
    int opt, applied;
    enum bp_err rc;
    while ((opt = getopt_long(argc, argv, "c:s:q", opts, NULL)) != -1) {
        switch (opt) {
        case 'c':
            if (!bp_parse_int64(optarg, 0, 10000000, &n))
                return usage_error("demo", "--children takes a number from 0 to 10000000");
            o.children = (size_t)n;
            break;
        case 's':
            if (!bp_parse_int64(optarg, 1, UINT32_MAX, &n))
                return usage_error("demo", "--seed takes a positive number");
            o.seed = (uint32_t)n;
            break;
        case 'q':
            o.quiet = true;
            break;
        default:
            return usage_error("demo", "unknown option");
        }
    }
    if (!(s = open_store(cfg)))
        return 1;
    if (bp_store_migrate(s, &applied) != BP_OK) {
        fprintf(stderr, "barnplan demo: migration failed: %s\n", bp_store_errmsg(s));
        bp_store_close(s);
        return 1;
    }
    if (!o.quiet) { /* a bar on a terminal, a line per 10,000 children in a log */
        o.progress = isatty(STDERR_FILENO) ? count_bar : count_line;
        o.progress_arg = "demo";
    }
    rc = bp_demo_generate(s, &o, stdout);
    if (rc == BP_ERR_CONFLICT)
        fprintf(stderr,
                "barnplan demo: the database already has data; demo data goes into an empty database\n");
    else if (rc != BP_OK)
        fprintf(stderr, "barnplan demo: failed (%s): %s\n", bp_err_name(rc), bp_store_errmsg(s));
    bp_store_close(s);
    return rc == BP_OK ? 0 : 1;
}

/* The actor of an administrative command: no Barnplan user is logged in, so the audit trail records the
 * operating-system user running it, as the address "cli:<name>" (channel "cli"). */
static void cli_actor(struct bp_actor *actor, char *addr, size_t addr_len)
{
    struct passwd pw, *found = NULL;
    char buf[4096], uid[32];
    snprintf(uid, sizeof(uid), "uid-%lu", (unsigned long)getuid());
    if (getpwuid_r(getuid(), &pw, buf, sizeof(buf), &found) != 0 || !found || !found->pw_name)
        found = NULL;
    bp_actor_cli(actor, found ? found->pw_name : uid, addr, addr_len, (int64_t)time(NULL));
}

/* What a failed administrative use case tells the administrator. */
static void report(const char *cmd, const char *what, enum bp_err rc, struct bp_store *s)
{
    if (rc == BP_ERR_STORAGE)
        fprintf(stderr, "barnplan %s: failed: %s\n", cmd, bp_store_errmsg(s));
    else
        fprintf(stderr, "barnplan %s: %s (%s)\n", cmd, what, bp_err_name(rc));
}

/* What an administrative command works with: the current database, the operating-system user as the
 * actor, and an arena for what the use case reads. */
struct admin_run {
    struct bp_store *s;
    struct bp_arena a;
    struct bp_actor actor;
    char addr[BP_MAX_SHORT_TEXT + 8];
};

static bool admin_open(struct admin_run *r, const struct bp_config *cfg, size_t arena_size)
{
    if (!(r->s = open_current_store(cfg)))
        return false;
    bp_app_store_writer(r->s, "cli"); /* its audit chain's row (issue 11 item 3) */
    bp_arena_init(&r->a, arena_size);
    cli_actor(&r->actor, r->addr, sizeof(r->addr));
    return true;
}

/* Closes what admin_open opened; returns the exit code ret. */
static int admin_end(struct admin_run *r, int ret)
{
    bp_arena_release(&r->a);
    bp_store_close(r->s);
    return ret;
}

/* The end of a command whose failures have no words of their own: reports rc unless it is BP_OK. */
static int admin_finish(struct admin_run *r, const char *cmd, enum bp_err rc)
{
    if (rc != BP_OK)
        report(cmd, "failed", rc, r->s);
    return admin_end(r, rc == BP_OK ? 0 : 1);
}

/* Tells the administrator what went wrong with `barnplan user SUB` in words of its own, when there are
 * any for rc; false: the caller reports it. */
static bool user_failure_told(struct bp_arena *a, const char *sub, const struct bp_user_input *in,
                              const char *pw, enum bp_err rc)
{
    const char *username = in->username;
    const char *why = strcmp(sub, "add") == 0 || strcmp(sub, "passwd") == 0
                          ? bp_app_password_refusal(a, pw,
                                                    &(struct bp_user){.username = in->username,
                                                                      .display_name = in->display_name,
                                                                      .email = in->email})
                          : NULL;
    if (rc == BP_ERR_INVALID && strcmp(sub, "link") == 0)
        fprintf(stderr, "barnplan user: --issuer and --subject of 1 to %d characters are needed\n",
                BP_MAX_SHORT_TEXT);
    else if (rc == BP_ERR_CONFLICT && strcmp(sub, "link") == 0)
        fprintf(stderr, "barnplan user: that identity is linked to an account already\n");
    else if (rc == BP_ERR_INVALID && why && strcmp(why, "too_short") == 0)
        fprintf(stderr,
                "barnplan user: a password of %d to %d characters is needed (read from standard input)\n",
                BP_MIN_PASSWORD, BP_MAX_PASSWORD);
    else if (rc == BP_ERR_INVALID && why && strcmp(why, "context_word") == 0)
        fprintf(stderr, "barnplan user: the password is easy to guess from Barnplan's words or the account's "
                        "name: choose another (read from standard input)\n");
    else if (rc == BP_ERR_INVALID && (why || strcmp(sub, "passwd") == 0))
        fprintf(stderr, "barnplan user: the password is too common or too easy to guess (for example a "
                        "leaked password, a keyboard row or a word with digits): choose another\n");
    else if (rc == BP_ERR_CONFLICT)
        fprintf(stderr, "barnplan user: %s already exists\n", username);
    else if (rc == BP_ERR_NOT_FOUND)
        fprintf(stderr, "barnplan user: no user %s%s\n", username,
                strcmp(sub, "add") == 0 ? ", or no such organisation" : "");
    else
        return false;
    return true;
}

static int cmd_user(const struct bp_config *cfg, int argc, char **argv)
{
    static const struct option opts[] = {{"name", required_argument, NULL, 'n'},
                                         {"email", required_argument, NULL, 'e'},
                                         {"org", required_argument, NULL, 'o'},
                                         {"admin", no_argument, NULL, 'a'},
                                         {"issuer", required_argument, NULL, 'i'},
                                         {"subject", required_argument, NULL, 's'},
                                         {NULL, 0, NULL, 0}};
    const char *issuer = NULL, *subject = NULL;
    int64_t org_ids[16];
    enum bp_role roles[16];
    struct bp_user_input in = {.email = "", .org_ids = org_ids, .roles = roles};
    const char *sub;
    struct admin_run r;
    char pw[BP_MAX_PASSWORD + 2];
    enum bp_err rc;
    bool told;
    int o;

    if (argc < 3)
        return usage_error("user", "needs a subcommand and a username");
    sub = argv[1];
    in.username = argv[2];
    optind = 3;
    while ((o = getopt_long(argc, argv, "n:e:o:ai:s:", opts, NULL)) != -1) {
        char *colon;
        int64_t id;
        int role = BP_ROLE_PROFESSIONAL;
        switch (o) {
        case 'n':
            in.display_name = optarg;
            break;
        case 'e':
            in.email = optarg;
            break;
        case 'a':
            in.is_admin = true;
            break;
        case 'i':
            issuer = optarg;
            break;
        case 's':
            subject = optarg;
            break;
        case 'o':
            if (in.n_orgs == BP_ARRAY_LEN(org_ids))
                return usage_error("user", "too many --org");
            colon = strchr(optarg, ':');
            if (colon) {
                *colon = '\0';
                role = BP_CODE_FIND(bp_role_codes, colon + 1);
            }
            if (!bp_parse_int64(optarg, 1, INT64_MAX, &id) || role < 0)
                return usage_error("user", "--org takes ORG_ID or ORG_ID:ROLE (professional, named_person, "
                                           "manager, regional, org_admin)");
            org_ids[in.n_orgs] = id;
            roles[in.n_orgs++] = (enum bp_role)role;
            break;
        default:
            return usage_error("user", "unknown option");
        }
    }
    if (strcmp(sub, "add") != 0 && strcmp(sub, "passwd") != 0 && strcmp(sub, "disable") != 0 &&
        strcmp(sub, "link") != 0)
        return usage_error("user", "the subcommands are add, passwd, disable and link");
    if (strcmp(sub, "link") == 0 && (!issuer || !subject))
        return usage_error("user", "link needs --issuer and --subject");
    if (strcmp(sub, "add") == 0 && !in.display_name)
        return usage_error("user", "add needs --name");
    if (!admin_open(&r, cfg, 4096))
        return 1;
    pw[0] = '\0';
    if (strcmp(sub, "disable") == 0) {
        rc = bp_uc_user_disable(r.s, &r.a, &r.actor, in.username);
    } else if (strcmp(sub, "link") == 0) {
        rc = bp_uc_user_link(r.s, &r.a, &r.actor, in.username, issuer, subject);
    } else {
        (void)read_password("New password: ", pw, sizeof(pw));
        in.password = pw;
        if (strcmp(sub, "add") == 0)
            rc = bp_uc_user_add(r.s, &r.actor, &in, NULL);
        else
            rc = bp_uc_user_passwd(r.s, &r.a, &r.actor, in.username, pw);
    }
    told = rc != BP_OK && user_failure_told(&r.a, sub, &in, pw, rc);
    memset(pw, 0, sizeof(pw));
    return told ? admin_end(&r, 1) : admin_finish(&r, "user", rc);
}

static int cmd_org(const struct bp_config *cfg, int argc, char **argv)
{
    static const struct option opts[] = {{"name", required_argument, NULL, 'n'},
                                         {"kind", required_argument, NULL, 'k'},
                                         {"principal", required_argument, NULL, 'p'},
                                         {"municipality", required_argument, NULL, 'm'},
                                         {NULL, 0, NULL, 0}};
    struct bp_org org = {0, NULL, BP_ORG_OTHER, BP_PRINCIPAL_MUNICIPALITY, ""};
    struct admin_run r;
    struct bp_org *orgs;
    size_t n, i;
    enum bp_err rc;
    int o, v;
    if (argc < 2 || (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "list") != 0))
        return usage_error("org", "the subcommands are add and list");
    optind = 2;
    while ((o = getopt_long(argc, argv, "n:k:p:m:", opts, NULL)) != -1) {
        switch (o) {
        case 'n':
            org.name = optarg;
            break;
        case 'm':
            org.municipality = optarg;
            break;
        case 'k':
            if ((v = BP_CODE_FIND(bp_org_kind_codes, optarg)) < 0)
                return usage_error(
                    "org", "--kind: preschool, school, student_health, social_services, child_health, "
                           "primary_care, child_psychiatry, habilitation, maternity_care, youth_outreach or "
                           "other");
            org.kind = (enum bp_org_kind)v;
            break;
        case 'p':
            if ((v = BP_CODE_FIND(bp_principal_codes, optarg)) < 0)
                return usage_error("org", "--principal: municipality, region or private");
            org.principal = (enum bp_principal)v;
            break;
        default:
            return usage_error("org", "unknown option");
        }
    }
    if (strcmp(argv[1], "add") == 0 && (!org.name || !*org.name || strlen(org.name) > BP_MAX_NAME))
        return usage_error("org", "add needs --name (at most 200 bytes)");
    if (!admin_open(&r, cfg, 16384))
        return 1;
    if (strcmp(argv[1], "add") == 0) {
        if ((rc = bp_uc_org_add(r.s, &r.actor, &org)) == BP_OK)
            printf("%lld\n", (long long)org.id);
    } else if ((rc = bp_uc_org_list(r.s, &r.a, &r.actor, &orgs, &n)) == BP_OK) {
        printf("id\tname\tkind\tprincipal\tmunicipality\n");
        for (i = 0; i < n; i++)
            printf("%lld\t%s\t%s\t%s\t%s\n", (long long)orgs[i].id, orgs[i].name,
                   bp_org_kind_codes[orgs[i].kind], bp_principal_codes[orgs[i].principal],
                   orgs[i].municipality);
    }
    return admin_finish(&r, "org", rc);
}

/* `audit verify`'s line for one problem. */
static void print_problem(void *ctx, const struct bp_audit_problem *p)
{
    (void)ctx;
    if (p->chain_id == 0)
        printf("before the chain: %s: %s\n", p->what, p->why);
    else if (p->seq_last != p->seq)
        printf("chain %lld seq %lld-%lld: %s: %s\n", (long long)p->chain_id, (long long)p->seq,
               (long long)p->seq_last, p->what, p->why);
    else
        printf("chain %lld seq %lld: %s: %s\n", (long long)p->chain_id, (long long)p->seq, p->what, p->why);
}

/* barnplan audit verify: exit 0 when every chain is intact, 1 when anything was found (or failed). */
static int cmd_audit_verify(const struct bp_config *cfg, int argc, char **argv)
{
    struct bp_audit_verify_result res;
    struct admin_run r;
    enum bp_err rc;
    (void)argv;
    if (argc != 1)
        return usage_error("audit", "verify takes no arguments");
    if (!admin_open(&r, cfg, 4096))
        return 1;
    rc = bp_uc_audit_verify(r.s, &r.actor, print_problem, NULL, &res);
    if (rc == BP_OK)
        printf("%zu chains, %lld entries in them, before the chain: %lld entries; %s (%zu problems)\n",
               res.chains, (long long)res.entries, (long long)res.before_chain,
               res.problems ? "NOT intact" : "intact", res.problems);
    return admin_finish(&r, "audit verify", rc) || res.problems ? 1 : 0;
}

/* A CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
static void csv_field(FILE *out, const char *v, bool last)
{
    if (v && strpbrk(v, ",\"\r\n")) {
        fputc('"', out);
        for (; *v; v++) {
            if (*v == '"')
                fputc('"', out);
            fputc(*v, out);
        }
        fputc('"', out);
    } else if (v) {
        fputs(v, out);
    }
    fputc(last ? '\n' : ',', out);
}

static bool print_extract_page(void *ctx, const struct bp_audit *rows, size_t n)
{
    size_t i;
    (void)ctx;
    for (i = 0; i < n; i++) {
        const struct bp_audit *e = &rows[i];
        char when[32], ids[4][24];
        struct tm tm;
        time_t at = (time_t)e->at;
        if (!gmtime_r(&at, &tm) || !strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm))
            snprintf(when, sizeof(when), "%lld", (long long)e->at);
        snprintf(ids[0], sizeof(ids[0]), "%lld", (long long)e->user_id);
        snprintf(ids[1], sizeof(ids[1]), "%lld", (long long)e->org_id);
        snprintf(ids[2], sizeof(ids[2]), "%lld", (long long)e->child_id);
        snprintf(ids[3], sizeof(ids[3]), "%lld", (long long)e->case_id);
        csv_field(stdout, when, false);
        csv_field(stdout, ids[0], false);
        csv_field(stdout, e->username, false);
        csv_field(stdout, ids[1], false);
        csv_field(stdout, e->org_name, false);
        csv_field(stdout, ids[2], false);
        csv_field(stdout, ids[3], false);
        csv_field(stdout, e->action, false);
        csv_field(stdout, e->object, false);
        csv_field(stdout, e->channel, false);
        csv_field(stdout, e->address, false);
        csv_field(stdout, e->detail, true);
    }
    return !ferror(stdout);
}

/* A time for --from/--to: YYYY-MM-DD or YYYY-MM-DDTHH:MM (or a space for the T), local time. A date alone
 * is the day's first second for --from and its last for --to; a minute likewise. */
static bool parse_when(const char *v, bool end, int64_t *out)
{
    struct bp_date d;
    int64_t h = 0, m = 0;
    char date[11];
    size_t len = strlen(v);
    bool minute = len == 16 && (v[10] == 'T' || v[10] == ' ') && v[13] == ':';
    if (len != 10 && !minute)
        return false;
    memcpy(date, v, 10);
    date[10] = '\0';
    if (!bp_date_parse(date, &d))
        return false;
    if (minute) {
        char hh[3] = {v[11], v[12], '\0'}, mm[3] = {v[14], v[15], '\0'};
        if (!bp_parse_int64(hh, 0, 23, &h) || !bp_parse_int64(mm, 0, 59, &m))
            return false;
    }
    *out = bp_app_local_to_unix(d, (int)(h * 60 + m)) + (end ? (minute ? 59 : 24 * 3600 - 1) : 0);
    return true;
}

/* barnplan audit extract (--child ID | --from TIME --to TIME): CSV on standard output, no row limit. */
static int cmd_audit_extract(const struct bp_config *cfg, int argc, char **argv)
{
    static const struct option opts[] = {{"child", required_argument, NULL, 'c'},
                                         {"from", required_argument, NULL, 'f'},
                                         {"to", required_argument, NULL, 't'},
                                         {NULL, 0, NULL, 0}};
    int64_t child = 0, from = 0, to = 0;
    struct admin_run r;
    enum bp_err rc;
    int o;
    while ((o = getopt_long(argc, argv, "c:f:t:", opts, NULL)) != -1) {
        if (o == 'c' && bp_parse_int64(optarg, 1, INT64_MAX, &child))
            continue;
        if ((o == 'f' || o == 't') && parse_when(optarg, o == 't', o == 'f' ? &from : &to))
            continue;
        return usage_error("audit", "extract takes --child ID and/or --from/--to YYYY-MM-DD[THH:MM]");
    }
    if (optind != argc || (!child && (!from || !to)))
        return usage_error("audit", "extract needs --child ID, or --from and --to");
    if (!admin_open(&r, cfg, 4096))
        return 1;
    printf("time,user_id,user,org_id,org,child_id,case_id,action,object,channel,address,detail\n");
    rc = bp_uc_audit_extract(r.s, &r.actor, child, from, to, print_extract_page, NULL);
    if (rc == BP_OK && (fflush(stdout) != 0 || ferror(stdout)))
        rc = BP_ERR_STORAGE;
    return admin_finish(&r, "audit extract", rc);
}

static int cmd_audit(const struct bp_config *cfg, int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "verify") == 0)
        return cmd_audit_verify(cfg, argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "extract") == 0)
        return cmd_audit_extract(cfg, argc - 1, argv + 1);
    static const struct option opts[] = {
        {"user", required_argument, NULL, 'u'},  {"child", required_argument, NULL, 'c'},
        {"case", required_argument, NULL, 'k'},  {"action", required_argument, NULL, 'a'},
        {"from", required_argument, NULL, 'f'},  {"to", required_argument, NULL, 't'},
        {"limit", required_argument, NULL, 'l'}, {NULL, 0, NULL, 0}};
    struct bp_audit_filter f = {0};
    struct admin_run r;
    struct bp_audit *rows, self;
    struct bp_date d;
    size_t n, i;
    int64_t v;
    enum bp_err rc;
    int o;
    f.limit = 100;
    while ((o = getopt_long(argc, argv, "u:c:k:a:f:t:l:", opts, NULL)) != -1) {
        switch (o) {
        case 'u':
            f.username = optarg;
            break;
        case 'a':
            f.action = optarg;
            break;
        case 'c':
            if (!bp_parse_int64(optarg, 1, INT64_MAX, &f.child_id))
                return usage_error("audit", "--child takes a child id");
            break;
        case 'k':
            if (!bp_parse_int64(optarg, 1, INT64_MAX, &f.case_id))
                return usage_error("audit", "--case takes a case id");
            break;
        case 'f':
        case 't':
            if (!bp_date_parse(optarg, &d))
                return usage_error("audit", "--from and --to take YYYY-MM-DD");
            if (o == 'f')
                f.from = bp_app_local_to_unix(d, 0);
            else
                f.to = bp_app_local_to_unix(d, 24 * 60) - 1; /* the day's last second */
            break;
        case 'l':
            if (!bp_parse_int64(optarg, 1, BP_MAX_AUDIT_ROWS, &v))
                return usage_error("audit", "--limit takes 1 to 100000");
            f.limit = (size_t)v;
            break;
        default:
            return usage_error("audit", "unknown option");
        }
    }
    if (!admin_open(&r, cfg, 65536))
        return 1;
    rc = bp_uc_audit_search(r.s, &r.a, &r.actor, &f, &rows, &n, &self);
    if (rc == BP_OK) /* searching the trail is itself on record, before anything is shown */
        rc = bp_uc_audit_commit(r.s, &self, 1);
    if (rc == BP_OK) {
        printf("time\tuser\torg\tchild\tcase\taction\tobject\tchannel\taddress\tdetail\n");
        for (i = 0; i < n; i++) {
            char when[17];
            bp_time_format_local(rows[i].at, when);
            printf("%s\t%s\t%lld\t%lld\t%lld\t%s\t%s\t%s\t%s\t%s\n", when,
                   rows[i].username ? rows[i].username : "-", (long long)rows[i].org_id,
                   (long long)rows[i].child_id, (long long)rows[i].case_id, rows[i].action, rows[i].object,
                   rows[i].channel, rows[i].address, rows[i].detail ? rows[i].detail : "");
        }
    }
    return admin_finish(&r, "audit", rc);
}

static int cmd_check(const struct bp_config *cfg, int argc, char **argv)
{
    static const char *const tables[] = {"organisations", "users", "children", "cases", "consents",
                                         "meetings",      "plans", "outbox",   "audit"};
    struct bp_store *s;
    struct bp_site site;
    struct bp_http_config http = bp_http_config_of(cfg);
    char err[512];
    int current = 0, latest = 0, problems = 0;
    size_t i;
    (void)argv;
    if (argc > 1)
        return usage_error("check", "takes no arguments");
    printf("database:  %s\n", strncmp(cfg->db_url, "sqlite:", 7) == 0 ? cfg->db_url : "postgres://(hidden)");
    printf("listen:    %s, %d workers\n", cfg->listen, cfg->workers);
    printf("model:     %s\n", bp_model_codes[cfg->default_model]);
    if (bp_site_load(&site, &http, err, sizeof(err)) != BP_OK) {
        printf("templates: FAILED: %s\n", err);
        problems++;
    } else {
        printf("templates: ok (%s)\n", cfg->datadir);
        bp_site_free(&site);
    }
    if (!(s = open_store(cfg)))
        return 1;
    if (bp_store_schema_version(s, &current, &latest) != BP_OK) {
        printf("schema:    FAILED: %s\n", bp_store_errmsg(s));
        problems++;
    } else {
        printf("schema:    version %d of %d%s\n", current, latest,
               current == latest ? "" : " (run barnplan migrate)");
        problems += current != latest;
    }
    for (i = 0; current == latest && i < BP_ARRAY_LEN(tables); i++) {
        int64_t n = 0;
        if (bp_store_count(s, tables[i], &n) == BP_OK)
            printf("%-10s %lld rows\n", tables[i], (long long)n);
        else
            problems++;
    }
    bp_store_close(s);
    printf("%s\n", problems ? "PROBLEMS FOUND" : "ok");
    return problems ? 1 : 0;
}

/* One run of the scheduler (issue 9, item 10), for an installation that runs it from cron instead of
 * `serve`'s scheduler process (remind_every = 0), and for the tests. */
static int cmd_remind(const struct bp_config *cfg, int argc, char **argv)
{
    struct bp_store *s;
    struct bp_arena a;
    size_t decided = 0;
    enum bp_err rc;
    (void)argv;
    if (argc > 1)
        return usage_error("remind", "takes no arguments");
    if (!(s = open_store(cfg)))
        return 1;
    bp_arena_init(&a, 64 * 1024);
    bp_app_store_writer(s, "cli remind");
    rc = bp_uc_remind(s, &a, (int64_t)time(NULL), &decided);
    if (rc != BP_OK)
        fprintf(stderr, "barnplan: remind: %s: %s\n", bp_err_name(rc), bp_store_errmsg(s));
    else
        printf("%zu reminders decided\n", decided);
    if (rc == BP_OK) { /* the audit trail's alerts, as the scheduler checks them (issue 11 item 3) */
        bp_arena_reset(&a);
        rc = bp_uc_audit_alerts(s, &a, (int64_t)time(NULL), cfg->audit_alert_children_per_hour, &decided);
        if (rc != BP_OK)
            fprintf(stderr, "barnplan: remind: audit alerts: %s: %s\n", bp_err_name(rc), bp_store_errmsg(s));
        else
            printf("%zu audit alerts decided\n", decided);
    }
    bp_arena_release(&a);
    bp_store_close(s);
    return rc == BP_OK ? 0 : 1;
}

/* Tells the administrator why nothing was purged, in words of its own when there are any. */
static void purge_refused(const struct bp_purge_report *rep, int64_t case_id, enum bp_err rc,
                          struct bp_store *s)
{
    char until[17];
    if (rep->refusal == BP_PURGE_NO_RETENTION)
        fprintf(stderr,
                "barnplan purge: no retention time is set: set retention_days (the days a closed case "
                "is kept) in the configuration; nothing was removed\n");
    else if (rep->refusal == BP_PURGE_CASE_OPEN)
        fprintf(stderr,
                "barnplan purge: case %lld is open: only a closed case is purged; nothing was removed\n",
                (long long)case_id);
    else if (rep->refusal == BP_PURGE_NOT_DUE) {
        bp_time_format_local(rep->kept_until, until);
        fprintf(stderr, "barnplan purge: case %lld is kept until %s (retention_days); nothing was removed\n",
                (long long)case_id, until);
    } else if (rep->refusal == BP_PURGE_CANNOT_RECLAIM)
        fprintf(stderr, "barnplan purge: %s; nothing was removed\n", rep->reclaim_warning);
    else if (rc == BP_ERR_NOT_FOUND)
        fprintf(stderr, "barnplan purge: no case %lld; nothing was removed\n", (long long)case_id);
    else
        report("purge", "failed; the case under way was rolled back", rc, s);
}

/* Retention (issue 9 item 8): removes the personal data of closed cases past retention_days. */
static int cmd_purge(const struct bp_config *cfg, int argc, char **argv)
{
    static const struct option opts[] = {
        {"dry-run", no_argument, NULL, 'n'}, {"case", required_argument, NULL, 'c'}, {NULL, 0, NULL, 0}};
    struct bp_purge_options o = {.retention_days = cfg->retention_days};
    struct bp_purge_report rep;
    struct admin_run r;
    enum bp_err rc;
    size_t i, j;
    int opt;
    while ((opt = getopt_long(argc, argv, "nc:", opts, NULL)) != -1) {
        if (opt == 'n')
            o.dry_run = true;
        else if (opt != 'c' || !bp_parse_int64(optarg, 1, INT64_MAX, &o.case_id))
            return usage_error("purge", opt == 'c' ? "--case takes a case id" : "unknown option");
    }
    if (optind < argc)
        return usage_error("purge", "takes only options");
    o.progress = isatty(STDERR_FILENO) ? count_bar : count_line;
    o.progress_arg = "purge";
    if (!admin_open(&r, cfg, 1 << 20))
        return 1;
    rc = bp_uc_purge(r.s, &r.a, &r.actor, &o, &rep);
    for (i = 0; i < rep.n; i++) {
        char closed[17];
        bp_time_format_local(rep.items[i].closed_at, closed);
        printf("case %lld (closed %s)%s:", (long long)rep.items[i].case_id, closed,
               rep.items[i].child_removed ? "" : ", the child's other case keeps the child");
        for (j = 0; j < rep.items[i].n_counts; j++)
            if (rep.items[i].counts[j].rows)
                printf(" %s %lld", rep.items[i].counts[j].table, (long long)rep.items[i].counts[j].rows);
        printf("\n");
    }
    if (rc != BP_OK)
        purge_refused(&rep, o.case_id, rc, r.s);
    else
        printf("%zu case(s) %s\n", rep.n,
               o.dry_run ? "would be purged (dry run: nothing was changed)" : "purged");
    if (rc == BP_OK && rep.reclaim_warning[0])
        fprintf(stderr, "barnplan purge: warning: %s\n", rep.reclaim_warning);
    return admin_end(&r, rc == BP_OK ? 0 : 1);
}

/* ---- backup and restore (issue 11 item 7; docs/trust.md section 7) ---- */

/* The backup file under way (encrypted, but incomplete), for interrupted(). */
static char backup_partial[4200];
static volatile sig_atomic_t backup_partial_set;

/* Ctrl-C, SIGTERM or SIGHUP during a backup or a restore: removes what is under way (the restore's temporary
 * database, plaintext; the backup's incomplete file) and ends as the signal would have. unlink only: it is
 * async-signal-safe. (The backup's copy of the database has no name to remove: storage unlinked it at once.)
 */
static void interrupted(int sig)
{
    bp_restore_file_abandon();
    if (backup_partial_set)
        unlink(backup_partial);
    (void)signal(sig, SIG_DFL);
    (void)raise(sig);
}

static void clean_up_when_interrupted(void)
{
    static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;
    size_t i;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = interrupted;
    sigemptyset(&sa.sa_mask);
    for (i = 0; i < BP_ARRAY_LEN(signals); i++)
        sigaction(signals[i], &sa, NULL);
}

/* The progress of a backup or a restore on a terminal: one bar per phase, redrawn when its percentage
 * changes. Where stderr is no terminal nothing is drawn: the command writes one line at the end. */
static void backup_bar(void *arg, const char *phase, uint64_t done, uint64_t total)
{
    static const struct {
        const char *phase, *label;
    } labels[] = {{"copy", "copying pages  "}, {"seal", "encrypting     "}, {"open", "decrypting     "}};
    int *last = arg, pct = total ? (int)(done * 100 / total) : 100;
    size_t i;
    if (pct == *last && done != total)
        return;
    *last = done == total ? -1 : pct;
    for (i = 0; i < BP_ARRAY_LEN(labels); i++)
        if (strcmp(labels[i].phase, phase) == 0)
            progress_bar(labels[i].label, done, total);
}

/* The key: --key, else the setting backup_key_file. Returns 0, or the exit code (2: no key named). */
static int backup_key(const struct bp_config *cfg, const char *cmd, const char *path,
                      struct bp_backup_key *key)
{
    char err[1200];
    if (!path && !cfg->backup_key_file[0])
        return usage_error(cmd, "no key: give --key FILE or set backup_key_file (make one with `barnplan "
                                "backup --new-key FILE`)");
    if (bp_backup_key_load(path ? path : cfg->backup_key_file, key, err, sizeof(err)) != BP_OK) {
        fprintf(stderr, "barnplan %s: %s\n", cmd, err);
        return 1;
    }
    return 0;
}

/* `barnplan backup --new-key FILE`. */
static int backup_new_key(const char *path)
{
    struct bp_backup_key key;
    char err[1200], id[2 * BP_BACKUP_KEY_ID + 1];
    if (bp_backup_key_new(path, err, sizeof(err)) != BP_OK ||
        bp_backup_key_load(path, &key, err, sizeof(err)) != BP_OK) {
        fprintf(stderr, "barnplan backup: %s\n", err);
        return 1;
    }
    bp_backup_key_id_text(key.id, id);
    bp_backup_key_wipe(&key);
    printf("A new backup key (id %s) is in %s, readable by you only. Keep a copy of it apart from the "
           "backups: without it no backup can be restored.\n",
           id, path);
    return 0;
}

/* fsync of the folder that holds path, so that a new name in it survives a power cut. */
static bool sync_folder_of(const char *path)
{
    char copy[4200];
    const char *slash = strrchr(path, '/');
    int fd;
    bool ok;
    snprintf(copy, sizeof(copy), "%.*s", slash ? (int)(slash - path) + 1 : 1, slash ? path : ".");
    if ((fd = open(copy, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
        return false;
    ok = fsync(fd) == 0;
    close(fd);
    return ok;
}

/* The backup file is written under a temporary name beside it and renamed to its own name when complete and
 * synced; an existing file is never replaced. */
static int backup_write(struct admin_run *r, const char *file, struct bp_backup_options o)
{
    char tmp[4200], id[2 * BP_BACKUP_KEY_ID + 1];
    int bar = -1;
    sigset_t was;
    struct bp_backup_header h;
    enum bp_err rc;
    if (strcmp(bp_store_backend(r->s), "sqlite") != 0) {
        fprintf(stderr, "barnplan backup: only a SQLite database is backed up this way; PostgreSQL's backups "
                        "are pg_basebackup and WAL archiving (docs/trust.md, section 7)\n");
        return admin_end(r, 1);
    }
    /* the handler knows the file's name from the moment it exists: the termination signals wait meanwhile */
    clean_up_when_interrupted();
    bp_stop_signals_hold(&was);
    if ((size_t)snprintf(tmp, sizeof(tmp), "%s.partial-XXXXXX", file) >= sizeof(tmp) ||
        (o.fd = mkstemp(tmp)) < 0) {
        int e = errno;
        bp_stop_signals_release(&was);
        fprintf(stderr, "barnplan backup: cannot create a file beside %s: %s\n", file, strerror(e));
        return admin_end(r, 1);
    }
    memcpy(backup_partial, tmp, sizeof(backup_partial));
    backup_partial_set = 1;
    bp_stop_signals_release(&was);
    o.progress = isatty(STDERR_FILENO) ? backup_bar : NULL;
    o.progress_arg = &bar;
    rc = bp_uc_backup(r->s, &r->actor, &o, &h);
    if (close(o.fd) != 0 && rc == BP_OK)
        rc = BP_ERR_INTERNAL;
    if (rc == BP_OK && link(tmp, file) != 0) { /* link, not rename: never replaces a file */
        fprintf(stderr, "barnplan backup: cannot name the backup %s: %s\n", file, strerror(errno));
        unlink(tmp);
        return admin_end(r, 1);
    }
    unlink(tmp);
    backup_partial_set = 0;
    if (rc != BP_OK) {
        report("backup", "failed; no backup was written", rc, r->s);
        return admin_end(r, 1);
    }
    if (!sync_folder_of(file)) {
        fprintf(stderr, "barnplan backup: cannot sync the folder of %s: %s\n", file, strerror(errno));
        return admin_end(r, 1);
    }
    bp_backup_key_id_text(h.key_id, id);
    fprintf(stderr,
            "barnplan backup: %llu bytes (schema version %u) encrypted into %s with key %s; the copy started "
            "over %d time(s) for the server's writes\n",
            (unsigned long long)h.size, (unsigned)h.schema_version, file, id, o.restarts);
    return admin_end(r, 0);
}

static int cmd_backup(const struct bp_config *cfg, int argc, char **argv)
{
    static const struct option opts[] = {{"key", required_argument, NULL, 'k'},
                                         {"new-key", required_argument, NULL, 'n'},
                                         {"step", required_argument, NULL, 's'},
                                         {"pause", required_argument, NULL, 'p'},
                                         {NULL, 0, NULL, 0}};
    const char *key_path = NULL, *new_key = NULL;
    struct bp_backup_options bo = {.fd = -1};
    struct bp_backup_key key;
    struct admin_run r;
    struct stat st;
    int64_t v;
    int o, ret;
    while ((o = getopt_long(argc, argv, "k:n:s:p:", opts, NULL)) != -1) {
        if (o == 'k')
            key_path = optarg;
        else if (o == 'n')
            new_key = optarg;
        else if (o == 's' && bp_parse_int64(optarg, 1, 1 << 20, &v))
            bo.step_pages = (int)v;
        else if (o == 'p' && bp_parse_int64(optarg, 0, 10000, &v))
            bo.pause_ms = (int)v;
        else
            return usage_error("backup",
                               "unknown option, or --step not 1 to 1048576 pages, or --pause not 0 to "
                               "10000 ms");
    }
    if (new_key)
        return optind == argc && !key_path ? backup_new_key(new_key)
                                           : usage_error("backup", "--new-key FILE takes nothing else");
    if (optind != argc - 1)
        return usage_error("backup", "needs the backup file to write");
    if (lstat(argv[optind], &st) == 0) {
        fprintf(stderr, "barnplan backup: %s exists; a backup never replaces a file\n", argv[optind]);
        return 1;
    }
    if ((ret = backup_key(cfg, "backup", key_path, &key)) != 0)
        return ret;
    if (!admin_open(&r, cfg, 4096)) {
        bp_backup_key_wipe(&key);
        return 1;
    }
    bo.key = &key;
    ret = backup_write(&r, argv[optind], bo);
    bp_backup_key_wipe(&key);
    return ret;
}

static int cmd_restore(const struct bp_config *cfg, int argc, char **argv)
{
    static const struct option opts[] = {{"key", required_argument, NULL, 'k'},
                                         {"to", required_argument, NULL, 't'},
                                         {"force", no_argument, NULL, 'f'},
                                         {NULL, 0, NULL, 0}};
    struct bp_restore_options ro = {.fd = -1};
    struct bp_restore_report rep;
    struct bp_backup_key key;
    struct bp_actor actor;
    char addr[BP_MAX_SHORT_TEXT + 8], made[17];
    const char *key_path = NULL;
    int o, bar = -1;
    enum bp_err rc;
    while ((o = getopt_long(argc, argv, "k:t:f", opts, NULL)) != -1) {
        if (o == 'k')
            key_path = optarg;
        else if (o == 't')
            ro.target = optarg;
        else if (o == 'f')
            ro.force = true;
        else
            return usage_error("restore", "unknown option");
    }
    if (optind != argc - 1 || !ro.target)
        return usage_error("restore", "needs the backup file and --to PATH (the database file to make)");
    if ((o = backup_key(cfg, "restore", key_path, &key)) != 0)
        return o;
    if ((ro.fd = open(argv[optind], O_RDONLY | O_CLOEXEC)) < 0) {
        fprintf(stderr, "barnplan restore: cannot read %s: %s\n", argv[optind], strerror(errno));
        bp_backup_key_wipe(&key);
        return 1;
    }
    ro.key = &key;
    ro.progress = isatty(STDERR_FILENO) ? backup_bar : NULL;
    ro.progress_arg = &bar;
    cli_actor(&actor, addr, sizeof(addr));
    clean_up_when_interrupted();
    rc = bp_uc_restore(&actor, &ro, &rep);
    close(ro.fd);
    bp_backup_key_wipe(&key);
    if (rc != BP_OK) {
        fprintf(stderr, "barnplan restore: refused: %s; nothing was written\n",
                rep.problem[0] ? rep.problem : bp_err_name(rc));
        return 1;
    }
    bp_time_format_local(rep.header.created, made);
    fprintf(
        stderr,
        "barnplan restore: the backup of %s (schema version %u) is in %s; integrity, foreign keys, schema "
        "and audit trail checked%s\n",
        made, (unsigned)rep.header.schema_version, ro.target,
        rep.migrations ? ", and the schema brought up to date" : "");
    return 0;
}

/* The site's route table as JSON, one object per route: what the trust tests replay (docs/trust.md, items 1
 * and 8) read the routes from here, never from a list of their own. */
/* barnplan sessions end: every session of every account ends now (OWASP ASVS V7.4.5, docs/asvs.md). */
static int cmd_sessions(const struct bp_config *cfg, int argc, char **argv)
{
    struct admin_run r;
    enum bp_err rc;
    if (argc != 2 || strcmp(argv[1], "end") != 0)
        return usage_error("sessions", "the subcommand is end");
    if (!admin_open(&r, cfg, 4096))
        return 1;
    rc = bp_uc_sessions_end_all(r.s, &r.actor);
    if (rc == BP_OK)
        printf("Every session has ended; everyone logs in again.\n");
    return admin_finish(&r, "sessions", rc);
}

static int cmd_routes(const struct bp_config *cfg, int argc, char **argv)
{
    static const struct {
        unsigned flag;
        const char *name;
    } flags[] = {{BP_ROUTE_PUBLIC, "public"},
                 {BP_ROUTE_API, "api"},
                 {BP_ROUTE_NO_CSRF, "no_csrf"},
                 {BP_ROUTE_FAMILY, "family"},
                 {BP_ROUTE_FAMILY_ONLY & ~(unsigned)BP_ROUTE_FAMILY, "family_only"}};
    struct bp_http_config http = bp_http_config_of(cfg);
    json_t *all;
    size_t t, i, f;
    (void)argv;
    if (argc > 1)
        return usage_error("routes", "takes no arguments");
    all = json_array(); /* after the usage check: a refused call allocates nothing (LeakSanitizer) */
    for (t = 0; t < http.n_tables; t++)
        for (i = 0; i < http.tables[t].n; i++) {
            const struct bp_http_route *r = &http.tables[t].routes[i];
            json_t *fl = json_array();
            for (f = 0; f < BP_ARRAY_LEN(flags); f++)
                if (r->flags & flags[f].flag)
                    json_array_append_new(fl, json_string(flags[f].name));
            json_array_append_new(all, json_pack("{s:s, s:s, s:s, s:o}", "method", r->method, "path",
                                                 r->pattern, "name", r->name, "flags", fl));
        }
    json_dumpf(all, stdout, JSON_INDENT(1));
    putchar('\n');
    json_decref(all);
    return 0;
}

static const struct command commands[] = {
    {"serve", cmd_serve, "[--listen HOST:PORT] [--workers N]", "serve the web pages and the API"},
    {"migrate", cmd_migrate, "", "create or upgrade the database schema"},
    {"demo", cmd_demo, "[--children N] [--seed N] [--quiet]",
     "fill an empty database with demo organisations, staff, children and cases"},
    {"user", cmd_user,
     "add USERNAME --name NAME [--email E] [--org ORG_ID[:ROLE]]... [--admin] | passwd USERNAME | disable "
     "USERNAME | link USERNAME --issuer URL --subject SUB",
     "manage staff accounts (passwords are read from standard input)"},
    {"org", cmd_org, "add --name NAME --kind KIND --principal PRINCIPAL [--municipality M] | list",
     "manage organisations"},
    {"audit", cmd_audit,
     "[--user U] [--child ID] [--case ID] [--action A] [--from DATE] [--to DATE] [--limit N] | verify | "
     "extract [--child ID] [--from TIME --to TIME]",
     "search the audit trail; verify its hash chains (exit 1 when tampered with); extract it as CSV"},
    {"purge", cmd_purge, "[--dry-run] [--case ID]",
     "remove the personal data of closed cases kept longer than retention_days (the audit trail stays)"},
    {"remind", cmd_remind, "",
     "decide the reminders and the audit trail's alerts due now, once (the scheduler of `serve` does it "
     "too)"},
    {"backup", cmd_backup, "FILE [--key KEYFILE] [--step PAGES] [--pause MS] | --new-key KEYFILE",
     "encrypt an online copy of the SQLite database into FILE (the key: --key or backup_key_file)"},
    {"restore", cmd_restore, "FILE --to PATH [--key KEYFILE] [--force]",
     "check a backup and make the database PATH from it (--force: replace PATH)"},
    {"check", cmd_check, "", "check the configuration and the database"},
    {"routes", cmd_routes, "", "print the route table as JSON (the trust tests replay it)"},
    {"sessions", cmd_sessions, "end", "end every session of every account now (everyone logs in again)"},
};

static const struct command *find_command(const char *name)
{
    return BP_FIND_NAME(struct command, commands, BP_ARRAY_LEN(commands), name, name);
}

static void main_usage(FILE *out)
{
    size_t i;
    fprintf(out, "usage: barnplan [--config FILE] COMMAND [ARGS]\n\nCommands:\n");
    for (i = 0; i < BP_ARRAY_LEN(commands); i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].help);
    fprintf(
        out,
        "\nConfiguration: a file of KEY = value lines (--config) and BARNPLAN_* environment variables:\n"
        "  database (BARNPLAN_DATABASE)  sqlite:PATH or postgres://...  [sqlite:var/barnplan.db]\n"
        "  listen   (BARNPLAN_LISTEN)    HOST:PORT                      [127.0.0.1:8080]\n"
        "  workers  (BARNPLAN_WORKERS)   processes             [one per core]\n"
        "  model    (BARNPLAN_MODEL)     vasterbotten or kronoberg      [vasterbotten]\n"
        "  datadir, localedir, access_log, secure_cookies, retention_days (days a closed case is kept),\n"
        "  backup_key_file (the key of backup and restore)\n"
        "  audit_alert_children_per_hour  distinct children one user may read in an hour before the\n"
        "                                 administrators are alerted (0: never; reads outside the user's\n"
        "                                 organisations' cases always alert)  [40]\n"
        "  header_timeout, body_timeout, idle_timeout, send_timeout (seconds before a slow or idle\n"
        "  connection is cut)  [10, 60, 60, 60]\n"
        "  trusted_proxy  the reverse proxies' addresses (IPv4 or IPv6, separated by commas); from\n"
        "                 them the client's address is the last X-Forwarded-For hop that is not one\n"
        "                 of them  [none: the socket's address]\n"
        "Run `barnplan COMMAND --help` for a command's options.\n");
}

int main(int argc, char **argv)
{
    struct bp_config cfg;
    const struct command *c;
    const char *config_path = NULL;
    char err[512];
    int first = 1;

    setenv("TZ", "Europe/Stockholm", 0);
    tzset();
    if (argc > 2 && strcmp(argv[1], "--config") == 0) {
        config_path = argv[2];
        first = 3;
    }
    if (argc <= first || strcmp(argv[first], "--help") == 0 || strcmp(argv[first], "-h") == 0 ||
        strcmp(argv[first], "help") == 0) {
        main_usage(argc <= first ? stderr : stdout);
        return argc <= first ? EXIT_USAGE : 0;
    }
    if (!(c = find_command(argv[first]))) {
        fprintf(stderr, "barnplan: no command %s\n", argv[first]);
        main_usage(stderr);
        return EXIT_USAGE;
    }
    if (wants_help(argc - first, argv + first)) {
        printf("usage: barnplan %s %s\n%s\n", c->name, c->usage, c->help);
        return 0;
    }
    if (!bp_config_load(&cfg, config_path, err, sizeof(err))) {
        fprintf(stderr, "barnplan: configuration: %s\n", err);
        return EXIT_USAGE;
    }
    if (bp_auth_init() != BP_OK) {
        fprintf(stderr, "barnplan: libsodium failed to start\n");
        return 1;
    }
    optind = 1;
    return c->run(&cfg, argc - first, argv + first);
}
