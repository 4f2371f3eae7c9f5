// Arabic, right to left, on a phone (issue 10 item 11): someone chooses العربية in the header's language chooser
// on the login page; the login page and the survey that children and guardians answer (V-12.1, V-12.3) are
// then <html lang="ar" dir="rtl">, in Arabic, laid out from the right (the faces run from the right edge, an
// error's bar is on the right), nothing scrolls sideways at 375 px, and axe-core finds nothing. Screenshots in
// /tmp/barnplan-ar-*.png for people to look at.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, overflow, PHONE } from '../lib/browser.mjs';
import { finishedPlanCase, printedCodes } from '../lib/survey.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

/** The page is Arabic and right to left, fits 375 px and passes axe; a screenshot is kept. */
async function arabicAndFits(page, name) {
  assert.equal(await page.getAttribute('html', 'lang'), 'ar', `${name}: html lang`);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl', `${name}: html dir`);
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), 'rtl', `${name}: laid out right to left`);
  const extra = await overflow(page);
  await page.screenshot({ path: `/tmp/barnplan-ar-${name.replace(/\W+/g, '-')}.png`, fullPage: true });
  assert.equal(extra, 0, `${name} is ${extra} px wider than a 375 px screen`);
  await checkA11y(page, `${name} in Arabic at 375 px`);
}

describe('Arabic, right to left, at 375 px', () => {
  let phone, child, guardian;

  before(async () => {
    await srv.ready;
    const caseId = await finishedPlanCase(await srv.apiLogin('anna'), 'Ålidhemsskolan'); // V-12.2: the survey goes out
    const codes = await printedCodes(await srv.login('anna'), caseId);
    child = codes.find((c) => c.who === 'child').code;
    guardian = codes.find((c) => c.who === 'guardian').code;
    phone = await (await newContext(browser, PHONE)).newPage();
  });

  test('the chooser lists every language in its own name; choosing العربية keeps the page and remembers it', async () => {
    await phone.goto(`${srv.base}/login`);
    const chooser = phone.getByRole('navigation', { name: 'Språk' });
    for (const name of ['Svenska', 'English', 'العربية']) assert.equal(await chooser.getByRole('link', { name, exact: true }).count(), 1, name);
    assert.equal(await chooser.locator('[aria-current="true"]').innerText(), 'Svenska');
    await chooser.getByRole('link', { name: 'العربية' }).click();
    await phone.waitForURL(/\/login$/);
    assert.equal(await phone.getByRole('navigation', { name: 'اللغة' }).locator('[aria-current="true"]').innerText(), 'العربية');
    await phone.goto(`${srv.base}/survey`); // remembered on the next page too
    assert.equal(await phone.getAttribute('html', 'lang'), 'ar');
  });

  test('the login page, and a refused login, in Arabic', async () => {
    await phone.goto(`${srv.base}/login`);
    await phone.getByRole('heading', { level: 1, name: 'تسجيل الدخول' }).waitFor();
    await arabicAndFits(phone, 'the login page');
    await phone.getByLabel('اسم المستخدم').fill('anna');
    await phone.getByLabel('كلمة المرور').fill('fel-losenord');
    await phone.getByRole('button', { name: 'تسجيل الدخول' }).click();
    await phone.getByText('اسم المستخدم أو كلمة المرور غير صحيحين.').waitFor();
    await arabicAndFits(phone, 'a refused login');
  });

  test('V-12.1: the survey\'s code page, and a code that does not exist, in Arabic', async () => {
    await phone.goto(`${srv.base}/survey`);
    await phone.getByRole('heading', { level: 1, name: 'استبيان' }).waitFor();
    await arabicAndFits(phone, 'the survey code page');
    await phone.getByLabel('الرمز المكتوب في الرسالة').fill('AAAA-BBBB-CCCC-DDDD');
    await phone.getByRole('button', { name: 'إلى الاستبيان' }).click();
    await phone.getByRole('alert').filter({ hasText: 'هذا الرمز غير موجود. تحقّق منه وحاول مرة أخرى.' }).waitFor();
    // the error's bar is on the field's start side, which is the right in Arabic
    const bar = await phone.locator('.field.has-error').evaluate((el) => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]);
    assert.deepEqual(bar, ['5px', '0px'], 'border-inline-start is on the right');
    await arabicAndFits(phone, 'a code that does not exist');
  });

  test('V-12.3: the child\'s survey in Arabic: the faces from the right, a message when nothing is chosen, then thanks', async () => {
    await phone.goto(`${srv.base}/survey`);
    await phone.getByLabel('الرمز المكتوب في الرسالة').fill(child);
    await phone.getByRole('button', { name: 'إلى الاستبيان' }).click();
    await phone.getByRole('heading', { level: 1, name: 'ما رأيك؟' }).waitFor();
    await arabicAndFits(phone, 'the child\'s survey');
    const q1 = phone.getByRole('group', { name: 'هل استمع إليك الكبار؟' });
    const first = await q1.locator('.face-choice').nth(0).boundingBox();
    const second = await q1.locator('.face-choice').nth(1).boundingBox();
    assert.equal(first.y, second.y, 'the first two answers share a row');
    assert.ok(first.x > second.x, `the first answer is to the right of the second (${first.x} > ${second.x})`);
    await phone.getByRole('button', { name: 'أرسل الإجابات' }).click();
    await phone.getByRole('alert').filter({ hasText: 'أجب عن سؤال واحد على الأقل قبل الإرسال.' }).waitFor();
    await arabicAndFits(phone, 'the child\'s survey with its message');
    await phone.getByRole('group', { name: 'هل استمع إليك الكبار؟' }).getByLabel('نعم، كثيرًا').check();
    await phone.getByRole('group', { name: 'ما رأيك في المساعدة؟' }).getByLabel('راضٍ جدًا').check();
    await phone.getByRole('button', { name: 'أرسل الإجابات' }).click();
    await phone.getByRole('heading', { level: 1, name: 'شكرًا على إجاباتك' }).waitFor();
    await arabicAndFits(phone, 'the thanks');
    // V-12.1: a code answers once. The QR code's link (the code after '#', V14.2.1), followed from the code page:
    // only the fragment changes, and code.js takes it from there
    await phone.goto(`${srv.base}/survey`);
    await phone.goto(`${srv.base}/survey#kod=${child}`);
    await phone.getByRole('heading', { level: 1, name: 'تمت الإجابة عن الاستبيان من قبل' }).waitFor();
    await arabicAndFits(phone, 'a used code');
  });

  test('V-12.3: a guardian\'s survey in Arabic, with the free text', async () => {
    await phone.goto(`${srv.base}/survey#kod=${guardian}`);
    await phone.getByRole('heading', { level: 1, name: 'ما رأيكم في المساعدة؟' }).waitFor();
    await arabicAndFits(phone, 'a guardian\'s survey');
    await phone.getByRole('group', { name: 'هل تغيّر وضع الأسرة منذ أن بدأت مساعدتنا؟' }).getByLabel('أفضل').check();
    await phone.getByLabel('هل لديكم ما تودّون إضافته؟ ما الذي يمكننا أن نفعله بشكل أفضل؟').fill('نحتاج إلى مترجم في الاجتماعات.');
    await phone.getByRole('button', { name: 'أرسل الإجابات' }).click();
    await phone.getByRole('heading', { level: 1, name: 'شكرًا على إجاباتك' }).waitFor();
  });
});
