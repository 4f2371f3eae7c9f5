// lockout: who a request comes from behind the reverse proxy (the setting trusted_proxy, OWASP ASVS V15.3.4,
// V16.2.1), and throttling that stops brute force without letting a stranger lock a user out (V6.1.1).
// The tests connect from 127.0.0.1: one server trusts that address as its proxy, so X-Forwarded-For stands
// for clients at other addresses; the other trusts no proxy. And the tests' cheap password hashes
// (BARNPLAN_FAST_HASH=1), which serve announces when a test build honours them (V13.4.2).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, startServer, hiddenField, dbQuery, DEMO_PASSWORD } from '../lib/server.mjs';

const srv = useServer({ env: { BARNPLAN_TRUSTED_PROXY: '127.0.0.1, ::1' } });

/** A password login through the form from a browser (client c, a new one by default) at address `from`. */
async function tryLogin(username, password, from, c = srv.client()) {
  const headers = from ? { 'x-forwarded-for': from } : {};
  const page = await c.get('/login', { headers });
  const r = await c.post('/login', { login_csrf: hiddenField(page.text, 'login_csrf'), username, password, next: '/cases' },
    { csrf: false, headers });
  return { c, r };
}

/** The audit trail's login_failed entries of one account. */
async function failures(server, username) {
  const admin = await server.apiLogin('admin');
  const r = await admin.getJson(`/api/v1/audit?user=${username}&action=login_failed`);
  assert.equal(r.status, 200);
  return r.json();
}

describe('V15.3.4 the client address behind a trusted proxy', () => {
  before(async () => {
    await srv.ready;
  });

  test('V15.3.4 V16.2.1: from a trusted proxy the audit entry has the last X-Forwarded-For hop that is not a proxy', async () => {
    // the client's own claim (left) is not believed; the proxy's own hop (127.0.0.1, trusted) is skipped
    const { r } = await tryLogin('greta', 'wrong-password-1', '192.0.2.66, 203.0.113.7, 127.0.0.1');
    assert.equal(r.status, 401);
    const { r: v6 } = await tryLogin('greta', 'wrong-password-2', '2001:db8::0:7');
    assert.equal(v6.status, 401);
    const addresses = (await failures(srv, 'greta')).map((e) => e.address).sort();
    assert.deepEqual(addresses, ['2001:db8::7', '203.0.113.7']);
  });

  test('V15.3.4: an invalid X-Forwarded-For from the trusted proxy falls back to the socket address', async () => {
    for (const bad of ['not-an-address', '203.0.113.8, ', '203.0.113.8;rm', `1.2.3.4,${'127.0.0.1,'.repeat(40)}127.0.0.1`]) {
      const { r } = await tryLogin('karin', 'wrong-password', bad);
      assert.equal(r.status, 401, bad);
    }
    const rows = await failures(srv, 'karin');
    assert.equal(rows.length, 4);
    assert.ok(rows.every((e) => e.address === '127.0.0.1'), JSON.stringify(rows.map((e) => e.address)));
  });

  test('V15.3.4 V6.1.1: throttling counts per forwarded address: not the proxy address for everyone', async () => {
    for (let i = 1; i <= 5; i++) assert.equal((await tryLogin('leo', `wrong-${i}`, '198.51.100.1')).r.status, 401);
    assert.equal((await tryLogin('leo', 'wrong-6', '198.51.100.1')).r.status, 429, 'the sixth from that address');
    // the same account from another client behind the same proxy: the right password gets in
    const other = await tryLogin('leo', DEMO_PASSWORD, '198.51.100.2');
    assert.equal(other.r.status, 303);
    const throttled = (await failures(srv, 'leo')).filter((e) => e.detail === 'throttled');
    assert.deepEqual(throttled.map((e) => e.address), ['198.51.100.1']);
  });

  describe('a server that trusts no proxy', () => {
    let plain = null;
    before(async () => {
      plain = await startServer({ children: 0 });
    });
    after(async () => {
      if (plain) await plain.stop();
    });

    test('V15.3.4: from an untrusted peer X-Forwarded-For is ignored: the socket address is on record', async () => {
      const c = plain.client();
      const page = await c.get('/login');
      const r = await c.post('/login', { login_csrf: hiddenField(page.text, 'login_csrf'), username: 'maja', password: 'wrong', next: '/cases' },
        { csrf: false, headers: { 'x-forwarded-for': '203.0.113.9' } });
      assert.equal(r.status, 401);
      const rows = await failures(plain, 'maja');
      assert.deepEqual(rows.map((e) => e.address), ['127.0.0.1']);
    });
  });
});

describe('V6.1.1 brute force is throttled, a malicious lockout is not possible', () => {
  before(async () => {
    await srv.ready;
  });

  test('V6.1.1: failures from a stranger at another address do not lock the user out at theirs', async () => {
    for (let i = 1; i <= 5; i++) assert.equal((await tryLogin('anna', `wrong-${i}`, '198.51.100.10')).r.status, 401);
    const stranger = await tryLogin('anna', DEMO_PASSWORD, '198.51.100.10');
    assert.equal(stranger.r.status, 429, 'the stranger\'s address is throttled, the right password too');
    const user = await tryLogin('anna', DEMO_PASSWORD, '198.51.100.11');
    assert.equal(user.r.status, 303, 'the user at another address logs in');
  });

  test('V6.1.1: failures from many addresses throttle the account for new browsers; a browser that logged in before still gets in', async () => {
    // the user's own browser logged in yesterday, so to speak: it holds bp_device
    const own = await tryLogin('bertil', DEMO_PASSWORD, '198.51.100.20');
    assert.equal(own.r.status, 303);
    const device = own.c.cookie('bp_device');
    assert.match(device, /^[A-Za-z0-9_-]{43}$/, 'a 256-bit random token');
    const set = own.r.setCookies.find((h) => h.startsWith('bp_device='));
    assert.match(set, /HttpOnly/i);
    assert.match(set, /SameSite=Lax/i);
    // in storage only its hash
    const stored = await dbQuery(srv, "SELECT token_hash FROM login_devices d JOIN users u ON u.id = d.user_id WHERE u.username = 'bertil'");
    assert.match(stored.trim(), /^[0-9a-f]{64}$/);
    assert.ok(!stored.includes(device));
    // a distributed guess: 5 failures from each of 4 addresses (20, BP_LOGIN_MAX_ACCOUNT_ALL)
    for (let a = 1; a <= 4; a++)
      for (let i = 1; i <= 5; i++) assert.equal((await tryLogin('bertil', `wrong-${a}-${i}`, `203.0.113.${a}`)).r.status, 401);
    const fifth = await tryLogin('bertil', 'wrong-5-1', '203.0.113.5');
    assert.equal(fifth.r.status, 429, 'a fifth address is throttled on the account');
    const newBrowser = await tryLogin('bertil', DEMO_PASSWORD, '198.51.100.21');
    assert.equal(newBrowser.r.status, 429, 'a browser unknown to the account is throttled with the account');
    // a bp_device of another account does not help
    const elinOwn = await tryLogin('elin', DEMO_PASSWORD, '198.51.100.22');
    const foreign = srv.client();
    foreign.setCookie('bp_device', elinOwn.c.cookie('bp_device'));
    assert.equal((await tryLogin('bertil', DEMO_PASSWORD, '198.51.100.22', foreign)).r.status, 429);
    const back = srv.client();
    back.setCookie('bp_device', device);
    const known = await tryLogin('bertil', DEMO_PASSWORD, '198.51.100.21', back);
    assert.equal(known.r.status, 303, 'the browser that logged in before gets in');
    // every refused attempt is on record against the account
    const rows = await failures(srv, 'bertil');
    assert.equal(rows.filter((e) => e.detail === '').length, 20);
    assert.ok(rows.filter((e) => e.detail === 'throttled').length >= 3);
  });

  test('V6.1.1: a known browser is throttled by its own failures', async () => {
    const own = await tryLogin('david', DEMO_PASSWORD, '198.51.100.30');
    assert.equal(own.r.status, 303);
    const c = srv.client();
    c.setCookie('bp_device', own.c.cookie('bp_device'));
    for (let i = 1; i <= 5; i++) assert.equal((await tryLogin('david', `wrong-${i}`, `198.51.100.${40 + i}`, c)).r.status, 401);
    assert.equal((await tryLogin('david', DEMO_PASSWORD, '198.51.100.50', c)).r.status, 429);
  });
});

describe('V13.4.2 the tests\' cheap password hashes', () => {
  test('V13.4.2: serve says on standard error when BARNPLAN_FAST_HASH=1 is honoured (a test build), and not otherwise', async () => {
    await srv.ready;
    const warning = /barnplan: warning: BARNPLAN_FAST_HASH=1: passwords are hashed at argon2id's minimum cost/;
    assert.match(srv.log(), warning); // every test server runs with it (tests/lib/server.mjs)
    const real = await startServer({ children: 0, env: { BARNPLAN_FAST_HASH: '0' } });
    try {
      assert.doesNotMatch(real.log(), warning);
    } finally {
      await real.stop();
    }
  });
});
