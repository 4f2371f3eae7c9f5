// family_arabic: the family's own pages in Arabic, right to left, on a 375 px phone (issue 10 item 11). A
// professional prints a login letter for a guardian; the guardian logs in with its code, chooses العربية in the
// header, and "my pages", the case (with the form to tell the coordinator that something happened), the meeting,
// the plan (answering it: V-8a.2) and "who has looked" (issue 10 item 8) are <html lang="ar" dir="rtl">, in
// Arabic (the page's own words and the labels the server fills in: custody, the meeting's name and setting, the
// need area, the coordinator's role, what was read), laid out from the right, nothing scrolls sideways at 375 px,
// and axe-core finds nothing. The plan in Arabic at 375 px is kept as a picture in the build's test artefacts
// (tests/artefacts/family/).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { useServer, barnplanBin, inDays, today } from '../lib/server.mjs';
import { useBrowser, newContext, logIn, PHONE, arabicAndFits } from '../lib/browser.mjs';
import { makeFinishedPlan, bookFollowupWithFamily } from '../lib/fixtures.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

function artefacts() {
  const dir = path.join(path.resolve(path.dirname(barnplanBin()), '../..'), 'tests/artefacts/family');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The element's box on the screen. */
const box = (locator) => locator.boundingBox();

/** Whether `text` (a date) inside the element is drawn in its own order, its first character left of its last,
 * as it must be beside Arabic words too (an Arabic letter before digits turns them into Arabic numbers, and
 * "2026-12-07" would be drawn 07-12-2026). */
function drawnInOrder(locator, text) {
  return locator.evaluate((el, text) => {
    const nodes = [];
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) nodes.push(n);
    const all = nodes.map((n) => n.data).join('');
    const at = all.indexOf(text);
    if (at < 0) throw new Error(`no «${text}» in ${el.outerHTML}`);
    const x = (i) => { // the i-th character of the element's text, on the screen
      for (const n of nodes) {
        if (i < n.data.length) { const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1); return r.getBoundingClientRect().x; }
        i -= n.data.length;
      }
      throw new Error('past the end');
    };
    return x(at) < x(at + text.length - 1);
  }, text);
}

describe('a guardian reads the family pages in Arabic, right to left, at 375 px', () => {
  let kase, pro, phone;
  before(async () => {
    await srv.ready;
    const [anna, bertil, david] = await Promise.all(['anna', 'bertil', 'david'].map((u) => srv.apiLogin(u)));
    kase = await makeFinishedPlan({ anna, bertil, david });
    await bookFollowupWithFamily(anna, kase);
    pro = await (await newContext(browser)).newPage();
    await logIn(pro, srv.base, 'anna');
    phone = await (await newContext(browser, PHONE)).newPage();
  });
  after(async () => {
    await pro?.context().close();
    await phone?.context().close();
  });

  test('issue 10 items 2, 11: the guardian logs in with the letter\'s code and chooses العربية on "my pages"', async () => {
    await pro.goto(`${srv.base}/cases/${kase.id}`);
    await pro.getByRole('button', { name: /^Brev till Ahmed/ }).click();
    await pro.waitForURL(/\/family\/letter$/);
    const code = (await pro.locator('.survey-code').textContent()).trim();
    await phone.goto(`${srv.base}/family/login`);
    await phone.getByLabel(/^Kod/).fill(code);
    await phone.getByRole('button', { name: 'Logga in' }).click();
    await phone.waitForURL(/\/family$/);
    await phone.getByRole('navigation', { name: 'Språk' }).getByRole('button', { name: 'العربية' }).click(); // a family member's chooser is a form (POST /lang)
    await phone.waitForURL(/\/family$/); // the chooser keeps the page
    await phone.getByRole('heading', { level: 1, name: 'صفحاتي' }).waitFor();
    assert.equal(await phone.getByRole('navigation', { name: 'اللغة' }).locator('[aria-current="true"]').innerText(), 'العربية');
    await arabicAndFits(phone, 'my pages', ['صفحاتي', 'الملفات', 'خطة الطفل']);
    // right to left: the heading starts at the right edge of the page
    const h1 = await box(phone.getByRole('heading', { level: 1 }));
    assert.ok(375 - (h1.x + h1.width) < 40, `the heading starts on the right (${h1.x} + ${h1.width})`);
  });

  test('issue 10 items 3, 11, V-9.3: the case page in Arabic; the form to tell the coordinator, with its error, from the right', async () => {
    await phone.getByRole('link', { name: /خطة الطفل/ }).first().click();
    await phone.waitForURL(new RegExp(`/family/cases/${kase.id}$`));
    await phone.getByRole('heading', { level: 1, name: 'ملف الطفل' }).waitFor();
    await arabicAndFits(phone, 'the case', ['الاجتماع القادم', 'اجتماع المتابعة', 'حضوريًا', 'المزيد عن الاجتماع', 'عنك', 'حضانة مشتركة',
      'منسّق الخطة (samordningsansvarig)', 'هل حدث شيء؟', 'الجهات المشاركة']);
    // the crumbs run from the right: "my pages" first, to the right of "the case"
    const mine = await box(phone.locator('.crumbs a').nth(0));
    const kaseLink = await box(phone.locator('.crumbs a').nth(1));
    assert.ok(mine.x > kaseLink.x, `"my pages" is to the right of "the case" (${mine.x} > ${kaseLink.x})`);
    // dates beside Arabic words keep their order: the plan's version, and the meetings' list
    assert.ok(await drawnInOrder(phone.locator('[data-item="page.plan"] p').first(), today()), 'the version\'s date reads 2026-…, not backwards');
    assert.ok(await drawnInOrder(phone.locator('[data-item="page.meeting"]').first(), `${inDays(20)} 09:00–10:30`), 'the meeting in the list: date and times in order');
    assert.ok(await drawnInOrder(phone.locator('#next-title ~ dl [data-item="meeting.when"]'), `${inDays(20)} 09:00–10:30`), 'the next meeting: date and times in order');
    assert.ok(await drawnInOrder(phone.locator('[data-item="guardians.own_contact"]'), '070-444 55 66'), 'the guardian\'s own phone number in order');
    await phone.getByRole('button', { name: 'إرسال', exact: true }).click(); // nothing typed: the message beside the field
    await phone.getByText('املأ هذا الحقل.').first().waitFor();
    const bar = await phone.locator('#event .field.has-error').first().evaluate((el) => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]);
    assert.deepEqual(bar, ['5px', '0px'], 'the error\'s bar (border-inline-start) is on the right');
    await arabicAndFits(phone, 'the case with an error', ['ماذا حدث؟', 'متى حدث ذلك؟']);
    await phone.getByLabel(/^ماذا حدث؟/).fill('انتقلنا إلى شقة جديدة.');
    await phone.getByRole('button', { name: 'إرسال', exact: true }).click();
    await phone.getByText('شكرًا! أخبرنا منسّق الخطة بذلك.').waitFor();
    await arabicAndFits(phone, 'the case after telling the coordinator', ['شكرًا! أخبرنا منسّق الخطة بذلك.']);
  });

  test('issue 10 items 3, 11: the meeting page in Arabic', async () => {
    await phone.getByRole('link', { name: 'المزيد عن الاجتماع' }).click();
    await phone.getByRole('heading', { level: 1, name: 'اجتماع المتابعة' }).waitFor();
    await arabicAndFits(phone, 'the meeting', ['متى', 'أين', 'حضوريًا', 'Ålidhemsskolans konferensrum', 'لماذا', 'المدعوون', 'وليّ الأمر']);
    // what a professional wrote in Swedish keeps its full stop at its end, on the left
    assert.ok(await drawnInOrder(phone.locator('[data-item="meeting.why"]'), 'Se hur det går med läsningen.'), 'the purpose reads in order');
  });

  test('issue 10 items 3, 7, 11, V-8a.2: the plan page in Arabic; the guardian answers it; kept as a picture', async () => {
    await phone.goto(`${srv.base}/family/cases/${kase.id}/plan`);
    await phone.getByRole('heading', { level: 2, name: 'توقيعك' }).waitFor();
    await arabicAndFits(phone, 'the plan', ['خطة الطفل (SIP)', 'النسخة', 'نزّل الخطة بصيغة PDF', 'احتياجات الطفل وأهدافه', 'التعلّم', 'Läser en bok på egen hand',
      'من يفعل ماذا', 'ما يفعله الطفل وأولياء الأمور وغيرهم', 'بمن تتواصلون', 'منسّق الخطة (samordningsansvarig)', 'إذا لم تنجح الخطة، تواصل مع', 'المتابعة']);
    // the choices read from the right: the radio button to the right of its words
    const signed = phone.getByRole('radio', { name: 'التوقيع', exact: true });
    const [radio, label] = [await box(signed), await box(phone.locator(`label[for="${await signed.getAttribute('id')}"]`))];
    assert.ok(radio.x > label.x, `the radio button is to the right of its label (${radio.x} > ${label.x})`);
    await signed.check();
    await phone.getByRole('button', { name: 'أرسل ردّي' }).click();
    await phone.getByText('شكرًا! حُفظ ردّك.').waitFor();
    await arabicAndFits(phone, 'the plan after answering', ['شكرًا! حُفظ ردّك.', 'وقّعت على الخطة بتاريخ']);
    assert.ok(await drawnInOrder(phone.locator('#sign'), today()), 'the day of the answer reads in order');
    assert.ok(await drawnInOrder(phone.locator('main > p').filter({ hasText: 'PDF' }).first(), today()), 'the version\'s date reads in order');
    assert.ok(await drawnInOrder(phone.locator('[data-item="plan.contacts"] li').first(), 'Anna Lindqvist, 090-10 00 00'), 'a contact and the phone number read in order');
    await phone.screenshot({ path: path.join(artefacts(), `${srv.backend}-guardian-plan-ar-375.png`), fullPage: true });
  });

  test('issue 10 items 8, 11: "who has looked" in Arabic, what was read in Arabic', async () => {
    await phone.goto(`${srv.base}/family/cases/${kase.id}`);
    await phone.getByRole('link', { name: 'من اطّلع على بيانات الطفل؟' }).click();
    await phone.waitForURL(/\/access$/);
    await phone.getByRole('heading', { level: 1, name: 'من اطّلع على البيانات' }).waitFor();
    const table = phone.getByRole('region', { name: 'من اطّلع على البيانات' });
    for (const name of ['متى', 'من', 'الجهة', 'ماذا']) assert.equal(await table.getByRole('columnheader', { name, exact: true }).count(), 1, name);
    await arabicAndFits(phone, 'who has looked', ['Anna Lindqvist', 'الملف', 'أنت']);
    // the table's first column ("when") is on the right
    const [when, what] = [await box(table.getByRole('columnheader', { name: 'متى' })), await box(table.getByRole('columnheader', { name: 'ماذا' }))];
    assert.ok(when.x > what.x, `"when" is to the right of "what" (${when.x} > ${what.x})`);
  });
});
