// Share links: created by the campaign's editors (others get 404/403 like for editing the campaign),
// read by anyone with the token (the campaign and its published annotations, no people), the same 404
// for unknown, revoked and expired tokens (API and pages); the token is stored only as a hash; the /s/
// page carries Open Graph tags, the embed page is framable while the rest of the site is not. Also the
// campaigns' recommendations field.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import supertest from 'supertest';
import { createApp } from '../../server/src/app.js';
import { binary, type TestApp } from '../helpers/app.js';
import { BACKEND, silentLog } from '../helpers/backend.js';
import { appWithAuth, makeUser, polygon, send, signIn, type Client } from '../helpers/session.js';

let t: TestApp;
let pages: ReturnType<typeof supertest>;
let owner: Client, colleagueEngineer: Client, otherOrg: Client;
let campaignId: string, draftOfOtherOrg: string;
const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-share-dist-'));
const TITLE = 'Арык <script>alert(1)</script> & "канал"';

beforeAll(async () => {
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html>\n<html lang="ru">\n  <head>\n    <meta charset="utf-8" />\n    <meta name="description" content="generic" />\n    <title>Карта · Map</title>\n  </head>\n  <body><div id="app"></div></body>\n</html>\n');
  t = await appWithAuth();
  pages = supertest(createApp({ config: t.config, database: t.database, log: silentLog, webDist: dist }));
  await makeUser(t, { org: 'share-owner', orgName: 'Share CSO', role: 'advocate', email: 'adv@share.example', name: 'Aida Private' });
  await makeUser(t, { org: 'share-owner', role: 'engineer', email: 'eng@share.example', name: 'Eng' });
  await makeUser(t, { org: 'share-other', orgName: 'Other CSO', role: 'advocate', email: 'adv@other.example', name: 'Other' });
  owner = await signIn(t, 'adv@share.example');
  colleagueEngineer = await signIn(t, 'eng@share.example');
  otherOrg = await signIn(t, 'adv@other.example');
  const c = await send(owner, 'post', '/api/campaigns').send({
    type: 'Feature', geometry: polygon(78.3, 42.4, 0.2),
    properties: { title: { ky: TITLE, en: 'Canal campaign' }, description: { en: 'Canals of the east side' }, targetCouncil: { en: 'Karakol city kenesh' }, status: 'active' },
  }).expect(201);
  campaignId = c.body.id;
  const d = await send(otherOrg, 'post', '/api/campaigns').send({ type: 'Feature', geometry: polygon(74.7, 42.8, 0.1), properties: { title: { en: 'Hidden draft' }, targetCouncil: { en: 'X kenesh' } } }).expect(201);
  draftOfOtherOrg = d.body.id;
  const pub = await send(owner, 'post', '/api/annotations').send({ type: 'Feature', geometry: { type: 'Point', coordinates: [78.39, 42.49] }, properties: { campaignId, title: 'Published gap', category: 'broken_canal', severity: 4 } }).expect(201);
  await send(owner, 'post', `/api/annotations/${pub.body.id}/status`).set('If-Match', `"v${pub.body.properties.version}"`).send({ status: 'published' }).expect(200);
  await send(owner, 'post', '/api/annotations').send({ type: 'Feature', geometry: { type: 'Point', coordinates: [78.4, 42.5] }, properties: { campaignId, title: 'Draft gap', category: 'other', severity: 1 } }).expect(201);
});
afterAll(async () => { await t?.dispose(); fs.rmSync(dist, { recursive: true, force: true }); });

async function createLink(body: Record<string, unknown> = {}) {
  const res = await send(owner, 'post', `/api/campaigns/${campaignId}/share-links`).send(body);
  expect(res.status, res.body.detail).toBe(201);
  return res.body as { id: string; token: string; url: string; embedUrl: string; embedHtml: string; label: string | null; expiresAt: string | null; createdAt: string; revokedAt: null };
}

describe(`share links: managing (${BACKEND})`, () => {
  it('the owner creates a link: token shown once, 32 random bytes, stored only as its SHA-256', async () => {
    const l = await createLink({ label: 'Our website' });
    expect(l.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(l.token, 'base64url')).toHaveLength(32);
    expect(l.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/s/${l.token}$`));
    expect(l.embedUrl).toBe(`${l.url}/embed`);
    expect(l.embedHtml).toBe(`<iframe src="${l.embedUrl}" title="Canal campaign" width="100%" height="480" style="border:0" loading="lazy" referrerpolicy="no-referrer"></iframe>`);
    expect(l).toMatchObject({ label: 'Our website', expiresAt: null, revokedAt: null });

    const rows = (await sql<Record<string, unknown>>`SELECT * FROM share_links WHERE id = ${l.id}`.execute(t.database.db)).rows;
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(l.token);
    expect(rows[0]!.token_hash).toBe(crypto.createHash('sha256').update(l.token).digest('hex'));

    const list = await owner.agent.get(`/api/campaigns/${campaignId}/share-links`).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(l.token);
    expect(list.body.links.find((x: { id: string }) => x.id === l.id)).toMatchObject({ label: 'Our website', active: true, revokedAt: null });
  });

  it('others cannot manage links: 401 signed out, 403 visible but not editable, 404 invisible', async () => {
    await t.http.post(`/api/campaigns/${campaignId}/share-links`).send({}).expect(403); // no CSRF token
    const anon = supertest.agent(t.app);
    const csrf = (await anon.get('/api/auth/session')).body.csrfToken;
    expect((await anon.post(`/api/campaigns/${campaignId}/share-links`).set('X-CSRF-Token', csrf).send({})).status).toBe(401);
    expect((await send(otherOrg, 'post', `/api/campaigns/${campaignId}/share-links`).send({})).status).toBe(403);
    expect((await send(colleagueEngineer, 'post', `/api/campaigns/${campaignId}/share-links`).send({})).status).toBe(403);
    expect((await otherOrg.agent.get(`/api/campaigns/${campaignId}/share-links`)).status).toBe(403);
    expect((await send(owner, 'post', `/api/campaigns/${draftOfOtherOrg}/share-links`).send({})).status).toBe(404);
    expect((await send(owner, 'post', '/api/campaigns/00000000-0000-4000-8000-000000000000/share-links').send({})).status).toBe(404);
    const l = await createLink();
    expect((await send(otherOrg, 'delete', `/api/campaigns/${campaignId}/share-links/${l.id}`)).status).toBe(403);
    await t.http.get(`/api/shares/${l.token}`).expect(200);
  });

  it.each([
    [{ expiresAt: '2001-01-01T00:00:00Z' }, /future/],
    [{ expiresAt: 'tomorrow' }, /ISO 8601/],
    [{ label: 'x'.repeat(201) }, /label/],
    [{ label: 'a\u0000b' }, /control/],
    [{ token: 'mine' }, /token/],
  ])('bad body %j → 400, nothing stored', async (body, detail) => {
    const before = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM share_links`.execute(t.database.db)).rows[0]!.n);
    const res = await send(owner, 'post', `/api/campaigns/${campaignId}/share-links`).send(body).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(detail);
    expect(Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM share_links`.execute(t.database.db)).rows[0]!.n)).toBe(before);
  });

  it('a link with an expiry in the future works and says when it ends', async () => {
    const at = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const l = await createLink({ expiresAt: at });
    expect(l.expiresAt).toBe(at);
    expect((await t.http.get(`/api/shares/${l.token}`).expect(200)).body.expiresAt).toBe(at);
  });
});

describe(`share links: public read (${BACKEND})`, () => {
  it('anyone with the token reads the campaign and its published annotations, without people', async () => {
    const l = await createLink();
    const res = await t.http.get(`/api/shares/${l.token}`).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const c = res.body.campaign;
    expect(c).toMatchObject({ id: campaignId, title: { ky: TITLE, en: 'Canal campaign', ru: null }, targetCouncil: { en: 'Karakol city kenesh' }, organisation: { name: { en: 'Share CSO' } } });
    expect(c.area.type).toBe('Polygon');
    expect(c.bbox).toEqual([78.3, 42.4, 78.5, 42.6].map((v) => expect.closeTo(v, 6)));
    expect(c.layers).toEqual(['canals', 'settlements', 'facilities', 'power_lines', 'water_mains', 'roads', 'population']);
    expect(res.body.annotations.type).toBe('FeatureCollection');
    expect(res.body.annotations.features.map((f: { properties: { title: string } }) => f.properties.title)).toEqual(['Published gap']);
    const all = JSON.stringify(res.body);
    expect(all).not.toContain('Aida Private');
    expect(all).not.toContain('createdBy');
    expect(all).not.toContain('adv@share.example');
  });

  it('a demo campaign shares the layers of its grant project', async () => {
    const demo = (await sql<{ id: string; organisation_id: string }>`SELECT id, organisation_id FROM campaigns WHERE ref = 'demo:campaign-novopokrovka-electricity'`.execute(t.database.db)).rows[0]!;
    const u = (await sql<{ email: string }>`SELECT email FROM users WHERE organisation_id = ${demo.organisation_id} AND role = 'advocate' LIMIT 1`.execute(t.database.db)).rows[0]!;
    const c = await signIn(t, u.email, 'demo-password');
    const l = (await send(c, 'post', `/api/campaigns/${demo.id}/share-links`).send({}).expect(201)).body;
    const view = (await t.http.get(`/api/shares/${l.token}`).expect(200)).body;
    const project = JSON.parse(fs.readFileSync('data/demo/projects.json', 'utf8')).find((p: { id: string }) => p.id === 'novopokrovka-electricity');
    expect(view.campaign.layers).toEqual(project.layers);
    expect(view.annotations.features.length).toBeGreaterThan(0);
  });

  it('unknown, malformed, revoked and expired tokens all answer the same 404 (API, page, image)', async () => {
    const revoked = await createLink();
    await send(owner, 'delete', `/api/campaigns/${campaignId}/share-links/${revoked.id}`).expect(204);
    await send(owner, 'delete', `/api/campaigns/${campaignId}/share-links/${revoked.id}`).expect(204); // idempotent
    await send(owner, 'delete', `/api/campaigns/${campaignId}/share-links/00000000-0000-4000-8000-000000000000`).expect(404);
    const expired = await createLink({ expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await sql`UPDATE share_links SET created_at = now() - interval '2 hours', expires_at = now() - interval '1 hour' WHERE id = ${expired.id}`.execute(t.database.db);
    const listed = (await owner.agent.get(`/api/campaigns/${campaignId}/share-links`).expect(200)).body.links;
    expect(listed.find((x: { id: string }) => x.id === revoked.id)).toMatchObject({ active: false, revokedAt: expect.any(String) });
    expect(listed.find((x: { id: string }) => x.id === expired.id)).toMatchObject({ active: false, revokedAt: null });

    const unknown = crypto.randomBytes(32).toString('base64url');
    const details = new Set<string>();
    for (const token of [revoked.token, expired.token, unknown, 'short']) {
      const api = await t.http.get(`/api/shares/${token}`).expect(404);
      expect(api.headers['content-type']).toMatch(/application\/problem\+json/);
      details.add(api.body.detail);
      for (const p of [`/s/${token}`, `/s/${token}/embed`, `/s/${token}/og.png`]) {
        const page = await pages.get(p).expect(404);
        expect(page.headers['content-type']).toMatch(/text\/html/);
        expect(page.text).toContain('Шилтеме иштебейт');
        expect(page.text).toContain('Ссылка не работает');
        expect(page.text).toContain('This link does not work');
        expect(page.text).not.toContain('id="app"');
      }
    }
    expect(details.size).toBe(1);
  });
});

describe(`share pages (${BACKEND})`, () => {
  it('/s/{token}: the app page with Open Graph tags (escaped), no-store, no referrer, not framable', async () => {
    const l = await createLink();
    const res = await pages.get(`/s/${l.token}`).set('Accept-Language', 'ky').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    const base = 'http://127.0.0.1:\\d+'; // each supertest request listens on its own port
    const esc = 'Арык &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;канал&quot;';
    expect(res.text).toContain(`<meta property="og:title" content="${esc}" />`);
    expect(res.text).toMatch(new RegExp(`<meta property="og:image" content="${base}/s/${l.token}/og.png" />`));
    expect(res.text).toMatch(new RegExp(`<meta property="og:url" content="${base}/s/${l.token}" />`));
    expect(res.text).toContain('<meta property="og:description" content="Canals of the east side" />');
    expect(res.text).toContain(`<title>${esc}</title>`);
    expect(res.text).not.toContain('<script>alert(1)');
    expect(res.text).not.toContain('generic');
    expect(res.text).not.toContain('kg-embed');
    expect(res.text).toContain('<div id="app"></div>');
    const en = await pages.get(`/s/${l.token}`).set('Accept-Language', 'en').expect(200);
    expect(en.text).toContain('<meta property="og:title" content="Canal campaign" />');
  });

  it('/s/{token}/embed is framable from any origin (and only it); it carries the embed marker', async () => {
    const l = await createLink();
    const res = await pages.get(`/s/${l.token}/embed`).expect(200);
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(res.headers['content-security-policy']).not.toContain("frame-ancestors 'self'");
    expect(res.text).toContain('<meta name="kg-embed" content="1" />');
    expect(res.text).toMatch(new RegExp(`<meta property="og:url" content="http://127.0.0.1:\\d+/s/${l.token}/embed" />`));
    for (const other of ['/', '/api/layers', `/s/${l.token}`, '/s/whatever/embed']) {
      const r = await pages.get(other);
      if (r.status === 200) {
        expect(r.headers['x-frame-options'], other).toBe('SAMEORIGIN');
        expect(r.headers['content-security-policy'], other).toContain("frame-ancestors 'self'");
      } else {
        expect(r.status).toBe(404);
        expect(r.headers['x-frame-options'], other).toBe('SAMEORIGIN');
      }
    }
  });

  it('/s/{token}/og.png is a 1200×630 PNG', async () => {
    const l = await createLink();
    const res = await pages.get(`/s/${l.token}/og.png`).buffer(true).parse(binary as never).expect(200);
    expect(res.headers['content-type']).toBe('image/png');
    const png = res.body as Buffer;
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBe(1200);
    expect(png.readUInt32BE(20)).toBe(630);
    expect(png.length).toBeGreaterThan(5000);
    // The image is kept for a while, but a revoked link still gets nothing.
    await pages.get(`/s/${l.token}/og.png`).expect(200);
    await send(owner, 'delete', `/api/campaigns/${campaignId}/share-links/${l.id}`).expect(204);
    await pages.get(`/s/${l.token}/og.png`).expect(404);
  });
});

describe(`campaign recommendations (${BACKEND})`, () => {
  it('are read and written through the campaigns API with If-Match; at most 20,000 characters', async () => {
    const c = await owner.agent.get(`/api/campaigns/${campaignId}`).expect(200);
    expect(c.body.properties.recommendations).toEqual({ ky: null, ru: null, en: null });
    const text = '1. Repair the east canal.\n2. Report twice a year.';
    const up = await send(owner, 'patch', `/api/campaigns/${campaignId}`).set('If-Match', String(c.headers.etag)).send({ properties: { recommendations: { en: text, ru: 'Отремонтировать канал.' } } }).expect(200);
    expect(up.body.properties.recommendations).toEqual({ ky: null, ru: 'Отремонтировать канал.', en: text });
    const tooLong = await send(owner, 'patch', `/api/campaigns/${campaignId}`).set('If-Match', String(up.headers.etag)).send({ properties: { recommendations: { en: 'x'.repeat(20_001) } } }).expect(400);
    expect(tooLong.body.detail).toMatch(/recommendations\.en/);
    await send(owner, 'patch', `/api/campaigns/${campaignId}`).send({ properties: { recommendations: { en: 'no If-Match' } } }).expect(428);
    await send(otherOrg, 'patch', `/api/campaigns/${campaignId}`).set('If-Match', String(up.headers.etag)).send({ properties: { recommendations: { en: 'not mine' } } }).expect(403);
    expect((await t.http.get(`/api/campaigns/${campaignId}`).expect(200)).body.properties.recommendations.en).toBe(text);
  });

  it('the six demo campaigns carry demo recommendations in ky, ru and en', async () => {
    const fc = (await t.http.get('/api/campaigns?limit=1000').expect(200)).body;
    const demo = fc.features.filter((f: { properties: { recommendations: { en: string | null } } }) => f.properties.recommendations.en?.startsWith('[Demo text'));
    expect(demo).toHaveLength(6);
    for (const f of demo) {
      expect(f.properties.recommendations.ru).toMatch(/^\[Демонстрационный текст/);
      expect(f.properties.recommendations.ky).toMatch(/^\[Демо текст/);
    }
  });
});
