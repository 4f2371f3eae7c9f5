// plan: the plan (SIP Barnets plan / Barnets plan) from the pages and the API (V-7.1-V-7.7, V-0.5, V-6.9,
// K-7.1-K-7.3, V-8a.2-V-8a.5, K-8.1): what it holds, what stops it from being finished, that each
// organisation alone edits its own interventions, and that it is shared information, seen only under an
// organisation's own consent.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { useServer, DEMO_PASSWORD, registrationJson, auditForCase, today, inDays, fieldError, formValues, decodeEntities, assertNoRawMarkup, dbQuery } from '../lib/server.mjs';
import { orgIds, recordConsent, makeCase } from '../lib/fixtures.mjs';

const srv = useServer();


/** RFC 8785 (JCS) for what a plan version holds: members sorted by UTF-16 code units, no white space. */
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

/** Records an organisation's own consent through the API, as the initiator (see consent.test.mjs). */
function consent(client, caseId, orgId, form = 'hlt_vasterbotten') {
  return recordConsent(client, caseId, orgId, { child_view: 'Vill att de vuxna hjälps åt.', scope: 'Det som behövs för planen.', form });
}

const query = dbQuery;

/**
 * Every row of every table of the server's database, but the audit trail (its entries and its chains' heads,
 * issue 11 item 3) and the sessions' last activity (what a read may change), as { table: text }.
 */
async function dbSnapshot(srv) {
  const pg = srv.backend === 'postgres';
  const tables = (await query(srv, pg
    ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
    : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")).split('\n').filter(Boolean);
  assert.ok(tables.includes('plans') && tables.includes('events') && tables.includes('audit'), tables.join(' '));
  const out = {};
  const trail = ['audit', 'audit_chains'];
  for (const t of tables.filter((x) => !trail.includes(x))) {
    const cols = (await query(srv, pg
      ? `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '${t}' ORDER BY ordinal_position`
      : `SELECT name FROM pragma_table_info('${t}') ORDER BY cid`)).split('\n').filter((c) => c && !(t === 'sessions' && c === 'last_seen'));
    // SQLite's AUTOINCREMENT counters: the audit trail's grow with every read
    const where = t === 'sqlite_sequence' ? " WHERE name NOT IN ('audit', 'audit_chains')" : '';
    out[t] = await query(srv, `SELECT ${cols.join(', ')} FROM ${t}${where} ORDER BY ${cols.map((_, i) => i + 1).join(', ')}`);
  }
  return out;
}

function fields(r) {
  return Object.fromEntries(r.json().fields.map((f) => [f.field, f.code]));
}

describe('Västerbotten: SIP Barnets plan', () => {
  let anna, annaWeb, bertil, bertilWeb, david, admin, orgs, bare, shared;

  before(async () => {
    await srv.ready;
    [anna, annaWeb, bertil, bertilWeb, david, admin] = await Promise.all([
      srv.apiLogin('anna'),
      srv.login('anna'),
      srv.apiLogin('bertil'),
      srv.login('bertil'),
      srv.apiLogin('david'),
      srv.apiLogin('admin'),
    ]);
    orgs = await orgIds(anna);
    // read by the tests that change nothing: a case without consent, and one whose three organisations
    // have theirs and whose plan is still untouched
    bare = (await makeCase(anna)).id;
    shared = await planCase();
  });

  /** A case whose school, social services and BUP have their consents (recorded the way a test would). */
  async function planCase() {
    const kase = await makeCase(anna);
    for (const org of ['Ålidhemsskolan', 'Socialtjänsten Umeå', 'BUP Umeå']) await consent(anna, kase.id, orgs[org]);
    return { caseId: kase.id, guardians: kase.guardians };
  }

  /**
   * Fills a case's plan as the test of V-7.1-V-7.6 does, through the API: two goals, the school's and
   * social services' interventions, two commitments, the shared parts and two of the three contacts.
   */
  async function fillPlan({ caseId, guardians }) {
    const ok = (r, status) => assert.equal(r.status, status, r.text);
    const g = await anna.postJson(`/api/v1/cases/${caseId}/plan/goals`, { area: 'learning', need: 'Läsa och skriva', goal: 'Läser en bok på egen hand' });
    ok(g, 201);
    ok(await anna.postJson(`/api/v1/cases/${caseId}/plan/goals`, { area: 'health', need: 'Sova bättre', goal: 'Sover åtta timmar' }), 201);
    const school = await anna.postJson(`/api/v1/cases/${caseId}/plan/interventions`, {
      what: 'Specialpedagogiskt stöd', org_id: orgs['Ålidhemsskolan'], contact_name: 'Anna Lindqvist',
      starts_on: today(), ends_on: inDays(120), level: 'Två lektioner i veckan', goal_id: g.json().id,
    });
    ok(school, 201);
    const social = await bertil.postJson(`/api/v1/cases/${caseId}/plan/interventions`, {
      what: 'Familjebehandling', org_id: orgs['Socialtjänsten Umeå'], starts_on: today(), level: 'Varannan vecka',
    });
    ok(social, 201);
    ok(await anna.postJson(`/api/v1/cases/${caseId}/plan/commitments`, { who: 'guardian', guardian_id: guardians[0], what: 'Läser med barnet varje kväll' }), 201);
    ok(await anna.postJson(`/api/v1/cases/${caseId}/plan/commitments`, { who: 'child', what: 'Säger till när något är svårt' }), 201);
    ok(await anna.postJson(`/api/v1/cases/${caseId}/plan`, {
      coordinator_orgs: [orgs['Ålidhemsskolan'], orgs['Socialtjänsten Umeå']],
      coordinator_name: 'Anna Lindqvist',
      contact_if_fails: 'Ring skolans rektor, 090-123 45',
      followup_on: inDays(60), followup_time: '13:30', followup_place: 'Ålidhemsskolan, konferensrummet',
      followup_participants: 'Barnet, vårdnadshavarna, skolan, socialtjänsten och BUP',
      summary: 'Vi hjälps åt så att du kan läsa och sova bättre.',
      child_view: 'Jag vill ha lugn och ro när jag läser.',
    }), 200);
    for (const [org, name, who] of [['Ålidhemsskolan', 'Anna Lindqvist', anna], ['Socialtjänsten Umeå', 'Bertil Öberg', bertil]])
      ok(await who.postJson(`/api/v1/cases/${caseId}/plan/contacts`, { org_id: orgs[org], name, phone: '090-10 00 00', email: 'kontakt@example.se' }), 200);
    return { schoolIv: school.json().id, socialIv: social.json().id };
  }

  test('V-2.6, K-7.3: the initiating organisation without its own consent cannot see the plan (page and API), and the attempt is audited', async () => {
    const caseId = bare;
    const api = await anna.getJson(`/api/v1/cases/${caseId}/plan`);
    assert.equal(api.status, 403, api.text);
    const page = await annaWeb.get(`/cases/${caseId}/plan`);
    assert.equal(page.status, 403);
    assert.doesNotMatch(page.text, /Barnets behov och mål/);
    const audit = await auditForCase(admin, caseId);
    assert.ok(audit.some((e) => e.object === 'plan' && e.action === 'denied'), JSON.stringify(audit.slice(0, 5)));
    const casePage = await annaWeb.get(`/cases/${caseId}`);
    assert.doesNotMatch(casePage.text, new RegExp(`/cases/${caseId}/plan"`));
  });

  test('V-7.1, V-0.5: with consent the plan opens as draft version 1 with the areas hälsa, lärande, trygghet; every read is audited', async () => {
    const caseId = (await makeCase(anna)).id;
    await consent(anna, caseId, orgs['Ålidhemsskolan']);
    await consent(anna, caseId, orgs['Socialtjänsten Umeå']);
    await consent(anna, caseId, orgs['BUP Umeå']);
    const casePage = await annaWeb.get(`/cases/${caseId}`);
    assert.match(casePage.text, new RegExp(`href="/cases/${caseId}/plan"`));
    const r = await anna.getJson(`/api/v1/cases/${caseId}/plan`);
    assert.equal(r.status, 200, r.text);
    const p = r.json();
    assert.equal(p.version, 1);
    assert.equal(p.status, 'draft');
    assert.equal(p.kind, 'sip_child_plan');
    assert.equal(p.coordinator_role, 'samordningsansvarig');
    assert.deepEqual(p.areas, ['health', 'learning', 'safety']);
    const page = await annaWeb.get(`/cases/${caseId}/plan`);
    assert.equal(page.status, 200);
    for (const label of ['Hälsa', 'Lärande', 'Trygghet', 'Samordningsansvarig']) assert.match(page.text, new RegExp(label));
    assert.match(page.text, /<svg[^>]*role="img"/);
    const audit = await auditForCase(admin, caseId);
    assert.ok(audit.filter((e) => e.object === 'plan' && e.action === 'read').length >= 2);
  });

  test('V-7.7, V-6.9: a plan without a follow-up date cannot be finished: every problem is named and nothing is stored', async () => {
    const { caseId } = shared;
    const r = await anna.postJson(`/api/v1/cases/${caseId}/plan/finish`, {});
    assert.equal(r.status, 422, r.text);
    const f = fields(r);
    assert.equal(f['plan.followup_on'], 'required');
    assert.equal(f['plan.followup_place'], 'required');
    assert.equal(f['plan.followup_participants'], 'required');
    assert.equal(f['plan.summary'], 'required');
    assert.equal(f['plan.goals'], 'goal_required');
    assert.equal(f['plan.interventions'], 'intervention_required');
    assert.equal(f['plan.coordinator_orgs'], 'required');
    assert.equal(f['plan.contact_if_fails'], 'required');
    assert.equal(f[`contacts.${orgs['BUP Umeå']}.name`], 'contact_required');
    assert.ok(r.json().fields.every((x) => x.message && x.message.length > 3));
    assert.equal((await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json().status, 'draft');
    // the page names the problems in Swedish, next to the fields and in a summary
    const page = await annaWeb.post(`/cases/${caseId}/plan/finish`, {});
    assert.equal(page.status, 422);
    assert.equal(fieldError(page.text, 'plan.followup_on'), 'Fyll i fältet.');
    assert.match(decodeEntities(page.text), /Datum för uppföljning: Fyll i fältet\./);
    assert.match(decodeEntities(page.text), /Kontaktperson, BUP Umeå: Varje verksamhet som deltar behöver en kontaktperson\./);
  });

  test('V-7.7: the follow-up date is checked when the shared parts are saved, and the form is kept as typed', async () => {
    const { caseId } = shared;
    const page = await annaWeb.post(`/cases/${caseId}/plan`, {
      'plan.coordinator_orgs': String(orgs['Ålidhemsskolan']),
      'plan.followup_on': '2020-01-01',
      'plan.followup_time': '25:99',
      'plan.followup_place': 'Skolans konferensrum',
      'plan.contact_if_fails': 'Ring rektorn',
    });
    assert.equal(page.status, 422);
    assert.equal(fieldError(page.text, 'plan.followup_on'), 'Datumet har redan varit.');
    assert.match(fieldError(page.text, 'plan.followup_time'), /TT:MM/);
    const v = formValues(page.text);
    assert.equal(v['plan.followup_place'], 'Skolans konferensrum');
    assert.equal(v['plan.contact_if_fails'], 'Ring rektorn');
    assert.equal((await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json().followup_place, null);
  });

  test('V-7.2: an intervention without a responsible organisation, or with two, is refused', async () => {
    const { caseId } = shared;
    const base = { what: 'Anpassad studiegång', starts_on: today(), level: 'Varje dag' };
    const none = await anna.postJson(`/api/v1/cases/${caseId}/plan/interventions`, base);
    assert.equal(none.status, 422, none.text);
    assert.equal(fields(none)['intervention.org_id'], 'required');
    const two = await anna.postJson(`/api/v1/cases/${caseId}/plan/interventions`, {
      ...base,
      org_id: [orgs['Ålidhemsskolan'], orgs['Socialtjänsten Umeå']], // several where one belongs
    });
    assert.equal(two.status, 422);
    assert.equal(fields(two)['intervention.org_id'], 'one_org');
    const backwards = await anna.postJson(`/api/v1/cases/${caseId}/plan/interventions`, { ...base, org_id: orgs['Ålidhemsskolan'], ends_on: '2020-01-01' });
    assert.equal(backwards.status, 422);
    const end = backwards.json().fields.find((x) => x.field === 'intervention.ends_on');
    assert.equal(end.code, 'end_before_start');
    assert.equal(end.message, 'Slutdatumet kan inte ligga före startdatumet.'); // the field's own words, not the meeting's
    const page = await annaWeb.post(`/cases/${caseId}/plan/interventions`, {
      'intervention.what': 'Anpassad studiegång',
      'intervention.starts_on': today(),
      'intervention.level': 'Varje dag',
    });
    assert.equal(page.status, 422);
    assert.equal(fieldError(page.text, 'intervention.org_id'), 'Fyll i fältet.');
    assert.equal(formValues(page.text)['intervention.what'], 'Anpassad studiegång');
    assert.equal((await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json().interventions.length, 0);
  });

  test('V-7.1-V-7.6: goals, interventions with their organisation, commitments, coordination and contacts are stored', async () => {
    const { caseId, guardians } = await planCase();
    let schoolIv, socialIv;
    const g = await anna.postJson(`/api/v1/cases/${caseId}/plan/goals`, { area: 'learning', need: 'Läsa och skriva', goal: 'Läser en bok på egen hand' });
    assert.equal(g.status, 201, g.text);
    const wrongArea = await anna.postJson(`/api/v1/cases/${caseId}/plan/goals`, { area: 'respected', need: 'x', goal: 'y' });
    assert.equal(fields(wrongArea)['goal.area'], 'area_model'); // V-0.5: Västerbotten's three areas
    const goalPage = await annaWeb.post(`/cases/${caseId}/plan/goals`, { 'goal.area': 'health', 'goal.need': 'Sova bättre', 'goal.goal': 'Sover åtta timmar' });
    assert.equal(goalPage.status, 303, goalPage.text.slice(0, 300));
    let iv = await anna.postJson(`/api/v1/cases/${caseId}/plan/interventions`, {
      what: 'Specialpedagogiskt stöd', org_id: orgs['Ålidhemsskolan'], contact_name: 'Anna Lindqvist',
      starts_on: today(), ends_on: inDays(120), level: 'Två lektioner i veckan', goal_id: g.json().id,
    });
    assert.equal(iv.status, 201, iv.text);
    schoolIv = iv.json().id;
    iv = await bertil.postJson(`/api/v1/cases/${caseId}/plan/interventions`, {
      what: 'Familjebehandling', org_id: orgs['Socialtjänsten Umeå'], starts_on: today(), level: 'Varannan vecka',
    });
    assert.equal(iv.status, 201, iv.text);
    socialIv = iv.json().id;
    const cm = await anna.postJson(`/api/v1/cases/${caseId}/plan/commitments`, { who: 'guardian', guardian_id: guardians[0], what: 'Läser med barnet varje kväll' });
    assert.equal(cm.status, 201, cm.text);
    const child = await annaWeb.post(`/cases/${caseId}/plan/commitments`, { 'commitment.who': 'child', 'commitment.what': 'Säger till när något är svårt' });
    assert.equal(child.status, 303);
    const shared = await anna.postJson(`/api/v1/cases/${caseId}/plan`, {
      coordinator_orgs: [orgs['Ålidhemsskolan'], orgs['Socialtjänsten Umeå']], // V-7.4: shared in complex cases
      coordinator_name: 'Anna Lindqvist',
      contact_if_fails: 'Ring skolans rektor, 090-123 45',
      followup_on: inDays(60), followup_time: '13:30', followup_place: 'Ålidhemsskolan, konferensrummet',
      followup_participants: 'Barnet, vårdnadshavarna, skolan, socialtjänsten och BUP',
      summary: 'Vi hjälps åt så att du kan läsa och sova bättre.',
      child_view: 'Jag vill ha lugn och ro när jag läser.', // V-2.2, K-6.2: in the child's own words
    });
    assert.equal(shared.status, 200, shared.text);
    for (const [org, name, who] of [['Ålidhemsskolan', 'Anna Lindqvist', anna], ['Socialtjänsten Umeå', 'Bertil Öberg', bertil]]) {
      const c = await who.postJson(`/api/v1/cases/${caseId}/plan/contacts`, { org_id: orgs[org], name, phone: '090-10 00 00', email: 'kontakt@example.se' });
      assert.equal(c.status, 200, c.text);
    }
    const badContact = await anna.postJson(`/api/v1/cases/${caseId}/plan/contacts`, { org_id: orgs['Furutåskolan'], name: 'X' });
    assert.equal(fields(badContact)['contact.org_id'], 'not_participant');
    const p = (await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json();
    assert.equal(p.goals.length, 2);
    assert.equal(p.interventions.length, 2);
    assert.deepEqual(p.interventions.map((x) => x.org_name), ['Ålidhemsskolan', 'Socialtjänsten Umeå']);
    assert.deepEqual(p.interventions.map((x) => x.may_edit), [true, false]); // V-8a.4, as anna sees it
    assert.equal(p.commitments.length, 2);
    assert.deepEqual(p.coordinator_orgs.sort(), [orgs['Ålidhemsskolan'], orgs['Socialtjänsten Umeå']].sort());
    assert.equal(p.followup_time, '13:30');
    assert.equal(p.contacts.length, 2);
    const page = await annaWeb.get(`/cases/${caseId}/plan`);
    assert.match(page.text, /Specialpedagogiskt stöd/);
    assert.match(page.text, new RegExp(`/plan/interventions/${schoolIv}/edit`));
    assert.doesNotMatch(page.text, new RegExp(`/plan/interventions/${socialIv}/edit`)); // only its own organisation edits
  });

  test('V-8a.4: another organisation\'s intervention cannot be edited or removed (page and API), and the attempt is audited', async () => {
    const kase = await planCase();
    const { caseId } = kase;
    const { schoolIv, socialIv } = await fillPlan(kase);
    const api = await anna.postJson(`/api/v1/cases/${caseId}/plan/interventions/${socialIv}`, {
      what: 'Ingen familjebehandling', org_id: orgs['Socialtjänsten Umeå'], starts_on: today(), level: 'Aldrig',
    });
    assert.equal(api.status, 403, api.text);
    assert.equal(fields(api)['intervention.org_id'], 'not_own_org');
    const del = await anna.request('DELETE', `/api/v1/cases/${caseId}/plan/interventions/${socialIv}`, { headers: { 'x-csrf-token': anna.apiCsrf } });
    assert.equal(del.status, 403, del.text);
    const moved = await anna.postJson(`/api/v1/cases/${caseId}/plan/interventions/${schoolIv}`, {
      what: 'Specialpedagogiskt stöd', org_id: orgs['Socialtjänsten Umeå'], starts_on: today(), level: 'x',
    });
    assert.equal(moved.status, 403, 'an organisation cannot hand its intervention to another');
    const edit = await annaWeb.get(`/cases/${caseId}/plan/interventions/${socialIv}/edit`);
    assert.equal(edit.status, 403);
    await annaWeb.get(`/cases/${caseId}/plan`);
    const page = await annaWeb.post(`/cases/${caseId}/plan/interventions/${socialIv}`, {
      'intervention.what': 'Ingen familjebehandling', 'intervention.org_id': String(orgs['Socialtjänsten Umeå']),
      'intervention.starts_on': today(), 'intervention.level': 'Aldrig',
    });
    assert.equal(page.status, 403);
    assert.match(decodeEntities(page.text), /Bara den ansvariga verksamheten kan ändra sin insats\./);
    const p = (await bertil.getJson(`/api/v1/cases/${caseId}/plan`)).json();
    const social = p.interventions.find((x) => x.id === socialIv);
    assert.equal(social.what, 'Familjebehandling');
    assert.equal(social.may_edit, true);
    const audit = await auditForCase(admin, caseId);
    assert.ok(audit.filter((e) => e.object === 'plan' && e.action === 'denied' && e.detail === 'not_own_org').length >= 4, JSON.stringify(audit.slice(0, 6)));
    // the owner edits its own
    const own = await bertil.postJson(`/api/v1/cases/${caseId}/plan/interventions/${socialIv}`, {
      what: 'Familjebehandling hemma', org_id: orgs['Socialtjänsten Umeå'], starts_on: today(), level: 'Varje vecka',
    });
    assert.equal(own.status, 200, own.text);
  });

  test('V-5.8, V-8a.5: a pending decision; when it is taken the people of the case are told', async () => {
    const { caseId } = await planCase();
    const d = await bertil.postJson(`/api/v1/cases/${caseId}/plan/decisions`, { what: 'Beslut om kontaktfamilj', org_id: orgs['Socialtjänsten Umeå'], decider_name: 'Enhetschefen', due_on: inDays(14) });
    assert.equal(d.status, 201, d.text);
    // the work list: the decision waits for feedback on the case page (V-8a.5)
    const casePage = await bertilWeb.get(`/cases/${caseId}`);
    assert.match(/id="tasks"[\s\S]*?<\/section>/.exec(casePage.text)[0], /Fatta beslutet och ge återkoppling/);
    const before = (await anna.getJson('/api/v1/notifications')).json().filter((n) => n.kind === 'decision_taken').length;
    const page = await bertilWeb.post(`/cases/${caseId}/plan/decisions/decided`, { 'decision.id': String(d.json().id), 'decision.outcome': '', 'decision.decided_on': today() });
    assert.equal(page.status, 422);
    assert.equal(fieldError(page.text, 'decision.outcome'), 'Fyll i fältet.', (page.text.match(/error-summary[\s\S]*?<\/ul>/) || [''])[0]);
    const ok = await bertilWeb.post(`/cases/${caseId}/plan/decisions/decided`, { 'decision.id': String(d.json().id), 'decision.outcome': 'Beviljat', 'decision.decided_on': today() });
    assert.equal(ok.status, 303, ok.text.slice(0, 300));
    const p = (await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json();
    assert.equal(p.decisions[0].status, 'decided');
    assert.equal(p.decisions[0].what, 'Beslut om kontaktfamilj');
    const after = (await anna.getJson('/api/v1/notifications')).json().filter((n) => n.kind === 'decision_taken').length;
    assert.equal(after, before + 1);
  });

  test('V-7.6, V-8a.2, V-8a.3: finished once every part is there; then signed by professionals, a guardian and the child; printable', async () => {
    // a plan filled in but for BUP's contact, social services' intervention changed by its owner and a
    // decision taken (as the tests above leave theirs)
    const kase = await planCase();
    const { caseId, guardians } = kase;
    const { socialIv } = await fillPlan(kase);
    const own = await bertil.postJson(`/api/v1/cases/${caseId}/plan/interventions/${socialIv}`, {
      what: 'Familjebehandling hemma', org_id: orgs['Socialtjänsten Umeå'], starts_on: today(), level: 'Varje vecka',
    });
    assert.equal(own.status, 200, own.text);
    const d = await bertil.postJson(`/api/v1/cases/${caseId}/plan/decisions`, { what: 'Beslut om kontaktfamilj', org_id: orgs['Socialtjänsten Umeå'], decider_name: 'Enhetschefen', due_on: inDays(14) });
    assert.equal(d.status, 201, d.text);
    const decided = await bertilWeb.post(`/cases/${caseId}/plan/decisions/decided`, { 'decision.id': String(d.json().id), 'decision.outcome': 'Beviljat', 'decision.decided_on': today() });
    assert.equal(decided.status, 303, decided.text.slice(0, 300));
    const sign = (client, body) => client.postJson(`/api/v1/cases/${caseId}/plan/signatures`, { version: 1, signed_on: today(), ...body });
    const notYet = await sign(anna, { kind: 'professional', password: DEMO_PASSWORD });
    assert.equal(notYet.status, 422);
    assert.equal(fields(notYet)['signature.plan'], 'not_finished');
    assert.equal((await anna.getJson(`/api/v1/cases/${caseId}/plan/versions/1`)).status, 404, 'V-10.6: a draft is no version yet');
    let r = await anna.postJson(`/api/v1/cases/${caseId}/plan/finish`, {});
    assert.equal(r.status, 422);
    assert.deepEqual(Object.keys(fields(r)), [`contacts.${orgs['BUP Umeå']}.name`]); // V-7.6
    const c = await david.postJson(`/api/v1/cases/${caseId}/plan/contacts`, { org_id: orgs['BUP Umeå'], name: 'David Nilsson' });
    assert.equal(c.status, 200, c.text);
    r = await anna.postJson(`/api/v1/cases/${caseId}/plan/finish`, {});
    assert.equal(r.status, 200, r.text);
    const p = (await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json();
    assert.equal(p.status, 'finished');
    assert.equal(p.finished_on, today());
    // V-10.6: the version is kept with the SHA-256 of its canonical JSON, handed out byte for byte as hashed
    assert.match(p.content_sha256, /^[0-9a-f]{64}$/);
    const exported = await anna.getJson(`/api/v1/cases/${caseId}/plan/versions/1`);
    assert.equal(exported.status, 200, exported.text);
    assert.equal(createHash('sha256').update(Buffer.from(exported.text, 'utf8')).digest('hex'), p.content_sha256);
    assert.equal(canonical(JSON.parse(exported.text)), exported.text, 'RFC 8785: sorted members, no white space');
    assert.equal(exported.json().version, 1);
    assert.ok(exported.json().interventions.some((i) => i.what === 'Familjebehandling hemma'));
    assert.equal((await anna.getJson(`/api/v1/cases/${caseId}/plan/versions/2`)).status, 404);
    assert.match(decodeEntities((await annaWeb.get(`/cases/${caseId}/plan`)).text), new RegExp(`Kontrollsumma för den här versionen \\(SHA-256\\): <code class="hash">${p.content_sha256}</code>`));
    const late = await anna.postJson(`/api/v1/cases/${caseId}/plan/goals`, { area: 'safety', need: 'x', goal: 'y' });
    assert.equal(late.status, 409);
    assert.equal(fields(late)['plan.status'], 'not_draft');
    // V-8a.2: professionals in the app (confirming who they are), the others recorded from paper
    assert.equal((await sign(anna, { kind: 'professional', password: DEMO_PASSWORD })).status, 201);
    const twice = await sign(anna, { kind: 'professional', password: DEMO_PASSWORD });
    assert.equal(fields(twice)['signature.kind'], 'already_signed');
    const wet = await sign(anna, { kind: 'professional', method: 'wet', password: DEMO_PASSWORD });
    assert.equal(wet.status, 422);
    assert.equal(fields(wet)['signature.method'], 'choice');
    assert.equal((await sign(anna, { kind: 'guardian', guardian_id: guardians[0], method: 'wet' })).status, 201);
    const childSign = await annaWeb.post(`/cases/${caseId}/plan/signatures`, { 'signature.version': '1', 'signature.kind': 'child', 'signature.answer': 'signed', 'signature.signed_on': today() });
    assert.equal(childSign.status, 303, childSign.text.slice(0, 300));
    assert.equal((await sign(bertil, { kind: 'professional', password: DEMO_PASSWORD })).status, 201);
    const signed = (await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json().signatures;
    assert.deepEqual(signed.map((s) => s.kind), ['professional', 'guardian', 'child', 'professional']);
    assert.equal(signed[1].name, 'Leila Jsonsson');
    // V-8a.3: everyone's own copy
    const print = await bertilWeb.get(`/cases/${caseId}/plan/print`);
    assert.equal(print.status, 200);
    for (const s of ['Specialpedagogiskt stöd', 'Familjebehandling hemma', 'Ring skolans rektor', 'Ålidhemsskolan, konferensrummet', 'David Nilsson', 'Leila Jsonsson', 'Vi hjälps åt', 'Jag vill ha lugn och ro']) assert.match(decodeEntities(print.text), new RegExp(s));
    assert.doesNotMatch(print.text, /<form/);
    const audit = await auditForCase(admin, caseId);
    assert.ok(audit.some((e) => e.object === 'plan' && e.action === 'read' && e.detail === 'print'));
    assert.ok(audit.some((e) => e.object === 'plan_version' && e.action === 'read' && e.detail === 'version 1'), 'the export is on record');
    // K-8.1: everyone involved is told it is there
    const n = (await david.getJson('/api/v1/notifications')).json();
    assert.ok(n.some((x) => x.kind === 'plan_finished' && x.case_id === caseId));
    const timeline = (await anna.getJson(`/api/v1/cases/${caseId}`)).json().timeline.map((e) => e.kind);
    for (const k of ['plan_opened', 'plan_intervention_saved', 'plan_finished', 'plan_signed', 'decision_taken']) assert.ok(timeline.includes(k), k);

    // V-10.6: a change is a new draft version that starts as a copy; the finished one holds until it is finished
    const again = await anna.postJson(`/api/v1/cases/${caseId}/plan/versions`, {});
    assert.equal(again.status, 201, again.text);
    assert.equal(again.json().version, 2);
    const twiceNew = await anna.postJson(`/api/v1/cases/${caseId}/plan/versions`, {});
    assert.equal(twiceNew.status, 409);
    assert.equal(fields(twiceNew)['plan.status'], 'draft_exists');
    const v2 = (await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json();
    assert.equal(v2.version, 2);
    assert.equal(v2.status, 'draft');
    assert.equal(v2.content_sha256, null);
    const goalOf = (plan, iv) => plan.goals.find((g) => g.id === iv.goal_id)?.goal ?? null;
    const outline = (plan) => ({
      goals: plan.goals.map((g) => `${g.area}|${g.need}|${g.goal}`),
      interventions: plan.interventions.map((iv) => `${iv.what}|${iv.org_id}|${goalOf(plan, iv)}`),
      commitments: plan.commitments.map((cm) => `${cm.who}|${cm.what}`),
      contacts: plan.contacts.map((pc) => `${pc.org_id}|${pc.name}`),
      shared: [plan.summary, plan.coordinator_name, plan.followup_on, JSON.stringify(plan.coordinator_orgs)],
    });
    assert.deepEqual(outline(v2), outline(p), 'the copy holds everything, each intervention with its goal');
    assert.ok(v2.goals.every((g) => !p.goals.some((o) => o.id === g.id)), 'new rows, never the old ones edited');
    const draftPage = decodeEntities((await annaWeb.get(`/cases/${caseId}/plan`)).text);
    assert.match(draftPage, /Den färdigställda versionen före den här gäller tills den här är färdigställd \(Versionsnummer 1\)\./);
    assert.equal((await anna.getJson(`/api/v1/cases/${caseId}/plan/versions/1`)).text, exported.text, 'version 1 as it was');
    // V-8a.2: while version 2 is written, version 1 is the one in force and the one signed
    const davidSigns = await sign(david, { kind: 'professional', password: DEMO_PASSWORD });
    assert.equal(davidSigns.status, 201, davidSigns.text);
    assert.equal((await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json().signatures.length, 5);
    assert.match(decodeEntities((await (await srv.login('david')).get(`/cases/${caseId}/plan`)).text), /Underskrifterna gäller versionsnummer 1\./);
    // the draft changes: a goal more, social services' intervention changed by its owner; compared side by side
    const g3 = await anna.postJson(`/api/v1/cases/${caseId}/plan/goals`, { area: 'safety', need: 'Känna sig trygg på rasten', goal: 'Har någon att vara med' });
    assert.equal(g3.status, 201, g3.text);
    const social2 = v2.interventions.find((iv) => iv.what === 'Familjebehandling hemma');
    const changed = await bertil.postJson(`/api/v1/cases/${caseId}/plan/interventions/${social2.id}`, {
      what: 'Familjebehandling hemma', org_id: orgs['Socialtjänsten Umeå'], starts_on: today(), level: 'Två gånger i veckan',
    });
    assert.equal(changed.status, 200, changed.text);
    const cmp = await annaWeb.get(`/cases/${caseId}/plan/compare?from=1&to=2`);
    assert.equal(cmp.status, 200);
    const ct = decodeEntities(cmp.text);
    assert.match(ct, /<td>Mål<\/td>\s*<td>Känna sig trygg på rasten<\/td>\s*<td>Tillagt<\/td>/);
    assert.match(ct, /<td>Insats<\/td>\s*<td>Familjebehandling hemma<br><span class="muted">[^<]+<\/span><\/td>\s*<td>Ändrat<\/td>\s*<td class="prose">Varje vecka<\/td>\s*<td class="prose">Två gånger i veckan<\/td>/);
    assert.doesNotMatch(ct, /Specialpedagogiskt stöd/, 'what did not change is not listed');
    assert.equal((await annaWeb.get(`/cases/${caseId}/plan/compare?from=1&to=9`)).status, 404);
    assert.match(decodeEntities((await annaWeb.get(`/cases/${caseId}/plan`)).text), /href="\/cases\/\d+\/plan\/compare\?from=1&to=2">Jämför med versionen före<\/a>/);
    assert.ok((await auditForCase(admin, caseId)).some((e) => e.object === 'plan' && e.detail === 'compare 1 2'), 'the comparison is a read on record');
    r = await anna.postJson(`/api/v1/cases/${caseId}/plan/finish`, {});
    assert.equal(r.status, 200, r.text);
    const v2done = (await anna.getJson(`/api/v1/cases/${caseId}/plan`)).json();
    assert.equal(v2done.status, 'finished');
    assert.match(v2done.content_sha256, /^[0-9a-f]{64}$/);
    assert.notEqual(v2done.content_sha256, p.content_sha256);
    assert.deepEqual(v2done.signatures, [], 'a new version is signed again by everyone');
    // V-8a.2: the answers to version 1 are shown as such, not as answers to version 2
    assert.equal(v2done.signing_version, 2);
    assert.equal(v2done.earlier_signatures.length, 5);
    assert.ok(v2done.earlier_signatures.every((s) => s.version === 1 && s.content_sha256 === p.content_sha256));
    assert.ok(v2done.signers.every((s) => s.status === 'not_answered'), JSON.stringify(v2done.signers));
    assert.equal((await anna.getJson(`/api/v1/cases/${caseId}/plan/versions/1`)).status, 200, 'a replaced version is still there');
    assert.ok((await anna.getJson(`/api/v1/cases/${caseId}`)).json().timeline.some((e) => e.kind === 'plan_new_version'));
    // V-10.6: the case page lists the versions, the one in force marked, and compares any two
    const casePage = decodeEntities((await annaWeb.get(`/cases/${caseId}`)).text);
    const v1 = casePage.match(/<li>Versionsnummer 1: .*?<\/li>/)[0];
    assert.doesNotMatch(v1, /gäller/, 'version 1: replaced, no longer in force');
    assert.match(v1, /href="\/cases\/\d+\/plan\/versions\/1\.pdf"/, 'V-8a.3: every finished version as PDF');
    assert.match(casePage, /<li>Versionsnummer 2: [^<]*<strong>\(gäller\)<\/strong>/);
    assert.match(casePage, /<form method="get" action="\/cases\/\d+\/plan\/compare"/);
    assert.match(casePage, /<option value="1" selected>1<\/option>[\s\S]*<select id="compare-to" name="to"><option value="1">1<\/option><option value="2" selected>2<\/option>/);
    assert.equal((await annaWeb.get(`/cases/${caseId}/plan/compare?from=2&to=1`)).status, 200, 'either way round');
  });
});

describe('the plan page in English, and what users type is text', () => {
  test('the plan page and its printable copy in English; typed markup is shown as text', async () => {
    await srv.ready;
    const anna = await srv.apiLogin('anna');
    const web = await srv.login('anna');
    const orgs = await orgIds(anna);
    const r = await anna.postJson('/api/v1/cases', registrationJson());
    const id = r.json().id;
    await consent(anna, id, orgs['Ålidhemsskolan']);
    const g = await anna.postJson(`/api/v1/cases/${id}/plan/goals`, { area: 'safety', need: '<script>alert(1)</script>', goal: '"><img src=x onerror=alert(1)>' });
    assert.equal(g.status, 201, g.text);
    await web.get('/lang?l=en&next=/cases');
    const page = await web.get(`/cases/${id}/plan`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<html lang="en"/);
    for (const s of ["The child's needs and goals", 'Coordinator (samordningsansvarig)', 'Interventions', 'Health', 'Learning', 'Safety']) assert.ok(decodeEntities(page.text).includes(s), s);
    assertNoRawMarkup(page.text, 'the plan page');
    const print = await web.get(`/cases/${id}/plan/print`);
    assert.ok(decodeEntities(print.text).includes('Confidential information.'));
    assertNoRawMarkup(print.text, 'the printable plan');
  });
});

describe('Kronoberg: Barnets plan', () => {
  test('K-7.1, K-7.2: the plan requires the named samverkansansvarig; the wellbeing wheel\'s eight areas', async () => {
    await srv.ready;
    const karin = await srv.apiLogin('karin');
    const karinWeb = await srv.login('karin');
    const maja = await srv.apiLogin('maja');
    const orgs = await orgIds(karin);
    const r = await karin.postJson('/api/v1/cases', registrationJson({ initiative: { model: 'kronoberg', route: 'named_person' } }));
    assert.equal(r.status, 201, r.text);
    const id = r.json().id;
    await consent(karin, id, orgs['Furutåskolan'], 'kronobarnsmodellen');
    await consent(karin, id, orgs['Socialtjänsten Växjö'], 'kronobarnsmodellen');
    const p = (await karin.getJson(`/api/v1/cases/${id}/plan`)).json();
    assert.equal(p.kind, 'child_plan');
    assert.equal(p.coordinator_role, 'samverkansansvarig');
    assert.deepEqual(p.areas, ['safe', 'healthy', 'achieving', 'active', 'respected', 'responsible', 'included', 'nurtured']);
    const page = await karinWeb.get(`/cases/${id}/plan`);
    assert.match(page.text, /Samverkansansvarig/);
    assert.match(page.text, /Barnets bästa-hjulet/);
    assert.equal((page.text.match(/<path /g) || []).length, 8);
    const wrongArea = await karin.postJson(`/api/v1/cases/${id}/plan/goals`, { area: 'learning', need: 'x', goal: 'y' });
    assert.equal(fields(wrongArea)['goal.area'], 'area_model');
    assert.equal((await karin.postJson(`/api/v1/cases/${id}/plan/goals`, { area: 'respected', need: 'Bli lyssnad på', goal: 'Får säga sin mening i klassen' })).status, 201);
    assert.equal((await karin.postJson(`/api/v1/cases/${id}/plan/interventions`, { what: 'Elevhälsosamtal', org_id: orgs['Furutåskolan'], starts_on: today(), level: 'Varje månad' })).status, 201);
    for (const [org, name, who] of [['Furutåskolan', 'Karin Johansson', karin], ['Socialtjänsten Växjö', 'Maja Svensson', maja]])
      assert.equal((await who.postJson(`/api/v1/cases/${id}/plan/contacts`, { org_id: orgs[org], name })).status, 200);
    const shared = {
      coordinator_orgs: [orgs['Furutåskolan']],
      contact_if_fails: 'Karin på Furutåskolan',
      followup_on: inDays(30), followup_place: 'Furutåskolan', followup_participants: 'Alla', summary: 'Vi lyssnar på dig.',
    };
    assert.equal((await karin.postJson(`/api/v1/cases/${id}/plan`, shared)).status, 200);
    let f = await karin.postJson(`/api/v1/cases/${id}/plan/finish`, {});
    assert.equal(f.status, 422);
    assert.deepEqual(fields(f), { 'plan.coordinator_name': 'coordinator_person' });
    const pageErr = await karinWeb.post(`/cases/${id}/plan/finish`, {});
    assert.equal(fieldError(pageErr.text, 'plan.coordinator_name'), 'Skriv namnet på den som är samverkansansvarig.');
    assert.equal((await karin.postJson(`/api/v1/cases/${id}/plan`, { ...shared, coordinator_name: 'Karin Johansson' })).status, 200);
    f = await karin.postJson(`/api/v1/cases/${id}/plan/finish`, {});
    assert.equal(f.status, 200, f.text);
    // K-7.3, K-8.1: every participating party can read it
    const seen = await maja.getJson(`/api/v1/cases/${id}/plan`);
    assert.equal(seen.status, 200);
    assert.equal(seen.json().coordinator_name, 'Karin Johansson');
    assert.ok((await maja.getJson('/api/v1/notifications')).json().some((x) => x.kind === 'plan_finished' && x.case_id === id));
  });
});

describe('GET never writes: the plan exists from the first change, not from a page view', () => {
  test('V-7.1, K-8.1: opening the plan of a case without one changes nothing but the audit trail; the first save stores draft version 1 with its event', async () => {
    await srv.ready;
    const [anna, annaWeb, admin] = await Promise.all([srv.apiLogin('anna'), srv.login('anna'), srv.apiLogin('admin')]);
    const orgs = await orgIds(anna);
    const r = await anna.postJson('/api/v1/cases', registrationJson());
    assert.equal(r.status, 201, r.text);
    const id = r.json().id;
    await consent(anna, id, orgs['Ålidhemsskolan']);
    const m = await anna.postJson(`/api/v1/cases/${id}/meetings`, {
      kind: 'plan', date: inDays(14), start: '10:00', end: '11:30', setting: 'physical', setting_agreed: true,
      place: 'Skolans konferensrum', purpose: 'Att göra en plan.', agenda: 'Skoldagen.',
    });
    assert.equal(m.status, 201, m.text);
    const auditBefore = (await auditForCase(admin, id)).length;
    const before = await dbSnapshot(srv);

    // every view that shows the plan: the page, the API, the printable copy, the meeting's screen summary,
    // the case page (its work list reads the plan) and the meeting page
    const api = await anna.getJson(`/api/v1/cases/${id}/plan`);
    assert.equal(api.status, 200, api.text);
    const p = api.json();
    assert.deepEqual([p.id, p.version, p.status, p.kind, p.goals.length], [null, 1, 'draft', 'sip_child_plan', 0]);
    for (const path of [`/cases/${id}/plan`, `/cases/${id}/plan/print`, `/cases/${id}/meetings/${m.json().id}/screen`,
      `/cases/${id}`, `/cases/${id}/meetings/${m.json().id}`]) {
      const page = await annaWeb.get(path);
      assert.equal(page.status, 200, `${path}: ${page.text.slice(0, 300)}`);
    }
    const plan = await annaWeb.get(`/cases/${id}/plan`);
    assert.match(decodeEntities(plan.text), /Utkast/);
    assert.match(plan.text, /Hälsa/);
    // a refused first write (422) stores no plan either
    const bad = await anna.postJson(`/api/v1/cases/${id}/plan/goals`, { area: 'learning', need: '', goal: '' });
    assert.equal(bad.status, 422, bad.text);

    const unchanged = await dbSnapshot(srv);
    assert.deepEqual(Object.keys(unchanged), Object.keys(before));
    for (const t of Object.keys(before)) assert.equal(unchanged[t], before[t], `reading the plan changed the table ${t}`);
    const audit = await auditForCase(admin, id);
    assert.ok(audit.length > auditBefore, 'the reads are audited');
    assert.ok(audit.some((e) => e.object === 'plan' && e.action === 'read'));
    assert.ok(!audit.some((e) => e.object === 'plan' && e.action === 'create'), JSON.stringify(audit.slice(0, 8)));
    let timeline = (await anna.getJson(`/api/v1/cases/${id}`)).json().timeline.map((e) => e.kind);
    assert.ok(!timeline.includes('plan_opened'), timeline.join(' '));

    // the first change stores version 1, its "Planen påbörjad" event and the change, in one go
    const g = await annaWeb.post(`/cases/${id}/plan/goals`, { 'goal.area': 'learning', 'goal.need': 'Läsa', 'goal.goal': 'Läser själv' });
    assert.equal(g.status, 303, g.text.slice(0, 300));
    const stored = (await anna.getJson(`/api/v1/cases/${id}/plan`)).json();
    assert.equal(typeof stored.id, 'number');
    assert.deepEqual([stored.version, stored.status, stored.kind, stored.goals.length], [1, 'draft', 'sip_child_plan', 1]);
    timeline = (await anna.getJson(`/api/v1/cases/${id}`)).json().timeline.map((e) => e.kind);
    assert.equal(timeline.filter((k) => k === 'plan_opened').length, 1, timeline.join(' '));
    assert.ok(timeline.includes('plan_goal_saved'));
    const after = await dbSnapshot(srv);
    assert.equal(after.plans.split('\n').filter(Boolean).length, before.plans.split('\n').filter(Boolean).length + 1);
    // a second change works on the same version
    assert.equal((await anna.postJson(`/api/v1/cases/${id}/plan/goals`, { area: 'health', need: 'Sova', goal: 'Sover' })).status, 201);
    const again = (await anna.getJson(`/api/v1/cases/${id}/plan`)).json();
    assert.deepEqual([again.id, again.version, again.goals.length], [stored.id, 1, 2]);
  });

  test('V-2.8: opening the notifications page does not mark them read; its button does', async () => {
    await srv.ready;
    const [anna, bertil, bertilWeb] = await Promise.all([srv.apiLogin('anna'), srv.apiLogin('bertil'), srv.login('bertil')]);
    const orgs = await orgIds(anna);
    const id = (await anna.postJson('/api/v1/cases', registrationJson())).json().id;
    await consent(anna, id, orgs['Socialtjänsten Umeå']);
    const social = (await anna.getJson(`/api/v1/cases/${id}`)).json().consents.find((k) => k.org_id === orgs['Socialtjänsten Umeå']);
    const w = await anna.postJson(`/api/v1/cases/${id}/consents/${social.id}/withdrawal`, { by: 'guardians', on: today() });
    assert.equal(w.status, 200, w.text);
    const unread = async () => (await bertil.getJson('/api/v1/notifications')).json().filter((n) => n.case_id === id && !n.read).length;
    assert.ok((await unread()) >= 1, 'bertil is told of the withdrawal');
    for (let i = 0; i < 2; i++) {
      const page = await bertilWeb.get('/notifications');
      assert.equal(page.status, 200);
      assert.match(decodeEntities(page.text), /Markera alla som lästa/);
    }
    assert.ok((await unread()) >= 1, 'a GET marked notifications read');
    const r = await bertilWeb.post('/notifications/read', {});
    assert.equal(r.status, 303, r.text.slice(0, 300));
    assert.equal(await unread(), 0);
    assert.doesNotMatch(decodeEntities((await bertilWeb.get('/notifications')).text), /Markera alla som lästa/);
  });
});
