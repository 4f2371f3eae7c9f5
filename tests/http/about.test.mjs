// about: the way of working as Barnplan shows it to everyone (requirements section 0 and the cross-walk
// of section 13), and who may take the initiative: preschool and school as well as social services and
// health care, municipal and independent (V-0.1, V-0.6, K-0.5).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, registrationJson, decodeEntities } from '../lib/server.mjs';

const srv = useServer();

function text(html) {
  return decodeEntities(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}

/** The text of the element with this id. */
function byId(html, id, tag = 'li') {
  const m = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</${tag}>`).exec(html);
  assert.ok(m, `an element with id ${id}`);
  return text(m[1]);
}

describe('the way of working, for everyone', () => {
  let html;
  before(async () => {
    await srv.ready;
    const r = await srv.client().get('/about');
    assert.equal(r.status, 200, 'public: no login needed, no personal data on it');
    html = r.text;
  });

  test('V-0.3 a plan when support from several organisations needs coordinating; V-0.4 it is the child\'s plan', () => {
    assert.match(byId(html, 'v-0-3'), /flera verksamheter och stödet behöver samordnas/);
    assert.match(byId(html, 'v-0-4'), /Det är barnets plan.*delaktiga och känner sig trygga/);
  });

  test('V-0.1 every organisation that meets children, independent ones too; V-0.2 each is responsible, forms named', () => {
    assert.match(byId(html, 'v-0-1'), /socialtjänst, hälso- och sjukvård, förskola och skola, också fristående/);
    assert.match(byId(html, 'v-0-2'), /regionvasterbotten\.se\/barnunga/);
  });

  test('V-0.10 the eight steps in order', () => {
    const steps = [...html.matchAll(/<span class="step-label">([^<]+)<\/span>/g)].map((m) => decodeEntities(m[1]));
    assert.deepEqual(steps, [
      'Initiativ',
      'Förberedelse med barnet',
      'Förberedelse med vårdnadshavare',
      'Förberedelse mellan yrkesverksamma',
      'Möte',
      'Genomförande',
      'Uppföljning',
      'Avslut',
    ]);
  });

  test('V-0.9 the three principles from the young people', () => {
    const t = byId(html, 'principles', 'section');
    for (const p of ['Barnet i fokus.', 'Ta av kavajen.', 'Sluta tjafsa.']) assert.ok(t.includes(p), p);
  });

  test('K-0.1, K-0.2, K-0.3, K-0.4, K-0.9 Kronoberg\'s move towards the collaboration meeting', () => {
    assert.match(byId(html, 'k-0-1'), /barnkonventionen.*tydliggöra ansvar och samordna insatser/);
    assert.match(byId(html, 'k-0-2'), /tidigare och ofta med färre parter/);
    assert.match(byId(html, 'k-0-3'), /just det här barnet behöver/);
    assert.match(byId(html, 'k-0-4'), /förskolan eller skolan som plattform/);
    assert.match(byId(html, 'k-0-9'), /större förändring/);
  });

  test('V-0.7, K-0.5, K-0.6, K-0.7, K-0.8 the legal basis, with the current HSL reference', () => {
    assert.match(byId(html, 'v-0-7'), /Socialtjänstlagen och hälso- och sjukvårdslagen/);
    assert.match(byId(html, 'k-0-5'), /privata utförare/);
    assert.match(byId(html, 'k-0-6'), /2 kap\. 7 § och hälso- och sjukvårdslagen \(2017:30\) 16 kap\. 4 §/);
    assert.doesNotMatch(html, /3 f §/, 'not the repealed 1982 Act');
    assert.match(byId(html, 'k-0-7'), /ersätter SIP-mallen/);
    assert.match(byId(html, 'k-0-8'), /begär en SIP görs en SIP/);
  });

  test('the two models side by side (section 13): calls, three weeks, coordinator, consent form, absence', () => {
    const t = byId(html, 'models', 'section');
    assert.match(t, /Mötet hålls inom tre veckor från att behovet uppmärksammades/);
    assert.match(t, /Kallelsen skickas minst tre veckor före mötet/);
    assert.match(t, /Namngiven samverkansansvarig/);
    assert.match(t, /Kronobarnsmodellen samtyckesblankett/);
    assert.match(t, /En ersättare utses/);
  });

  test('in English too', async () => {
    const c = srv.client();
    await c.get('/lang?l=en&next=/about');
    const r = await c.get('/about');
    assert.match(text(r.text), /Take off the jacket\. Be informal and easy to talk to\./);
  });
});

describe('who may take the initiative', () => {
  test('V-0.6 preschool and school initiate; K-0.5, V-0.1 an independent school too; social services and health care by law', async () => {
    for (const [user, org] of [
      ['elin', 'Förskolan Solrosen'],
      ['anna', 'Ålidhemsskolan'],
      ['greta', 'Montessoriskolan Linnea'],
      ['bertil', 'Socialtjänsten Umeå'],
      ['cecilia', 'Vårdcentralen Ålidhem'],
    ]) {
      const api = await srv.apiLogin(user);
      const r = await api.postJson('/api/v1/cases', registrationJson());
      assert.equal(r.status, 201, `${user}: ${r.text}`);
      const v = (await api.getJson(`/api/v1/cases/${r.json().id}`)).json();
      assert.equal(v.initiating_org_name, org);
    }
  });

  test('V-2.4 without consent, the case page helps the professional motivate the guardians', async () => {
    const api = await srv.apiLogin('anna');
    const r = await api.postJson('/api/v1/cases', registrationJson());
    const web = await srv.login('anna');
    const page = await web.get(`/cases/${r.json().id}`);
    assert.match(text(page.text), /Stöd vårdnadshavarna i beslutet: berätta vad samordningen kan ge barnet/);
  });
});
