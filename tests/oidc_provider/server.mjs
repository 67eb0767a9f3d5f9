// A real OpenID Connect provider for the test suite: panva's oidc-provider,
// certified by the OpenID Foundation, on 127.0.0.1 only. The pytest fixture in
// tests/oidc.py starts it with the port, client and redirect addresses in the
// environment and waits for the line "ready <issuer>".
//
// Its own login page (no dev interactions: those load web fonts from the
// internet) accepts every test account with the password in
// OIDC_TEST_PASSWORD. An account's login name says what the test needs:
//
//   kari@example.no                 a verified e-mail address
//   unverified:kari@example.no      email_verified: false
//   noverified:kari@example.no      no email_verified claim at all
//   tampered:kari@example.no        the id_token's payload is altered after signing
//                                   (its e-mail claim is changed to EVIL_EMAIL)
//   wrong-audience:kari@example.no  the id_token is re-signed with the provider's key
//                                   for another client (aud: other-party)
//   wrong-nonce:kari@example.no     the id_token is re-signed with the provider's key
//                                   with another nonce
//
// The last three are done by a small layer around the real token endpoint: the
// provider issues the tokens as usual, the layer alters its answer, as a
// man in the middle would.

import http from 'node:http';
import crypto from 'node:crypto';

import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_TEST_PORT);
const issuer = `http://127.0.0.1:${port}`;
const clientId = process.env.OIDC_TEST_CLIENT_ID;
const clientSecret = process.env.OIDC_TEST_CLIENT_SECRET;
const redirectUris = process.env.OIDC_TEST_REDIRECT_URIS.split(',');
const password = process.env.OIDC_TEST_PASSWORD;
const EVIL_EMAIL = 'admin@example.no';

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: 'test-signing-key', alg: 'RS256', use: 'sig' };

function scenarioOf(sub) {
  const colon = sub.indexOf(':');
  return colon === -1 ? { scenario: 'plain', email: sub } : { scenario: sub.slice(0, colon), email: sub.slice(colon + 1) };
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
    {
      client_id: 'other-party',
      client_secret: crypto.randomBytes(24).toString('hex'),
      redirect_uris: ['http://127.0.0.1/other-party/callback'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // The scope's claims go into the id_token itself (the app reads no userinfo).
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  async findAccount(ctx, sub) {
    const { scenario, email } = scenarioOf(sub);
    return {
      accountId: sub,
      async claims() {
        const claims = { sub, email, name: email.split('@')[0] };
        if (scenario === 'unverified') claims.email_verified = false;
        else if (scenario !== 'noverified') claims.email_verified = true;
        return claims;
      },
    };
  },
  // First-party client: the person's consent is the organisation's, not asked.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = `<!doctype html><title>Error</title><h1>Error</h1><pre>${escape(JSON.stringify(out))}</pre>`;
  },
});

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(uid, error = '') {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test organisation sign-in</title></head>
<body><main>
<h1>Test organisation sign-in</h1>
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
  <label for="login">Username</label> <input id="login" name="login" autocomplete="username" required>
  <label for="password">Password</label> <input id="password" name="password" type="password" required>
  <button type="submit">Sign in</button>
</form>
</main></body></html>`;
}

async function formBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString());
}

function decodePart(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString());
}

async function alteredIdToken(idToken) {
  const [header, payload, signature] = idToken.split('.');
  const claims = decodePart(payload);
  const { scenario } = scenarioOf(claims.sub);
  const resign = (changed) => new SignJWT(changed)
    .setProtectedHeader({ alg: 'RS256', kid: signingKey.kid })
    .sign(privateKey);
  switch (scenario) {
    case 'tampered': {
      const forged = Buffer.from(JSON.stringify({ ...claims, email: EVIL_EMAIL })).toString('base64url');
      return `${header}.${forged}.${signature}`;
    }
    case 'wrong-audience':
      return resign({ ...claims, aud: 'other-party', azp: 'other-party' });
    case 'wrong-nonce':
      return resign({ ...claims, nonce: 'not-the-nonce-this-sign-in-sent' });
    default:
      return idToken;
  }
}

provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)(\/login)?$/);
  if (match) {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.uid !== match[1]) ctx.throw(400, 'interaction mismatch');
    ctx.type = 'html';
    if (ctx.method === 'GET') {
      ctx.body = loginPage(details.uid);
      return;
    }
    const form = await formBody(ctx.req);
    if (!form.get('login') || form.get('password') !== password) {
      ctx.status = 200;
      ctx.body = loginPage(details.uid, 'Wrong username or password.');
      return;
    }
    const to = await provider.interactionResult(
      ctx.req, ctx.res, { login: { accountId: form.get('login') } }, { mergeWithLastSubmission: false },
    );
    ctx.status = 303;
    ctx.redirect(to);
    return;
  }
  await next();
  if (ctx.path === '/token' && ctx.status === 200 && ctx.body && ctx.body.id_token) {
    ctx.body = { ...ctx.body, id_token: await alteredIdToken(ctx.body.id_token) };
  }
});

http.createServer(provider.callback()).listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
