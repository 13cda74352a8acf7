// Campaigns and annotations through the HTTP API: GeoJSON in and out, integrity (geometry, If-Match),
// plain text, soft delete, append-only history, the status workflow, comments, timeline, council
// response times; the demo campaigns (one per grant project), sharing; demo accounts only with demo data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '@placemarkio/check-geojson';
import { sql } from 'kysely';
import supertest from 'supertest';
import { createApp } from '../../server/src/app.js';
import { loadMigrations, migrate } from '../../server/src/db/migrate.js';
import { loadProjects } from '../../server/src/projects/projects.service.js';
import { BACKEND, freshDatabase, silentLog } from '../helpers/backend.js';
import type { TestApp } from '../helpers/app.js';
import { appWithAuth, makeUser, polygon, send, signIn, type Client } from '../helpers/session.js';
import { STATUSES, TRANSITIONS, type Status } from '../../server/src/annotations/annotations.rules.js';
import { AnnotationCreate, StatusChange } from '../../server/src/annotations/annotations.schema.js';
import type { SignedIn } from '../../server/src/access/viewer.js';

let t: TestApp;
let adv: Client, eng: Client;
let campaignId: string;
let canalId: number;

beforeAll(async () => {
  t = await appWithAuth();
  await makeUser(t, { org: 'ann-owner', orgName: 'Owner CSO', role: 'advocate', email: 'adv@ann.example', name: 'Adv' });
  const rev = await makeUser(t, { org: 'ann-reviewer', orgName: 'Reviewing council', role: 'engineer', email: 'eng@ann.example', name: 'Eng' });
  adv = await signIn(t, 'adv@ann.example');
  eng = await signIn(t, 'eng@ann.example');
  const c = await send(adv, 'post', '/api/campaigns').send({
    type: 'Feature', geometry: polygon(78.3, 42.4, 0.2),
    properties: { title: { en: 'Test campaign' }, targetCouncil: { en: 'Test city kenesh' }, status: 'active', sharedWith: [rev.organisationId] },
  }).expect(201);
  campaignId = c.body.id;
  canalId = Number((await sql<{ id: number }>`SELECT id FROM canals ORDER BY id LIMIT 1`.execute(t.database.db)).rows[0]!.id);
});
afterAll(async () => { await t?.dispose(); });

const count = async () => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM annotations`.execute(t.database.db)).rows[0]!.n);

function feature(geometry: unknown, props: Record<string, unknown> = {}) {
  return { type: 'Feature', geometry, properties: { campaignId, title: 'A gap', category: 'broken_canal', severity: 3, ...props } };
}
async function create(props: Record<string, unknown> = {}, geometry: unknown = { type: 'Point', coordinates: [78.39, 42.49] }) {
  const res = await send(adv, 'post', '/api/annotations').send(feature(geometry, props));
  expect(res.status, res.body.detail).toBe(201);
  return res.body as { id: string; properties: { version: number; status: Status; [k: string]: unknown } };
}
const ifMatch = (v: number) => `"v${v}"`;

describe(`annotations: GeoJSON in and out (${BACKEND})`, () => {
  it.each([
    ['Point', { type: 'Point', coordinates: [78.39, 42.49] }],
    ['LineString', { type: 'LineString', coordinates: [[78.37, 42.48], [78.36, 42.485], [78.355, 42.49]] }],
    ['Polygon (clockwise in, counter-clockwise out)', { type: 'Polygon', coordinates: [[[78.35, 42.48], [78.35, 42.49], [78.36, 42.49], [78.36, 42.48], [78.35, 42.48]]] }],
  ])('%s: 201 with Location and ETag, valid RFC 7946 out', async (_n, geometry) => {
    const res = await send(adv, 'post', '/api/annotations').send(feature(geometry, {
      description: 'Line one\nline two', lang: 'en', affectedPeople: 120, affectedHouseholds: 30,
      evidence: [{ url: 'https://example.org/photo.jpg', label: 'photo' }], linkedFeatures: [{ layer: 'canals', id: canalId }],
    })).expect(201);
    expect(res.headers['content-type']).toMatch(/application\/geo\+json/);
    expect(res.headers.location).toMatch(new RegExp(`/api/annotations/${res.body.id}$`));
    expect(res.headers.etag).toBe('"v1"');
    expect(res.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    check(JSON.stringify({ type: 'FeatureCollection', features: [res.body] }));
    expect(res.body.geometry.type).toBe(geometry.type);
    expect(res.body.properties).toMatchObject({
      campaignId, status: 'draft', reviewStatus: 'unreviewed', version: 1, severity: 3, category: 'broken_canal',
      affectedPeople: 120, affectedHouseholds: 30, linkedFeatures: [{ layer: 'canals', id: canalId }],
      createdBy: { name: 'Adv', organisation: { name: { en: 'Owner CSO' } } },
      permissions: { edit: true, delete: true, comment: true, transitions: ['published'] },
    });
    const got = await adv.agent.get(`/api/annotations/${res.body.id}`).expect(200);
    expect(got.headers.etag).toBe('"v1"');
    expect(got.body.geometry).toEqual(res.body.geometry);
  });

  it('lists as a FeatureCollection with filters and bbox', async () => {
    const a = await create({ category: 'sanitation', severity: 5 }, { type: 'Point', coordinates: [78.45, 42.55] });
    const fc = await adv.agent.get(`/api/annotations?campaign=${campaignId}&category=sanitation&severity=4,5&status=draft&bbox=78.44,42.54,78.46,42.56`).expect(200);
    expect(fc.headers['content-type']).toMatch(/application\/geo\+json/);
    check(fc.text);
    expect(fc.body.features.map((f: { id: string }) => f.id)).toEqual([a.id]);
    expect(fc.body.numberMatched).toBe(1);
    const none = await adv.agent.get(`/api/annotations?bbox=70,40,70.1,40.1&campaign=${campaignId}`).expect(200);
    expect(none.body.features).toEqual([]);
    const bad = await adv.agent.get('/api/annotations?category=potholes').expect(400);
    expect(bad.body.detail).toMatch(/'potholes' is not allowed/);
    await adv.agent.get('/api/annotations?colour=red').expect(400);
  });
});

describe(`annotations: integrity (${BACKEND})`, () => {
  it('a self-intersecting polygon → 400 with ST_IsValidReason, nothing stored', async () => {
    const before = await count();
    const res = await send(adv, 'post', '/api/annotations').send(feature({ type: 'Polygon', coordinates: [[[78, 42], [78.1, 42.1], [78.1, 42], [78, 42.1], [78, 42]]] })).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toBe('/problems/invalid-geometry');
    expect(res.body.detail).toMatch(/Self-intersection\[78\.05 42\.05\]/);
    expect(res.body.reason).toMatch(/^Self-intersection/);
    expect(await count()).toBe(before);
    // and the same on update: nothing overwritten
    const a = await create();
    await send(adv, 'patch', `/api/annotations/${a.id}`).set('If-Match', ifMatch(1)).send({ geometry: { type: 'Polygon', coordinates: [[[78, 42], [78.1, 42.1], [78.1, 42], [78, 42.1], [78, 42]]] } }).expect(400);
    expect((await adv.agent.get(`/api/annotations/${a.id}`)).body.properties.version).toBe(1);
  });

  it.each([
    ['an unclosed ring', () => feature({ type: 'Polygon', coordinates: [[[78, 42], [78.1, 42], [78.1, 42.1], [78, 42.2]]] }), /ring must be closed/],
    ['a longitude out of range', () => feature({ type: 'Point', coordinates: [200, 42] }), /longitude 200 is outside/],
    ['a latitude beyond web mercator', () => feature({ type: 'Point', coordinates: [78, 89] }), /latitude 89 is outside/],
    ['a one-position line', () => feature({ type: 'LineString', coordinates: [[78, 42]] }), /at least 2 positions/],
    ['too many vertices', () => feature({ type: 'LineString', coordinates: Array.from({ length: 5001 }, (_, i) => [78 + i * 1e-5, 42]) }), /5001 vertices; at most 5000/],
    ['a MultiPoint', () => feature({ type: 'MultiPoint', coordinates: [[78, 42]] }), /geometry type must be Point, LineString, Polygon/],
    ['a string coordinate', () => feature({ type: 'Point', coordinates: ['78', 42] }), /coordinates must be numbers/],
    ['an unknown property', () => feature({ type: 'Point', coordinates: [78, 42] }, { colour: 'red' }), /colour/],
    ['an unknown top-level key', () => ({ ...feature({ type: 'Point', coordinates: [78, 42] }), crs: 'EPSG:3857' }), /crs/],
    ['a read-only property', () => feature({ type: 'Point', coordinates: [78, 42] }, { status: 'published' }), /status/],
    ['a javascript: evidence link', () => feature({ type: 'Point', coordinates: [78, 42] }, { evidence: [{ url: 'javascript:alert(1)' }] }), /http:\/\/ or https:\/\//],
    ['a ftp: evidence link', () => feature({ type: 'Point', coordinates: [78, 42] }, { evidence: [{ url: 'ftp://example.org/x' }] }), /http:\/\/ or https:\/\//],
    ['severity 6', () => feature({ type: 'Point', coordinates: [78, 42] }, { severity: 6 }), /severity must be from 1 to 5/],
    ['an unknown category', () => feature({ type: 'Point', coordinates: [78, 42] }, { category: 'potholes' }), /category must be one of broken_canal/],
    ['a NUL character', () => feature({ type: 'Point', coordinates: [78, 42] }, { title: 'a\u0000b' }), /control characters/],
    ['a linked feature that does not exist', () => feature({ type: 'Point', coordinates: [78, 42] }, { linkedFeatures: [{ layer: 'canals', id: 99999999 }] }), /canals feature 99999999 does not exist/],
    ['a linked feature of an unknown layer', () => feature({ type: 'Point', coordinates: [78, 42] }, { linkedFeatures: [{ layer: 'pipes', id: 1 }] }), /layer must be one of/],
    ['an unknown campaign', () => feature({ type: 'Point', coordinates: [78, 42] }, { campaignId: '00000000-0000-4000-8000-000000000000' }), /no campaign/],
  ] as [string, () => unknown, RegExp][])('%s → 400 naming the problem, nothing stored', async (_n, body, detail) => {
    const before = await count();
    const res = await send(adv, 'post', '/api/annotations').send(body() as object);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(detail);
    expect(await count()).toBe(before);
  });

  it('update without If-Match → 428; with a stale version → 412 with the current version, nothing overwritten', async () => {
    const a = await create({ title: 'Original title' });
    const none = await send(adv, 'patch', `/api/annotations/${a.id}`).send({ properties: { title: 'No precondition' } }).expect(428);
    expect(none.body.type).toBe('/problems/precondition-required');
    expect(none.body.detail).toMatch(/If-Match/);
    await send(adv, 'patch', `/api/annotations/${a.id}`).set('If-Match', '*').send({ properties: { title: 'Star' } }).expect(428);
    const ok = await send(adv, 'patch', `/api/annotations/${a.id}`).set('If-Match', ifMatch(1)).send({ properties: { title: 'First edit' } }).expect(200);
    expect(ok.headers.etag).toBe('"v2"');
    expect(ok.body.properties).toMatchObject({ title: 'First edit', version: 2 });
    const stale = await send(adv, 'patch', `/api/annotations/${a.id}`).set('If-Match', ifMatch(1)).send({ properties: { title: 'Lost update' }, geometry: { type: 'Point', coordinates: [78.1, 42.1] } }).expect(412);
    expect(stale.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(stale.body.type).toBe('/problems/version-conflict');
    expect(stale.body.currentVersion).toBe(2);
    expect(stale.headers.etag).toBe('"v2"');
    expect(stale.body.current.properties.title).toBe('First edit');
    expect(stale.body.detail).toMatch(/you sent version 1, it is now at version 2/);
    const now = await adv.agent.get(`/api/annotations/${a.id}`).expect(200);
    expect(now.body.properties.title).toBe('First edit');
    expect(now.body.geometry.coordinates).toEqual([78.39, 42.49]);
    const garbage = await send(adv, 'patch', `/api/annotations/${a.id}`).set('If-Match', '"abc"').send({ properties: { title: 'x' } }).expect(412);
    expect(garbage.body.currentVersion).toBe(2);
    // a weak form of the current tag is accepted (a proxy may have weakened it)
    await send(adv, 'patch', `/api/annotations/${a.id}`).set('If-Match', 'W/"v2"').send({ properties: { severity: 4 } }).expect(200);
    // every other change needs If-Match too
    await send(adv, 'post', `/api/annotations/${a.id}/status`).send({ status: 'published' }).expect(428);
    await send(eng, 'post', `/api/annotations/${a.id}/review`).send({ reviewStatus: 'acknowledged' }).expect(428);
    await send(adv, 'delete', `/api/annotations/${a.id}`).expect(428);
  });

  it('text is plain: XSS payloads are stored and returned verbatim as JSON strings', async () => {
    const payloads = {
      title: '<script>alert(1)</script>',
      description: '<img src=x onerror=alert(1)> "quotes" \'single\' & ampersand </textarea><svg onload=alert(2)>',
      evidence: [{ url: 'https://example.org/?q=<script>alert(3)</script>', label: '<b onmouseover=alert(4)>label</b>' }],
    };
    const a = await create(payloads);
    const res = await adv.agent.get(`/api/annotations/${a.id}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body.properties.title).toBe(payloads.title);
    expect(res.body.properties.description).toBe(payloads.description);
    expect(res.body.properties.evidence).toEqual(payloads.evidence);
    const c = await send(adv, 'post', `/api/annotations/${a.id}/comments`).send({ body: '<iframe src="javascript:alert(5)"></iframe>' }).expect(201);
    expect(c.headers['content-type']).toMatch(/^application\/json/);
    expect(c.body.body).toBe('<iframe src="javascript:alert(5)"></iframe>');
    const tl = await adv.agent.get(`/api/annotations/${a.id}/timeline`).expect(200);
    expect(tl.body.entries.find((e: { kind: string }) => e.kind === 'comment').body).toBe('<iframe src="javascript:alert(5)"></iframe>');
    const raw = await sql<{ title: string }>`SELECT title FROM annotations WHERE id = ${a.id}`.execute(t.database.db);
    expect(raw.rows[0]!.title).toBe(payloads.title);
  });

  it('soft delete hides it everywhere; the owner lists it in the trash and restores it (If-Match)', async () => {
    const a = await create({ title: 'To delete' });
    const del = await send(adv, 'delete', `/api/annotations/${a.id}`).set('If-Match', ifMatch(1)).expect(200);
    expect(del.body.properties).toMatchObject({ deleted: true, version: 2, permissions: { restore: true, edit: false } });
    expect(del.headers.etag).toBe('"v2"');
    await adv.agent.get(`/api/annotations/${a.id}`).expect(404);
    await adv.agent.get(`/api/annotations/${a.id}/history`).expect(404);
    const list = await adv.agent.get(`/api/annotations?campaign=${campaignId}&limit=1000`).expect(200);
    expect(list.body.features.some((f: { id: string }) => f.id === a.id)).toBe(false);
    const trash = await adv.agent.get('/api/annotations?deleted=true').expect(200);
    expect(trash.body.features.map((f: { id: string }) => f.id)).toContain(a.id);
    await eng.agent.get('/api/annotations?deleted=true').expect(403);
    const row = await sql<{ n: number }>`SELECT count(*)::int AS n FROM annotations WHERE id = ${a.id} AND deleted_at IS NOT NULL`.execute(t.database.db);
    expect(Number(row.rows[0]!.n)).toBe(1);
    await send(adv, 'post', `/api/annotations/${a.id}/restore`).set('If-Match', ifMatch(1)).expect(412);
    const back = await send(adv, 'post', `/api/annotations/${a.id}/restore`).set('If-Match', ifMatch(2)).expect(200);
    expect(back.body.properties).toMatchObject({ deleted: false, version: 3, title: 'To delete' });
    await adv.agent.get(`/api/annotations/${a.id}`).expect(200);
    const h = await adv.agent.get(`/api/annotations/${a.id}/history`).expect(200);
    expect(h.body.items.map((x: { action: string }) => x.action)).toEqual(['create', 'delete', 'restore']);
  });

  it('history records who, when, before and after; its rows cannot be updated, deleted or truncated', async () => {
    const a = await create({ title: 'Before' });
    await send(adv, 'patch', `/api/annotations/${a.id}`).set('If-Match', ifMatch(1)).send({ properties: { title: 'After' } }).expect(200);
    const h = await adv.agent.get(`/api/annotations/${a.id}/history`).expect(200);
    expect(h.body.items).toHaveLength(2);
    const [c, u] = h.body.items;
    expect(c).toMatchObject({ action: 'create', version: 1, before: null, after: { title: 'Before' }, actor: { name: 'Adv' } });
    expect(u).toMatchObject({ action: 'update', version: 2, before: { title: 'Before' }, after: { title: 'After' } });
    expect(Date.parse(u.at)).toBeGreaterThan(Date.now() - 60_000);
    const db = t.database.db;
    await expect(sql`UPDATE annotation_history SET after = '{}'::jsonb WHERE annotation_id = ${a.id}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM annotation_history WHERE annotation_id = ${a.id}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE annotation_history CASCADE`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE campaign_history SET after = '{}'::jsonb`.execute(db)).rejects.toThrow(/append-only/);
    // and an annotation with history cannot be hard-deleted behind the API's back
    await expect(sql`DELETE FROM annotations WHERE id = ${a.id}`.execute(db)).rejects.toThrow(/foreign key|violates/);
    expect((await adv.agent.get(`/api/annotations/${a.id}/history`)).body.items).toHaveLength(2);
  });
});

// The payload each target status needs.
const PAYLOAD: Record<Exclude<Status, 'draft'>, Record<string, unknown>> = {
  published: {},
  submitted: { submittedOn: '2025-01-10', reference: 'REF-1', council: 'Workflow council' },
  response_recorded: { responseText: 'We will look into it.', responseDate: '2025-02-09', documentUrl: 'https://example.org/reply.pdf' },
  planned: { plannedFor: '2026-06-01', note: 'in next year\'s budget' },
  resolved: { note: 'fixed' },
  rejected: { reason: 'no budget' },
  reopened: { reason: 'the promise was not kept' },
};
const PATH: Record<Status, Status[]> = {
  draft: [],
  published: ['published'],
  submitted: ['published', 'submitted'],
  response_recorded: ['published', 'submitted', 'response_recorded'],
  planned: ['published', 'submitted', 'response_recorded', 'planned'],
  resolved: ['published', 'submitted', 'response_recorded', 'planned', 'resolved'],
  rejected: ['published', 'submitted', 'rejected'],
  reopened: ['published', 'submitted', 'rejected', 'reopened'],
};
async function move(c: Client, id: string, version: number, to: Status) {
  return send(c, 'post', `/api/annotations/${id}/status`).set('If-Match', ifMatch(version)).send({ status: to, ...PAYLOAD[to as Exclude<Status, 'draft'>] });
}
/** Fixture: a new annotation taken to a status through the service, as the owner's advocate (the move under test goes through HTTP). */
async function walk(to: Status) {
  const u = adv.session.user;
  const owner: SignedIn = { kind: 'user', userId: u.id, orgId: u.organisation.id, role: 'advocate', email: u.email, displayName: u.displayName, showNamePublicly: false };
  const svc = t.app.services.annotations;
  let f = await svc.create(owner, AnnotationCreate.parse(feature({ type: 'Point', coordinates: [78.39, 42.49] })));
  for (const s of PATH[to]) f = await svc.changeStatus(owner, f.id, [f.properties.version], StatusChange.parse({ status: s, ...PAYLOAD[s as Exclude<Status, 'draft'>] }));
  return { id: f.id, version: f.properties.version };
}

describe(`annotations: the status workflow (${BACKEND})`, () => {
  // One annotation per starting state for the refused moves (they change nothing), a fresh one per allowed move.
  it.each(STATUSES.map((s) => [s, TRANSITIONS[s].join(', ')]))('from %s: only %s allowed, every other target → 409 and nothing changes', async (from) => {
    const a = await walk(from);
    for (const to of STATUSES.filter((s) => s !== 'draft' && !TRANSITIONS[from].includes(s))) {
      const res = await move(adv, a.id, a.version, to);
      expect(res.status, `${from} → ${to}: ${res.body.detail}`).toBe(409);
      expect(res.body.type).toBe('/problems/invalid-transition');
      expect(res.body.allowed).toEqual(TRANSITIONS[from]);
    }
    expect((await adv.agent.get(`/api/annotations/${a.id}`)).body.properties).toMatchObject({ status: from, version: a.version });
    for (const to of TRANSITIONS[from]) {
      const b = await walk(from);
      const res = await move(adv, b.id, b.version, to);
      expect(res.status, `${from} → ${to}: ${res.body.detail}`).toBe(200);
      expect(res.body.properties).toMatchObject({ status: to, version: b.version + 1 });
    }
  });

  it('records submission (date, reference, body), response (text, date, document) and rejection reason', async () => {
    const a = await walk('response_recorded');
    const f = (await adv.agent.get(`/api/annotations/${a.id}`)).body.properties;
    expect(f.submission).toEqual({
      council: 'Workflow council', reference: 'REF-1', submittedOn: '2025-01-10',
      response: { text: 'We will look into it.', date: '2025-02-09', documentUrl: 'https://example.org/reply.pdf', days: 30 },
    });
    const r = await walk('rejected');
    expect((await adv.agent.get(`/api/annotations/${r.id}`)).body.properties.rejectionReason).toBe('no budget');
    const o = await walk('reopened');
    expect((await adv.agent.get(`/api/annotations/${o.id}`)).body.properties).toMatchObject({ status: 'reopened', rejectionReason: null });
  });

  it('refuses impossible dates and a response before the submission', async () => {
    const a = await walk('published');
    const future = await send(adv, 'post', `/api/annotations/${a.id}/status`).set('If-Match', ifMatch(a.version)).send({ status: 'submitted', submittedOn: '2999-01-01', reference: 'X' }).expect(400);
    expect(future.body.detail).toMatch(/must not be in the future/);
    const s = await send(adv, 'post', `/api/annotations/${a.id}/status`).set('If-Match', ifMatch(a.version)).send({ status: 'submitted', submittedOn: '2025-02-30', reference: 'X' }).expect(400);
    expect(s.body.detail).toMatch(/not a calendar date/);
    const ok = await send(adv, 'post', `/api/annotations/${a.id}/status`).set('If-Match', ifMatch(a.version)).send({ status: 'submitted', submittedOn: '2025-03-01', reference: 'X' }).expect(200);
    const early = await send(eng, 'post', `/api/annotations/${a.id}/status`).set('If-Match', ifMatch(ok.body.properties.version)).send({ status: 'response_recorded', responseText: 'x', responseDate: '2025-02-01' }).expect(400);
    expect(early.body.detail).toMatch(/before the submission/);
    await send(adv, 'post', `/api/annotations/${a.id}/status`).set('If-Match', ifMatch(ok.body.properties.version)).send({ status: 'rejected' }).expect(400);
  });

  it('publishing needs an active campaign', async () => {
    const c = await send(adv, 'post', '/api/campaigns').send({ type: 'Feature', geometry: polygon(78.3, 42.4), properties: { title: { ky: 'Долбоор' }, targetCouncil: { en: 'X' } } }).expect(201);
    expect(c.body.properties.status).toBe('draft');
    const a = await send(adv, 'post', '/api/annotations').send(feature({ type: 'Point', coordinates: [78.31, 42.41] }, { campaignId: c.body.id })).expect(201);
    const res = await send(adv, 'post', `/api/annotations/${a.body.id}/status`).set('If-Match', ifMatch(1)).send({ status: 'published' }).expect(409);
    expect(res.body.detail).toMatch(/campaign is still a draft/);
  });

  it('time from submission to response, per council', async () => {
    const mk = async (council: string, submittedOn: string, responseDate?: string) => {
      const a = await walk('published');
      const s = await send(adv, 'post', `/api/annotations/${a.id}/status`).set('If-Match', ifMatch(a.version)).send({ status: 'submitted', submittedOn, reference: 'R', council }).expect(200);
      if (responseDate) await send(eng, 'post', `/api/annotations/${a.id}/status`).set('If-Match', ifMatch(s.body.properties.version)).send({ status: 'response_recorded', responseText: 'answer', responseDate }).expect(200);
    };
    await mk('Stats council A', '2025-01-01', '2025-01-11'); // 10 days
    await mk('Stats council A', '2025-01-01', '2025-01-31'); // 30 days
    await mk('Stats council A', '2025-01-01', '2025-03-02'); // 60 days
    await mk('Stats council A', '2025-06-01');               // pending
    await mk('Stats council B', '2025-02-01', '2025-02-08'); // 7 days
    const res = await adv.agent.get('/api/councils/response-times').expect(200);
    const a = res.body.councils.find((c: { council: string }) => c.council === 'Stats council A');
    expect(a).toMatchObject({ submissions: 4, responded: 3, pending: 1, days: { median: 30, mean: 33.3, min: 10, max: 60 } });
    expect(a.oldestPendingDays).toBeGreaterThan(100);
    expect(res.body.councils.find((c: { council: string }) => c.council === 'Stats council B')).toMatchObject({ submissions: 1, responded: 1, pending: 0, days: { median: 7, min: 7, max: 7 } });
    // the public sees the same figures (submitted annotations are public)
    const pub = await adv.agent.get('/api/councils/response-times').set('Cookie', '').expect(200);
    expect(pub.body.councils.find((c: { council: string }) => c.council === 'Stats council A').submissions).toBe(4);
    // and the demo data's councils are there
    expect(res.body.councils.map((c: { council: string }) => c.council)).toEqual(expect.arrayContaining(['Каракол шаардык кеңеши', 'Ысык-Ата райондук кеңеши']));
    await adv.agent.get('/api/councils/response-times?campaign=nope').expect(400);
  });
});

describe(`comments and timeline (${BACKEND})`, () => {
  it('interleaves creation, comments, status changes, review and edits in time order', async () => {
    const a = await create({ title: 'Timeline' });
    await send(adv, 'post', `/api/annotations/${a.id}/comments`).send({ body: 'first comment' }).expect(201);
    const p = await move(adv, a.id, 1, 'published');
    expect(p.status).toBe(200);
    const c2 = await send(eng, 'post', `/api/annotations/${a.id}/comments`).send({ body: 'reviewer comment' }).expect(201);
    expect(c2.body.author).toMatchObject({ organisation: { name: { en: 'Reviewing council' } }, name: 'Eng' }); // their own name, to themselves
    const seen = (await adv.agent.get(`/api/annotations/${a.id}/comments`)).body.comments.find((c: { id: string }) => c.id === c2.body.id);
    expect(seen.author).toEqual({ organisation: { id: expect.any(String), name: { ky: null, ru: null, en: 'Reviewing council' } }, name: null }); // another organisation: no name (not opted in)
    const r = await send(eng, 'post', `/api/annotations/${a.id}/review`).set('If-Match', ifMatch(2)).send({ reviewStatus: 'acknowledged', note: 'seen' }).expect(200);
    expect(r.body.properties.reviewStatus).toBe('acknowledged');
    await send(adv, 'patch', `/api/annotations/${a.id}`).set('If-Match', ifMatch(3)).send({ properties: { severity: 5 }, geometry: { type: 'Point', coordinates: [78.4, 42.5] } }).expect(200);
    const tl = await adv.agent.get(`/api/annotations/${a.id}/timeline`).expect(200);
    expect(tl.body.entries.map((e: { kind: string }) => e.kind)).toEqual(['created', 'comment', 'status', 'comment', 'review', 'edited']);
    expect(tl.body.entries[2]).toMatchObject({ from: 'draft', to: 'published' });
    expect(tl.body.entries[4]).toMatchObject({ from: 'unreviewed', to: 'acknowledged', details: { note: 'seen' } });
    expect(tl.body.entries[5].changed.sort()).toEqual(['geometry', 'severity']);
    const times = tl.body.entries.map((e: { at: string }) => Date.parse(e.at));
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    // deleting a comment keeps its place in the timeline, without its text
    const comments = await adv.agent.get(`/api/annotations/${a.id}/comments`).expect(200);
    const mine = comments.body.comments[0];
    expect(mine.permissions.delete).toBe(true);
    await send(eng, 'delete', `/api/annotations/${a.id}/comments/${mine.id}`).expect(403);
    await send(adv, 'delete', `/api/annotations/${a.id}/comments/${mine.id}`).expect(204);
    const after = await adv.agent.get(`/api/annotations/${a.id}/comments`).expect(200);
    expect(after.body.comments[0]).toMatchObject({ id: mine.id, deleted: true, body: null });
    await send(adv, 'post', `/api/annotations/${a.id}/comments`).send({ body: '' }).expect(400);
    await send(adv, 'post', `/api/annotations/${a.id}/comments`).send({ body: 'x', extra: 1 }).expect(400);
  });
});

// ───────────────────────────── campaigns ─────────────────────────────
describe('campaigns', () => {
  let campAdv: Client, campOther: Client;
  let otherOrgId: string;

  beforeAll(async () => {
    await makeUser(t, { org: 'camp-a', orgName: 'Campaigners', role: 'advocate', email: 'a@camp.example' });
    otherOrgId = (await makeUser(t, { org: 'camp-b', orgName: 'Council B', role: 'engineer', email: 'b@camp.example' })).organisationId;
    campAdv = await signIn(t, 'a@camp.example');
    campOther = await signIn(t, 'b@camp.example');
  });

  const body = (props: Record<string, unknown> = {}, geometry: unknown = polygon(74.7, 42.8, 0.05)) =>
    ({ type: 'Feature', geometry, properties: { title: { ky: 'Кампания', ru: 'Кампания', en: 'Campaign' }, targetCouncil: { en: 'Bishkek city kenesh' }, status: 'active', ...props } });

  describe(`campaigns (${BACKEND})`, () => {
    it('the demo data has one campaign per grant project, public, with the project titles and area', async () => {
      const r = await supertest(t.app).get('/api/campaigns').expect(200);
      expect(r.headers['content-type']).toMatch(/application\/geo\+json/);
      const projects = loadProjects();
      expect(projects).toHaveLength(6);
      for (const p of projects) {
        const c = r.body.features.find((f: { properties: { title: { en: string } } }) => f.properties.title.en === p.title.en);
        expect(c, p.id).toBeTruthy();
        expect(c.properties.title).toEqual(p.title);
        expect(c.properties.status).toBe('active');
        expect(c.geometry.type).toBe('Polygon');
        const xs = c.geometry.coordinates[0].map((q: number[]) => q[0]);
        expect([Math.min(...xs), Math.max(...xs)]).toEqual([p.bbox[0], p.bbox[2]]);
      }
      const karakol = r.body.features.find((f: { properties: { title: { en: string } } }) => /Karakol's irrigation/.test(f.properties.title.en));
      expect(karakol.properties.organisation.slug).toBe('atuul');
      expect(karakol.properties.annotationCount).toBe(1); // the public sees the published one, not the draft
    });

    it('creates a campaign (201, ETag) shared with another organisation, who then sees its drafts', async () => {
      const r = await send(campAdv, 'post', '/api/campaigns').send(body({ status: 'draft', sharedWith: [otherOrgId] })).expect(201);
      expect(r.headers.etag).toBe('"v1"');
      expect(r.body.properties).toMatchObject({ status: 'draft', version: 1, permissions: { edit: true, createAnnotation: true } });
      expect(r.body.properties.sharedWith).toEqual([expect.objectContaining({ id: otherOrgId, slug: 'camp-b' })]);
      await campOther.agent.get(`/api/campaigns/${r.body.id}`).expect(200);
      await supertest(t.app).get(`/api/campaigns/${r.body.id}`).expect(404);
      const list = await supertest(t.app).get('/api/campaigns').expect(200);
      expect(list.body.features.some((f: { id: string }) => f.id === r.body.id)).toBe(false);
    });

    it.each([
      ['a self-intersecting area', 400, () => body({}, { type: 'Polygon', coordinates: [[[74, 42], [74.1, 42.1], [74.1, 42], [74, 42.1], [74, 42]]] }), /Self-intersection/],
      ['a point as area', 400, () => body({}, { type: 'Point', coordinates: [74, 42] }), /geometry type must be Polygon, MultiPolygon/],
      ['no title in any language', 400, () => body({ title: {} }), /at least one language/],
      ['a title in French', 400, () => body({ title: { fr: 'Campagne' } }), /fr/],
      ['an unknown organisation to share with', 400, () => body({ sharedWith: ['0f0f0f0f-0000-4000-8000-000000000000'] }), /no organisation/],
      ['an unknown status', 400, () => body({ status: 'secret' }), /status must be one of draft, active, completed, archived/],
      ['an unknown key', 400, () => body({ budget: 1000 }), /budget/],
    ] as [string, number, () => unknown, RegExp][])('%s → %i', async (_n, status, make, detail) => {
      const before = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM campaigns`.execute(t.database.db)).rows[0]!.n);
      const r = await send(campAdv, 'post', '/api/campaigns').send(make() as object).expect(status);
      expect(r.body.detail).toMatch(detail);
      expect(Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM campaigns`.execute(t.database.db)).rows[0]!.n)).toBe(before);
    });

    it('sharing with one\'s own organisation is refused with a clear message', async () => {
      const own = campAdv.session.user.organisation.id;
      const r = await send(campAdv, 'post', '/api/campaigns').send(body({ sharedWith: [own] })).expect(400);
      expect(r.body.detail).toMatch(/always visible to its own organisation/);
    });

    it('updates need If-Match; stale → 412; history keeps before and after', async () => {
      const c = (await send(campAdv, 'post', '/api/campaigns').send(body()).expect(201)).body;
      await send(campAdv, 'patch', `/api/campaigns/${c.id}`).send({ properties: { targetCouncil: { en: 'X' } } }).expect(428);
      const ok = await send(campAdv, 'patch', `/api/campaigns/${c.id}`).set('If-Match', '"v1"').send({ properties: { targetCouncil: { en: 'Chüy regional kenesh' }, title: { en: 'Renamed' }, sharedWith: [otherOrgId] } }).expect(200);
      expect(ok.body.properties).toMatchObject({ version: 2, targetCouncil: { en: 'Chüy regional kenesh' }, title: { ky: 'Кампания', en: 'Renamed' } });
      const stale = await send(campAdv, 'patch', `/api/campaigns/${c.id}`).set('If-Match', '"v1"').send({ properties: { targetCouncil: { en: 'Lost' } } }).expect(412);
      expect(stale.body.currentVersion).toBe(2);
      expect((await campAdv.agent.get(`/api/campaigns/${c.id}`)).body.properties.targetCouncil).toEqual({ ky: null, ru: null, en: 'Chüy regional kenesh' });
      const h = await campAdv.agent.get(`/api/campaigns/${c.id}/history`).expect(200);
      expect(h.body.items.map((x: { action: string }) => x.action)).toEqual(['create', 'update']);
      expect(h.body.items[1].before.targetCouncil).toEqual({ ky: null, ru: null, en: 'Bishkek city kenesh' });
      expect(h.body.items[1].after.sharedWith).toEqual([otherOrgId]);
    });

    it('the target council is named per language: one plain name is refused with the form to use, a patch of one language keeps the others, none left → 400, a submission names it by its Kyrgyz name whatever the annotation\'s language', async () => {
      const plain = await send(campAdv, 'post', '/api/campaigns').send(body({ targetCouncil: 'Karakol city kenesh' })).expect(400);
      expect(plain.body.detail).toMatch(/targetCouncil must be an object with ky, ru and\/or en/);
      const empty = await send(campAdv, 'post', '/api/campaigns').send(body({ targetCouncil: { ky: null } })).expect(400);
      expect(empty.body.detail).toMatch(/targetCouncil needs at least one language/);
      const council = { ky: 'Каракол шаардык кеңеши', ru: 'Каракольский городской кенеш' };
      const c = (await send(campAdv, 'post', '/api/campaigns').send(body({ targetCouncil: council })).expect(201)).body;
      expect(c.properties.targetCouncil).toEqual({ ...council, en: null });
      const en = await send(campAdv, 'patch', `/api/campaigns/${c.id}`).set('If-Match', '"v1"').send({ properties: { targetCouncil: { en: 'Karakol city council' } } }).expect(200);
      expect(en.body.properties.targetCouncil).toEqual({ ...council, en: 'Karakol city council' });
      const submitted = async (lang: string) => {
        const a = (await send(campAdv, 'post', '/api/annotations').send({ type: 'Feature', geometry: { type: 'Point', coordinates: [74.72, 42.82] }, properties: { campaignId: c.id, title: 'Арык бузулган', lang, category: 'other', severity: 1 } }).expect(201)).body;
        await send(campAdv, 'post', `/api/annotations/${a.id}/status`).set('If-Match', '"v1"').send({ status: 'published' }).expect(200);
        const s = await send(campAdv, 'post', `/api/annotations/${a.id}/status`).set('If-Match', '"v2"').send({ status: 'submitted', submittedOn: '2025-03-01', reference: 'R-1' }).expect(200);
        return s.body.properties.submission.council as string;
      };
      // One name whatever the annotation's language (the response times count a council by its name).
      for (const lang of ['ky', 'ru', 'en']) expect(await submitted(lang)).toBe(council.ky);
      const none = await send(campAdv, 'patch', `/api/campaigns/${c.id}`).set('If-Match', '"v2"').send({ properties: { targetCouncil: { ky: null, ru: null, en: null } } }).expect(400);
      expect(none.body.detail).toMatch(/keeps the name of its council in at least one language/);
      await send(campAdv, 'patch', `/api/campaigns/${c.id}`).set('If-Match', '"v2"').send({ properties: { targetCouncil: { ky: null, ru: null } } }).expect(200);
      const last = await send(campAdv, 'patch', `/api/campaigns/${c.id}`).set('If-Match', '"v3"').send({ properties: { targetCouncil: { en: null } } }).expect(400);
      expect(last.body.detail).toMatch(/keeps the name of its council in at least one language/);
      expect((await campAdv.agent.get(`/api/campaigns/${c.id}`)).body.properties).toMatchObject({ version: 3, targetCouncil: { ky: null, ru: null, en: 'Karakol city council' } });
    });

    it('a campaign with published annotations cannot go back to draft; an archived one takes no new annotations', async () => {
      const c = (await send(campAdv, 'post', '/api/campaigns').send(body()).expect(201)).body;
      const a = (await send(campAdv, 'post', '/api/annotations').send({ type: 'Feature', geometry: { type: 'Point', coordinates: [74.72, 42.82] }, properties: { campaignId: c.id, title: 'x', category: 'other', severity: 1 } }).expect(201)).body;
      await send(campAdv, 'post', `/api/annotations/${a.id}/status`).set('If-Match', '"v1"').send({ status: 'published' }).expect(200);
      const back = await send(campAdv, 'patch', `/api/campaigns/${c.id}`).set('If-Match', '"v1"').send({ properties: { status: 'draft' } }).expect(409);
      expect(back.body.detail).toMatch(/cannot go back to draft/);
      await send(campAdv, 'patch', `/api/campaigns/${c.id}`).set('If-Match', '"v1"').send({ properties: { status: 'archived' } }).expect(200);
      const closed = await send(campAdv, 'post', '/api/annotations').send({ type: 'Feature', geometry: { type: 'Point', coordinates: [74.72, 42.82] }, properties: { campaignId: c.id, title: 'x', category: 'other', severity: 1 } }).expect(409);
      expect(closed.body.detail).toMatch(/archived/);
    });

    it('organisations are listed publicly with names only', async () => {
      const r = await supertest(t.app).get('/api/organisations').expect(200);
      expect(r.body.organisations.map((o: { slug: string }) => o.slug)).toEqual(expect.arrayContaining(['atuul', 'karakol-city-hall', 'camp-a']));
      expect(Object.keys(r.body.organisations[0]).sort()).toEqual(['demo', 'id', 'kind', 'name', 'slug']);
    });
  });

  describe(`demo accounts only with the demo data (${BACKEND})`, () => {
    it('no migration creates organisations or accounts (only the demo-data loader and user:create do)', () => {
      for (const m of loadMigrations()) expect(m.sql, m.name).not.toMatch(/INSERT\s+INTO\s+(organisations|users|campaigns|annotations)\b/i);
    });

    // Migrating an empty embedded database (CREATE EXTENSION postgis in WebAssembly) takes ~30 s, so the
    // end-to-end check runs on the server backend; the migrations test covers the empty embedded database.
    it.skipIf(BACKEND === 'embedded')('a database without the demo data has no accounts and says demo: false', async () => {
      const d = await freshDatabase({ seeded: false });
      try {
        await migrate(d.database);
        const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM users`.execute(d.database.db);
        expect(Number(n.rows[0]!.n)).toBe(0);
        const app = createApp({ config: d.config, database: d.database, log: silentLog });
        const s = await supertest(app).get('/api/auth/session').expect(200);
        expect(s.body).toMatchObject({ authenticated: false, demo: false });
        expect((await supertest(app).get('/api/campaigns').expect(200)).body.features).toEqual([]);
      } finally {
        await d.dispose();
      }
    });
  });
});
