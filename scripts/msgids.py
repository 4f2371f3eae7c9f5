#!/usr/bin/env python3
"""msgids.py: lists every Swedish msgid Barnplan shows (templates' {{_ ...}}, N_("...") in C, and the
literal Swedish strings passed to bp_tr/bp_page_ctx/bp_fail_status).

  msgids.py             every msgid
  msgids.py --missing   the msgids po/en.po does not translate (only "–", the same in both, is allowed), then
                        for each other catalogue (po/<code>.po) a line "# <code>: n of m core texts
                        translated" and "<code>: <msgid>" for each core text it lacks
  msgids.py --core      the core texts (CORE below)
  msgids.py --check     exits 1 when English lacks a msgid or a catalogue lacks a core text (a CTest, unit.msgids)

English translates everything. Every other language translates at least the core: what anyone who is not
a professional sees (the layout, the login, the language chooser, the error pages and the field error
messages, the survey that children and guardians answer, the family's own pages). A
msgid a catalogue lacks is shown in its fallback (src/http/i18n.c, docs/architecture.md "Languages")."""
import re, sys, pathlib
root = pathlib.Path(__file__).resolve().parent.parent

# The core every catalogue covers: whole templates, whole C files, or (file, array) for one table of a file,
# optionally only its rows whose kind (the first string of a row) matches a pattern.
CORE_TEMPLATES = ["layout_head", "layout_foot", "login", "error", "error_summary", "field",
                  "survey", "survey_code", "survey_done",
                  # the family's own pages (issue 10 items 2, 3, 7, 8, 11)
                  "family_login", "family_link_sent", "family_cases", "family_case", "family_summary",
                  "family_meeting_facts", "family_reach", "family_meeting", "family_plan", "family_access",
                  "family_letter", "family_choose",
                  "family_consents", "family_consent_withdraw", "family_consent_limit", "family_consent_give",
                  "family_prep", "family_prep_picture", "family_child_plan", "family_child_row", "family_child_icon",
                  "family_events", "family_contact", "family_consent_answer",
                  "meeting_glossary", "closure_letter"]
CORE_C = [
    ("src/http/http.c", None, None),          # the error pages' messages
    ("src/http/server.c", None, None),
    ("src/pages/session.c", None, None),      # the login page
    ("src/pages/survey.c", None, None),
    ("src/domain/forms_survey.c", None, None),
    ("src/domain/forms_case.c", "login_fields", None),
    ("src/http/messages.c", "errors", None),  # bp_error_text: every field error message
    ("src/http/messages.c", "labels", r"survey_(face|satisfied|change|help)"),
    # the family pages: their titles, their forms' fields, and the labels they show (custody, a meeting's
    # name, setting and invitees, the plan's kind, areas, who does what, pending decisions, the coordinator's
    # role, the answer to the plan, and on "who has looked" what was read)
    ("src/pages/family.c", None, None),
    ("src/pages/family_contact.c", None, None),
    ("src/domain/forms_case.c", "family_login_fields", None),
    ("src/domain/forms_case.c", "family_link_fields", None),
    ("src/domain/forms_plan.c", "family_signature_fields", None),
    ("src/domain/forms_consent.c", "child_answer_fields", None),
    ("src/domain/forms_meeting.c", "answer_fields", None),
    ("src/domain/forms_implementation.c", "EVENT_ROWS", None),
    ("src/domain/forms_implementation.c", "family_event_fields", None),
    ("src/http/messages.c", "labels", r"custody|invitee_kind|meeting_name|meeting_setting|plan_kind|area|"
                                      r"committer|decision_status|coordinator_role|sign_answer|audit_object|"
                                      r"event_decision|still_needed|child_answer|answer|progress_status|closure_reason|review_decision"),
]
CORE_EXTRA = ["Fältet är inte rätt ifyllt.",  # bp_error_text's default
              "Telefon", "E-post"]  # bp_record_own_contact: two rows of forms_case.c's guardian_fields

# a msgid may be several adjacent literals (clang-format breaks long ones); the compiler joins them, so do we
pat = re.compile(r'(?:N_\(|bp_tr\([^,()]*,\s*|bp_page_ctx\(c,\s*|bp_fail_status\(c,\s*\d+,\s*"[^"]*",\s*)((?:"(?:[^"\\]|\\.)*"\s*)+)')
lit = re.compile(r'"((?:[^"\\]|\\.)*)"')


def add(ids, s):
    s = s.strip()
    if s and s not in ids:
        ids.append(s)


def from_template(ids, f):
    for m in re.finditer(r"\{\{_\s*(.*?)\s*\}\}", f.read_text(), re.S):
        add(ids, m.group(1))


def from_c(ids, text):
    text = text.replace("\\\n", "\n")  # a macro's lines
    for m in pat.finditer(text):
        add(ids, "".join(lit.findall(m.group(1))))


def every_msgid():
    ids = []
    for f in sorted((root / "templates").glob("*.html")):
        from_template(ids, f)
    for f in [f for d in ("http", "pages", "api") for f in sorted((root / "src" / d).glob("*.c"))] + sorted((root / "src" / "domain").glob("forms*.c")):
        from_c(ids, f.read_text())
    return ids


def core_msgids():
    ids = []
    for name in CORE_TEMPLATES:
        from_template(ids, root / "templates" / f"{name}.html")
    for path, array, kinds in CORE_C:
        text = (root / path).read_text()
        if array:
            start = re.search(r"\b" + array + r"\[\]\s*=\s*\{", text)
            macro = re.search(r"^#define " + array + r"\b((?:.*\\\n)*.*)", text, re.M)
            if not start and not macro:
                sys.exit(f"msgids.py: no table {array} in {path}")
            # a table's rows, or a macro of rows that several tables share
            text = text[start.end():text.index("\n};", start.end())] if start else macro.group(1)
        if kinds:
            text = "\n".join(m.group(0) for m in re.finditer(r'\{"(' + kinds + r')",\s*"[^"]*",\s*N_\((?:"(?:[^"\\]|\\.)*"\s*)+\)', text))
        from_c(ids, text)
    for s in CORE_EXTRA:
        add(ids, s)
    return ids


def translated(code):
    """The msgids po/<code>.po gives a non-empty msgstr (a multi-line msgid or msgstr joined)."""
    po = (root / "po" / f"{code}.po").read_text()
    have = set()
    for m in re.finditer(r'^msgid ((?:"(?:[^"\\]|\\.)*"\n)+)msgstr ((?:"(?:[^"\\]|\\.)*"\n?)+)', po, re.M):
        msgid = "".join(lit.findall(m.group(1)))
        msgstr = "".join(lit.findall(m.group(2)))
        if msgid and msgstr:
            have.add(msgid)
    return have


def catalogues():
    return sorted(p.stem for p in (root / "po").glob("*.po") if p.stem != "en")


if "--core" in sys.argv:
    ids = core_msgids()
elif "--missing" in sys.argv or "--check" in sys.argv:
    en = translated("en")
    ids = [i for i in every_msgid() if i not in en]
    bad = [i for i in ids if i != "–"]
    core = core_msgids()
    for code in catalogues():
        have = translated(code)
        lacks = [i for i in core if i not in have]
        bad += lacks
        ids.append(f"# {code}: {len(core) - len(lacks)} of {len(core)} core texts translated")
        ids += [f"{code}: {i}" for i in lacks]
    if "--check" in sys.argv:
        for i in ids:
            print(i)
        sys.exit(1 if bad else 0)
else:
    ids = every_msgid()
for i in ids:
    print(i)
