// Bad shapes and broken text get a 400 that says why, and nothing is stored (#14 items 1–3): shapes
// outside the service region (a ring across the 180° meridian, a what-if site in Paris, an analysis
// area spanning the globe), polygons that enclose no area, invisible-only and broken text; text is
// stored in Unicode NFC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { BACKEND } from '../helpers/backend.js';
import type { TestApp } from '../helpers/app.js';
import { advocateWithCampaign, appWithAuth, polygon, send, type Client } from '../helpers/session.js';
import { loadConfig } from '../../server/src/config.js';

let t: TestApp;
let adv: Client;
let campaignId: string;
const ring = (pts: [number, number][]) => ({ type: 'Polygon', coordinates: [[...pts, pts[0]!]] });
const count = async (table: string) => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0]!.n);
const note = (geometry: unknown, props: Record<string, unknown> = {}) =>
  send(adv, 'post', '/api/annotations').send({ type: 'Feature', geometry, properties: { campaignId, title: 'Hardening', category: 'other', severity: 2, ...props } });

beforeAll(async () => {
  t = await appWithAuth();
  ({ client: adv, campaignId } = await advocateWithCampaign(t, 'hard-org'));
});
afterAll(async () => { await t?.dispose(); });

describe(`shapes outside the service region (${BACKEND})`, () => {
  it('an annotation ring from 179° to -179° (meant to cross the antimeridian) → 400, nothing stored', async () => {
    const before = await count('annotations');
    const res = await note(ring([[179, 42], [-179, 42], [-179, 43], [179, 43]])).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(/outside the area this service covers/);
    expect(res.body.detail).toMatch(/longitude 68\.7 to 80\.8, latitude 38\.6 to 43\.8/);
    expect(await count('annotations')).toBe(before);
  });

  it('a point in Paris → 400; the same point in Karakol → 201', async () => {
    await note({ type: 'Point', coordinates: [2.35, 48.85] }).expect(400);
    await note({ type: 'Point', coordinates: [78.39, 42.49] }).expect(201);
  });

  it('a campaign area outside → 400, nothing stored', async () => {
    const before = await count('campaigns');
    const res = await send(adv, 'post', '/api/campaigns').send({ type: 'Feature', geometry: polygon(2.3, 48.8, 0.1), properties: { title: { en: 'Paris' }, targetCouncil: { en: 'x' } } }).expect(400);
    expect(res.body.detail).toMatch(/area of interest is outside the area this service covers/);
    expect(await count('campaigns')).toBe(before);
  });

  it('an analysis area spanning the globe on the flat map → 400 (small on the sphere, it used to cover every settlement)', async () => {
    const res = await send(adv, 'post', '/api/analysis/coverage').send({ kind: 'clinic', area: ring([[-179.9, 42.4], [179.9, 42.4], [179.9, 42.5], [-179.9, 42.5]]) });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/^area: .*outside the service region/);
  });

  it('a what-if facility in Paris → 400 naming proposal.geometry', async () => {
    const res = await send(adv, 'post', '/api/analysis/what-if').send({ proposal: { type: 'facility', kind: 'clinic', geometry: { type: 'Point', coordinates: [2.35, 48.85] } } }).expect(400);
    expect(res.body.errors[0]).toMatchObject({ in: 'body', name: 'proposal.geometry' });
  });

  it('the region comes from SERVICE_REGION, and a bad value stops the app with a message naming it', () => {
    expect(loadConfig({ SERVICE_REGION: '1,2,3,4' }).serviceRegion).toEqual([1, 2, 3, 4]);
    expect(loadConfig({}).serviceRegion).toEqual([68.7, 38.6, 80.8, 43.8]);
    expect(() => loadConfig({ SERVICE_REGION: '80,40,70,45' })).toThrow(/SERVICE_REGION/);
    expect(() => loadConfig({ SERVICE_REGION: 'kyrgyzstan' })).toThrow(/SERVICE_REGION/);
  });
});

describe(`polygons that enclose no area (${BACKEND})`, () => {
  it('a ring whose corners lie on one line is valid to PostGIS but refused → 400, nothing stored', async () => {
    const before = await count('annotations');
    const res = await note(ring([[78.39, 42.49], [78.40, 42.50], [78.41, 42.51]])).expect(400);
    expect(res.body.detail).toMatch(/not a usable area: the polygon encloses almost no area \(at least 1 m²\)/);
    expect(await count('annotations')).toBe(before);
    await note(polygon(78.39, 42.49, 0.0001)).expect(201); // about 90 m²
  });
});

describe(`text (${BACKEND})`, () => {
  it('a title of only zero-width and bidi characters is empty → 400', async () => {
    const res = await note({ type: 'Point', coordinates: [78.39, 42.49] }, { title: '\u200b\u200c\u200d\u202e ' }).expect(400);
    expect(res.body.errors[0]).toMatchObject({ name: 'properties.title' });
    expect(res.body.detail).toMatch(/must not be empty/);
  });

  it('a lone surrogate → 400 naming the field, in annotations, comments and campaigns', async () => {
    const raw = (body: string) => body.replace('BROKEN', '\\ud800');
    const a = await adv.agent.post('/api/annotations').set('X-CSRF-Token', adv.csrf).set('Content-Type', 'application/json')
      .send(raw(JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [78.39, 42.49] }, properties: { campaignId, title: 'x BROKEN', category: 'other', severity: 1 } }))).expect(400);
    expect(a.body.detail).toMatch(/properties\.title: .*broken character/);
    const ok = await note({ type: 'Point', coordinates: [78.39, 42.49] }).expect(201);
    const c = await adv.agent.post(`/api/annotations/${ok.body.id}/comments`).set('X-CSRF-Token', adv.csrf).set('Content-Type', 'application/json')
      .send(raw(JSON.stringify({ body: 'BROKEN' }))).expect(400);
    expect(c.body.detail).toMatch(/body: .*broken character/);
    const k = await adv.agent.post('/api/campaigns').set('X-CSRF-Token', adv.csrf).set('Content-Type', 'application/json')
      .send(raw(JSON.stringify({ type: 'Feature', geometry: polygon(78.3, 42.4, 0.1), properties: { title: { en: 'BROKEN' }, targetCouncil: { en: 'x' } } }))).expect(400);
    expect(k.body.detail).toMatch(/broken character/);
  });

  it('text is stored in NFC: e + combining acute comes back as é', async () => {
    const res = await note({ type: 'Point', coordinates: [78.39, 42.49] }, { title: 'Cafe\u0301 ө\u0308', description: 'Ы\u0306' }).expect(201);
    expect(res.body.properties.title).toBe('Caf\u00e9 ө\u0308'.normalize('NFC'));
    expect(res.body.properties.title).toContain('\u00e9');
    expect(res.body.properties.description).toBe('Ы\u0306'.normalize('NFC'));
    const stored = (await sql<{ title: string }>`SELECT title FROM annotations WHERE id = ${res.body.id}`.execute(t.database.db)).rows[0]!.title;
    expect(stored).toBe(stored.normalize('NFC'));
  });
});
