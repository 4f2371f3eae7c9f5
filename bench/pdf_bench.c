/* pdf_bench.c: how long one plan version takes as PDF (issue 9, V-8a.3: goal under 50 ms). Renders a
 * realistic Kronoberg version (the eight-part wheel, twelve goals, ten interventions, commitments,
 * contacts, Swedish text) with src/pdf many times and prints milliseconds per PDF. Not a test: run it by
 * hand (bench/README.md). Usage: bp_pdf_bench [count] [out.pdf] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "pdf/pdf.h"

#define N_GOALS 12
#define N_IV    10

static const struct bp_pdf_area areas[8] = {{"Trygg", 2},    {"Må bra", 2},      {"Utvecklas", 1},
                                            {"Aktiv", 2},    {"Respekterad", 1}, {"Ansvarstagande", 1},
                                            {"Delaktig", 2}, {"Omvårdad", 1}};

static double ms_between(struct timespec a, struct timespec b)
{
    return (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
}

int main(int argc, char **argv)
{
    static struct bp_pdf_para goals[N_GOALS * 2], ivs[N_IV * 2], coord[4], contacts[6], follow[3], summary[2];
    static char texts[N_GOALS * 2 + N_IV * 2][400];
    struct bp_pdf_section sections[6];
    struct bp_pdf_doc d = {
        .title = "Barnets plan: Åsa Öberg",
        .subtitle = "Version 3 · Färdigställd 2026-11-30 · Kronobarnsmodellen",
        .notice = "Sekretesskyddade uppgifter. Förvara utskriften så att ingen obehörig kan läsa den.",
        .areas_heading = "Barnets behov",
        .areas = areas,
        .n_areas = 8,
        .sections = sections,
        .n_sections = 6,
        .footer = "Version 3 · SHA-256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        .page = "Sida",
        .page_of = "av",
    };
    int64_t count = 200;
    int i;
    struct timespec t0, t1, c0, c1;
    unsigned char *pdf = NULL;
    size_t len = 0;
    if (argc > 1 && !bp_parse_int64(argv[1], 1, 100000, &count))
        return 2;
    for (i = 0; i < N_GOALS; i++) {
        snprintf(
            texts[2 * i], sizeof(texts[0]),
            "Åsa behöver känna sig trygg på väg till skolan och på rasterna, där det ofta blir bråk (%d).",
            i);
        snprintf(texts[2 * i + 1], sizeof(texts[0]),
                 "Åsa går till skolan själv fyra dagar av fem och säger att hon vågar vara på skolgården.");
        goals[2 * i] = (struct bp_pdf_para){"Behov", texts[2 * i], false};
        goals[2 * i + 1] = (struct bp_pdf_para){"Mål", texts[2 * i + 1], false};
    }
    for (i = 0; i < N_IV; i++) {
        snprintf(texts[2 * N_GOALS + 2 * i], sizeof(texts[0]),
                 "Samtal med skolkurator varannan vecka, med fokus på rasterna och vägen hem (%d)", i);
        snprintf(texts[2 * N_GOALS + 2 * i + 1], sizeof(texts[0]),
                 "Ansvarig verksamhet: Elevhälsan, Växjö kommun\nNär: 2026-12-01 – 2027-06-15\n"
                 "Omfattning och nivå: en timme varannan vecka\nMål: Åsa vågar vara på skolgården");
        ivs[2 * i] = (struct bp_pdf_para){texts[2 * N_GOALS + 2 * i], texts[2 * N_GOALS + 2 * i + 1], true};
        ivs[2 * i + 1] = (struct bp_pdf_para){NULL, "", false};
    }
    summary[0] = (struct bp_pdf_para){NULL,
                                      "Vi har kommit överens om att skolan, socialtjänsten och BUP "
                                      "samarbetar kring Åsas trygghet och skolgång.",
                                      false};
    summary[1] =
        (struct bp_pdf_para){"Barnets egna ord om planen", "Jag vill att det ska bli lugnare.", false};
    coord[0] = (struct bp_pdf_para){"Samverkansansvarig", "Elevhälsan, Växjö kommun; Örjan Ärlig", false};
    coord[1] = (struct bp_pdf_para){"Om planen inte fungerar, kontakta", "Örjan Ärlig, 0470-123 45", false};
    for (i = 0; i < 6; i++)
        contacts[i] = (struct bp_pdf_para){"Socialtjänsten, Växjö kommun",
                                           "Märta Åkesson · 0470-410 00 · "
                                           "marta.akesson@example.se",
                                           false};
    follow[0] = (struct bp_pdf_para){"Uppföljning", "2027-02-14 kl. 13:00, Skolan, rum 3", false};
    follow[1] = (struct bp_pdf_para){"Deltar", "Åsa, vårdnadshavarna, skolan, socialtjänsten, BUP", false};
    sections[0] = (struct bp_pdf_section){"Sammanfattning", summary, 2};
    sections[1] = (struct bp_pdf_section){"Behov och mål", goals, N_GOALS * 2};
    sections[2] = (struct bp_pdf_section){"Insatser", ivs, N_IV * 2};
    sections[3] = (struct bp_pdf_section){"Samordning", coord, 2};
    sections[4] = (struct bp_pdf_section){"Kontaktpersoner", contacts, 6};
    sections[5] = (struct bp_pdf_section){"Uppföljning", follow, 2};
    if (bp_pdf_render(&d, &pdf, &len) != BP_OK) /* the first one loads the fonts: not counted */
        return 1;
    free(pdf);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    for (i = 0; i < count; i++) {
        if (bp_pdf_render(&d, &pdf, &len) != BP_OK)
            return 1;
        if (i + 1 < count)
            free(pdf);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    /* the CPU time is the figure to compare: the wall clock moves with whatever else the machine runs */
    printf("%lld PDFs, %zu bytes each: %.2f ms CPU, %.2f ms wall per PDF\n", (long long)count, len,
           ms_between(c0, c1) / (double)count, ms_between(t0, t1) / (double)count);
    if (argc > 2) {
        FILE *f = fopen(argv[2], "wb");
        if (!f || fwrite(pdf, 1, len, f) != len)
            return 1;
        if (fclose(f) != 0)
            return 1;
    }
    free(pdf);
    bp_pdf_shutdown();
    return 0;
}
