/* test_pictogram.c: the child's plan's pictures (pdf/pictogram.c, issue 10 item 6): each need area of both
 * models (Västerbotten's three, Kronoberg's eight) and each kind of organisation has a picture of its own,
 * not the fallback; every path is what both drawers read (absolute M, L, C and Z, every point on the 48 x 48
 * grid, starting with M), and every circle lies on the grid. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "domain/model.h"
#include "domain/plan.h"
#include "pdf/pictogram.h"

/* The path's grammar: M x y, L x y, C x y x y x y, Z; numbers on the grid. */
static void check_shape(const struct bp_pictogram *p)
{
    const char *s = p->path;
    size_t i;
    int first = 1;
    while (*s) {
        char op = *s++;
        int n, j;
        if (op == ' ')
            continue;
        assert_non_null(strchr("MLCZ", op));
        if (first)
            assert_int_equal(op, 'M');
        first = 0;
        n = op == 'C' ? 6 : op == 'Z' ? 0 : 2;
        for (j = 0; j < n; j++) {
            char *end;
            double v = strtod(s, &end);
            assert_true(end > s);
            assert_true(v >= 0 && v <= BP_PICTOGRAM_GRID);
            s = end;
        }
    }
    assert_false(first);
    for (i = 0; i < BP_PICTOGRAM_CIRCLES && p->circles[i].r > 0; i++) {
        assert_true(p->circles[i].cx - p->circles[i].r >= 0 && p->circles[i].cx + p->circles[i].r <= 48);
        assert_true(p->circles[i].cy - p->circles[i].r >= 0 && p->circles[i].cy + p->circles[i].r <= 48);
    }
}

static void test_every_area_has_its_picture(void **state)
{
    static const enum bp_model models[] = {BP_MODEL_VASTERBOTTEN, BP_MODEL_KRONOBERG};
    size_t m, i, j;
    (void)state;
    for (m = 0; m < 2; m++) {
        const char *const *codes;
        const struct bp_pictogram *seen[8];
        size_t n = bp_plan_areas(models[m], &codes);
        assert_int_equal(n, m == 0 ? 3 : 8);
        for (i = 0; i < n; i++) {
            char name[64];
            snprintf(name, sizeof(name), "area:%s", codes[i]);
            seen[i] = bp_pictogram_find("area", codes[i]);
            assert_string_equal(seen[i]->name, name);
            check_shape(seen[i]);
            for (j = 0; j < i; j++)
                assert_ptr_not_equal(seen[i], seen[j]);
        }
    }
}

static void test_every_org_kind_has_its_picture(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < BP_ORG_KIND_COUNT; i++) {
        char name[64];
        const struct bp_pictogram *p = bp_pictogram_find("org", bp_org_kind_codes[i]);
        snprintf(name, sizeof(name), "org:%s", bp_org_kind_codes[i]);
        assert_string_equal(p->name, name);
        check_shape(p);
    }
    assert_string_equal(bp_pictogram_find("org", "no_such_kind")->name, "org:other");
    assert_string_equal(bp_pictogram_find("org", NULL)->name, "org:other");
    for (i = 0; i < 4; i++) {
        static const char *const parts[] = {"meeting", "words", "talk", "people"};
        const struct bp_pictogram *p = bp_pictogram_find("part", parts[i]);
        assert_string_equal(p->name + 5, parts[i]);
        check_shape(p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_area_has_its_picture),
        cmocka_unit_test(test_every_org_kind_has_its_picture),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
