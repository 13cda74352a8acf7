// Monitoring visits on a real database: the demo visits to Ak-Tilek bazaar and their change; a visit
// recorded with answers and a photo through the photo pipeline; hostile input (an unknown item, an
// answer not in the list, a date in the future at the fixed clock, a checklist that does not fit the
// feature, a photo that is not an image) → 4xx and nothing stored; drafts invisible to the public on
// every read path (list, detail, photo, latest.geojson, changes); the latest score per facility.
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { authConfig, DEMO_PASSWORD, send, signIn, visitor, type Client } from '../helpers/session.js';
import { BACKEND } from '../helpers/backend.js';

const NOW = new Date('2026-12-02T09:00:00Z');

interface Ctx { t: TestApp; forward: Client; engineer: Client; outsider: Client; anon: Client; bazaar: number; clinic: number; canal: number; campaign: string; atuulCampaign: string }
let c: Ctx;

const ALL_YES = ['toilets_available', 'toilets_clean', 'handwashing', 'drinking_water', 'waste_containers', 'waste_site', 'drainage', 'extinguishers', 'hydrants', 'exits', 'fire_lanes', 'wiring'];
const answers = (over: Record<string, string> = {}) => ALL_YES.map((item) => ({ item, answer: over[item] ?? 'yes' }));
const count = async (table: 'visits' | 'visit_photos' | 'visit_answers' | 'visit_commitments') =>
  Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(c.t.database.db)).rows[0]!.n);
const counts = async () => ({ visits: await count('visits'), photos: await count('visit_photos'), answers: await count('visit_answers'), links: await count('visit_commitments') });

function visit(body: Record<string, unknown> = {}) {
  return { campaignId: c.campaign, layer: 'facilities', featureId: c.bazaar, checklist: 'market', visitedOn: '2026-11-30', answers: answers(), ...body };
}

beforeAll(async () => {
  const t = await testApp({ config: { auth: authConfig(), clock: () => NOW } });
  const id = async (table: string, ref: string) => Number((await sql<{ id: number }>`SELECT id FROM ${sql.table(table)} WHERE ref = ${ref}`.execute(t.database.db)).rows[0]!.id);
  const campaign = async (ref: string) => (await sql<{ id: string }>`SELECT id FROM campaigns WHERE ref = ${ref}`.execute(t.database.db)).rows[0]!.id;
  const clinic = Number((await sql<{ id: number }>`SELECT id FROM facilities WHERE kind = 'clinic' ORDER BY id LIMIT 1`.execute(t.database.db)).rows[0]!.id);
  c = {
    t, clinic,
    forward: await signIn(t, 'advocate.forward@example.org', DEMO_PASSWORD),
    engineer: await signIn(t, 'engineer.karakol@example.org', DEMO_PASSWORD), // the city hall: Forward's campaign is shared with it
    outsider: await signIn(t, 'advocate.elsen@example.org', DEMO_PASSWORD),
    anon: await visitor(t),
    bazaar: await id('facilities', 'places:ak-tilek-bazaar'),
    canal: await id('canals', 'demo:karakol-canal-02'),
    campaign: await campaign('demo:campaign-ak-tilek-bazaar'),
    atuulCampaign: await campaign('demo:campaign-karakol-irrigation'),
  };
}, 120_000);
afterAll(async () => { await c?.t.dispose(); });

describe(`monitoring visits (${BACKEND})`, () => {
  it('the OpenAPI document lists the visit endpoints with their parameters', async () => {
    const doc = (await c.anon.agent.get('/api/openapi.json').expect(200)).body;
    for (const p of ['/api/visits', '/api/visits/checklists', '/api/visits/form', '/api/visits/latest.geojson', '/api/visits/changes', '/api/visits/{id}', '/api/visits/{id}/photos', '/api/visits/{id}/photos/{photoId}']) {
      expect(doc.paths[p], p).toBeTruthy();
    }
    expect(doc.paths['/api/visits'].get.parameters.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['campaign', 'project', 'layer', 'feature']));
    expect(doc.paths['/api/visits'].post.parameters.map((x: { name: string }) => x.name)).toContain('Idempotency-Key');
    expect(JSON.stringify(doc.paths['/api/visits'].post.requestBody)).toContain('partly');
  });

  it('the checklists are served in ky/ru/en with their weights', async () => {
    const r = await c.anon.agent.get('/api/visits/checklists').expect(200);
    const market = r.body.checklists.find((k: { code: string }) => k.code === 'market');
    expect(market.kind).toBe('market');
    expect(market.sections.map((s: { code: string }) => s.code)).toEqual(['sanitation', 'fire']);
    const lanes = market.items.find((i: { code: string }) => i.code === 'fire_lanes');
    expect(lanes.weight).toBe(3);
    expect(lanes.text.ky).toMatch(/өрт/i);
    expect(lanes.text.ru).toMatch(/пожарн/i);
  });

  it('demo: three illustrative visits to Ak-Tilek bazaar improve 23 → 62 → 82; the map and the report see the change', async () => {
    const list = await c.anon.agent.get('/api/visits?project=ak-tilek-bazaar').expect(200);
    expect(list.body.visits.map((v: { visitedOn: string; score: number; previousScore: number | null }) => [v.visitedOn, v.score, v.previousScore]))
      .toEqual([['2026-09-26', 82, 62], ['2026-06-20', 62, 23], ['2026-03-14', 23, null]]);
    expect(list.body.visits.every((v: { provenance: string; licence: string; source: string }) => v.provenance === 'illustrative' && v.licence === 'CC0-1.0' && v.source.length > 20)).toBe(true);
    const geo = await c.anon.agent.get('/api/visits/latest.geojson?project=ak-tilek-bazaar').expect(200);
    expect(geo.headers['content-type']).toMatch(/geo\+json/);
    expect(geo.body.features).toHaveLength(1);
    expect(geo.body.features[0].geometry.type).toBe('Point');
    expect(geo.body.features[0].properties).toMatchObject({ layer: 'facilities', featureId: c.bazaar, score: 82, previousScore: 62, change: 20, visits: 3, band: 'good' });
    const ch = await c.anon.agent.get(`/api/visits/changes?campaign=${c.campaign}`).expect(200);
    expect(ch.body.changes).toEqual([expect.objectContaining({ facility: expect.objectContaining({ layer: 'facilities', id: c.bazaar }), latest: 82, previous: 62, change: 20 })]);
    expect(ch.body.changes[0].visits.map((v: { score: number }) => v.score)).toEqual([23, 62, 82]);
    // The demo visits check the action plan's commitments (toilets, hand-washing, extinguishers, hydrants, fire lanes).
    const refs = await sql<{ ref: string }>`SELECT ref FROM commitments WHERE id = ANY (${ch.body.changes[0].commitmentIds}::uuid[]) ORDER BY ref`.execute(c.t.database.db);
    expect(refs.rows.map((r) => r.ref)).toEqual(['demo:commitment-ak-tilek-extinguishers', 'demo:commitment-ak-tilek-fire-lanes', 'demo:commitment-ak-tilek-handwashing', 'demo:commitment-ak-tilek-hydrants', 'demo:commitment-ak-tilek-toilets']);
    const detail = await c.anon.agent.get(`/api/visits/${list.body.visits[0].id}`).expect(200);
    expect(detail.body.commitments.map((x: { title: { en: string } }) => x.title.en)).toContain('Install hand-washing points');
    const canal = await c.anon.agent.get(`/api/visits?campaign=${c.atuulCampaign}`).expect(200);
    expect(canal.body.visits.map((v: { feature: { layer: string; id: number }; score: number }) => [v.feature.layer, v.feature.id, v.score])).toEqual([['canals', c.canal, 47]]);
    // The service answers the report's interface too.
    const changes = await c.t.app.services.visits.changes({ kind: 'public' }, c.atuulCampaign);
    expect(changes).toEqual([expect.objectContaining({ latest: 47, previous: null, change: null, visits: [expect.objectContaining({ score: 47, photos: 0 })] })]);
  });

  it('records a draft visit with answers and notes, scores it, and takes a photo through the pipeline', async () => {
    const before = await counts();
    const r = await send(c.forward, 'post', '/api/visits').send(visit({ answers: answers({ drainage: 'no', waste_site: 'na', wiring: 'partly' }).map((a) => (a.item === 'drainage' ? { ...a, note: 'Лужи у мясного ряда' } : a)), note: 'Осенний обход' }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    // weights: 30 in all, waste_site (1) n/a → 29; drainage (2) no, wiring (2) partly → (29 − 2 − 1) / 29 = 89.66 → 90
    expect(r.body).toMatchObject({ status: 'draft', score: 90, applicable: 11, band: 'good', visitedOn: '2026-11-30', note: 'Осенний обход', provenance: 'real' });
    expect(r.body.answers.find((a: { item: string }) => a.item === 'drainage')).toMatchObject({ answer: 'no', note: 'Лужи у мясного ряда', weight: 2 });
    expect(r.headers.etag).toBe('"v1"');
    expect(await counts()).toEqual({ ...before, visits: before.visits + 1, answers: before.answers + 12 });

    const png = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#7a6' } }).png().toBuffer();
    const p = await send(c.forward, 'post', `/api/visits/${r.body.id}/photos?item=drainage&caption=%D0%9B%D1%83%D0%B6%D0%B8`).set('Content-Type', 'image/png').send(png);
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    expect(p.body.photoList).toHaveLength(1);
    expect(p.body.photoList[0]).toMatchObject({ item: 'drainage', caption: 'Лужи', width: 1200, height: 900 });
    const img = await c.forward.agent.get(new URL(p.body.photoList[0].url).pathname).buffer(true).parse((res, cb) => { const b: Buffer[] = []; res.on('data', (x: Buffer) => b.push(x)); res.on('end', () => cb(null, Buffer.concat(b))); }).expect(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(img.body as Buffer).metadata()).format).toBe('jpeg');
    const thumb = await c.forward.agent.get(`${new URL(p.body.photoList[0].url).pathname}?size=thumb`).buffer(true).parse((res, cb) => { const b: Buffer[] = []; res.on('data', (x: Buffer) => b.push(x)); res.on('end', () => cb(null, Buffer.concat(b))); }).expect(200);
    expect(Math.max((await sharp(thumb.body as Buffer).metadata()).width!, 0)).toBeLessThanOrEqual(320);
    const stored = await sql<{ original_type: string; mime: string }>`SELECT original_type, mime FROM visit_photos WHERE visit_id = ${r.body.id}`.execute(c.t.database.db);
    expect(stored.rows).toEqual([{ original_type: 'png', mime: 'image/jpeg' }]);
  });

  const hostile: [string, () => Record<string, unknown>, RegExp][] = [
    ['an unknown item code', () => visit({ answers: [...answers(), { item: 'helipad', answer: 'yes' }] }), /no item helipad/],
    ['an answer not in the list', () => visit({ answers: answers({ exits: 'maybe' }) }), /answers\[\]\.answer must be one of yes, partly, no, na/],
    ['a visit date in the future', () => visit({ visitedOn: '2026-12-03' }), /visitedOn: 2026-12-03 is in the future/],
    ['an item without an answer', () => visit({ answers: answers().filter((a) => a.item !== 'hydrants') }), /hydrants .*has no answer/],
    ['every item n/a', () => visit({ answers: ALL_YES.map((item) => ({ item, answer: 'na' })) }), /every item is n\/a/],
    ['a checklist that does not fit the feature', () => visit({ checklist: 'clinic', answers: [{ item: 'toilets', answer: 'yes' }] }), /clinic inspects features of kind clinic/],
    ['a feature that does not exist', () => visit({ featureId: 99_999_999 }), /no feature 99999999/],
    ['a campaign of another organisation', () => visit({ campaignId: c.atuulCampaign }), /no campaign .* of your organisation/],
    ['a commitment that is not of the campaign', () => visit({ commitmentIds: ['00000000-0000-4000-8000-000000000000'] }), /not a commitment of this visit's campaign/],
    ['an unknown field', () => ({ ...visit(), score: 100 }), /score/],
  ];
  it.each(hostile)('refuses %s with 400 and stores nothing', async (_name, body, message) => {
    const before = await counts();
    const r = await send(c.forward, 'post', '/api/visits').send(body());
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    expect(r.body.detail).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it('refuses a photo that is not an image (415) and stores nothing', async () => {
    const v = await send(c.forward, 'post', '/api/visits').send(visit()).expect(201);
    const before = await counts();
    const html = await send(c.forward, 'post', `/api/visits/${v.body.id}/photos`).set('Content-Type', 'image/jpeg').send(Buffer.from('<!doctype html><script>alert(1)</script>'));
    expect(html.status).toBe(415);
    const pdf = await send(c.forward, 'post', `/api/visits/${v.body.id}/photos`).set('Content-Type', 'application/pdf').send(Buffer.from('%PDF-1.4'));
    expect(pdf.status).toBe(415);
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).png().toBuffer();
    const badItem = await send(c.forward, 'post', `/api/visits/${v.body.id}/photos?item=helipad`).set('Content-Type', 'image/png').send(png);
    expect(badItem.status).toBe(400);
    const stranger = await send(c.outsider, 'post', `/api/visits/${v.body.id}/photos`).set('Content-Type', 'image/png').send(png);
    expect(stranger.status).toBe(404); // a draft of another organisation does not exist for them
    expect(await counts()).toEqual(before);
  });

  it('a draft visit is seen by its organisation and the shared-with city hall, never by the public or an outsider', async () => {
    // A draft at the canal of Atuul's campaign would be Atuul's; here: a draft of Forward after the demo's latest visit, scoring 0.
    const draft = await send(c.forward, 'post', '/api/visits').send(visit({ visitedOn: '2026-12-01', answers: ALL_YES.map((item) => ({ item, answer: 'no' })) })).expect(201);
    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#123' } }).png().toBuffer();
    const withPhoto = await send(c.forward, 'post', `/api/visits/${draft.body.id}/photos`).set('Content-Type', 'image/png').send(png).expect(201);
    const photoPath = new URL(withPhoto.body.photoList[0].url).pathname;
    for (const who of [c.anon, c.outsider]) {
      const list = await who.agent.get('/api/visits?project=ak-tilek-bazaar').expect(200);
      expect(list.body.visits.map((v: { id: string }) => v.id)).not.toContain(draft.body.id);
      expect(list.body.visits.every((v: { status: string }) => v.status === 'published')).toBe(true);
      await who.agent.get(`/api/visits/${draft.body.id}`).expect(404);
      await who.agent.get(photoPath).expect(404);
      const geo = await who.agent.get(`/api/visits/latest.geojson?campaign=${c.campaign}`).expect(200);
      expect(geo.body.features.map((f: { properties: { score: number; visitId: string } }) => [f.properties.score, f.properties.visitId === draft.body.id])).toEqual([[82, false]]);
      const ch = await who.agent.get(`/api/visits/changes?campaign=${c.campaign}`).expect(200);
      expect(ch.body.changes[0]).toMatchObject({ latest: 82, previous: 62 });
      expect(ch.body.changes[0].visits.map((v: { id: string }) => v.id)).not.toContain(draft.body.id);
    }
    for (const who of [c.forward, c.engineer]) {
      await who.agent.get(`/api/visits/${draft.body.id}`).expect(200);
      const geo = await who.agent.get(`/api/visits/latest.geojson?campaign=${c.campaign}`).expect(200);
      expect(geo.body.features[0].properties).toMatchObject({ visitId: draft.body.id, score: 0, status: 'draft' });
    }
    // The public view is not cached for a signed-in reader's answer.
    const anonGeo = await c.anon.agent.get('/api/visits/latest.geojson').expect(200);
    expect(anonGeo.headers['cache-control']).toBe('no-cache');
    expect(JSON.stringify(anonGeo.body)).not.toContain(draft.body.id);
    await send(c.forward, 'delete', `/api/visits/${draft.body.id}`).set('If-Match', `"v${withPhoto.body.version}"`).expect(204);
  });

  it('a published visit of a campaign that is itself a draft stays hidden from the public', async () => {
    const db = c.t.database.db;
    await sql`UPDATE campaigns SET status = 'draft' WHERE id = ${c.atuulCampaign}`.execute(db);
    try {
      const list = await c.anon.agent.get(`/api/visits?campaign=${c.atuulCampaign}`).expect(200);
      expect(list.body.visits).toEqual([]);
      const geo = await c.anon.agent.get('/api/visits/latest.geojson').expect(200);
      expect(geo.body.features.map((f: { properties: { layer: string } }) => f.properties.layer)).not.toContain('canals');
      await c.anon.agent.get(`/api/visits/changes?campaign=${c.atuulCampaign}`).expect(404);
    } finally {
      await sql`UPDATE campaigns SET status = 'active' WHERE id = ${c.atuulCampaign}`.execute(db);
    }
    const again = await c.anon.agent.get(`/api/visits?campaign=${c.atuulCampaign}`).expect(200);
    expect(again.body.visits).toHaveLength(1);
  });

  it('publishing needs If-Match (428 / 412); the latest score per facility is the newest visit date, not the newest row', async () => {
    // Another organisation's campaign cannot be used; Forward records at the clinic? No: the market
    // checklist fits only markets. Two visits to the bazaar, the later date created first.
    const later = await send(c.forward, 'post', '/api/visits').send(visit({ visitedOn: '2026-11-20', answers: answers({ drainage: 'partly' }) })).expect(201);
    const earlier = await send(c.forward, 'post', '/api/visits').send(visit({ visitedOn: '2026-10-15', answers: answers({ drainage: 'no', hydrants: 'no' }) })).expect(201);
    await send(c.forward, 'patch', `/api/visits/${later.body.id}`).send({ status: 'published' }).expect(428);
    await send(c.forward, 'patch', `/api/visits/${later.body.id}`).set('If-Match', '"v99"').send({ status: 'published' }).expect(412);
    const pub = await send(c.forward, 'patch', `/api/visits/${later.body.id}`).set('If-Match', String(later.headers.etag)).send({ status: 'published' }).expect(200);
    expect(pub.body).toMatchObject({ status: 'published', version: 2 });
    await send(c.forward, 'patch', `/api/visits/${earlier.body.id}`).set('If-Match', String(earlier.headers.etag)).send({ status: 'published' }).expect(200);
    await send(c.outsider, 'patch', `/api/visits/${earlier.body.id}`).set('If-Match', '"v2"').send({ status: 'draft' }).expect(403);
    // A published visit is part of the record.
    await send(c.forward, 'delete', `/api/visits/${earlier.body.id}`).set('If-Match', '"v2"').expect(409);

    const geo = await c.anon.agent.get(`/api/visits/latest.geojson?campaign=${c.campaign}`).expect(200);
    // drainage partly: (30 − 1) / 30 = 96.7 → 97; the one before it by date is 2026-10-15: (30 − 2 − 3) / 30 = 83.3 → 83
    expect(geo.body.features[0].properties).toMatchObject({ visitId: later.body.id, visitedOn: '2026-11-20', score: 97, previousScore: 83, change: 14, visits: 5 });
    const feature = await c.anon.agent.get(`/api/visits?layer=facilities&feature=${c.bazaar}`).expect(200);
    expect(feature.body.visits.map((v: { visitedOn: string }) => v.visitedOn)).toEqual(['2026-11-20', '2026-10-15', '2026-09-26', '2026-06-20', '2026-03-14']);
    const answersKept = await sql<{ n: number }>`SELECT count(*)::int AS n FROM visit_answers WHERE visit_id = ${earlier.body.id}`.execute(c.t.database.db);
    expect(answersKept.rows[0]!.n).toBe(12);
  });

  it('links the commitments a visit checks (only those of its campaign) and shows them where their decision is visible', async () => {
    const db = c.t.database.db;
    const org = (await sql<{ organisation_id: string }>`SELECT organisation_id FROM campaigns WHERE id = ${c.campaign}`.execute(db)).rows[0]!.organisation_id;
    const decision = (await sql<{ id: string }>`INSERT INTO decisions (organisation_id, campaign_id, kind, body_en, decided_on, title_en, status)
      VALUES (${org}, ${c.campaign}, 'action_plan', 'Working group', '2026-02-01', 'Test action plan', 'draft') RETURNING id`.execute(db)).rows[0]!.id;
    const commitment = (await sql<{ id: string }>`INSERT INTO commitments (decision_id, title_en, responsible_en, due_on, indicator_en, unit, baseline, target)
      VALUES (${decision}, 'Hand-washing points', 'Bazaar owner', '2026-10-01', 'points', 'count', 0, 6) RETURNING id`.execute(db)).rows[0]!.id;
    const v = await send(c.forward, 'post', '/api/visits').send(visit({ status: 'published', commitmentIds: [commitment] })).expect(201);
    expect(v.body.commitments).toEqual([{ id: commitment, title: { ky: null, ru: null, en: 'Hand-washing points' } }]);
    // The decision is a draft: the public sees the visit but not the commitment.
    const pub = await c.anon.agent.get(`/api/visits/${v.body.id}`).expect(200);
    expect(pub.body.commitments).toEqual([]);
    const chAnon = await c.anon.agent.get(`/api/visits/changes?campaign=${c.campaign}`).expect(200);
    expect(chAnon.body.changes[0].commitmentIds).not.toContain(commitment);
    expect(chAnon.body.changes[0].commitmentIds).toHaveLength(5); // the demo action plan's, published
    const chOwn = await c.forward.agent.get(`/api/visits/changes?campaign=${c.campaign}`).expect(200);
    expect(chOwn.body.changes[0].commitmentIds).toContain(commitment);
    expect(chOwn.body.changes[0].commitmentIds).toHaveLength(6);
    const atuul = (await sql<{ id: string }>`SELECT id FROM commitments WHERE decision_id IN (SELECT id FROM decisions WHERE campaign_id = ${c.atuulCampaign}) LIMIT 1`.execute(db)).rows[0];
    if (atuul) {
      const r = await send(c.forward, 'patch', `/api/visits/${v.body.id}`).set('If-Match', String(v.headers.etag)).send({ commitmentIds: [atuul.id] });
      expect(r.status).toBe(400);
    }
  });

  it('the form lists the checklists that fit a feature and the campaigns of your organisation', async () => {
    const f = await c.forward.agent.get(`/api/visits/form?layer=facilities&feature=${c.bazaar}`).expect(200);
    expect(f.body.checklists.map((k: { code: string }) => k.code)).toEqual(['market']);
    expect(f.body.campaigns.map((x: { id: string }) => x.id)).toContain(c.campaign);
    const canal = await c.forward.agent.get(`/api/visits/form?layer=canals&feature=${c.canal}`).expect(200);
    expect(canal.body.checklists.map((k: { code: string }) => k.code)).toEqual(['canal_section']);
    const clinic = await c.forward.agent.get(`/api/visits/form?layer=facilities&feature=${c.clinic}`).expect(200);
    expect(clinic.body.checklists.map((k: { code: string }) => k.code)).toEqual(['clinic']);
    await c.anon.agent.get(`/api/visits/form?layer=facilities&feature=${c.bazaar}`).expect(401);
  });
});
