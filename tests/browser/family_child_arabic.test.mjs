// family_child_arabic: a twelve-year-old does every family step on a 375 px phone in Arabic (issue 10 "done
// when": "as a twelve-year-old child (also at 375 px width and in Arabic) ... answer the preparation questions,
// withdraw consent for one organisation, sign a plan, download their copy, report an event and answer the
// survey"). The professional prints the child's login letter in the browser; the child types its code, chooses
// العربية, and then works through the steps by the links and buttons a child sees. Every page is
// <html lang="ar" dir="rtl">, has none of the family pages' Swedish words left, fits 375 px and passes axe-core;
// each step is checked where it lands (the answers stored, the signature, the PDF read back with pdftotext,
// the coordinator's event, the survey's thanks, the withdrawal in force at once).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServer, personnummer, dbQuery, uniqueName } from '../lib/server.mjs';
import { useBrowser, newContext, logIn, PHONE, arabicAndFits } from '../lib/browser.mjs';
import { makeFinishedPlan, bookFollowupWithFamily } from '../lib/fixtures.mjs';
import { bornYearsAgo } from '../lib/family.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

describe('issue 10: a twelve-year-old on a phone, in Arabic, from the letter to the survey', () => {
  let kase, pro, phone, anna;
  const mark = uniqueName('SAGA');
  before(async () => {
    await srv.ready;
    const [a, bertil, david] = await Promise.all(['anna', 'bertil', 'david'].map((u) => srv.apiLogin(u)));
    anna = a;
    kase = await makeFinishedPlan({ anna, bertil, david }, { registration: { child: { given_name: 'Saga', id_number: personnummer(bornYearsAgo(12), 512) } } });
    await bookFollowupWithFamily(anna, kase);
    pro = await (await newContext(browser)).newPage();
    await logIn(pro, srv.base, 'anna');
    phone = await (await newContext(browser, PHONE)).newPage();
  });
  after(async () => {
    await pro?.context().close();
    await phone?.context().close();
  });

  test('items 2, 11: the child logs in with the letter\'s code and chooses العربية', async () => {
    await pro.goto(`${srv.base}/cases/${kase.id}`);
    await pro.getByRole('button', { name: 'Brev till barnet' }).click();
    await pro.waitForURL(/\/family\/letter$/);
    const code = (await pro.locator('.survey-code').textContent()).trim();
    await phone.goto(`${srv.base}/family/login`);
    await phone.getByLabel(/^Kod/).fill(code);
    await phone.getByRole('button', { name: 'Logga in' }).click();
    await phone.waitForURL(/\/family$/);
    await phone.getByRole('navigation', { name: 'Språk' }).getByRole('button', { name: 'العربية' }).click(); // a family member's chooser is a form (POST /lang)
    await phone.waitForURL(/\/family$/);
    await phone.getByRole('heading', { level: 1, name: 'صفحاتي' }).waitFor();
    await arabicAndFits(phone, 'my pages');
    await phone.locator(`a[href="/family/cases/${kase.id}"]`).first().click();
    await phone.waitForURL(new RegExp(`/family/cases/${kase.id}$`));
    await arabicAndFits(phone, 'the case');
  });

  test('item 5, V-3.7, V-3.11: the child answers the preparation questions in Arabic', async () => {
    await phone.locator(`[data-item="family.todo"] a[href="/family/cases/${kase.id}/prep"]`).click(); // what waits
    await phone.waitForURL(/\/prep$/);
    await arabicAndFits(phone, 'the child\'s questions');
    await phone.locator('#prep-answer_1').fill(`${mark} أن ألعب مع أصدقائي`);
    await phone.locator('input[name="prep.participation"][value="whole"]').check();
    await phone.locator('form button[type="submit"].primary').click();
    await phone.waitForURL(/\/prep\?saved=1$/);
    await phone.getByRole('status').waitFor();
    await arabicAndFits(phone, 'the questions, saved');
    const stored = await dbQuery(srv, `SELECT count(*) FROM child_preps WHERE case_id = ${kase.id} AND answer_1 LIKE '${mark}%'`);
    assert.equal(stored.trim(), '1', 'V-3.7: the child\'s own answer is stored');
  });

  test('item 3, K-4.7: the child answers the invitation to the next meeting from "what you can do now"', async () => {
    await phone.goto(`${srv.base}/family/cases/${kase.id}`);
    await phone.locator('[data-item="family.todo"] a[href$="#answer"]').click();
    await phone.waitForURL(/\/meetings\/\d+#answer$/);
    await arabicAndFits(phone, 'the meeting with the question');
    await phone.locator('#answer select[name="answer.answer"]').selectOption('yes');
    await phone.locator('form[action$="/answer"] button[type="submit"]').click();
    await phone.waitForURL(/\?saved=1#answer$/);
    await phone.locator('#answer [role="status"]').waitFor();
    await arabicAndFits(phone, 'the meeting after answering');
    const answer = await dbQuery(srv, `SELECT i.answer FROM meeting_invitees i JOIN meetings m ON m.id = i.meeting_id WHERE m.case_id = ${kase.id} AND i.kind = 'child'`);
    assert.equal(answer.trim(), 'yes', 'K-4.7: the child\'s own answer is recorded');
  });

  test('K-6.4: from the meeting page, the words used at the meeting explained, in Arabic', async () => {
    await phone.locator('main a[href$="/glossary"]').click();
    await phone.waitForURL(/\/glossary$/);
    await arabicAndFits(phone, 'the meeting\'s words');
  });

  test('items 3, 7, V-8a.2: the child signs the version in force and downloads their own copy', async () => {
    await phone.goto(`${srv.base}/family/cases/${kase.id}/plan`);
    await arabicAndFits(phone, 'the plan');
    await phone.locator('#sign input[type="radio"][value="signed"]').check();
    await phone.locator('form[action$="/plan/signature"] button[type="submit"]').click();
    await phone.getByText('شكرًا! حُفظ ردّك.').waitFor();
    await arabicAndFits(phone, 'the plan, signed');
    const signed = await dbQuery(srv, `SELECT s.answer || ' ' || s.method FROM plan_signatures s JOIN plans p ON p.id = s.plan_id WHERE p.case_id = ${kase.id} AND s.kind = 'child'`);
    assert.equal(signed.trim(), 'signed app', 'V-8a.2: the child\'s own signature, online');
    await phone.locator(`a[href="/family/cases/${kase.id}/plan/child"]`).first().click();
    await phone.waitForURL(/\/plan\/child$/);
    await arabicAndFits(phone, 'the child\'s plan');
    const [download] = await Promise.all([phone.waitForEvent('download'), phone.locator(`a[href="/family/cases/${kase.id}/plan/child.pdf"]`).click()]);
    const dir = mkdtempSync(path.join(tmpdir(), 'barnplan-child-pdf-'));
    try {
      const file = path.join(dir, 'plan.pdf');
      await download.saveAs(file);
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      assert.match(text, /Saga/, 'the child\'s own copy names the child');
      assert.match(text, /Läser en bok på egen hand/, 'and carries the plan\'s goal');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('item 7, V-9.3: the child tells the coordinator that something happened', async () => {
    await phone.goto(`${srv.base}/family/cases/${kase.id}`);
    await phone.locator('form[action$="/events"] button[type="submit"]').click(); // nothing typed: a message
    await phone.getByText('املأ هذا الحقل.').first().waitFor();
    await arabicAndFits(phone, 'the case with a message beside the field');
    await phone.locator('form[action$="/events"] textarea').first().fill(`${mark} لا أريد الذهاب إلى المجموعة بعد الآن`);
    await phone.locator('form[action$="/events"] button[type="submit"]').click();
    await phone.getByText('شكرًا! أخبرنا منسّق الخطة بذلك.').waitFor();
    await arabicAndFits(phone, 'the case after telling the coordinator');
    const events = await anna.getJson(`/api/v1/cases/${kase.id}/implementation`);
    assert.equal(events.status, 200);
    assert.ok(JSON.stringify(events.json()).includes(mark), 'the coordinator has the child\'s report');
  });

  test('item 7, V-12.1, V-12.3: the child answers the survey from the case page, in Arabic', async () => {
    await phone.locator(`form[action="/family/cases/${kase.id}/survey"] button`).click();
    await phone.getByRole('heading', { level: 1, name: 'ما رأيك؟' }).waitFor();
    assert.doesNotMatch(phone.url(), /code|kod/, 'V14.2.1: no code in the address');
    await arabicAndFits(phone, 'the child\'s survey');
    await phone.getByRole('group', { name: 'هل استمع إليك الكبار؟' }).getByLabel('نعم، كثيرًا').check();
    await phone.getByRole('button', { name: 'أرسل الإجابات' }).click();
    await phone.getByRole('heading', { level: 1, name: 'شكرًا على إجاباتك' }).waitFor();
    await arabicAndFits(phone, 'the survey\'s thanks');
  });

  test('item 4, V-2.8: the child withdraws the consent for one organisation; it ends at once', async () => {
    const bup = kase.orgs['BUP Umeå'];
    await phone.goto(`${srv.base}/family/cases/${kase.id}`);
    await phone.locator(`a[href="/family/cases/${kase.id}/consents"]`).click();
    await phone.waitForURL(/\/consents$/);
    await arabicAndFits(phone, 'the consents');
    await phone.locator('a[href$="/withdraw"]').filter({ hasText: 'BUP Umeå' }).click();
    await phone.waitForURL(/\/withdraw$/);
    await arabicAndFits(phone, 'the question before the withdrawal');
    assert.match(await phone.getByRole('heading', { level: 1 }).innerText(), /BUP Umeå/);
    await phone.locator('form[action$="/withdraw"] button[type="submit"]').click();
    await phone.waitForURL(/\/consents\?withdrawn=1$/);
    await arabicAndFits(phone, 'the consents after the withdrawal');
    const inForce = await dbQuery(srv, `SELECT count(*) FROM consents WHERE case_id = ${kase.id} AND org_id = ${bup} AND withdrawn_on IS NULL`);
    assert.equal(inForce.trim(), '0', 'V-2.8: no consent for BUP Umeå in force any more');
  });
});
