/* messages.c: the Swedish words users see for the codes of the domain (model.h) and for field
 * errors. Swedish is the msgid; po/en.po translates. Must stay in step with docs/glossary.md. */
#include "http/http.h"

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
    {"org_kind", "maternity_care", N_("Mödrahälsovård (barnmorskemottagning)")}, /* */
    {"org_kind", "youth_outreach", N_("KAA (kommunala aktivitetsansvaret)")},    /* */
    {"org_kind", "other", N_("Annan verksamhet")},
    {"principal", "municipality", N_("Kommun")},
    {"principal", "region", N_("Region")},
    {"principal", "private", N_("Enskild huvudman")},
    {"role", "professional", N_("Yrkesverksam")},
    {"role", "named_person", N_("Barnensbästa-ansvarig")},
    {"role", "manager", N_("Chef")},
    {"role", "regional", N_("Regional uppföljning")},
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
    /* the identity as the registration asks for it (domain/forms_case.c) */
    {"id_kind_input", "personnummer", N_("Personnummer eller samordningsnummer")},
    {"id_kind_input", "reserve", N_("Barnet saknar båda: reservidentitet")},
    {"custody", "joint", N_("Gemensam vårdnad")},
    {"custody", "sole", N_("Ensam vårdnad")},
    {"custody", "appointed", N_("Särskilt förordnad vårdnadshavare")},
    {"custody", "none", N_("Förälder utan vårdnad")},
    {"case_status", "open", N_("Pågående")},
    {"case_status", "closed", N_("Avslutat")},
    {"event", "case_opened", N_("Initiativ registrerat")},
    {"event", "consent_recorded", N_("Samtycke registrerat")},
    {"event", "named_person_informed", N_("Barnensbästa-ansvarig informerad")},
    {"event", "sip_requested", N_("Vårdnadshavarna begärde en SIP")},        /* K-0.8 */
    {"event", "protection_changed", N_("Skyddade personuppgifter ändrade")}, /* issue 10 item 10 */
    {"event", "plan_new_version", N_("Ny version av planen påbörjad")},      /* V-10.6 */
    {"event", "responsibility_passed", N_("Ansvaret för kommande möten överlämnat")},
    {"notification", "responsibility_passed", N_("Er verksamhet har fått ansvaret för kommande möten")},
    {"event", "org_asked", N_("Verksamhet ombedd att delta")},                         /* V-2.6 */
    {"notification", "org_asked", N_("Er verksamhet har ombetts delta i ett ärende")}, /* V-2.6 */
    {"event", "consent_changed", N_("Samtycke ändrat")},
    {"event", "consent_withdrawn", N_("Samtycke återkallat")},
    {"event", "consent_scan_added", N_("Inskannad samtyckesblankett bifogad")}, /* consent scans */
    {"event", "consent_confirmed", N_("En vårdnadshavare har bekräftat ett samtycke")},
    {"event", "closure_proposed", N_("Föreslaget att avsluta: inget samtycke finns kvar")},
    /* ---- closing a case (V-11.1-V-11.4) ---- */
    {"event", "closed_goals_reached", N_("Ärendet avslutat: målen är nådda")},
    {"event", "closed_not_needed", N_("Ärendet avslutat: samordning behövs inte längre")},
    {"event", "closed_consent_withdrawn", N_("Ärendet avslutat: samtycket har tagits tillbaka")},
    {"event", "case_reopened", N_("Ärendet öppnat igen")},
    {"event", "successor_opened", N_("Ett nytt ärende för barnet har öppnats")},
    {"notification", "case_closed", N_("Ärendet har avslutats")},
    {"notification", "case_reopened", N_("Ärendet har öppnats igen")},
    {"closure_reason", "goals_reached", N_("Målen är nådda")},
    {"closure_reason", "not_needed", N_("Samordning behövs inte längre")},
    {"closure_reason", "consent_withdrawn",
     N_("Barnet och vårdnadshavarna har tagit tillbaka sitt samtycke")},
    /* ---- end closing a case ---- */
    /* ---- the survey (V-12.3): the answers' words, easy enough for a child ---- */
    {"survey_face", "1", N_("Nej, inte alls")},
    {"survey_face", "2", N_("Inte så mycket")},
    {"survey_face", "3", N_("Lite grann")},
    {"survey_face", "4", N_("Ganska mycket")},
    {"survey_face", "5", N_("Ja, mycket")},
    {"survey_satisfied", "1", N_("Mycket missnöjd")},
    {"survey_satisfied", "2", N_("Ganska missnöjd")},
    {"survey_satisfied", "3", N_("Varken eller")},
    {"survey_satisfied", "4", N_("Ganska nöjd")},
    {"survey_satisfied", "5", N_("Mycket nöjd")},
    {"survey_change", "worse", N_("Sämre")},
    {"survey_change", "same", N_("Ungefär som förut")},
    {"survey_change", "better", N_("Bättre")},
    {"survey_change", "dont_know", N_("Vet inte")},
    {"survey_help", "none", N_("Inte alls")},
    {"survey_help", "some", N_("Lite")},
    {"survey_help", "much", N_("Mycket")},
    {"survey_help", "dont_know", N_("Vet inte")},
    {"survey_respondent", "child", N_("Barn")},
    {"survey_respondent", "guardian", N_("Vårdnadshavare")},
    {"survey_occasion", "plan", N_("När planen blev klar")},
    {"survey_occasion", "follow_up", N_("Vid uppföljningen")},
    {"survey_occasion", "closure", N_("När ärendet avslutades")},
    /* ---- preparation ---- */
    {"event", "child_prep_saved", N_("Förberedelsen av barnet sparad")},
    {"event", "child_prep_done", N_("Barnet är förberett")},
    {"event", "guardian_prep_saved", N_("Förberedelsen av en vårdnadshavare sparad")},
    {"event", "guardian_prep_done", N_("En vårdnadshavare är förberedd")},
    /* issue 10 item 5: answered by the family on their own page (never the words) */
    {"event", "child_prep_online", N_("Barnet har svarat på frågorna")},
    {"event", "guardian_prep_online", N_("En vårdnadshavare har svarat på frågorna")},
    {"participation", "undecided", N_("Inte bestämt än")},
    {"participation", "whole", N_("Hela mötet")},
    {"participation", "part", N_("En del av mötet")},
    {"participation", "heard", N_("Inte med, men barnets röst hörs")},
    {"participation", "representative", N_("Någon annan talar för barnet")},
    {"participation", "letter", N_("Ett brev från barnet läses upp")},
    {"rep_kind", "guardian", N_("En vårdnadshavare")},
    {"rep_kind", "other_adult", N_("En annan vuxen")},
    {"setting", "undecided", N_("Inte bestämt, eller spelar ingen roll för barnet")},
    {"setting", "physical", N_("På plats i samma rum")},
    {"setting", "digital", N_("Digitalt, med video (en säker tjänst)")},
    {"support_kind", "initiator", N_("Initiativtagaren (den som tog initiativet)")},
    {"support_kind", "other_adult", N_("En annan vuxen som barnet litar mer på")},
    {"audit_object", "preparation", N_("Förberedelse")},
    {"audit_object", "prep_status", N_("Vem som är förberedd")},
    {"audit_object", "child_prep", N_("Förberedelse av barnet")},
    {"audit_object", "guardian_prep", N_("Förberedelse av vårdnadshavare")},
    /* ---- end preparation ---- */
    {"notification", "consent_withdrawn", N_("Ett samtycke har återkallats")},
    {"notification", "consent_changed", N_("Ett samtycke har ändrats")},
    {"notification", "consent_given", N_("Ett samtycke har getts")}, /* issue 10 item 4 */
    {"notification", "closure_proposed", N_("Ärendet föreslås avslutas")},
    {"notification", "coordination_asked", N_("Er verksamhet föreslås samordna planen")},
    {"notification", "coordination_accepted", N_("En ny samordnande verksamhet har tackat ja")},
    {"notification", "coordination_declined", N_("En verksamhet har tackat nej till att samordna")},
    {"event", "followup_saved", N_("Uppföljningen sparad")},
    {"event", "followup_reviewed", N_("En insats gick igenom vid uppföljningen")},
    {"event", "coordination_accepted", N_("Tackade ja till att samordna planen")},
    {"event", "coordination_declined", N_("Tackade nej till att samordna planen")},
    {"audit_object", "followup", N_("Uppföljning")},
    {"still_needed", "undecided", N_("Inte bestämt än")},
    {"still_needed", "yes", N_("Ja, vi gör en uppdaterad plan")},
    {"still_needed", "no", N_("Nej, samordningen kan avslutas")},
    {"review_decision", "continue", N_("Fortsätter som nu")},
    {"review_decision", "change", N_("Ändras")},
    {"review_decision", "replace", N_("Ersätts av en ny insats")},
    {"review_decision", "end", N_("Avslutas")},
    {"notification", "invitation_soon", N_("Påminnelse: kallelsen ska snart skickas")},
    {"notification", "task_late", N_("Påminnelse: en uppgift är försenad")},
    {"notification", "consent_renewal", N_("Påminnelse: ett samtycke behöver förnyas")},
    {"notification", "followup_soon", N_("Påminnelse: uppföljningen närmar sig")},
    {"notification", "plan_unsigned", N_("Påminnelse: alla har inte svarat på planen")},
    {"notification", "copies_missing", N_("Påminnelse: familjen saknar sitt exemplar av planen")},
    {"audit_object", "reminder", N_("Påminnelse")},
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
    {"task", "hear_followup", N_("Fråga barnet och vårdnadshavarna inför uppföljningen")},
    {"task", "accept_coordination", N_("Svara på om er verksamhet samordnar planen")},
    {"task", "decide_event", N_("Besluta om en händelse: behövs ett tidigare uppföljningsmöte?")}, /* V-9.4 */
    /* the barnensbästa-ansvarig as a person */
    {"bba_decision", "own_org", N_("Vår egen verksamhet kan möta behovet")},
    {"bba_decision", "hand_over", N_("Behovet hör helt till en annan verksamhet: lämna över")},
    {"bba_decision", "collaborate",
     N_("Två eller flera verksamheter behöver samverka: samtycke och samverkansmöte")},
    {"bba_stage", "before_birth", N_("före födseln: barnmorskan i mödrahälsovården")},
    {"bba_stage", "child_health", N_("fram till förskoleklass: BVC-sjuksköterskan")},
    {"bba_stage", "school", N_("i skolan fram till 18 år: rektorn")},
    {"bba_stage", "youth", N_("ung utanför gymnasiet: KAA (kommunala aktivitetsansvaret)")},
    {"bba_stage", "none", N_("inget förslag: barnets födelsedatum saknas eller barnet har fyllt 20")},
    {"event", "named_person_named", N_("Barnensbästa-ansvarig utsedd")},
    {"event", "named_person_handed_over", N_("Rollen som barnensbästa-ansvarig lämnades över")},
    {"event", "bba_own_org", N_("Barnensbästa-ansvarig: den egna verksamheten möter behovet")},
    {"event", "bba_hand_over", N_("Barnensbästa-ansvarig: behovet lämnas över till en annan verksamhet")},
    {"event", "bba_collaborate", N_("Barnensbästa-ansvarig: samverkan behövs (samtycke och samverkansmöte)")},
    {"notification", "named_person_named", N_("Du är barnensbästa-ansvarig för ett barn")},
    {"notification", "named_person_replaced", N_("Rollen som barnensbästa-ansvarig har gått vidare")},
    {"notification", "bba_hand_over", N_("Ett barns behov har lämnats över till er verksamhet")},
    {"audit_object", "named_person", N_("Barnensbästa-ansvarig")},
    {"task", "name_named_person", N_("Utse barnensbästa-ansvarig")},                          /* */
    {"task", "named_person_decide", N_("Barnensbästa-ansvarig: välj hur behovet ska mötas")}, /* */
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
    {"child_answer", "yes", N_("Ja, det är okej")},                /* consent.child_answer (V-2.2) */
    {"child_answer", "no", N_("Nej, jag vill inte att de delar")}, /* ... a no is told, not blocking */
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
    {"audit_object", "access_log", N_("Vem har läst")},                 /* issue 10 item 8 */
    {"audit_object", "family_code", N_("Inloggningskod för familjen")}, /* issue 10 item 2 */
    {"audit_object", "implementation", N_("Genomförande")},
    {"audit_object", "child_voice", N_("Barnets röst under planen")},
    {"audit_object", "survey_invitation", N_("Inbjudan till enkäten")},
    {"audit_object", "closure", N_("Avslut")},
    {"audit_object", "case_list", N_("Mina ärenden")},
    {"audit_object", "audit", N_("Loggsökning")},
    {"audit_object", "session", N_("Inloggning")},
    {"audit_object", "consent", N_("Samtycke")},
    /* ---- administration in the browser (issue 10 item 9) ---- */
    {"audit_object", "staff", N_("Personal")},
    {"audit_object", "user", N_("Konto")},
    {"audit_object", "organisation", N_("Verksamhet")},
    {"audit_object", "membership", N_("Roll i verksamhet")},
    {"role", "professional", N_("Yrkesverksam")},
    {"role", "named_person", N_("Barnensbästa-ansvarig")},
    {"role", "manager", N_("Chef (rektor, enhetschef)")},
    {"role", "regional", N_("Regional uppföljning")},
    {"role", "org_admin", N_("Administratör för verksamheten")},
    /* ---- the plan ---- */
    {"area", "health", N_("Hälsa")},
    {"area", "learning", N_("Lärande")},
    {"area", "safety", N_("Trygghet")},
    {"area", "safe", N_("Trygg")},
    {"area", "healthy", N_("Må bra")},
    {"area", "achieving", N_("Utvecklas")},
    {"area", "active", N_("Aktiv")},
    {"area", "respected", N_("Respekterad")},
    {"area", "responsible", N_("Ansvarstagande")},
    {"area", "included", N_("Delaktig")},
    {"area", "nurtured", N_("Omvårdad")},
    {"plan_status", "draft", N_("Utkast")},
    {"plan_status", "finished", N_("Färdigställd")},
    {"plan_status", "replaced", N_("Ersatt av en nyare version")},
    /* coordinator_role: in the meetings block (the same words) */
    {"committer", "child", N_("Barnet")},
    {"committer", "guardian", N_("Vårdnadshavare")},
    {"committer", "other", N_("Någon annan")},
    {"decision_status", "pending", N_("Väntar på beslut")},
    {"decision_status", "decided", N_("Beslutat")},
    {"signer_kind", "professional", N_("Jag själv (yrkesverksam)")},
    {"signer_kind", "guardian", N_("Vårdnadshavare")},
    {"signer_kind", "child", N_("Barnet")},
    {"signer_kind", "other", N_("En annan deltagare (till exempel barnets stödperson)")},
    {"signer", "professional", N_("Yrkesverksam")},
    {"signer", "guardian", N_("Vårdnadshavare")},
    {"signer", "child", N_("Barnet")},
    {"signer", "other", N_("Annan deltagare")},
    {"sign_answer", "signed", N_("Skriver under")},
    {"sign_answer", "declined", N_("Avstår från att skriva under")},
    {"sign_method", "app", N_("I Barnplan")},
    {"sign_method", "wet", N_("På papper")},
    {"event", "plan_opened", N_("Planen påbörjad")},
    {"event", "plan_updated", N_("Planen ändrad: samordning och uppföljning")},
    {"event", "plan_goal_saved", N_("Planen ändrad: mål")},
    {"event", "plan_goal_removed", N_("Planen ändrad: mål borttaget")},
    {"event", "plan_intervention_saved", N_("Planen ändrad: insats")},
    {"event", "plan_intervention_removed", N_("Planen ändrad: insats borttagen")},
    {"event", "plan_commitment_saved", N_("Planen ändrad: åtagande")},
    {"event", "plan_commitment_removed", N_("Planen ändrad: åtagande borttaget")},
    {"event", "plan_contact_saved", N_("Planen ändrad: kontaktperson")},
    {"event", "plan_finished", N_("Planen färdigställd")},
    {"event", "plan_signed", N_("Planen underskriven")},
    {"event", "consent_child_answered", N_("Den unge har svarat om samtycket")},
    {"notification", "consent_child_no", N_("Den unge har sagt nej till ett samtycke")},
    {"notification", "audit_alert_children", N_("Larm: en användare läste många barn på en timme")},
    {"notification", "audit_alert_outside", N_("Larm: en användare läste utanför sina verksamheter")},
    {"event", "guardian_contact_changed", N_("En vårdnadshavare ändrade sina kontaktuppgifter")},
    {"event", "plan_copy_recorded", N_("Exemplar av planen registrerat")}, /* V-8a.3, K-8.1 */
    {"event", "plan_signature_declined", N_("Någon avstod från att skriva under planen")},
    {"event", "plan_signature_scan_added", N_("Inskannad sida till en underskrift bifogad")},
    {"audit_object", "plan_signature_scan", N_("Inskannad underskrift")},
    {"event", "decision_pending", N_("Beslut som väntar registrerat")},
    {"event", "decision_taken", N_("Beslut fattat")},
    {"notification", "plan_finished", N_("En plan är färdigställd")},
    {"notification", "decision_taken", N_("Ett beslut har fattats")},
    /* ---- carrying out the plan (V-9.1-V-9.4) ---- */
    {"progress_status", "started", N_("Påbörjad")},
    {"progress_status", "ongoing", N_("Pågår")},
    {"progress_status", "done", N_("Genomförd")},
    {"progress_status", "paused", N_("Pausad")},
    {"event_decision", "earlier_followup", N_("Ett tidigare uppföljningsmöte behövs")},
    {"event_decision", "booked_enough", N_("Det bokade uppföljningsmötet räcker")},
    {"event", "progress_recorded", N_("Genomförande: läget för en insats")},
    {"event", "child_voice_recorded", N_("Genomförande: barnets ord antecknade")},
    {"event", "plan_event_reported", N_("Händelse som påverkar planen rapporterad")},
    {"event", "plan_event_decided", N_("Beslut om en händelse som påverkar planen")},
    {"notification", "plan_event_reported", N_("Något har hänt som påverkar planen: beslut behövs")},
    {"notification", "plan_event_decided", N_("Beslut om en händelse som påverkar planen")},
    {"notification", "child_voice_recorded", N_("Barnets ord under genomförandet har antecknats")},
    /* ---- end of carrying out the plan ---- */
    {"audit_object", "plan", N_("Plan")},
    {"audit_object", "plan_version", N_("Planversion (export)")}, /* V-10.6, V-8a.3 */
    {"audit_object", "plan_pdf", N_("Planversion som PDF")},      /* V-8a.3, K-8.1 */
    {"audit_object", "plan_copy", N_("Exemplar av planen")},
    {"copy_recipient", "guardian", N_("Vårdnadshavare")},
    {"copy_recipient", "child", N_("Barnet")},
    {"copy_recipient", "other", N_("Någon annan som deltar")},
    {"copy_method", "handed", N_("Utskrivet exemplar överlämnat")},
    {"copy_method", "letter", N_("Skickat som brev")},
    /* V-10.6: comparing two versions */
    {"plan_part", "plan", N_("Planen")},
    {"plan_part", "goal", N_("Mål")},
    {"plan_part", "intervention", N_("Insats")},
    {"plan_part", "commitment", N_("Åtagande")},
    {"plan_part", "contact", N_("Kontaktperson")},
    {"plan_change", "added", N_("Tillagt")},
    {"plan_change", "removed", N_("Borttaget")},
    {"plan_change", "changed", N_("Ändrat")},
    /* ---- end of the plan ---- */
    {"audit_object", "consent_scan", N_("Inskannad samtyckesblankett")}, /* consent scans */
    /* ---- meetings ---- */
    {"meeting_name", "professionals_preparation", N_("Förberedande möte mellan yrkesverksamma")},
    {"meeting_name", "sip_meeting", N_("SIP-möte")},
    {"meeting_name", "collaboration_meeting", N_("Samverkansmöte")},
    {"meeting_name", "followup_meeting", N_("Uppföljningsmöte")},
    {"meeting_status", "planned", N_("Planerat")},
    {"meeting_status", "held", N_("Hållet")},
    {"meeting_status", "cancelled", N_("Inställt")},
    {"meeting_setting", "undecided", N_("Inte bestämt")},
    {"meeting_setting", "physical", N_("På plats")},
    {"meeting_setting", "digital", N_("Digitalt (säkert videomöte)")},
    {"coordinator_role", "samordningsansvarig", N_("Samordningsansvarig")},
    {"coordinator_role", "samverkansansvarig", N_("Samverkansansvarig")},
    {"invitee_kind", "child", N_("Barnet")},
    {"invitee_kind", "guardian", N_("Vårdnadshavare")},
    {"invitee_kind", "professional", N_("Yrkesverksam")},
    {"invitee_kind", "other_adult", N_("Annan viktig vuxen")},
    {"answer", "pending", N_("Inte svarat")},
    {"answer", "yes", N_("Kommer")},
    {"answer", "no", N_("Kan inte komma")},
    {"attendance", "unrecorded", N_("Inte registrerat")},
    {"attendance", "present", N_("Var med")},
    {"attendance", "substitute", N_("Ersättare var med")},
    {"attendance", "absent", N_("Var inte med")},
    {"absence_outcome", "cancel", N_("Ställ in mötet")},
    {"absence_outcome", "hold", N_("Genomför mötet ändå")},
    {"absence_step", "none", N_("Inget")},
    {"absence_step", "substitute", N_("En ersättare ska utses")},
    {"absence_step", "decide", N_("Bestäm med vårdnadshavaren: ställa in eller genomföra")},
    {"absence_step", "done", N_("Klart")},
    {"meeting_step", "introductions", N_("Alla säger vem de är")},
    {"meeting_step", "needs_and_goals", N_("Vad behöver barnet, och vad ska bli bättre")},
    {"meeting_step", "interventions", N_("Vem gör vad")},
    {"meeting_step", "responsibilities", N_("Vem ansvarar för vad")},
    {"meeting_step", "summary", N_("Vi sammanfattar på skärmen")},
    {"meeting_step", "child_last_word", N_("Barnet får sista ordet")},
    {"meeting_step", "next_followup", N_("När vi ses igen")},
    {"meeting_step", "followup", N_("När och hur vi följer upp planen")},
    {"meeting_step", "previous_summary", N_("Vad vi bestämde förra gången")},
    {"meeting_step", "whats_working", N_("Vad fungerar, och vad fungerar inte")},
    {"meeting_step", "followup_questions", N_("Uppföljningens frågor")},
    {"meeting_step", "pending_decisions", N_("Beslut som väntar")},
    {"meeting_step", "roles", N_("Vem gör vad inför mötet")},
    {"meeting_step", "coordination", N_("Vem håller ihop arbetet")},
    {"meeting_step", "meeting_plan", N_("Hur mötet med familjen ska gå till")},
    {"meeting_field", "meeting", N_("Mötet")},
    {"meeting_field", "meeting.kind", N_("Vilket möte")},
    {"meeting_field", "meeting.status", N_("Mötet")},
    {"meeting_field", "meeting.date", N_("Datum")},
    {"meeting_field", "meeting.start", N_("Börjar")},
    {"meeting_field", "meeting.end", N_("Slutar")},
    {"meeting_field", "meeting.place", N_("Plats")},
    {"meeting_field", "meeting.setting", N_("Digitalt eller på plats")},
    {"meeting_field", "meeting.setting_agreed", N_("Digitalt eller på plats")},
    {"meeting_field", "meeting.video_link", N_("Länk till säkert videomöte")},
    {"meeting_field", "meeting.purpose", N_("Varför mötet behövs")},
    {"meeting_field", "meeting.agenda", N_("Vad ska vi prata om")},
    {"meeting_field", "meeting.invitees", N_("Inbjudna")},
    {"meeting_field", "meeting.called_by", N_("Kallar")},
    {"meeting_field", "meeting.chair_user_id", N_("Mötesordförande")},
    {"meeting_field", "meeting.note_taker_user_id", N_("Dokumenterar")},
    {"meeting_field", "meeting.deadline_reason", N_("Varför tre veckor inte räcker")},
    {"meeting_field", "meeting.child_not_invited_reason", N_("Varför barnet inte är med")},
    {"meeting_field", "prep.child", N_("Barnets förberedelse")},
    {"meeting_field", "prep.guardians", N_("Vårdnadshavarnas förberedelse")},
    {"meeting_field", "absence.outcome", N_("Beslut")},
    {"meeting_field", "absence.guardian_id", N_("Vårdnadshavare")},
    {"meeting_field", "absence.decided_on", N_("Datum")},
    {"meeting_field", "absence.note", N_("Anteckning")},
    {"meeting_field", "closing.child_asked", N_("Sista frågan till barnet")},
    {"meeting_field", "closing.child_representative", N_("Vem företrädde barnet")},
    {"meeting_field", "closing.debriefed_on", N_("Datum då barnet fick veta")},
    {"event", "meeting_planned", N_("Möte planerat")},
    {"event", "meeting_changed", N_("Möte ändrat")},
    {"event", "meeting_invitee_added", N_("Inbjuden till möte")},
    {"event", "meeting_invitee_removed", N_("Inbjudan till möte borttagen")},
    {"event", "meeting_invited", N_("Kallelse skickad")},
    {"event", "meeting_cancelled", N_("Möte inställt")},
    {"event", "meeting_answered", N_("Svar på kallelse")},
    {"event", "meeting_declined", N_("Någon kan inte komma till mötet")},
    {"event", "meeting_absence_decided", N_("Beslut efter återbud")},
    {"event", "meeting_held", N_("Möte hållet")},
    {"event", "meeting_debriefed", N_("Barnet har fått veta vad som sades")},
    {"notification", "meeting_invitation", N_("Du är kallad till ett möte")},
    {"notification", "meeting_changed", N_("Ett möte har ändrats")},
    {"notification", "meeting_cancelled", N_("Ett möte är inställt")},
    {"notification", "meeting_declined", N_("Någon kan inte komma till ett möte som du har kallat till")},
    {"audit_object", "meeting", N_("Möte")},
    /* ---- end meetings ---- */
    /* ---- what the region learns (V-12.4) ---- */
    {"region_measure", "steps", N_("Ärenden per steg")},
    {"region_measure", "first_meeting", N_("Från att behovet uppmärksammades till det första mötet")},
    {"region_measure", "first_meeting.vasterbotten", N_("Från att behovet uppmärksammades till SIP-mötet")},
    {"region_measure", "first_meeting.kronoberg",
     N_("Från att behovet uppmärksammades till samverkansmötet")},
    {"region_measure", "invitations", N_("Kallelser skickade i tid")},
    {"region_measure", "child_present", N_("Barnet på mötet")},
    {"region_measure", "child_how", N_("Hur barnet var med")},
    {"region_measure", "followups", N_("Uppföljningar i tid")},
    {"region_measure", "closures", N_("Avslutade ärenden per skäl")},
    {"region_note", "steps",
     N_("Ärenden där behovet uppmärksammades under perioden, efter det steg de är i nu.")},
    {"region_note", "first_meeting",
     N_("Västerbotten: mötet hålls inom tre veckor från att behovet uppmärksammades.")},
    {"region_note", "invitations",
     N_("Kronoberg: kallelsen skickas minst tre veckor före mötet, om inget annat har överenskommits. "
        "Möten under perioden.")},
    {"region_note", "child_present",
     N_("Möten som hölls under perioden, där planen gjordes eller följdes upp.")},
    {"region_note", "child_how", N_("Så som det bestämdes när barnet förbereddes inför mötet.")},
    {"region_note", "followups",
     N_("Uppföljningar som planen bokade till ett datum under perioden som har passerat.")},
    {"region_note", "closures", N_("Ärenden som avslutades under perioden.")},
    {"region_kept", "first_meeting", N_("Mötet hölls inom tre veckor")},
    {"region_kept", "invitations", N_("Kallat minst tre veckor före")},
    {"region_kept", "followups", N_("Hölls i tid")},
    {"region_steps", "prepare_child", N_("Förberedelse med barnet")},
    {"region_steps", "prepare_guardians", N_("Förberedelse med vårdnadshavare")},
    {"region_steps", "prepare_professionals", N_("Förberedelse mellan yrkesverksamma")},
    {"region_steps", "meeting", N_("Möte")},
    {"region_steps", "meeting.vasterbotten", N_("SIP-möte")},
    {"region_steps", "meeting.kronoberg", N_("Samverkansmöte")},
    {"region_steps", "implement", N_("Genomförande")},
    {"region_steps", "follow_up", N_("Uppföljning")},
    {"region_steps", "closed", N_("Avslut")},
    {"region_first_meeting", "days_0_7", N_("Inom en vecka")},
    {"region_first_meeting", "days_8_14", N_("Inom två veckor")},
    {"region_first_meeting", "days_15_21", N_("Inom tre veckor")},
    {"region_first_meeting", "days_22_42", N_("Efter tre till sex veckor")},
    {"region_first_meeting", "days_43_up", N_("Efter mer än sex veckor")},
    {"region_first_meeting", "not_yet", N_("Inget möte än, inom tre veckor")},
    {"region_first_meeting", "overdue", N_("Inget möte än, mer än tre veckor")},
    {"region_invitations", "days_21_up", N_("Tre veckor eller mer före")},
    {"region_invitations", "days_14_20", N_("Två till tre veckor före")},
    {"region_invitations", "days_7_13", N_("En till två veckor före")},
    {"region_invitations", "days_0_6", N_("Mindre än en vecka före")},
    {"region_child_present", "present", N_("Barnet var med")},
    {"region_child_present", "absent", N_("Barnet var inte med")},
    {"region_child_present", "not_invited", N_("Barnet var inte kallat")},
    {"region_child_present", "unrecorded", N_("Inte antecknat")},
    {"region_child_how", "whole", N_("Hela mötet")},
    {"region_child_how", "part", N_("En del av mötet")},
    {"region_child_how", "heard", N_("Inte med, men barnets röst hörs")},
    {"region_child_how", "representative", N_("Någon annan talar för barnet")},
    {"region_child_how", "letter", N_("Ett brev från barnet läses upp")},
    {"region_child_how", "undecided", N_("Inte bestämt än")},
    {"region_child_how", "not_prepared", N_("Ingen förberedelse antecknad")},
    {"region_followups", "on_time", N_("Hölls senast det bokade datumet")},
    {"region_followups", "late_1_14", N_("Hölls upp till två veckor senare")},
    {"region_followups", "late_15_up", N_("Hölls mer än två veckor senare")},
    {"region_followups", "not_held", N_("Har inte hållits")},
    {"region_closures", "goals_reached", N_("Målen är nådda")},
    {"region_closures", "not_needed", N_("Samordning behövs inte längre")},
    {"region_closures", "consent_withdrawn",
     N_("Barnet och vårdnadshavarna har tagit tillbaka sitt samtycke")},
    {"audit_object", "region_statistics", N_("Statistik")},
    /* ---- end of what the region learns ---- */
};

/* A field error's words by its code alone (bp_error_text), for any field. */
struct code_text {
    const char *code, *sv;
};

static const struct code_text errors[] = {
    {"required", N_("Fyll i fältet.")},
    {"too_long", N_("Texten är för lång.")},
    {"invalid", N_("Fältet innehåller otillåtna tecken.")},
    {"choice", N_("Välj ett av alternativen.")},
    {"pnr_format", N_("Skriv personnumret som ÅÅÅÅMMDD-NNNN.")},
    {"pnr_date", N_("Personnumret innehåller inget giltigt datum.")},
    {"pnr_checksum", N_("Kontrollsiffran stämmer inte. Kontrollera personnumret.")},
    {"future", N_("Datumet kan inte ligga i framtiden.")},
    {"date", N_("Skriv datumet som ÅÅÅÅ-MM-DD.")},
    {"email", N_("Skriv en e-postadress som namn@exempel.se.")},
    {"guardian_required", N_("Registrera minst en vårdnadshavare.")},
    {"second_guardian", N_("Vid gemensam vårdnad ska båda vårdnadshavarna registreras.")},
    {"not_member", N_("Välj en verksamhet där du själv arbetar.")},
    {"route_model", N_("Vägen passar inte arbetssättet. Välj en väg för den valda regionen.")},
    {"all_guardians", N_("Vid gemensam vårdnad ska båda vårdnadshavarna samtycka.")},
    {"not_guardian", N_("Välj bland barnets vårdnadshavare.")},
    {"self", N_("En vårdnadshavare kan inte skyddas mot sig själv.")}, /* issue 10 item 10 */
    {"not_adult", N_("Bara en elev som har fyllt 18 år kan samtycka för egen del.")},
    {"before_given", N_("Datumet kan inte ligga före samtycket.")},
    {"already_active", N_("Verksamheten har redan ett samtycke som gäller. Ändra det i stället.")},
    {"own_org_only",
     N_("Samtycket registreras av den verksamhet det gäller. Be verksamheten delta, så registrerar de sitt "
        "eget.")},                                                                        /* V-2.6 */
    {"already_asked", N_("Verksamheten är redan ombedd att delta, eller deltar redan.")}, /* V-2.6 */
    {"not_active", N_("Samtycket gäller inte längre och kan inte ändras.")},
    {"not_narrower",
     N_("Här kan du bara begränsa samtycket. Vill du ändra mer, säg till den som arbetar med ärendet.")},
    {"unchanged", N_("Du har inte ändrat något.")},
    {"already_confirmed", N_("Du har redan gett ditt samtycke.")},
    {"case_closed", N_("Ärendet är avslutat och kan inte ändras. Öppna det igen först, med ett skäl.")},
    {"case_open", N_("Ärendet är inte avslutat.")},
    {"nobody_agreed",
     N_("Ett gemensamt beslut: markera vilka som var överens (barnet, vårdnadshavarna, verksamheterna).")},
    {"not_proposed",
     N_("Det finns fortfarande ett samtycke som gäller. Välj ett annat skäl, eller registrera först att "
        "samtycket har tagits tillbaka.")},
    {"full_access",
     N_("Bara en verksamhet med eget samtycke i ärendet kan registrera ett gemensamt beslut.")},
    {"already_sip", N_("Planen är redan en SIP.")},
    {"draft_exists", N_("Det finns redan ett utkast. Ändra i det.")},
    {"not_other_org",
     N_("Det här gäller bara när en annan verksamhet än barnensbästa-ansvarigs har tagit initiativet.")},
    {"type", N_("Värdet har fel typ.")},
    /* the barnensbästa-ansvarig */
    {"not_candidate", N_("Välj en person i en verksamhet som deltar i ärendet.")},
    {"already_named_person", N_("Personen är redan barnensbästa-ansvarig i ärendet.")},
    {"no_named_person", N_("Utse barnensbästa-ansvarig först.")},
    {"already_decided", N_("Beslutet är redan registrerat.")},
    {"own_org", N_("Välj en annan verksamhet än barnensbästa-ansvarigs egen.")},
    {"login", N_("Fel användarnamn eller lösenord.")},
    {"throttled", N_("För många misslyckade försök. Vänta en kvart och försök igen.")},
    {"csrf", N_("Formuläret hade gått ut. Ladda om sidan och försök igen.")},
    /* a family member's own login (issue 10 item 2) */
    {"family_code",
     N_("Koden fungerar inte. Den kan vara felskriven, redan använd eller för gammal. Be om en ny länk eller "
        "ett nytt brev.")},
    {"family_unknown",
     N_("Du är inloggad med BankID, men vi hittar inget barn eller ingen vårdnadshavare med ditt "
        "personnummer i "
        "Barnplan. Fråga den som arbetar med ert ärende.")},
    {"family_email", N_("Skriv din e-postadress, till exempel namn@exempel.se.")},
    {"prep_done",
     N_("Förberedelsen är redan klar och kan inte ändras här. Vill du ändra något? Säg till den som "
        "förbereder mötet.")}, /* issue 10 item 5 */
    {"meeting_not_planned",
     N_("Mötet har redan börjat eller är inställt, så det går inte att svara här längre. Säg till den som "
        "bjöd in.")},
    {"login_again",
     N_("Logga in igen för att ändra dina kontaktuppgifter. Det går bara en kort stund efter att du har "
        "loggat in, eftersom e-postadressen är ett sätt att logga in.")}, /* guardians.own_contact */
    /* a login through the identity provider (issue 10 item 1) */
    {"oidc_unknown",
     N_("Din inloggning godkändes, men den är inte kopplad till något konto i Barnplan. Be din verksamhets "
        "administratör att koppla den till ditt konto.")},
    {"oidc_failed",
     N_("Inloggningen kunde inte slutföras och du är inte inloggad. Börja om och logga in igen.")},
    {"oidc_unavailable",
     N_("Inloggningstjänsten svarar inte just nu. Försök igen om en stund eller logga in med lösenord.")},
    /* consent scans (V-2.5, K-2.1) */
    {"file_required", N_("Välj en fil med den inskannade blanketten.")},
    {"file_type", N_("Filen är inte en PDF, JPEG eller PNG. Skanna blanketten till något av de formaten.")},
    {"file_too_large", N_("Filen är för stor. Den får vara högst 10 MB.")},
    /* ---- meetings ---- */
    {"time", N_("Skriv tiden som TT:MM.")},
    {"end_before_start", N_("Mötet måste sluta efter att det börjar.")},
    {"past", N_("Datumet har redan varit.")},
    {"url", N_("Skriv en hel länk som börjar med https://.")},
    {"https", N_("Länken måste börja med https:// (en säker anslutning).")},
    {"not_planned", N_("Mötet är redan hållet eller inställt.")},
    {"too_many", N_("Det är för många inbjudna.")},
    {"child_not_invited", N_("Bjud in barnet, eller skriv varför barnet inte är med.")},
    {"guardians_not_invited", N_("Bjud in alla vårdnadshavare.")},
    {"professionals_only", N_("Till det förberedande mötet bjuds bara yrkesverksamma in.")},
    {"duplicate", N_("Den personen är redan inbjuden.")},
    {"preparation_consent", N_("Varje verksamhets samtycke måste gälla förberedelse mellan yrkesverksamma.")},
    {"setting_agreed", N_("Bekräfta att ni har kommit överens om digitalt eller på plats.")},
    {"late_meeting", N_("Mötet hålls mer än tre veckor efter att behovet uppmärksammades. Skriv varför.")},
    {"short_notice",
     N_("Kallelsen går ut mindre än tre veckor före mötet. Skriv vad ni har kommit överens om.")},
    {"child_not_prepared", N_("Barnet är inte förberett på mötet ännu.")},
    {"guardians_not_prepared", N_("Vårdnadshavarna är inte förberedda på mötet ännu.")},
    {"many_participants", N_("Många är inbjudna. Färre vuxna gör det lättare för barnet.")},
    {"child_setting", N_("Barnet ville ha mötet på ett annat sätt (digitalt eller på plats).")},
    {"child_wants_to_attend", N_("Barnet har sagt att hen vill vara med.")},
    {"no_note_taker", N_("Ingen som dokumenterar är utsedd ännu.")},
    {"no_substitute", N_("Barnet och vårdnadshavarna har ingen ersättare.")},
    {"ask_child", N_("Fråga barnet om det vill lägga till något innan mötet slutar.")},
    {"not_yet", N_("Mötet har inte hållits ännu.")},
    {"before_meeting", N_("Datumet kan inte ligga före mötet.")},
    {"already_sent", N_("Kallelsen är redan skickad.")},
    {"answer_for_self",
     N_("Svaret lämnas av den som är kallad, av en kollega i samma verksamhet eller av den som kallade.")},
    {"no_decision_needed", N_("Inget beslut behövs för den inbjudna.")},
    /* ---- end meetings ---- */
    /* ---- preparation ---- */
    {"confirm", N_("Kryssa i att barnet fick veta det på ett sätt som barnet förstår.")},
    {"letter_required", N_("Skriv in barnets brev, eller skriv var brevet finns.")},
    {"interpreter_needed", N_("Tolk behövs enligt uppgifterna, men ingen tolk användes. Du kan spara ändå.")},
    {"picture_support_needed",
     N_("Barnet behöver bildstöd enligt uppgifterna, men inget bildstöd användes. Du kan spara ändå.")},
    /* ---- end preparation ---- */
    {"form_errors", N_("Formuläret innehåller fel. Rätta fälten som är markerade.")},
    /* ---- the plan ---- */
    {"not_participant", N_("Välj en verksamhet som deltar i ärendet.")},
    {"area_model", N_("Området hör inte till arbetssättet i ärendet.")},
    {"one_org", N_("En insats har exakt en ansvarig verksamhet. Välj en.")},
    {"goal_required", N_("Skriv minst ett behov och mål.")},
    {"intervention_required", N_("Lägg till minst en insats.")},
    {"coordinator_person", N_("Skriv namnet på den som är samverkansansvarig.")},
    {"contact_required", N_("Varje verksamhet som deltar behöver en kontaktperson.")},
    {"not_draft", N_("Planen är färdigställd och kan inte ändras.")},
    {"not_finished", N_("Planen kan skrivas under först när den är färdigställd.")},
    {"already_signed", N_("Den personen har redan skrivit under den här versionen.")},
    {"not_self", N_("Du kan bara svara för dig själv.")}, /* issue 10 item 7 */
    {"not_own_org", N_("Bara den ansvariga verksamheten kan ändra sin insats.")},
    {"not_paper", N_("Bara ett svar som registrerats från papper kan få en inskannad sida.")},
    {"wrong_password", N_("Fel lösenord. Skriv ditt lösenord för att bekräfta att det är du.")},
    /* administration in the browser (issue 10 item 9) */
    {"too_short", N_("Lösenordet behöver minst 10 tecken.")},
    {"mismatch", N_("Lösenorden är inte lika. Skriv samma lösenord två gånger.")},
    /* ASVS V6.2.4, V6.2.11, V6.2.12: a new password that is easy to guess (auth.h, bp_password_check) */
    {"too_common",
     N_("Lösenordet är för vanligt eller för lätt att gissa, till exempel ett läckt lösenord, en rad på "
        "tangentbordet eller ett ord med siffror. Välj ett annat, gärna flera ord som bara du sätter ihop.")},
    {"context_word",
     N_("Lösenordet är för lätt att gissa: det bygger på ett ord som hör ihop med Barnplan, ditt namn eller "
        "din verksamhet. Välj ett annat.")},
    {"taken", N_("Det finns redan ett konto med den e-postadressen.")},
    /* ---- end of the plan ---- */
    /* following up the plan (V-10.x) */
    {"not_after_meeting", N_("Nästa uppföljning ska ligga efter den här.")},
    {"no_plan", N_("Det finns ingen färdigställd plan att följa upp än.")},
    {"not_needed", N_("Svara ja på att samordningen fortfarande behövs för att göra en uppdaterad plan.")},
    {"missing", N_("Gå igenom varje insats först: fortsätter, ändras, ersätts eller avslutas.")},
    {"exists", N_("Den uppdaterade planen är redan gjord från den här uppföljningen.")},
    {"not_accepted", N_("Den nya samordnande verksamheten har inte tackat ja än.")},
    {"not_asked", N_("Din verksamhet är inte tillfrågad om att samordna den här versionen.")},
    /* ---- carrying out the plan (V-9.1-V-9.4) ---- */
    {"no_plan_in_force", N_("Planen är inte färdigställd ännu. Genomförandet börjar när den är det.")},
    {"not_coordinator",
     N_("Bara den som samordnar planen kan besluta om händelsen. Den som rapporterade den har gjort sin "
        "del.")},
    {"already_decided", N_("Händelsen är redan beslutad.")},
    {"meeting_required",
     N_("Boka det tidigare uppföljningsmötet först och välj det här. Annars: välj att det bokade mötet "
        "räcker.")},
    /* ---- end of carrying out the plan ---- */
};

/* ---- the plan ---- */
/* A code's text for one field, where the code's own text (errors[]) speaks of another form: codes are
 * shared between forms, their words not always. Looked up by the exact field name. */
static const struct label field_errors[] = {
    {"org", "invalid", N_("Ange verksamhetens nummer, eller 0 för hela regionen.")},
    {"period", "invalid", N_("Välj en period som ÅÅÅÅ eller ÅÅÅÅ-Qn, eller ingen för hela tiden.")},
    {"quarter", "invalid", N_("Välj ett kvartal som ÅÅÅÅ-Qn, eller inget för alla kvartal.")},
    {"intervention.ends_on", "end_before_start", N_("Slutdatumet kan inte ligga före startdatumet.")},
    {"plan.coordinator_orgs", "too_many", N_("Välj högst fyra verksamheter.")},
    {"goal.goal", "too_many", N_("Planen har redan så många mål som den kan ha.")},
    {"intervention.what", "too_many", N_("Planen har redan så många insatser som den kan ha.")},
    {"commitment.what", "too_many", N_("Planen har redan så många åtaganden som den kan ha.")},
    {"decision.what", "too_many", N_("Ärendet har redan så många beslut som väntar som det kan ha.")},
    {"followup.next_on", "required",
     N_("Boka nästa uppföljning först: den skrivs in i den uppdaterade planen.")},
    {"progress.status", "not_own_org",
     N_("Bara den ansvariga verksamheten berättar hur insatsen går.")}, /* V-9.1 */
    {"event_decision.meeting_id", "choice", N_("Välj ett uppföljningsmöte som är bokat och inte inställt.")},
    /* V-8a.2: only the finished version in force is signed */
    /* ASVS V6.2.3: the own password changed; the current one was wrong */
    {"current_password", "wrong_password", N_("Fel lösenord. Skriv det lösenord du loggar in med nu.")},
    {"signature.version", "draft",
     N_("Ett utkast kan inte skrivas under. Skriv under den färdigställda versionen som gäller.")},
    {"signature.version", "replaced",
     N_("Den versionen har ersatts av en nyare. Skriv under den version som gäller.")},
    {"signature.version", "choice", N_("Välj den version som gäller.")},
    /* issue 10 item 9: an organisation keeps an administrator of its own */
    {"staff.role", "last_admin",
     N_("Du är verksamhetens enda administratör och kan inte ta den rollen från dig själv. Ge först en "
        "kollega rollen Administratör för verksamheten.")},
    {"staff.remove", "last_admin",
     N_("Du är verksamhetens enda administratör och kan inte ta bort dig själv. Ge först en kollega rollen "
        "Administratör för verksamheten.")},
};

const char *bp_field_error_text(int lang, const char *field, const char *code)
{
    size_t i;
    for (i = 0; field && i < BP_ARRAY_LEN(field_errors); i++)
        if (strcmp(field_errors[i].kind, field) == 0 && strcmp(field_errors[i].code, code) == 0)
            return bp_tr(lang, field_errors[i].sv);
    return bp_error_text(lang, code);
}
/* ---- end of the plan ---- */

/* (kind, code) -> index in labels[], built on first use: a page looks up hundreds of labels. */
/* Power of two, at least twice BP_ARRAY_LEN(labels): open addressing stays short. */
#define LABEL_SLOTS 1024
_Static_assert(BP_ARRAY_LEN(labels) * 2 <= LABEL_SLOTS, "more labels: raise LABEL_SLOTS");
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

void bp_messages_msgids(void (*fn)(void *ud, const char *msgid), void *ud)
{
    size_t i;
    for (i = 0; i < BP_ARRAY_LEN(labels); i++)
        fn(ud, labels[i].sv);
    for (i = 0; i < BP_ARRAY_LEN(errors); i++)
        fn(ud, errors[i].sv);
    for (i = 0; i < BP_ARRAY_LEN(field_errors); i++) /* the plan */
        fn(ud, field_errors[i].sv);
    fn(ud, "Fältet är inte rätt ifyllt.");
    for (i = 0; i < bp_n_records; i++) { /* the records' fields (domain/forms.c) */
        size_t j;
        for (j = 0; j < bp_records[i]->n_fields; j++) {
            const struct bp_field_def *f = &bp_records[i]->fields[j];
            fn(ud, f->label);
            if (f->hint)
                fn(ud, f->hint);
            if (f->none)
                fn(ud, f->none);
        }
    }
}
