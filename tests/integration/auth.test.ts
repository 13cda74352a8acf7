// Accounts over HTTP: sessions in the database, cookies, CSRF, rate limiting, sign-out, password change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import supertest from 'supertest';
import { sql } from 'kysely';
import { createApp } from '../../server/src/app.js';
import { ensureFirstAdmin } from '../../server/src/auth/first-admin.js';
import { BACKEND, silentLog } from '../helpers/backend.js';
import type { TestApp } from '../helpers/app.js';
import { appWithAuth, authConfig, DEMO_PASSWORD, makeUser, PASSWORD, send, signIn, visitor } from '../helpers/session.js';

let t: TestApp;
beforeAll(async () => {
  // A short window so the unlock can be observed; 3 failures per account, 6 per address.
  t = await appWithAuth({ LOGIN_MAX_FAILURES: '3', LOGIN_MAX_FAILURES_IP: '6', LOGIN_WINDOW_S: '2' });
  await makeUser(t, { org: 'auth-test-org', orgName: 'Auth test org', role: 'advocate', email: 'ada@test.example', name: 'Ada' });
  await makeUser(t, { org: 'auth-test-org', role: 'engineer', email: 'eve@test.example', name: 'Eve' });
  await makeUser(t, { org: 'auth-test-org', role: 'advocate', email: 'lock@test.example', name: 'Locked' });
});
afterAll(async () => { await t?.dispose(); });

const cookies = (res: { headers: Record<string, unknown> }) => ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []);

describe(`sessions and sign-in (${BACKEND})`, () => {
  it('GET /api/auth/session: anonymous, a CSRF token, demo flag, no caching', async () => {
    const res = await supertest(t.app).get('/api/auth/session').expect(200);
    expect(res.body).toMatchObject({ authenticated: false, user: null, demo: true });
    expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.headers['cache-control']).toBe('no-store');
    const c = cookies(res).find((x) => x.startsWith('kg_csrf='))!;
    expect(c).toMatch(/HttpOnly/);
    expect(c).toMatch(/SameSite=Strict/);
    expect(c).not.toMatch(/Secure/);
  });

  it('signs in: a new HttpOnly SameSite=Lax session cookie, a new CSRF token, the user without secrets', async () => {
    const v = await visitor(t);
    const res = await v.agent.post('/api/auth/login').set('X-CSRF-Token', v.csrf).send({ email: '  ADA@test.example ', password: PASSWORD }).expect(200);
    expect(res.body).toMatchObject({ authenticated: true, user: { email: 'ada@test.example', role: 'advocate', displayName: 'Ada', organisation: { slug: 'auth-test-org' } }, can: { createAnnotation: true, review: false } });
    expect(res.body.csrfToken).not.toBe(v.csrf);
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|password_hash/);
    const c = cookies(res).find((x) => x.startsWith('kg_session='))!;
    expect(c).toMatch(/HttpOnly/);
    expect(c).toMatch(/SameSite=Lax/);
    expect(c).toMatch(/Path=\//);
    // Only the token's hash is stored.
    const token = /kg_session=([^;]+)/.exec(c)![1]!;
    const rows = await sql<{ id: string }>`SELECT id FROM sessions`.execute(t.database.db);
    expect(rows.rows.some((r) => r.id === token)).toBe(false);
    expect(rows.rows.every((r) => /^[0-9a-f]{64}$/.test(r.id))).toBe(true);
    const again = await v.agent.get('/api/auth/session').expect(200);
    expect(again.body.authenticated).toBe(true);
    expect(again.body.csrfToken).toBe(res.body.csrfToken);
    expect(new Date(again.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('behind a TLS proxy (TRUST_PROXY): Secure cookies with the __Host- prefix', async () => {
    const app = createApp({ config: { ...t.config, trustProxy: true }, database: t.database, log: silentLog });
    const agent = supertest.agent(app);
    const s = await agent.get('/api/auth/session').set('X-Forwarded-Proto', 'https').expect(200);
    const pre = cookies(s).find((x) => x.startsWith('__Host-kg_csrf='))!;
    expect(pre).toMatch(/Secure/);
    const login = await supertest(app).post('/api/auth/login').set('X-Forwarded-Proto', 'https')
      .set('Cookie', `__Host-kg_csrf=${s.body.csrfToken}`).set('X-CSRF-Token', s.body.csrfToken)
      .send({ email: 'ada@test.example', password: PASSWORD }).expect(200);
    const c = cookies(login).find((x) => x.startsWith('__Host-kg_session='))!;
    expect(c).toMatch(/Secure/);
    expect(c).toMatch(/HttpOnly/);
    // Without TRUST_PROXY the header is not believed: no Secure flag.
    const plain = await supertest(t.app).get('/api/auth/session').set('X-Forwarded-Proto', 'https').expect(200);
    expect(cookies(plain).find((x) => x.startsWith('kg_csrf='))).not.toMatch(/Secure/);
  });

  it('signing in rotates the session: the old cookie stops working', async () => {
    const a = await signIn(t, 'ada@test.example');
    const before = (await a.agent.get('/api/auth/session')).body.csrfToken;
    const res = await a.agent.post('/api/auth/login').set('X-CSRF-Token', before).send({ email: 'ada@test.example', password: PASSWORD }).expect(200);
    expect(res.body.csrfToken).not.toBe(before);
    const oldCookie = cookies(res).length; // a new cookie was set
    expect(oldCookie).toBeGreaterThan(0);
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'ada@test.example' AND s.csrf_token = ${before}`.execute(t.database.db);
    expect(Number(n.rows[0]!.n)).toBe(0);
  });

  it('sessions live in the database: another app instance on the same database accepts the cookie', async () => {
    const a = await signIn(t, 'ada@test.example');
    const other = createApp({ config: t.config, database: t.database, log: silentLog });
    const cookie = (await a.agent.get('/api/auth/session')).request.getHeader?.('cookie');
    const jar = a.agent.jar.getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false } as never).toValueString();
    const res = await supertest(other).get('/api/auth/session').set('Cookie', jar || String(cookie)).expect(200);
    expect(res.body.authenticated).toBe(true);
    expect(res.body.user.email).toBe('ada@test.example');
  });

  it('wrong password or unknown account → 401 with the same message', async () => {
    const v = await visitor(t);
    const a = await v.agent.post('/api/auth/login').set('X-CSRF-Token', v.csrf).send({ email: 'eve@test.example', password: 'wrong password!' }).expect(401);
    const b = await v.agent.post('/api/auth/login').set('X-CSRF-Token', v.csrf).send({ email: 'nobody@test.example', password: 'wrong password!' }).expect(401);
    expect(a.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(a.body.type).toBe('/problems/invalid-credentials');
    expect(a.body.detail).toBe(b.body.detail);
  });

  it('unknown keys and bad e-mails are 400; a body that is not JSON is 415', async () => {
    const v = await visitor(t);
    const r1 = await v.agent.post('/api/auth/login').set('X-CSRF-Token', v.csrf).send({ email: 'ada@test.example', password: PASSWORD, remember: true }).expect(400);
    expect(r1.body.detail).toMatch(/remember/);
    const r2 = await v.agent.post('/api/auth/login').set('X-CSRF-Token', v.csrf).send({ email: 'not-an-email', password: PASSWORD }).expect(400);
    expect(r2.body.detail).toMatch(/e-mail/);
    const r3 = await v.agent.post('/api/auth/login').set('X-CSRF-Token', v.csrf).set('Content-Type', 'text/plain').send('email=a&password=b').expect(415);
    expect(r3.body.detail).toMatch(/Content-Type: application\/json/);
  });

  it('repeated bad sign-ins → 429 with Retry-After; a correct password is refused while locked; unlocked after the window', async () => {
    const v = await visitor(t);
    const bad = () => v.agent.post('/api/auth/login').set('X-CSRF-Token', v.csrf).send({ email: 'lock@test.example', password: 'not the password' });
    expect((await bad()).status).toBe(401);
    expect((await bad()).status).toBe(401);
    const third = await bad();
    expect(third.status).toBe(429);
    expect(third.body.type).toBe('/problems/too-many-attempts');
    expect(Number(third.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(third.body.detail).toMatch(/Wait \d+ seconds/);
    const good = await v.agent.post('/api/auth/login').set('X-CSRF-Token', v.csrf).send({ email: 'lock@test.example', password: PASSWORD });
    expect(good.status).toBe(429);
    expect(cookies(good).some((c) => c.startsWith('kg_session='))).toBe(false);
    // Attempts are in the database: another instance refuses too.
    const other = createApp({ config: t.config, database: t.database, log: silentLog });
    const o = supertest.agent(other);
    const s = await o.get('/api/auth/session');
    expect((await o.post('/api/auth/login').set('X-CSRF-Token', s.body.csrfToken).send({ email: 'lock@test.example', password: PASSWORD })).status).toBe(429);
    await new Promise((r) => setTimeout(r, Number(third.headers['retry-after']) * 1000 + 200));
    await v.agent.post('/api/auth/login').set('X-CSRF-Token', v.csrf).send({ email: 'lock@test.example', password: PASSWORD }).expect(200);
  });

  it('per address: many accounts from one address are limited too', async () => {
    const app = createApp({ config: { ...t.config, trustProxy: true }, database: t.database, log: silentLog });
    const agent = supertest.agent(app);
    const s = await agent.get('/api/auth/session');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await agent.post('/api/auth/login').set('X-Forwarded-For', '203.0.113.9').set('X-CSRF-Token', s.body.csrfToken).send({ email: `spray${i}@test.example`, password: 'guess guess guess' });
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    expect(statuses[6]).toBe(429);
    // Another address is not affected.
    await agent.post('/api/auth/login').set('X-Forwarded-For', '203.0.113.10').set('X-CSRF-Token', s.body.csrfToken).send({ email: 'eve@test.example', password: PASSWORD }).expect(200);
  });

  it('logout ends the session in the database and hands out a fresh anonymous CSRF token', async () => {
    const a = await signIn(t, 'eve@test.example');
    const res = await send(a, 'post', '/api/auth/logout').expect(200);
    expect(res.body.authenticated).toBe(false);
    expect(res.body.csrfToken).not.toBe(a.csrf);
    expect((await a.agent.get('/api/auth/session')).body.authenticated).toBe(false);
  });

  it('password change needs the current password, ends every other session and rotates this one', async () => {
    await makeUser(t, { org: 'auth-test-org', role: 'advocate', email: 'pat@test.example', name: 'Pat' });
    const one = await signIn(t, 'pat@test.example');
    const two = await signIn(t, 'pat@test.example');
    const wrong = await send(one, 'post', '/api/auth/password').send({ currentPassword: 'not it at all', newPassword: 'a brand new passphrase' }).expect(403);
    expect(wrong.body.detail).toMatch(/current password is wrong/);
    const short = await send(one, 'post', '/api/auth/password').send({ currentPassword: PASSWORD, newPassword: 'short' }).expect(400);
    expect(short.body.detail).toMatch(/at least 12 characters/);
    const ok = await send(one, 'post', '/api/auth/password').send({ currentPassword: PASSWORD, newPassword: 'a brand new passphrase' }).expect(200);
    expect(ok.body.authenticated).toBe(true);
    expect(ok.body.csrfToken).not.toBe(one.csrf);
    const stale = await send(two, 'post', '/api/annotations').send({}).expect(403);
    expect(stale.body.detail).toMatch(/session has ended/);
    expect((await two.agent.get('/api/auth/session')).body.authenticated).toBe(false); // the other session ended
    expect((await one.agent.get('/api/auth/session')).body.authenticated).toBe(true); // this one continues under a new id
    await signIn(t, 'pat@test.example', 'a brand new passphrase');
  });

  it('profile: opt in to showing one\'s name', async () => {
    const a = await signIn(t, 'ada@test.example');
    const res = await send(a, 'patch', '/api/auth/profile').send({ showNamePublicly: true }).expect(200);
    expect(res.body.user.showNamePublicly).toBe(true);
    await send(a, 'patch', '/api/auth/profile').send({ email: 'x@y.z' }).expect(400);
  });

  it('sliding expiry: activity extends a session up to its maximum age', async () => {
    const a = await signIn(t, 'eve@test.example');
    const id = (await sql<{ id: string }>`SELECT id FROM sessions WHERE csrf_token = ${a.csrf}`.execute(t.database.db)).rows[0]!.id;
    await sql`UPDATE sessions SET last_seen_at = now() - interval '5 minutes', expires_at = now() + interval '1 minute' WHERE id = ${id}`.execute(t.database.db);
    const s = await a.agent.get('/api/auth/session').expect(200);
    expect(s.body.authenticated).toBe(true);
    expect(Date.parse(s.body.expiresAt) - Date.now()).toBeGreaterThan(110 * 60_000); // SESSION_IDLE_MIN (120) from now
    await sql`UPDATE sessions SET last_seen_at = now() - interval '5 minutes', created_at = now() - interval '23 hours 59 minutes' WHERE id = ${id}`.execute(t.database.db);
    const capped = await a.agent.get('/api/auth/session').expect(200);
    expect(Date.parse(capped.body.expiresAt) - Date.now()).toBeLessThan(2 * 60_000); // never past SESSION_MAX_H (24) after sign-in
  });

  it('an expired session is refused', async () => {
    const a = await signIn(t, 'eve@test.example');
    await sql`UPDATE sessions SET expires_at = now() - interval '1 second'`.execute(t.database.db);
    const s = await a.agent.get('/api/auth/session').expect(200);
    expect(s.body.authenticated).toBe(false);
  });
});

describe(`CSRF (${BACKEND})`, () => {
  it('no token → 403 on sign-in and on every state-changing call', async () => {
    const v = await visitor(t);
    const r = await v.agent.post('/api/auth/login').send({ email: 'ada@test.example', password: PASSWORD }).expect(403);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(r.body.type).toBe('/problems/csrf-token');
    expect(r.body.detail).toMatch(/X-CSRF-Token/);
    const a = await signIn(t, 'ada@test.example');
    for (const [m, url] of [['post', '/api/annotations'], ['post', '/api/campaigns'], ['patch', '/api/auth/profile'], ['post', '/api/auth/logout'], ['post', '/api/auth/password'], ['delete', '/api/annotations/00000000-0000-4000-8000-000000000000']] as const) {
      const res = await a.agent[m](url).send({});
      expect(res.status, `${m} ${url}`).toBe(403);
      expect(res.body.type).toBe('/problems/csrf-token');
    }
    expect((await a.agent.get('/api/auth/session')).body.authenticated).toBe(true); // logout without a token did nothing
  });

  it('a wrong token, another session\'s token, or the pre-session token after sign-in → 403', async () => {
    const a = await signIn(t, 'ada@test.example');
    const b = await signIn(t, 'eve@test.example');
    await a.agent.patch('/api/auth/profile').set('X-CSRF-Token', 'x'.repeat(43)).send({ displayName: 'A' }).expect(403);
    await a.agent.patch('/api/auth/profile').set('X-CSRF-Token', b.csrf).send({ displayName: 'A' }).expect(403);
    const v = await visitor(t);
    await v.agent.post('/api/auth/login').set('X-CSRF-Token', 'y'.repeat(43)).send({ email: 'ada@test.example', password: PASSWORD }).expect(403);
  });

  it('a cross-site request is refused even with a token', async () => {
    const a = await signIn(t, 'ada@test.example');
    await send(a, 'patch', '/api/auth/profile').set('Sec-Fetch-Site', 'cross-site').send({ displayName: 'A' }).expect(403);
    await send(a, 'patch', '/api/auth/profile').set('Sec-Fetch-Site', 'same-origin').send({ displayName: 'Ada' }).expect(200);
  });
});

describe(`accounts (${BACKEND})`, () => {
  it('the first admin comes from ADMIN_EMAIL/ADMIN_PASSWORD once, only when no (non-demo) admin exists', async () => {
    const cfg = authConfig({ ADMIN_EMAIL: 'Root@Test.example', ADMIN_PASSWORD: 'the first admin password' });
    expect(await ensureFirstAdmin(t.database.db, cfg, silentLog)).toBe('created');
    expect(await ensureFirstAdmin(t.database.db, cfg, silentLog)).toBe('exists');
    const s = await signIn(t, 'root@test.example', 'the first admin password');
    expect(s.session.user).toMatchObject({ role: 'admin', organisation: { slug: 'operators', kind: 'operator' } });
    expect(await ensureFirstAdmin(t.database.db, authConfig(), silentLog)).toBe('not-configured');
  });

  it('demo accounts exist with the demo data and sign in with the README password', async () => {
    const s = await signIn(t, 'advocate.atuul@example.org', DEMO_PASSWORD);
    expect(s.session).toMatchObject({ demo: true, user: { role: 'advocate', organisation: { slug: 'atuul' } } });
  });

  it('the OpenAPI document lists the account, campaign and annotation endpoints with their bodies', async () => {
    const d = (await supertest(t.app).get('/api/openapi.json').expect(200)).body;
    for (const path of ['/api/auth/session', '/api/auth/login', '/api/auth/logout', '/api/auth/password', '/api/campaigns', '/api/campaigns/{id}', '/api/annotations', '/api/annotations/{id}',
      '/api/annotations/{id}/status', '/api/annotations/{id}/review', '/api/annotations/{id}/comments', '/api/annotations/{id}/history', '/api/annotations/{id}/timeline',
      '/api/layers/annotations/features', '/tiles/annotations/{z}/{x}/{y}.mvt', '/api/councils/response-times']) expect(d.paths[path], path).toBeTruthy();
    const create = d.paths['/api/annotations'].post.requestBody.content['application/geo+json'].schema;
    expect(create.additionalProperties).toBe(false);
    expect(create.properties.properties.properties.category.enum).toContain('drinking_water_irrigation');
    expect(d.paths['/api/annotations/{id}'].patch.parameters.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['If-Match', 'X-CSRF-Token']));
    expect(d.paths['/api/annotations/{id}'].patch.responses['412'].content['application/problem+json']).toBeTruthy();
    expect(d.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie' });
  });

  it('stores argon2id hashes only', async () => {
    const r = await sql<{ h: string }>`SELECT password_hash AS h FROM users`.execute(t.database.db);
    expect(r.rows.length).toBeGreaterThan(5);
    for (const x of r.rows) expect(x.h).toMatch(/^\$argon2id\$v=19\$m=\d+,p=\d+,t=\d+\$/);
    const demo = await sql<{ h: string }>`SELECT password_hash AS h FROM users WHERE email = 'advocate.ergene@example.org'`.execute(t.database.db);
    expect(demo.rows[0]!.h).toMatch(/m=19456,p=1,t=2/); // the default parameters (accounts signed in here were re-hashed with the test's cheaper ones)
  });
});
