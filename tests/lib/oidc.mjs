// oidc.mjs: a real OpenID provider on loopback for the tests of staff logins through an identity provider
// (issue 10 item 1): npm's oidc-provider with one confidential client (code flow, PKCE required) and its
// development login and consent forms (any login name is an account; its subject is that name).
//
//   const idp = await startOidc({ redirectUri: 'http://127.0.0.1:PORT/login/oidc/callback' });
//   idp.issuer, idp.clientId, idp.clientSecret; await idp.stop();
//   idp.tamper = (claims, header, token) => ({ claims, key } or { raw })   // rewrites the next ID tokens the token endpoint
//                                                        // answers, re-signed with key (default: the
//                                                        // provider's own): a wrong audience, an expired
//                                                        // token, another nonce, another key's signature
//   await idp.signIn(browser, barnplan, login[, begin])  // the browser's walk through GET /login/oidc (or begin()), the
//                                                        // provider's forms, back to the callback
import http from 'node:http';
import crypto from 'node:crypto';
import assert from 'node:assert/strict';
import Provider from 'oidc-provider';
import { after } from 'node:test';
import { freePort, Client, decodeEntities, useServer } from './server.mjs';

/** An RS256 signing key: { privateKey (KeyObject), jwk (private JWK with kid, for the provider) }. */
export function signingKey(kid) {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, jwk: { ...privateKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' } };
}

const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** A compact JWS of claims, signed RS256 with key ({ privateKey, jwk }). */
export function signJwt(header, claims, key) {
  const input = `${b64({ ...header, alg: 'RS256', kid: key.jwk.kid })}.${b64(claims)}`;
  return `${input}.${crypto.sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

export function decodeJwt(token) {
  const [h, p] = token.split('.');
  return { header: JSON.parse(Buffer.from(h, 'base64url')), claims: JSON.parse(Buffer.from(p, 'base64url')) };
}

/**
 * A real OpenID provider (oidc-provider) on loopback. A login's name is the account id; `claims` (optional)
 * gives an account's claims beyond sub, released in the ID token (families: the personnummer).
 */
export async function startOidc({ redirectUri, clientId = 'barnplan', clientSecret = 'barnplan-test-secret', claims = null }) {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const key = signingKey('idp-1');
  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    jwks: { keys: [key.jwk] },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    findAccount: async (ctx, id) => ({ accountId: id, claims: async () => ({ sub: id, ...(claims ? claims(id) : {}) }) }),
    ...(claims ? { claims: { openid: ['sub', 'personal_number'] }, conformIdTokenClaims: false } : {}),
  });
  const idp = { issuer, clientId, clientSecret, key, tamper: null, tokens: [] };
  // the token endpoint's answer, as Barnplan receives it: the ID token kept for a look, rewritten by tamper
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && ctx.body && typeof ctx.body === 'object' && ctx.body.id_token) {
      if (idp.tamper) {
        const { header, claims } = decodeJwt(ctx.body.id_token);
        const t = idp.tamper(claims, header, ctx.body.id_token);
        ctx.body = { ...ctx.body, id_token: t.raw ?? signJwt(header, t.claims, t.key ?? key) };
      }
      idp.tokens.push(ctx.body.id_token);
    }
  });
  const server = http.createServer(provider.callback());
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  idp.stop = () => new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });

  /** The form on a provider page: its action and hidden fields. */
  const formOf = (html) => {
    const action = decodeEntities(/<form[^>]*action="([^"]+)"/.exec(html)?.[1] ?? '');
    const fields = {};
    for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) fields[m[1]] = decodeEntities(m[2]);
    return { action, fields };
  };

  /**
   * The browser's way through a login: Barnplan's GET /login/oidc, the provider's login form (as `login`)
   * and consent form, and back. browser is a Barnplan Client (its cookies are Barnplan's); the provider's
   * cookies live in a Client of their own. Resolves Barnplan's callback URL (path and query), not yet
   * visited, and the provider client (to visit again).
   */
  // begin: a path to GET (/login/oidc, /family/login/oidc) or a function that starts the login another way (an
  // invitation's POST /invite/oidc)
  idp.authorize = async (browser, login, begin = '/login/oidc') => {
    const start = await (typeof begin === 'string' ? browser.get(begin) : begin());
    assert.equal(start.status, 303, `the login's start: ${start.status} ${start.text.slice(0, 500)}`);
    assert.ok(start.location.startsWith(`${issuer}/`), `to the provider: ${start.location}`);
    const at = new Client(issuer);
    let url = new URL(start.location);
    let r = await at.get(url.pathname + url.search);
    for (let i = 0; i < 8; i++) {
      if ([302, 303].includes(r.status)) {
        const next = new URL(r.location, issuer);
        if (next.origin !== issuer) return { callback: next.pathname + next.search, provider: at };
        r = await at.get(next.pathname + next.search);
        continue;
      }
      assert.equal(r.status, 200, `provider page: ${r.status} ${r.text.slice(0, 800)}`);
      const { action, fields } = formOf(r.text);
      assert.ok(action, `a form on the provider's page: ${r.text.slice(0, 800)}`);
      if (fields.prompt === 'login') Object.assign(fields, { login, password: 'any' });
      url = new URL(action, issuer);
      r = await at.post(url.pathname, fields, { csrf: false });
    }
    throw new Error('the provider did not send the browser back');
  };

  /** The whole login: authorize, then Barnplan's callback. Resolves Barnplan's answer to the callback. */
  idp.signIn = async (browser, login, begin) => {
    const { callback } = await idp.authorize(browser, login, begin);
    return browser.get(callback);
  };
  return idp;
}

/**
 * A Barnplan server whose families' provider (BankID behind a broker, issue 10 item 1) is a provider started
 * beside it that releases the personnummer (the login's name) as brokers do: { srv, idp (once ready) }.
 */
export async function useFamilyOidcServer() {
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}/family/login/oidc/callback`;
  const ctx = { idp: null };
  ctx.srv = useServer({
    port,
    env: async () => {
      ctx.idp = await startOidc({ redirectUri, clientId: 'barnplan-family', claims: (id) => ({ personal_number: id.replace('-', '') }) });
      return {
        BARNPLAN_OIDC_FAMILY_ISSUER: ctx.idp.issuer,
        BARNPLAN_OIDC_FAMILY_CLIENT_ID: ctx.idp.clientId,
        BARNPLAN_OIDC_FAMILY_CLIENT_SECRET: ctx.idp.clientSecret,
        BARNPLAN_OIDC_FAMILY_REDIRECT_URL: redirectUri,
      };
    },
  });
  after(() => ctx.idp?.stop());
  return ctx;
}

/**
 * A Barnplan server configured for a provider started beside it (startOidc), for a test file:
 * { srv, idp (once the server is ready), redirectUri }. The provider stops after the file. options.env: more
 * settings (an object, or an async function returning one), as useServer's.
 */
export async function useOidcServer(options = {}) {
  const port = await freePort();
  const ctx = { idp: null, redirectUri: `http://127.0.0.1:${port}/login/oidc/callback` };
  ctx.srv = useServer({
    port,
    env: async () => {
      ctx.idp = await startOidc({ redirectUri: ctx.redirectUri });
      return {
        ...(typeof options.env === 'function' ? await options.env() : options.env || {}), // e.g. an SMTP sink
        BARNPLAN_OIDC_ISSUER: ctx.idp.issuer,
        BARNPLAN_OIDC_CLIENT_ID: ctx.idp.clientId,
        BARNPLAN_OIDC_CLIENT_SECRET: ctx.idp.clientSecret,
        BARNPLAN_OIDC_REDIRECT_URL: ctx.redirectUri,
      };
    },
  });
  after(() => ctx.idp?.stop());
  return ctx;
}
