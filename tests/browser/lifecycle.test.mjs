// The Västerbotten case of part 1 carried on through a plan's life in a real browser (Debian's Chromium), with
// axe-core on every page on the way (issue 9, "Done when"). The start is made through the API, as part 1's own
// browser walk (walk.test.mjs) already drives it: a finished plan version 1 with anna (Ålidhemsskolan)
// coordinating, bertil (Socialtjänsten Umeå) and david (BUP Umeå) taking part. Then, in the browser:
//   1. signatures (V-8a.2): anna signs in the app with her password, a guardian's paper signature is recorded,
//      and the coordinator sees who has signed and who has not answered;
//   2. copies (V-8a.3): the PDF of version 1 is downloaded, a printed copy handed to a guardian is recorded;
//   3. an event (V-9.3, V-9.4): bertil reports it, anna books an earlier follow-up and records the decision;
//   4. that follow-up (V-10.2-V-10.7): the questions, each intervention reviewed, the next follow-up booked,
//      coordination still needed with BUP Umeå as the new coordinator; the updated plan, david accepts and
//      finishes version 2, which the case page lists as in force;
//   5. a second follow-up of version 2, where coordination is no longer needed;
//   6. closure (V-11.1, V-11.3, V-11.4): a joint decision with who agreed, everyone told, the closing letter,
//      and the case read-only on every page of the way (the implementation and follow-up pages included).
// The steps depend on each other and run in order (one describe); each checks where it lands before it acts.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useServer, DEMO_PASSWORD, today, inDays } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, logIn } from '../lib/browser.mjs';
import { makeFinishedPlan } from '../lib/fixtures.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it

const GUARDIAN = 'Leila Jsonsson'; // the first guardian of registrationJson (tests/lib/server.mjs)
const OTHER_GUARDIAN = 'Ahmed Jsonsson';

/** A logged-in page of its own (own cookies) for `user`. */
async function pageOf(user, options = {}) {
  const page = await (await newContext(browser, options)).newPage();
  await logIn(page, srv.base, user);
  return page;
}

/** The regular expression matching `path` on this server, with an optional query and fragment. */
function at(path, query = '') {
  const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${esc(srv.base + path)}${query ? `\\?${query}` : '(\\?[^#]*)?'}(#.*)?$`);
}

/** Waits until `page` is at `url`; when it is not, the error says where it is and what the page says (its messages). */
async function landOn(page, url) {
  try {
    await page.waitForURL(url);
  } catch (e) {
    e.message += `\n--- the page is at ${page.url()}:\n${(await page.locator('main').innerText().catch(() => '')).slice(0, 3000)}`;
    throw e;
  }
}

describe('Västerbotten: a plan through signatures, copies, an event, two follow-ups and closure', () => {
  let anna, bertil, david, kase, caseUrl, earlierMeeting, secondMeeting;

  before(async () => {
    await srv.ready;
    const api = Object.fromEntries(await Promise.all(['anna', 'bertil', 'david'].map(async (u) => [u, await srv.apiLogin(u)])));
    kase = await makeFinishedPlan(api);
    caseUrl = `/cases/${kase.id}`;
    [anna, bertil, david] = await Promise.all([pageOf('anna', { acceptDownloads: true }), pageOf('bertil'), pageOf('david')]);
  });

  test('1. V-8a.2: anna signs in the app with her password; a guardian\'s paper signature is recorded; who has answered', async () => {
    await anna.goto(srv.base + caseUrl);
    await checkA11y(anna, 'the case page with a finished plan');
    await anna.getByRole('link', { name: 'Öppna planen' }).click();
    await landOn(anna, at(`${caseUrl}/plan`));
    const signers = anna.locator('#signers');
    assert.match(await signers.getByRole('row', { name: /Anna Lindqvist/ }).innerText(), /Har inte svarat/);
    assert.match(await signers.getByRole('row', { name: new RegExp(GUARDIAN) }).innerText(), /Har inte svarat/);
    await checkA11y(anna, 'the finished plan, nobody has answered');
    // V-8a.2: a professional answers for themselves and confirms who they are with the password
    const form = anna.locator('#signatures form');
    await form.getByLabel(/^Vem svarar\?/).selectOption({ label: 'Jag själv (yrkesverksam)' });
    await form.getByLabel('Skriver under').check();
    await form.getByLabel(/^Ditt lösenord/).fill(DEMO_PASSWORD);
    await form.getByRole('button', { name: 'Registrera svaret' }).click();
    await landOn(anna, /saved=signature/);
    assert.match(await anna.locator('#signers').getByRole('row', { name: /Anna Lindqvist/ }).innerText(), /Signerade version 1\s+I Barnplan/);
    // V-8a.2: a guardian's signature on paper, recorded by the coordinator (no password: it is not hers)
    const paper = anna.locator('#signatures form');
    await paper.getByLabel(/^Vem svarar\?/).selectOption({ label: 'Vårdnadshavare' });
    await paper.getByLabel(/^Vårdnadshavare/).selectOption({ label: GUARDIAN });
    await paper.getByLabel('Skriver under').check();
    await paper.getByLabel(/^Datum/).fill(today());
    await paper.getByRole('button', { name: 'Registrera svaret' }).click();
    await landOn(anna, /saved=signature/); // already there after anna's own answer: wait for the guardian's too
    const table = anna.locator('#signers');
    await table.getByRole('row', { name: new RegExp(GUARDIAN) }).filter({ hasText: 'På papper' }).waitFor();
    assert.match(await table.getByRole('row', { name: new RegExp(GUARDIAN) }).innerText(), /Signerade version 1\s+På papper/);
    assert.match(await table.getByRole('row', { name: new RegExp(OTHER_GUARDIAN) }).innerText(), /Har inte svarat/);
    assert.match(await table.getByRole('row', { name: /David Nilsson|BUP Umeå/ }).first().innerText(), /Har inte svarat/);
    await table.getByRole('link', { name: new RegExp(`Bifoga inskannad sida.*${GUARDIAN}`) }).waitFor(); // the paper may get its scan
    await checkA11y(anna, 'the plan with who has signed and who has not answered');
  });

  test('2. V-8a.3: the PDF of version 1 is downloaded, and a printed copy handed to a guardian is recorded', async () => {
    await anna.goto(`${srv.base}${caseUrl}/plan#copies`);
    const copies = anna.locator('#copies');
    assert.match(await copies.getByRole('row', { name: new RegExp(GUARDIAN) }).innerText(), /Inte ännu/);
    const [download] = await Promise.all([
      anna.waitForEvent('download'),
      anna.getByRole('link', { name: /Ladda ner planen som PDF/ }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `plan-${kase.id}-version-1.pdf`);
    const pdf = await readFile(await download.path());
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'the download is a PDF');
    assert.ok(pdf.length > 1000, `a PDF of some substance (${pdf.length} bytes)`);
    await anna.goto(`${srv.base}${caseUrl}/plan`); // not "#copies": the same URL with a fragment would not load again
    assert.match(await anna.locator('#copies').getByRole('row', { name: /Ålidhemsskolan/ }).innerText(), /Ja\s+Nedladdad i appen/);
    const form = anna.locator('#copies form');
    await form.getByLabel(/^Vem fick exemplaret\?/).selectOption({ label: 'Vårdnadshavare' });
    await form.getByLabel(/^Vilken vårdnadshavare\?/).selectOption({ label: GUARDIAN });
    await form.getByLabel(/^Hur fick de exemplaret\?/).selectOption({ label: 'Utskrivet exemplar överlämnat' });
    await form.getByRole('button', { name: 'Registrera exemplaret' }).click();
    await landOn(anna, /saved=copy#copies$/);
    assert.match(await anna.locator('#copies').getByRole('row', { name: new RegExp(GUARDIAN) }).innerText(), /Ja\s+Utskrivet exemplar överlämnat/);
    assert.match(await anna.locator('#copies').getByRole('row', { name: new RegExp(OTHER_GUARDIAN) }).innerText(), /Inte ännu/);
    await checkA11y(anna, 'the plan with the copies ledger');
  });

  test('3. V-9.3, V-9.4: bertil reports an event; anna books an earlier follow-up and records the decision naming it', async () => {
    await bertil.goto(`${srv.base}${caseUrl}/plan`);
    await bertil.getByRole('link', { name: 'Genomförande' }).click();
    await landOn(bertil, at(`${caseUrl}/implementation`));
    await checkA11y(bertil, 'the implementation page (social services)');
    await bertil.getByLabel(/^Vad har hänt\?/).fill('Familjen flyttar till en annan stadsdel i maj.');
    await bertil.getByRole('button', { name: 'Rapportera' }).click();
    await landOn(bertil, /saved=event/);
    await bertil.getByText('Händelsen är rapporterad. Den som samordnar planen har fått besked.').waitFor();
    assert.equal(await bertil.getByRole('link', { name: /Besluta/ }).count(), 0, 'only the coordinator decides');
    await checkA11y(bertil, 'the implementation page with the reported event');
    // V-9.3: the coordinator is told at once
    await anna.goto(`${srv.base}/notifications`);
    await anna.getByText('Något har hänt som påverkar planen: beslut behövs').first().waitFor();
    await checkA11y(anna, 'the notifications with the event');
    await anna.goto(`${srv.base}${caseUrl}/implementation`);
    await anna.getByText('Familjen flyttar till en annan stadsdel i maj.').waitFor();
    await anna.getByRole('link', { name: /Besluta/ }).click();
    await landOn(anna, /\/implementation\/events\/\d+$/);
    await checkA11y(anna, 'the decision page');
    // V-9.4: an earlier follow-up, booked as in part 1 from the link the decision page gives (it carries the event)
    await anna.getByRole('link', { name: 'Boka ett tidigare uppföljningsmöte' }).click();
    await landOn(anna, at(`${caseUrl}/meetings/new`, 'kind=followup&event=\\d+'));
    assert.equal(await anna.getByLabel(/^Vilket möte/).locator('option:checked').textContent(), 'Uppföljningsmöte');
    // today at eight, so that the test can mark it as held: the server has no clock a test can move, and a
    // meeting is held on or after its date, while its invitation goes out before it starts (http/meetings.test.mjs)
    await anna.getByLabel(/^Datum/).fill(today());
    await anna.getByLabel(/^Börjar/).fill('08:00');
    await anna.getByLabel(/^Slutar/).fill('09:00');
    await anna.getByRole('radio', { name: 'På plats' }).check();
    await anna.getByLabel('Vi har kommit överens om digitalt eller på plats').check();
    await anna.getByLabel('Plats', { exact: true }).fill('Ålidhemsskolan, lilla konferensrummet');
    await anna.getByLabel(/^Varför mötet behövs/).fill('Familjen flyttar; vi ser över planen tidigare än tänkt.');
    await anna.getByLabel(/^Vad ska vi prata om/).fill('Flytten, skolvägen och insatserna.');
    await checkA11y(anna, 'the meeting form for an earlier follow-up');
    await anna.getByRole('button', { name: 'Spara mötet' }).click();
    // back on the event, one step from the decision: the earlier follow-up and the meeting booked are chosen
    await landOn(anna, new RegExp(`${caseUrl}/implementation/events/\\d+\\?meeting=\\d+#decision$`));
    earlierMeeting = Number(new URL(anna.url()).searchParams.get('meeting'));
    assert.ok(await anna.getByLabel('Ett tidigare uppföljningsmöte behövs').isChecked());
    assert.equal(await anna.getByLabel(/^Det tidigare uppföljningsmötet/).inputValue(), String(earlierMeeting));
    await anna.getByLabel(/^Motivering/).fill('Flytten påverkar skolvägen och familjebehandlingen.');
    await anna.getByRole('button', { name: 'Spara beslutet' }).click();
    await landOn(anna, /saved=decision/);
    await anna.getByText('Ett tidigare uppföljningsmöte behövs').first().waitFor();
    const booked = anna.locator('#events').getByRole('link', { name: 'Det tidigare uppföljningsmötet' });
    assert.match(await booked.getAttribute('href'), new RegExp(`/meetings/${earlierMeeting}$`), 'the decision names the meeting booked');
    await checkA11y(anna, 'the implementation page with the decision');
    // the event asks for the invitation until it is sent: the meeting page, as in part 1
    await anna.locator('#events').getByRole('link', { name: /Bjud in och skicka kallelsen/ }).click();
    await landOn(anna, at(`${caseUrl}/meetings/${earlierMeeting}`));
    // who is invited, as in part 1: the child, both guardians and social services
    await anna.getByLabel('Vem', { exact: true }).selectOption('child');
    await anna.getByRole('button', { name: 'Lägg till' }).click();
    await anna.getByRole('row', { name: /Barnet/ }).waitFor();
    for (const name of [GUARDIAN, OTHER_GUARDIAN]) {
      await anna.getByLabel('Vem', { exact: true }).selectOption('guardian');
      await anna.getByLabel('Vårdnadshavare (om vårdnadshavare)').selectOption({ label: name });
      await anna.getByRole('button', { name: 'Lägg till' }).click();
      await anna.getByRole('row', { name: new RegExp(name) }).waitFor();
    }
    await anna.getByLabel('Vem', { exact: true }).selectOption('professional');
    await anna.getByLabel('Verksamhet (om yrkesverksam)').selectOption({ label: 'Socialtjänsten Umeå' });
    await anna.getByLabel('Person i Barnplan (om yrkesverksam)').selectOption({ label: 'Bertil Öberg (socialsekreterare)' });
    await anna.getByRole('button', { name: 'Lägg till' }).click();
    await anna.getByRole('row', { name: /Bertil/ }).waitFor();
    await checkA11y(anna, 'the earlier follow-up meeting with its invitees');
  });

  test('4. V-10.2-V-10.7: the earlier follow-up, the updated plan with BUP Umeå coordinating, version 2 finished and in force', async () => {
    // the meeting is held (V-6.10: the child is asked for a last word); V-10.3 later opens with it
    await anna.goto(`${srv.base}${caseUrl}/meetings/${earlierMeeting}`);
    await anna.getByRole('link', { name: 'Ordförandens sida' }).click();
    await landOn(anna, at(`${caseUrl}/meetings/${earlierMeeting}/chair`));
    await checkA11y(anna, "the chair's page of the earlier follow-up");
    const attendance = anna.locator('select[name^="attendance."]');
    assert.equal(await attendance.count(), 4, 'the child, two guardians and social services');
    for (let i = 0; i < 4; i++) await attendance.nth(i).selectOption({ label: 'Var med' });
    await anna.getByLabel('Barnet (eller den som företrädde barnet) fick frågan').check();
    await anna.getByLabel('Vad barnet lade till').fill('Jag vill fortsätta med läsningen.');
    await anna.getByRole('button', { name: 'Spara att mötet är hållet' }).click();
    await landOn(anna, at(`${caseUrl}/meetings/${earlierMeeting}`));
    await anna.getByText(/08:00–09:00 · Hållet/).waitFor();
    await checkA11y(anna, 'the earlier follow-up meeting, held');
    await anna.getByRole('link', { name: 'Uppföljningen: frågorna och insatserna' }).click();
    await landOn(anna, at(`${caseUrl}/meetings/${earlierMeeting}/followup`));
    await anna.getByRole('heading', { name: 'Börja med att sammanfatta förra mötet' }).waitFor();
    await anna.getByText(/Versionsnummer 1 följs upp/).waitFor();
    await checkA11y(anna, 'the first follow-up page');
    await anna.getByLabel('Hur upplevde barnet förra mötet?').fill('Bra att alla lyssnade.');
    await anna.getByLabel('Hur tycker barnet att insatserna har fungerat?').fill('Läsningen är rolig nu.');
    await anna.getByLabel('Vad tycker vårdnadshavarna om insatserna?').fill('Nöjda, men oroliga för flytten.');
    await anna.getByLabel('Datum då barnet och vårdnadshavarna fick säga sitt').fill(today());
    await anna.getByLabel('a. Har alla gjort det de åtog sig i planen?').fill('Ja.');
    await anna.getByLabel('b. Hur fungerar insatserna? Ges de på rätt sätt och i rätt ordning?').fill('Specialpedagogiken fungerar.');
    await anna.getByLabel('f. Har barnets mål och behov förändrats?').fill('Flytten gör att BUP tar över samordningen.');
    await anna.getByLabel('h. Det här fungerar').fill('Läsningen går framåt.');
    await anna.getByLabel('Datum för nästa uppföljning').fill(inDays(120));
    await anna.getByLabel('Klockslag för nästa uppföljning').fill('14:00');
    await anna.getByLabel('Plats för nästa uppföljning').fill('BUP Umeå');
    await anna.getByLabel('Vilka deltar i nästa uppföljning?').fill('Barnet, vårdnadshavarna, skolan och BUP');
    await anna.getByLabel('Ja, vi gör en uppdaterad plan').check();
    await anna.getByLabel('Ny samordnande verksamhet för den uppdaterade planen').selectOption({ label: 'BUP Umeå' });
    await anna.getByRole('button', { name: 'Spara uppföljningen' }).click();
    await landOn(anna, /saved=followup/);
    // V-10.4: intervention by intervention; social services' family treatment ends
    for (const [what, decision] of [['Specialpedagogiskt stöd', 'Fortsätter som nu'], ['Familjebehandling', 'Avslutas']]) {
      const item = anna.locator('.item', { hasText: what });
      await item.getByLabel(decision).check();
      await item.getByRole('button', { name: 'Spara för den här insatsen' }).click();
      await landOn(anna, /saved=interventions/);
      await anna.locator('.item', { hasText: what }).getByText(`Beslut: ${decision}`).waitFor();
    }
    await checkA11y(anna, 'the first follow-up, every intervention reviewed');
    // V-10.6: the updated plan carries over what remains and the next follow-up
    await anna.getByRole('button', { name: 'Gör den uppdaterade planen' }).click();
    await landOn(anna, at(`${caseUrl}/plan`, 'saved=new_version'));
    await anna.getByText(/Versionsnummer 2 · Utkast/).waitFor();
    await anna.getByText('BUP Umeå: har inte tackat ja än').first().waitFor();
    const interventions = anna.locator('#interventions');
    await interventions.getByRole('row', { name: /Specialpedagogiskt stöd/ }).waitFor();
    assert.equal(await interventions.getByRole('row', { name: /Familjebehandling/ }).count(), 0, 'an ended intervention is not carried over');
    assert.match(await anna.locator('#coordination dl').innerText(), new RegExp(inDays(120)), 'the next follow-up written into version 2 (V-10.5)');
    await checkA11y(anna, 'the updated plan waiting for its new coordinator');
    // V-10.7: BUP Umeå is asked, and accepts
    await david.goto(`${srv.base}/notifications`);
    await david.getByText('Er verksamhet föreslås samordna planen').first().waitFor();
    await david.goto(`${srv.base}${caseUrl}/plan`);
    await checkA11y(david, 'the updated plan as the proposed coordinator sees it');
    await david.getByRole('button', { name: 'Vi tar på oss att samordna planen' }).click();
    await landOn(david, /saved=coordination/);
    assert.equal(await david.getByText('har inte tackat ja än').count(), 0);
    assert.match(await david.locator('#coordination dl').innerText(), /BUP Umeå/);
    // finishing version 2: the new coordinator names the responsible person and how to reach them
    const plan = david.locator('#coordination form');
    await plan.getByLabel(/^Ansvarig person/).fill('David Nilsson');
    await plan.getByLabel(/^Vem kontaktar man om planen inte fungerar\?/).fill('Ring David Nilsson på BUP Umeå, 090-10 00 00');
    await plan.getByRole('button', { name: 'Spara', exact: true }).click();
    await landOn(david, /saved=plan/);
    await checkA11y(david, 'version 2 filled in by the new coordinator');
    await david.getByRole('button', { name: 'Färdigställ planen' }).click();
    await landOn(david, /saved=finish/);
    await david.getByText(/Versionsnummer 2 · Färdigställd/).waitFor();
    await checkA11y(david, 'version 2 finished');
    // V-10.6: the case page lists the versions, version 2 in force
    await anna.goto(srv.base + caseUrl);
    const versions = anna.locator('ul.versions');
    assert.match(await versions.locator('li', { hasText: 'Versionsnummer 2' }).innerText(), /\(gäller\)/);
    assert.doesNotMatch(await versions.locator('li', { hasText: 'Versionsnummer 1' }).innerText(), /\(gäller\)/);
    await checkA11y(anna, 'the case page with version 2 in force');
  });

  test('5. V-10.x: a second follow-up of version 2, where coordination is no longer needed', async () => {
    await david.goto(srv.base + caseUrl);
    await david.getByRole('link', { name: 'Planera ett möte' }).click();
    await landOn(david, at(`${caseUrl}/meetings/new`));
    await david.getByLabel(/^Vilket möte/).selectOption({ label: 'Uppföljningsmöte' });
    await david.getByLabel(/^Datum/).fill(inDays(120)); // the date version 2 gives
    await david.getByLabel(/^Börjar/).fill('14:00');
    await david.getByLabel(/^Slutar/).fill('15:00');
    await david.getByRole('radio', { name: 'På plats' }).check();
    await david.getByLabel('Vi har kommit överens om digitalt eller på plats').check();
    await david.getByLabel('Plats', { exact: true }).fill('BUP Umeå');
    await david.getByLabel(/^Varför mötet behövs/).fill('Att följa upp den uppdaterade planen.');
    await david.getByLabel(/^Vad ska vi prata om/).fill('Hur det har gått sedan flytten.');
    await checkA11y(david, 'the meeting form for the second follow-up');
    await david.getByRole('button', { name: 'Spara mötet' }).click();
    await landOn(david, /\/meetings\/\d+\?saved=1$/);
    secondMeeting = Number(david.url().match(/\/meetings\/(\d+)\?/)[1]);
    await david.getByRole('link', { name: 'Uppföljningen: frågorna och insatserna' }).click();
    await landOn(david, at(`${caseUrl}/meetings/${secondMeeting}/followup`));
    await david.getByText(/Versionsnummer 2 följs upp/).waitFor();
    await david.getByText('Läsningen går framåt.').waitFor(); // V-10.3: what came up at the previous follow-up
    await checkA11y(david, 'the second follow-up page');
    await david.getByLabel('Hur upplevde barnet förra mötet?').fill('Lugnt.');
    await david.getByLabel('Datum då barnet och vårdnadshavarna fick säga sitt').fill(today());
    await david.getByLabel('a. Har alla gjort det de åtog sig i planen?').fill('Ja.');
    await david.getByLabel('d. Vilka resultat ser vi? Har insatserna den effekt vi ville?').fill('Barnet läser en bok på egen hand.');
    await david.getByLabel('e. Tillgodoses barnets mål och behov?').fill('Ja, målet är nått.');
    await david.getByLabel('h. Det här fungerar').fill('Skolan och hemmet samarbetar bra.');
    await david.getByLabel('Nej, samordningen kan avslutas').check();
    await david.getByRole('button', { name: 'Spara uppföljningen' }).click();
    await landOn(david, /saved=followup/);
    const item = david.locator('.item', { hasText: 'Specialpedagogiskt stöd' });
    await item.getByLabel('Avslutas').check();
    await item.getByRole('button', { name: 'Spara för den här insatsen' }).click();
    await landOn(david, /saved=interventions/);
    await david.getByText('Samordningen behövs inte längre.', { exact: false }).waitFor();
    assert.equal(await david.getByRole('button', { name: 'Gör den uppdaterade planen' }).count(), 0);
    await checkA11y(david, 'the second follow-up, coordination no longer needed');
  });

  test('6. V-11.1, V-11.3, V-11.4: the case is closed as a joint decision with who agreed; the closing letter; the case is read-only', async () => {
    await david.goto(`${srv.base}${caseUrl}/meetings/${secondMeeting}/followup`);
    await david.locator('#carry').getByRole('link', { name: 'Avsluta ärendet' }).click();
    await landOn(david, at(`${caseUrl}/closure`));
    await checkA11y(david, 'the closure form');
    await david.getByLabel('Målen är nådda').check();
    await david.getByLabel('Barnet är överens').check();
    await david.getByLabel(GUARDIAN).check();
    await david.getByLabel(OTHER_GUARDIAN).check();
    for (const org of ['Ålidhemsskolan', 'Socialtjänsten Umeå', 'BUP Umeå']) await david.getByLabel(org).check();
    await david.getByLabel('Anteckning').fill('Målet är nått; alla är överens om att avsluta.');
    await david.getByRole('button', { name: 'Avsluta ärendet' }).click();
    await landOn(david, at(caseUrl, 'closed=1'));
    await david.getByText('Ärendet är avslutat. Alla inblandade har fått besked.').waitFor();
    await checkA11y(david, 'the closed case page');
    // V-11.3: everyone involved is told
    await bertil.goto(`${srv.base}/notifications`);
    await bertil.getByText('Ärendet har avslutats').first().waitFor();
    await checkA11y(bertil, 'the notifications with the closure');
    // V-11.4: the family's closing letter
    await anna.goto(srv.base + caseUrl);
    await anna.getByRole('heading', { name: 'Ärendet är avslutat' }).waitFor();
    await anna.getByRole('link', { name: 'Avslutningsbrev till familjen' }).click();
    await landOn(anna, at(`${caseUrl}/closure/letter`));
    await anna.getByRole('heading', { level: 1, name: 'Planen är avslutad' }).waitFor();
    await anna.getByText('Ni är välkomna att höra av er igen, med nya eller gamla frågor.').waitFor();
    await checkA11y(anna, 'the closing letter');
    // a closed case is read-only (V-11.1; issue 9, item 6): no write forms on any page of the way
    await anna.goto(srv.base + caseUrl);
    for (const name of ['Registrera samtycke', 'Planera ett möte']) assert.equal(await anna.getByRole('link', { name }).count(), 0, name);
    await anna.goto(`${srv.base}${caseUrl}/plan`);
    await anna.getByText('Ärendet är avslutat. Planen kan läsas och skrivas ut men inte ändras.').waitFor();
    assert.equal(await anna.getByRole('button', { name: 'Ändra planen: gör en ny version' }).count(), 0);
    await checkA11y(anna, 'the plan of the closed case');
    assert.equal(await anna.locator('#signatures form, #copies form').count(), 0, 'no signing or copies on a closed case');
    await anna.goto(`${srv.base}${caseUrl}/implementation`);
    await anna.getByText('Ärendet är avslutat och kan inte ändras.').waitFor();
    assert.equal(await anna.getByRole('button', { name: 'Rapportera' }).count(), 0, 'no events reported on a closed case');
    assert.equal(await anna.locator('main form').count(), 0, 'no forms on the implementation page of a closed case');
    assert.equal(await anna.getByRole('link', { name: 'Berätta hur det går' }).count(), 0);
    await checkA11y(anna, 'the implementation page of the closed case');
    await anna.goto(`${srv.base}${caseUrl}/meetings/${secondMeeting}/followup`);
    await anna.getByRole('heading', { name: 'Börja med att sammanfatta förra mötet' }).waitFor();
    await anna.getByText('Ärendet är avslutat och kan inte ändras.').waitFor();
    assert.equal(await anna.getByRole('button', { name: 'Spara uppföljningen' }).count(), 0, 'the follow-up of a closed case is read-only');
    assert.equal(await anna.getByRole('button', { name: 'Spara för den här insatsen' }).count(), 0);
    assert.equal(await anna.getByRole('link', { name: 'Avsluta ärendet' }).count(), 0, 'a closed case is not closed again');
    await checkA11y(anna, 'the follow-up page of the closed case');
  });
});
