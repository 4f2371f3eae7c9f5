/* messages.c: the Swedish words users see for the codes of the domain (model.h) and for field
 * errors. Swedish is the msgid; po/en.po translates. Must stay in step with docs/glossary.md. */
#include "web/web.h"

struct label {
    const char *kind, *code, *sv;
};

static const struct label labels[] = {
    {"org_kind", "preschool", N_("Förskola")},
    {"org_kind", "school", N_("Skola")},
    {"org_kind", "student_health", N_("Elevhälsa")},
    {"org_kind", "social_services", N_("Socialtjänst")},
    {"org_kind", "child_health", N_("BVC (barnavårdscentral)")},
    {"org_kind", "primary_care", N_("Vårdcentral")},
    {"org_kind", "child_psychiatry", N_("BUP (barn- och ungdomspsykiatri)")},
    {"org_kind", "habilitation", N_("Habilitering")},
    {"org_kind", "other", N_("Annan verksamhet")},
    {"principal", "municipality", N_("Kommun")},
    {"principal", "region", N_("Region")},
    {"principal", "private", N_("Enskild huvudman")},
    {"role", "professional", N_("Yrkesverksam")},
    {"role", "named_person", N_("Barnensbästa-ansvarig")},
    {"role", "manager", N_("Chef")},
    {"model", "vasterbotten", N_("SIP Barnets plan (Västerbotten)")},
    {"model", "kronoberg", N_("Samverkansmöte och Barnets plan (Kronoberg)")},
    {"plan_kind", "sip_child_plan", N_("SIP Barnets plan")},
    {"plan_kind", "child_plan", N_("Barnets plan")},
    {"plan_kind", "sip", N_("SIP, samordnad individuell plan")},
    {"route", "hlt", N_("Via HLT-mötet")},
    {"route", "outside_hlt", N_("Utanför HLT (initiativtagaren samordnar)")},
    {"route", "named_person", N_("Barnensbästa-ansvarig kallar")},
    {"route", "other_org", N_("Annan verksamhet tar initiativet och informerar barnensbästa-ansvarig")},
    {"requester", "professional", N_("En yrkesverksam")},
    {"requester", "guardian", N_("Vårdnadshavare")},
    {"requester", "adult_student", N_("Myndig elev")},
    {"requester", "child", N_("Barnet själv")},
    {"id_kind", "personnummer", N_("Personnummer")},
    {"id_kind", "samordningsnummer", N_("Samordningsnummer")},
    {"id_kind", "reserve", N_("Reservidentitet")},
    {"custody", "joint", N_("Gemensam vårdnad")},
    {"custody", "sole", N_("Ensam vårdnad")},
    {"custody", "appointed", N_("Särskilt förordnad vårdnadshavare")},
    {"case_status", "open", N_("Pågående")},
    {"case_status", "closed", N_("Avslutat")},
    {"event", "case_opened", N_("Initiativ registrerat")},
    {"event", "consent_recorded", N_("Samtycke registrerat")},
    {"event", "consent_changed", N_("Samtycke ändrat")},
    {"event", "consent_withdrawn", N_("Samtycke återkallat")},
    {"event", "consent_scan_added", N_("Inskannad samtyckesblankett bifogad")}, /* consent scans */
    {"event", "closure_proposed", N_("Föreslaget att avsluta: inget samtycke finns kvar")},
    {"notification", "consent_withdrawn", N_("Ett samtycke har återkallats")},
    {"notification", "consent_changed", N_("Ett samtycke har ändrats")},
    {"notification", "closure_proposed", N_("Ärendet föreslås avslutas")},
    {"task", "obtain_consent", N_("Inhämta samtycke")},
    {"task", "inform_named_person", N_("Informera barnensbästa-ansvarig")},
    {"task", "prepare_child", N_("Förbered barnet")},
    {"task", "prepare_guardian", N_("Förbered vårdnadshavare")},
    {"task", "call_preparation", N_("Kalla till förberedelse mellan yrkesverksamma")},
    {"task", "send_invitation", N_("Skicka kallelsen")},
    {"task", "answer_invitation", N_("Svara på kallelsen")},
    {"task", "find_substitute", N_("Utse en ersättare")},
    {"task", "decide_absence", N_("Besluta med vårdnadshavaren: ställa in eller genomföra mötet")},
    {"task", "hold_meeting", N_("Håll mötet")},
    {"task", "finish_plan", N_("Gör klart planen")},
    {"task", "debrief_child", N_("Berätta för barnet vad som sades")},
    {"task", "decision_feedback", N_("Fatta beslutet och ge återkoppling")},
    {"task_status", "late", N_("Försenad")},
    {"task_status", "due_today", N_("Senast i dag")},
    {"task_status", "open", N_("I tid")},
    {"task_status", "done_late", N_("Klar, försenad")},
    {"task_status", "done", N_("Klar i tid")},
    {"audit_object", "task_list", N_("Mina uppgifter")},
    {"audit_object", "outbox", N_("E-post i kö")},
    {"consent_giver", "guardians", N_("Vårdnadshavarna")},
    {"consent_giver", "adult_student", N_("Myndig elev")},
    {"consent_form", "hlt_vasterbotten", N_("Samtyckesblankett Hälsa, lärande, trygghet Västerbotten")},
    {"consent_form", "kronobarnsmodellen", N_("Kronobarnsmodellen samtyckesblankett")},
    {"consent_form", "other", N_("Annan blankett")},
    {"withdrawer", "guardians", N_("Vårdnadshavarna")},
    {"withdrawer", "child", N_("Barnet")},
    {"withdrawer", "adult_student", N_("Den myndiga eleven")},
    /* V-1.3: when SIP shall be considered */
    {"trigger", "a", N_("Oroväckande beteende i skolan eller hemma")},
    {"trigger", "b", N_("Barnet går inte i skolan")},
    {"trigger", "c", N_("Riskbruk")},
    {"trigger", "d", N_("Nyligen utskriven från slutenvård")},
    {"trigger", "e", N_("Barnet är anhörig till någon som är sjuk eller har ett beroende")},
    {"trigger", "f", N_("Placerat utanför hemmet")},
    {"trigger", "g", N_("Barnet eller vårdnadshavare upplever att de hänvisas runt")},
    {"trigger", "h", N_("Vårdnadshavare lägger mycket tid på att föra information mellan verksamheter")},
    {"trigger", "i", N_("Den egna verksamheten kan inte ge stödet ensam")},
    {"trigger", "j", N_("Insatser behövs från minst två huvudmän")},
    {"trigger", "k", N_("Det är oklart vem som gör vad")},
    {"trigger", "l", N_("Flera insatser behövs samtidigt eller i en viss ordning")},
    {"trigger", "m", N_("Verksamheterna behöver veta vad de andra gör")},
    {"audit_action", "read", N_("Läsning")},
    {"audit_action", "create", N_("Registrering")},
    {"audit_action", "update", N_("Ändring")},
    {"audit_action", "denied", N_("Nekad åtkomst")},
    {"audit_action", "login", N_("Inloggning")},
    {"audit_action", "login_failed", N_("Misslyckad inloggning")},
    {"audit_action", "logout", N_("Utloggning")},
    {"audit_object", "case", N_("Ärende")},
    {"audit_object", "case_list", N_("Mina ärenden")},
    {"audit_object", "audit", N_("Loggsökning")},
    {"audit_object", "session", N_("Inloggning")},
    {"audit_object", "consent", N_("Samtycke")},
    {"audit_object", "consent_scan", N_("Inskannad samtyckesblankett")}, /* consent scans */
};

static const struct label errors[] = {
    {"error", "required", N_("Fyll i fältet.")},
    {"error", "too_long", N_("Texten är för lång.")},
    {"error", "invalid", N_("Fältet innehåller otillåtna tecken.")},
    {"error", "choice", N_("Välj ett av alternativen.")},
    {"error", "pnr_format", N_("Skriv personnumret som ÅÅÅÅMMDD-NNNN.")},
    {"error", "pnr_date", N_("Personnumret innehåller inget giltigt datum.")},
    {"error", "pnr_checksum", N_("Kontrollsiffran stämmer inte. Kontrollera personnumret.")},
    {"error", "future", N_("Datumet kan inte ligga i framtiden.")},
    {"error", "date", N_("Skriv datumet som ÅÅÅÅ-MM-DD.")},
    {"error", "email", N_("Skriv en e-postadress som namn@exempel.se.")},
    {"error", "guardian_required", N_("Registrera minst en vårdnadshavare.")},
    {"error", "second_guardian", N_("Vid gemensam vårdnad ska båda vårdnadshavarna registreras.")},
    {"error", "not_member", N_("Du kan bara ta initiativ för en verksamhet där du arbetar.")},
    {"error", "route_model", N_("Vägen passar inte arbetssättet. Välj en väg för den valda regionen.")},
    {"error", "all_guardians", N_("Vid gemensam vårdnad ska båda vårdnadshavarna samtycka.")},
    {"error", "not_guardian", N_("Välj bland barnets vårdnadshavare.")},
    {"error", "not_adult", N_("Bara en elev som har fyllt 18 år kan samtycka för egen del.")},
    {"error", "before_given", N_("Datumet kan inte ligga före samtycket.")},
    {"error", "already_active", N_("Verksamheten har redan ett samtycke som gäller. Ändra det i stället.")},
    {"error", "not_active", N_("Samtycket gäller inte längre och kan inte ändras.")},
    {"error", "case_closed", N_("Ärendet är avslutat.")},
    {"error", "type", N_("Värdet har fel typ.")},
    {"error", "login", N_("Fel användarnamn eller lösenord.")},
    {"error", "throttled", N_("För många misslyckade försök. Vänta en kvart och försök igen.")},
    {"error", "csrf", N_("Formuläret hade gått ut. Ladda om sidan och försök igen.")},
    /* consent scans (V-2.5, K-2.1) */
    {"error", "file_required", N_("Välj en fil med den inskannade blanketten.")},
    {"error", "file_type",
     N_("Filen är inte en PDF, JPEG eller PNG. Skanna blanketten till något av de formaten.")},
    {"error", "file_too_large", N_("Filen är för stor. Den får vara högst 10 MB.")},
    {"error", "form_errors", N_("Formuläret innehåller fel. Rätta fälten som är markerade.")},
};

/* (kind, code) -> index in labels[], built on first use: a page looks up hundreds of labels. */
#define LABEL_SLOTS 512 /* power of two, well above BP_ARRAY_LEN(labels) */
static short label_slot[LABEL_SLOTS];
static bool label_index_ready;

static uint32_t label_hash(const char *kind, const char *code)
{
    uint32_t h = 2166136261u;
    for (; *kind; kind++)
        h = (h ^ (unsigned char)*kind) * 16777619u;
    h = (h ^ ':') * 16777619u;
    for (; *code; code++)
        h = (h ^ (unsigned char)*code) * 16777619u;
    return h;
}

static void build_label_index(void)
{
    size_t i;
    for (i = 0; i < LABEL_SLOTS; i++)
        label_slot[i] = -1;
    for (i = 0; i < BP_ARRAY_LEN(labels); i++) {
        uint32_t h = label_hash(labels[i].kind, labels[i].code) & (LABEL_SLOTS - 1);
        while (label_slot[h] >= 0)
            h = (h + 1) & (LABEL_SLOTS - 1);
        label_slot[h] = (short)i;
    }
    label_index_ready = true;
}

const char *bp_label(int lang, const char *kind, const char *code)
{
    uint32_t h;
    if (!label_index_ready)
        build_label_index();
    for (h = label_hash(kind, code) & (LABEL_SLOTS - 1); label_slot[h] >= 0;
         h = (h + 1) & (LABEL_SLOTS - 1)) {
        const struct label *l = &labels[label_slot[h]];
        if (strcmp(l->kind, kind) == 0 && strcmp(l->code, code) == 0)
            return bp_tr(lang, l->sv);
    }
    return code;
}

const char *bp_error_text(int lang, const char *code)
{
    size_t i;
    for (i = 0; i < BP_ARRAY_LEN(errors); i++)
        if (strcmp(errors[i].code, code) == 0)
            return bp_tr(lang, errors[i].sv);
    return bp_tr(lang, "Fältet är inte rätt ifyllt.");
}

struct bp_tv *bp_options(struct bp_ctx *c, const char *kind, const char *const *codes, size_t n,
                         const char *selected)
{
    struct bp_tv *list = bp_tv_list(&c->arena);
    size_t i;
    for (i = 0; i < n; i++) {
        struct bp_tv *o = bp_tv_obj(&c->arena);
        bp_tv_set_str(&c->arena, o, "code", codes[i]);
        bp_tv_set_str(&c->arena, o, "label", bp_label(c->lang, kind, codes[i]));
        bp_tv_set_bool(&c->arena, o, "selected", selected && strcmp(selected, codes[i]) == 0);
        bp_tv_push(&c->arena, list, o);
    }
    return list;
}

void bp_messages_msgids(void (*fn)(void *ud, const char *msgid), void *ud)
{
    size_t i;
    for (i = 0; i < BP_ARRAY_LEN(labels); i++)
        fn(ud, labels[i].sv);
    for (i = 0; i < BP_ARRAY_LEN(errors); i++)
        fn(ud, errors[i].sv);
    fn(ud, "Fältet är inte rätt ifyllt.");
}
