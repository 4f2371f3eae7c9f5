// Two cases walked from the initiative to a finished plan in a real browser (Debian's Chromium), the way
// their users would, with axe-core on every page on the way: one in Västerbotten (SIP Barnets plan: anna
// at Ålidhemsskolan, with social services) and one in Kronoberg (Samverkansmöte and Barnets plan: karin,
// barnensbästa-ansvarig at Furutåskolan, with social services in Växjö). Each walk: register the initiative
// (V-1.1-V-1.3, K-1.1), record the guardians' consent per organisation (V-2.6, K-2.1), prepare the child
// and both guardians (V-3.x, V-4.1, V-4.2), plan the meeting and send the invitation (V-4.3-V-4.5, V-6.1 /
// K-4.3, K-4.4), open the chair's page, the glossary and the screen summary (V-6.3, K-6.3, K-6.4, V-6.9),
// write the plan (V-7.x; K-7.1, K-7.2), finish it, sign it and print one's own copy (V-8a.2, V-8a.3, K-8.1).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, DEMO_PASSWORD, personnummer, uniqueName, today, inDays } from '../lib/server.mjs';
import { useBrowser, newContext, checkA11y, logIn } from '../lib/browser.mjs';

const srv = useServer();
const browser = useBrowser(); // one Chromium for the file, closed after it


/** The field labelled `text` exactly (a required field's label ends in " *"). */
function field(page, text) {
  return page.getByLabel(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`));
}

const WALKS = [
  {
    region: 'Västerbotten',
    user: 'anna',
    userName: 'Anna Lindqvist (lärare)',
    org: 'Ålidhemsskolan',
    other: 'Socialtjänsten Umeå',
    otherPerson: 'Bertil Öberg (socialsekreterare)',
    otherUser: 'bertil', // V-2.6: asked to take part, social services records its own consent
    model: 'SIP Barnets plan (Västerbotten)',
    route: 'Via HLT-mötet',
    form: 'Samtyckesblankett Hälsa, lärande, trygghet Västerbotten',
    meetingDays: 14, // V-6.1: within three weeks of the day the need was noticed (today)
    area: 'Lärande',
    picture: /Hälsa, lärande och trygghet/,
    coordinatorName: 'Anna Lindqvist',
  },
  {
    region: 'Kronoberg',
    user: 'karin',
    userName: 'Karin Johansson (rektor, barnensbästa-ansvarig)',
    org: 'Furutåskolan',
    other: 'Socialtjänsten Växjö',
    otherPerson: 'Maja Svensson (socialsekreterare)',
    model: 'Samverkansmöte och Barnets plan (Kronoberg)',
    route: 'Barnensbästa-ansvarig kallar',
    form: 'Kronobarnsmodellen samtyckesblankett',
    meetingDays: 24, // K-4.3: the invitation at least three weeks before the meeting
    area: 'Utvecklas',
    picture: /Barnets bästa-hjulet/,
    coordinatorName: 'Karin Johansson', // K-7.1, K-7.2: the named samverkansansvarig
  },
];

for (const w of WALKS) {
  describe(`${w.region}: from the initiative to a finished plan`, () => {
    let page, caseUrl, meetingUrl;
    const child = { given: uniqueName('Vandring'), family: `${w.region}sson`, pnr: personnummer('2014-05-17', 264) };
    const guardians = [`Sara ${w.region}sson`, `Johan ${w.region}sson`];

    before(async () => {
      await srv.ready;
      page = await (await newContext(browser)).newPage();
      await logIn(page, srv.base, w.user);
    });

    test('the initiative is registered through the form', async () => {
      await page.getByRole('navigation').getByRole('link', { name: 'Nytt initiativ' }).click();
      await page.waitForURL(/\/cases\/new$/);
      await checkA11y(page, `${w.region}: the new initiative form`);
      await page.getByLabel('Förnamn *').fill(child.given);
      await page.getByLabel('Efternamn *').fill(child.family);
      await page.getByLabel('Personnummer, samordningsnummer eller reservnummer').fill(child.pnr);
      await page.getByLabel('Barnets språk').fill('svenska');
      for (const i of [0, 1]) {
        await page.locator(`#guardians-${i}-name`).fill(guardians[i]);
        await page.locator(`#guardians-${i}-custody`).selectOption({ label: 'Gemensam vårdnad' });
        await page.locator(`#guardians-${i}-email`).fill(`vh${i}@example.se`);
      }
      await page.getByLabel(w.model).check();
      await page.getByLabel(w.route).check();
      await page.getByLabel('Barnet går inte i skolan').check();
      await page.getByLabel('Insatser behövs från minst två huvudmän').check();
      await page.getByLabel('Beskriv behovet med egna ord *').fill('Hög frånvaro sedan höstlovet; familjen vill ha samlat stöd.');
      await page.getByRole('button', { name: 'Registrera initiativet' }).click();
      await page.waitForURL(/\/cases\/\d+\?created=1$/);
      caseUrl = page.url().replace(/\?.*$/, '');
      await checkA11y(page, `${w.region}: the new case`);
    });

    test('the guardians consent, organisation by organisation, on the regional form', async () => {
      for (const org of [w.org, w.other]) {
        let p = page;
        if (org === w.other && w.otherUser) {
          // V-2.6: the school asks social services to take part; someone there records their own consent
          await page.goto(caseUrl);
          await page.getByRole('link', { name: 'Be en verksamhet delta' }).click();
          await page.waitForURL(/\/ask$/);
          await checkA11y(page, `${w.region}: asking an organisation to take part`);
          await page.getByLabel('Verksamhet *').selectOption({ label: org });
          await page.getByRole('button', { name: 'Be verksamheten delta' }).click();
          await page.waitForURL(/asked=1/);
          p = await (await newContext(browser)).newPage();
          await logIn(p, srv.base, w.otherUser);
          await p.goto(caseUrl);
          await p.getByRole('heading', { name: 'Er verksamhet är ombedd att delta' }).waitFor();
          assert.ok(!(await p.content()).includes('Hög frånvaro sedan höstlovet'), 'the need stays out before consent');
          await checkA11y(p, `${w.region}: the case as the organisation asked sees it`);
          await p.getByRole('link', { name: `Registrera samtycke för ${org}` }).click();
        } else {
          await p.goto(caseUrl);
          await p.getByRole('link', { name: 'Registrera samtycke' }).click();
        }
        await p.waitForURL(/\/consents\/new$/);
        assert.equal(await p.getByLabel('Samtyckesblankett *').locator('option:checked').textContent(), w.form);
        await p.getByLabel('Verksamhet som samtycket gäller *').selectOption({ label: org });
        await p.getByLabel('Barnets inställning *').fill('Vill att de vuxna pratar med varandra.');
        await p.getByLabel('Vilka uppgifter får delas, och med vilka? *').fill('Skolans närvaro och hemsituationen.');
        await p.getByLabel('Samtycket gäller också förberedande möte mellan yrkesverksamma').check();
        await checkA11y(p, `${w.region}: the consent form (${org})`);
        await p.getByRole('button', { name: 'Registrera samtycket' }).click();
        await p.waitForURL(/consent=recorded/);
        if (p !== page) {
          assert.ok((await p.content()).includes('Hög frånvaro sedan höstlovet'), 'under its own consent, the case is shared');
          await p.context().close();
        }
      }
      await page.goto(caseUrl);
      await checkA11y(page, `${w.region}: the case page with consents`);
    });

    test('the child and both guardians are prepared', async () => {
      await page.goto(caseUrl);
      await page.getByRole('link', { name: /^Barnet/ }).click();
      await page.waitForURL(/\/prep\/child$/);
      await field(page, 'När berättade du för barnet om mötet?').fill(today());
      await field(page, 'Vad berättade du, och hur?').fill('Vi pratade i skolan och ritade tillsammans.');
      await page.getByLabel('Barnet fick veta det på ett sätt som barnet förstår').check();
      await page.getByLabel(/^Hela mötet/).check();
      await checkA11y(page, `${w.region}: the child's preparation`);
      await page.getByRole('button', { name: 'Markera som klar' }).click();
      await page.waitForURL(/saved=1/);
      for (const name of guardians) {
        await page.goto(caseUrl);
        await page.getByRole('link', { name }).first().click();
        await page.waitForURL(/\/prep\/guardians\/\d+$/);
        await field(page, 'När pratade du med vårdnadshavaren?').fill(today());
        await checkA11y(page, `${w.region}: the guardian's preparation`);
        await page.getByRole('button', { name: 'Markera som klar' }).click();
        await page.waitForURL(/saved=1/);
      }
      await page.goto(caseUrl);
      await page.getByText('Barnet och alla vårdnadshavare är förberedda. Kallelsen kan skickas.').waitFor();
      // V-0.10: the picture of the steps shows the initiative and both preparations behind the case
      assert.deepEqual(await page.locator('.steps li.done .step-label').allTextContents(),
        ['Initiativ', 'Förberedelse med barnet', 'Förberedelse med vårdnadshavare']);
      assert.equal(await page.locator('.steps li.current .step-label').textContent(), 'Förberedelse mellan yrkesverksamma');
    });

    test('the meeting is planned and the invitation sent to the child, the guardians and the other organisation', async () => {
      await page.getByRole('link', { name: 'Planera ett möte' }).click();
      await page.waitForURL(/\/meetings\/new$/);
      await page.getByLabel('Datum *').fill(inDays(w.meetingDays));
      await page.getByLabel('Börjar *').fill('10:00');
      await page.getByLabel('Slutar *').fill('11:30');
      await page.getByRole('radio', { name: 'På plats' }).check();
      await page.getByLabel('Vi har kommit överens om digitalt eller på plats').check();
      await page.getByLabel('Plats', { exact: true }).fill('Skolans lilla konferensrum');
      await page.getByLabel('Varför mötet behövs *').fill('Att tillsammans göra en plan för skolan och hemmet.');
      await page.getByLabel('Vad ska vi prata om *').fill('Hur skoldagen fungerar och vad som kan hjälpa.');
      // V-5.6, V-5.7: the caller chairs and appoints who writes the plan: here, themselves
      await page.getByLabel('Dokumenterar (skriver planen)').selectOption({ label: w.userName });
      await checkA11y(page, `${w.region}: the meeting form`);
      await page.getByRole('button', { name: 'Spara mötet' }).click();
      await page.waitForURL(/\/meetings\/\d+\?saved=1$/);
      await page.getByLabel('Vem', { exact: true }).selectOption('child');
      await page.getByRole('button', { name: 'Lägg till' }).click();
      for (const name of guardians) {
        await page.getByLabel('Vem', { exact: true }).selectOption('guardian');
        await page.getByLabel('Vårdnadshavare (om vårdnadshavare)').selectOption({ label: name });
        await page.getByRole('button', { name: 'Lägg till' }).click();
        await page.getByRole('row', { name: new RegExp(name) }).waitFor();
      }
      await page.getByLabel('Vem', { exact: true }).selectOption('professional');
      await page.getByLabel('Verksamhet (om yrkesverksam)').selectOption({ label: w.other });
      await page.getByLabel('Person i Barnplan (om yrkesverksam)').selectOption({ label: w.otherPerson });
      await page.getByRole('button', { name: 'Lägg till' }).click();
      await page.getByRole('row', { name: new RegExp(w.otherPerson.split(' ')[0]) }).waitFor();
      await checkA11y(page, `${w.region}: the meeting with its invitees`);
      await page.getByRole('button', { name: 'Skicka kallelsen' }).click();
      await page.waitForLoadState('domcontentloaded');
      // V-4.3: everyone is prepared and a note-taker chosen, so no warning stands in the way
      assert.equal(await page.getByLabel('Skicka ändå').count(), 0, await page.locator('main').innerText());
      await page.waitForURL(/sent=1$/);
      await checkA11y(page, `${w.region}: the meeting after sending`);
    });

    test('at the meeting: the chair\'s page, the words we use and the summary on the screen', async () => {
      meetingUrl = page.url().replace(/\?.*$/, '');
      await page.getByRole('link', { name: 'Ordförandens sida' }).click();
      await page.getByText('Ta emot barnet och vårdnadshavarna först.', { exact: false }).waitFor();
      await checkA11y(page, `${w.region}: the chair's page`);
      await page.getByRole('link', { name: 'Ord vi använder på mötet' }).click();
      await checkA11y(page, `${w.region}: the glossary`);
      await page.goto(`${meetingUrl}/screen`);
      await checkA11y(page, `${w.region}: the screen summary`);
    });

    test('the plan is written, finished, signed and printed', async () => {
      await page.goto(caseUrl);
      await page.getByRole('link', { name: 'Öppna planen' }).click();
      await page.waitForURL(/\/plan$/);
      await page.getByRole('img', { name: w.picture }).waitFor();
      await checkA11y(page, `${w.region}: the plan page`);
      await field(page, 'Område').selectOption({ label: w.area });
      await field(page, 'Barnets behov').fill('Komma till skolan varje dag');
      await field(page, 'Mål').fill('Är i skolan fyra dagar av fem före jul');
      await page.getByRole('button', { name: 'Lägg till målet' }).click();
      await page.waitForURL(/saved=goal/);
      await field(page, 'Insats').fill('Mentorssamtal varje måndag');
      await field(page, 'Ansvarig verksamhet').selectOption({ label: w.org });
      await field(page, 'Startar').fill(today());
      await field(page, 'Omfattning och nivå').fill('Tjugo minuter i veckan');
      await page.getByRole('button', { name: 'Lägg till insatsen' }).click();
      await page.waitForURL(/saved=intervention/);
      await field(page, 'Vem gör det?').selectOption({ label: 'Barnet' });
      await field(page, 'Vad ska göras?').fill('Säger till när något är svårt');
      await page.getByRole('button', { name: 'Lägg till', exact: true }).first().click();
      await page.waitForURL(/saved=commitment/);
      await field(page, w.org).check();
      await field(page, 'Ansvarig person').fill(w.coordinatorName);
      await field(page, 'Vem kontaktar man om planen inte fungerar?').fill(`Ring ${w.coordinatorName} på ${w.org}`);
      await field(page, 'Datum för uppföljning').fill(inDays(60));
      await field(page, 'Klockslag för uppföljning').fill('13:30');
      await field(page, 'Plats för uppföljning').fill('Skolans lilla konferensrum');
      await field(page, 'Vilka deltar i uppföljningen?').fill('Alla som var med på mötet');
      await field(page, 'Sammanfattning som barnet förstår').fill('Du får prata med din mentor varje måndag.');
      await page.getByRole('button', { name: 'Spara', exact: true }).click();
      await page.waitForURL(/saved=plan/);
      for (const [org, name] of [[w.org, w.coordinatorName], [w.other, w.otherPerson.replace(/ \(.*$/, '')]]) {
        await field(page, 'Verksamhet').selectOption({ label: org });
        await field(page, 'Kontaktperson').fill(name);
        await page.getByRole('button', { name: 'Spara kontaktpersonen' }).click();
        await page.waitForURL(/saved=contact/);
      }
      await checkA11y(page, `${w.region}: the plan filled in`);
      await page.getByRole('button', { name: 'Färdigställ planen' }).click();
      await page.waitForURL(/saved=finish/);
      await page.getByText('Planen är färdigställd.').waitFor();
      await checkA11y(page, `${w.region}: the finished plan`);
      await field(page, 'Datum').fill(today());
      await field(page, 'Ditt lösenord').fill(DEMO_PASSWORD); // V-8a.2: who signs confirms who they are
      await page.getByRole('button', { name: 'Registrera svaret' }).click();
      await page.waitForURL(/saved=signature/);
      await page.getByRole('link', { name: 'Utskriftsvänlig plan' }).click();
      await page.waitForURL(/\/plan\/print$/);
      await page.getByText('Mentorssamtal varje måndag').waitFor();
      await checkA11y(page, `${w.region}: the printable plan`);
      // V-6.9: the summary on the shared screen now shows what was decided, in plain words
      await page.goto(`${meetingUrl}/screen`);
      await page.getByText('Du får prata med din mentor varje måndag.').waitFor();
      await page.getByText(`Mentorssamtal varje måndag (${w.org})`).waitFor();
      await checkA11y(page, `${w.region}: the screen summary with the plan`);
      // V-10.6: a change is a new version that starts as a copy; the two are compared side by side
      await page.goto(`${caseUrl}/plan`);
      await page.getByRole('button', { name: 'Ändra planen: gör en ny version' }).click();
      await page.waitForURL(/saved=new_version/);
      await page.getByText('Den färdigställda versionen före den här gäller tills den här är färdigställd').waitFor();
      await checkA11y(page, `${w.region}: a new draft version`);
      await page.getByText('Planens versioner').click();
      await page.getByRole('link', { name: 'Jämför med versionen före' }).click();
      await page.waitForURL(/\/plan\/compare\?from=1&to=2$/);
      await page.getByText('Versionerna är lika.').waitFor();
      await checkA11y(page, `${w.region}: two versions compared`);
      // V-10.6: the case page lists the versions and compares any two, chosen in a form
      await page.goto(caseUrl);
      await page.getByLabel('Jämför versionsnummer').selectOption('2');
      await page.getByLabel('med versionsnummer').selectOption('1');
      await checkA11y(page, `${w.region}: the case page with the plan's versions`);
      await page.getByRole('button', { name: 'Jämför', exact: true }).click();
      await page.waitForURL(/\/plan\/compare\?from=2&to=1$/);
      await page.getByText('Versionerna är lika.').waitFor();
    });
  });
}
