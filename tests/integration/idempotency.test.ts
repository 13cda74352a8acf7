// Idempotency-Key on creates (issue 14 item 4): the same key with the same request answers the first
// answer again and creates nothing more; with another request → 422; keys belong to one account; a
// request without a key creates as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import sharp from 'sharp';
import type { TestApp } from '../helpers/app.js';
import { advocateWithCampaign, appWithAuth, polygon, send, type Client } from '../helpers/session.js';

let t: TestApp;
let adv: Client, other: Client;
let campaignId: string;
const count = async (table: string) => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0]!.n);

const annotation = (title: string) => ({
  type: 'Feature', geometry: { type: 'Point', coordinates: [78.39, 42.49] },
  properties: { campaignId, title, category: 'broken_canal', severity: 3 },
});

beforeAll(async () => {
  t = await appWithAuth();
  ({ client: adv, campaignId } = await advocateWithCampaign(t, 'idem-owner'));
  ({ client: other } = await advocateWithCampaign(t, 'idem-other'));
});
afterAll(async () => { await t?.dispose(); });

describe('the same key and request: one create, the first answer again', () => {
  it('annotations', async () => {
    const key = crypto.randomUUID();
    const before = await count('annotations');
    const a = await send(adv, 'post', '/api/annotations').set('Idempotency-Key', key).send(annotation('Retried gap')).expect(201);
    const b = await send(adv, 'post', '/api/annotations').set('Idempotency-Key', key).send(annotation('Retried gap')).expect(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body.id).toBe(a.body.id);
    expect(b.headers.location).toBe(a.headers.location);
    expect(b.headers.etag).toBe(a.headers.etag);
    expect(await count('annotations')).toBe(before + 1);
    // Without a key, two requests are two creates.
    await send(adv, 'post', '/api/annotations').send(annotation('No key')).expect(201);
    await send(adv, 'post', '/api/annotations').send(annotation('No key')).expect(201);
    expect(await count('annotations')).toBe(before + 3);
  });

  it('campaigns, comments, share links and photos', async () => {
    const key = () => crypto.randomUUID();
    const c = { type: 'Feature', geometry: polygon(78.3, 42.4, 0.1), properties: { title: { en: 'Retried campaign' }, targetCouncil: { en: 'Karakol city kenesh' }, status: 'active' } };
    const k1 = key(), n1 = await count('campaigns');
    const c1 = await send(adv, 'post', '/api/campaigns').set('Idempotency-Key', k1).send(c).expect(201);
    const c2 = await send(adv, 'post', '/api/campaigns').set('Idempotency-Key', k1).send(c).expect(201);
    expect(c2.body.id).toBe(c1.body.id);
    expect(await count('campaigns')).toBe(n1 + 1);

    const a = await send(adv, 'post', '/api/annotations').send(annotation('For comments')).expect(201);
    const k2 = key(), n2 = await count('annotation_comments');
    const m1 = await send(adv, 'post', `/api/annotations/${a.body.id}/comments`).set('Idempotency-Key', k2).send({ body: 'once' }).expect(201);
    const m2 = await send(adv, 'post', `/api/annotations/${a.body.id}/comments`).set('Idempotency-Key', k2).send({ body: 'once' }).expect(201);
    expect(m2.body).toEqual(m1.body);
    expect(await count('annotation_comments')).toBe(n2 + 1);

    const k3 = key(), n3 = await count('share_links');
    const s1 = await send(adv, 'post', `/api/campaigns/${campaignId}/share-links`).set('Idempotency-Key', k3).send({ label: 'council' }).expect(201);
    const s2 = await send(adv, 'post', `/api/campaigns/${campaignId}/share-links`).set('Idempotency-Key', k3).send({ label: 'council' }).expect(201);
    expect(s2.body.token).toBe(s1.body.token);
    expect(await count('share_links')).toBe(n3 + 1);

    const jpg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366aa' } }).jpeg().toBuffer();
    const k4 = key(), n4 = await count('annotation_photos');
    const p1 = await send(adv, 'post', `/api/annotations/${a.body.id}/photos`).set('Idempotency-Key', k4).set('If-Match', String(a.headers.etag)).set('Content-Type', 'image/jpeg').send(jpg).expect(201);
    const p2 = await send(adv, 'post', `/api/annotations/${a.body.id}/photos`).set('Idempotency-Key', k4).set('If-Match', String(a.headers.etag)).set('Content-Type', 'image/jpeg').send(jpg).expect(201);
    expect(p2.headers.location).toBe(p1.headers.location);
    expect(await count('annotation_photos')).toBe(n4 + 1);
  });
});

describe('keys are checked', () => {
  it('the same key with another request → 422 and nothing created', async () => {
    const key = crypto.randomUUID();
    await send(adv, 'post', '/api/annotations').set('Idempotency-Key', key).send(annotation('First')).expect(201);
    const before = await count('annotations');
    const r = await send(adv, 'post', '/api/annotations').set('Idempotency-Key', key).send(annotation('Second'));
    expect(r.status).toBe(422);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(r.body.detail).toMatch(/different request/);
    expect(await count('annotations')).toBe(before);
  });

  it("one account's key does not replay another account's answer", async () => {
    const key = crypto.randomUUID();
    const mine = await send(adv, 'post', '/api/annotations').set('Idempotency-Key', key).send(annotation('Mine')).expect(201);
    const r = await send(other, 'post', '/api/annotations').set('Idempotency-Key', key).send(annotation('Mine'));
    // The other advocate may not create in this campaign: their own answer (403/404), not a replay of mine.
    expect(r.headers['idempotent-replayed']).toBeUndefined();
    expect(r.body.id).not.toBe(mine.body.id);
  });

  it('a refused request (4xx) is its answer too: the same request replays it; another request with the key → 422', async () => {
    const key = crypto.randomUUID();
    const bad = { ...annotation('Bad'), geometry: { type: 'Point', coordinates: [2.35, 48.85] } };
    await send(adv, 'post', '/api/annotations').set('Idempotency-Key', key).send(bad).expect(400);
    // The 400 is the answer to that request; the same request replays it, a corrected one is another request.
    const again = await send(adv, 'post', '/api/annotations').set('Idempotency-Key', key).send(bad).expect(400);
    expect(again.headers['idempotent-replayed']).toBe('true');
    await send(adv, 'post', '/api/annotations').set('Idempotency-Key', key).send(annotation('Bad')).expect(422);
  });

  it('a malformed key → 400', async () => {
    const r = await send(adv, 'post', '/api/annotations').set('Idempotency-Key', 'k'.repeat(201)).send(annotation('x'));
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(/Idempotency-Key/);
  });
});
