// Council decisions, commitments and progress on a real database (both backends), at a fixed clock
// (2026-06-01 in Kyrgyzstan): every status reached through the API at chosen days, the boundaries at
// the due date; drafts invisible to the public and to outsiders on every read path of this module;
// If-Match (428/412) on edits; hostile input → 4xx and nothing stored; evidence photos through the
// photo pipeline; verification by a shared-with organisation; a broken commitment reopening its gap
// with the commitment in the annotation's timeline; retried creates with an Idempotency-Key.
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND } from '../helpers/backend.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { advocateWithCampaign, authConfig, makeUser, send, signIn, visitor, type Client } from '../helpers/session.js';
import type { SignedIn } from '../../server/src/access/viewer.js';
import { AnnotationCreate, StatusChange } from '../../server/src/annotations/annotations.schema.js';

const TODAY = '2026-06-01';
let t: TestApp;
let adv: Client; let eng: Client; let outsider: Client; let anon: Client;
let owner: SignedIn;
let campaignId: string;
let gapId: string;

const line = { type: 'LineString', coordinates: [[78.39, 42.49], [78.40, 42.50], [78.42, 42.50]] };
const canal = {
  title: { en: 'Rehabilitate the main canal', ru: 'Восстановить магистральный канал', ky: 'Магистралдык каналды калыбына келтирүү' },
  responsible: { en: 'Karakol city hall' }, startOn: '2026-01-01', dueOn: '2026-12-31',
  indicator: { en: 'km of main canal rehabilitated', ru: 'км магистрального канала восстановлено', ky: 'калыбына келтирилген магистралдык каналдын км' },
  unit: 'km', baseline: 0, target: 12, geometry: line,
};
const decisionBody = (extra: Record<string, unknown> = {}) => ({
  campaignId, kind: 'council_resolution', body: { en: 'Karakol city kenesh' }, decidedOn: '2025-06-01', number: '12/3',
  documentUrl: 'https://example.org/resolution-12-3.pdf', title: { en: 'Irrigation renewal strategy' }, summary: { en: 'Adopted after the hearing.' },
  ...extra,
});

async function rows(table: 'decisions' | 'commitments' | 'progress_updates' | 'progress_photos' | 'progress_verifications') {
  return Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0]!.n);
}
async function counts() {
  return { d: await rows('decisions'), c: await rows('commitments'), u: await rows('progress_updates'), p: await rows('progress_photos'), v: await rows('progress_verifications') };
}
const jpeg = () => sharp({ create: { width: 800, height: 600, channels: 3, background: '#557744' } }).jpeg().toBuffer();

beforeAll(async () => {
  t = await testApp({ config: { auth: authConfig(), clock: () => new Date(`${TODAY}T06:00:00Z`) } });
  const a = await advocateWithCampaign(t, 'cm-cso', 'Canal monitors');
  adv = a.client; owner = a.owner; campaignId = a.campaignId;
  await makeUser(t, { org: 'cm-city', orgName: 'City hall', role: 'engineer', email: 'eng@city.example', name: 'City engineer' });
  await makeUser(t, { org: 'cm-out', orgName: 'Outsiders', role: 'advocate', email: 'adv@out.example', name: 'Outsider' });
  eng = await signIn(t, 'eng@city.example');
  outsider = await signIn(t, 'adv@out.example');
  anon = await visitor(t);
  await sql`INSERT INTO campaign_shares (campaign_id, organisation_id) VALUES (${campaignId}, ${eng.session.user.organisation.id})`.execute(t.database.db);
  // A gap the council rejected: a broken commitment linked to it may reopen it.
  const svc = t.app.services.annotations;
  let f = await svc.create(owner, AnnotationCreate.parse({ type: 'Feature', geometry: { type: 'Point', coordinates: [78.41, 42.5] }, properties: { campaignId, title: 'Intake gate broken', category: 'broken_canal', severity: 4 } }));
  for (const s of [{ status: 'published' }, { status: 'submitted', submittedOn: '2025-05-10', reference: 'REF-7', council: 'Karakol city kenesh' }, { status: 'rejected', reason: 'no money this year' }]) {
    f = await svc.changeStatus(owner, f.id, [f.properties.version], StatusChange.parse(s));
  }
  gapId = f.id;
}, 120_000);
afterAll(async () => { await t?.dispose(); });

describe(`decisions and commitments (${BACKEND})`, () => {
  let decisionId: string; let version: number; let canalId: string; let gatesId: string;

  it('an advocate records a draft decision with its commitments inline; the public and outsiders do not see it anywhere', async () => {
    const r = await send(adv, 'post', '/api/decisions').send(decisionBody({ commitments: [
      canal,
      { title: { en: 'Repair the intake gates' }, responsible: { en: 'Vodokanal' }, dueOn: '2025-10-31', indicator: { en: 'gates repaired' }, unit: 'count', baseline: 0, target: 3, links: { annotations: [gapId] } },
    ] }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.headers.etag).toBe('"v1"');
    decisionId = r.body.id; version = r.body.version;
    expect(r.body.status).toBe('draft');
    expect(r.body.asOf).toBe(TODAY);
    expect(r.body.commitments.map((c: { unit: string }) => c.unit)).toEqual(['km', 'count']);
    [canalId, gatesId] = r.body.commitments.map((c: { id: string }) => c.id);
    expect(r.body.commitments[0].geometry.coordinates).toEqual(line.coordinates);
    expect(r.body.commitments[1].links).toEqual([{ annotation: { id: gapId, title: 'Intake gate broken', status: 'rejected' } }]);
    expect(r.body.permissions.edit).toBe(true);

    for (const c of [anon, outsider]) {
      expect((await c.agent.get(`/api/decisions/${decisionId}`)).status).toBe(404);
      expect((await c.agent.get(`/api/commitments/${canalId}`)).status).toBe(404);
      expect((await c.agent.get(`/api/decisions/${decisionId}/commitments.geojson`)).status).toBe(404);
      expect((await c.agent.get(`/api/decisions?campaign=${campaignId}`)).body.decisions).toEqual([]);
      expect((await c.agent.get(`/api/campaigns/${campaignId}/tracker`)).body.decisions ?? []).toEqual([]);
    }
    // the organisation the campaign is shared with sees the draft
    const seen = await eng.agent.get(`/api/decisions/${decisionId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.permissions.edit).toBe(false);
    expect(seen.body.commitments[0].permissions).toEqual({ edit: false, report: true, reopen: false });
  });

  it('edits need If-Match (428 without, 412 when stale); engineers cannot edit; publishing shows it to the public', async () => {
    expect((await send(adv, 'patch', `/api/decisions/${decisionId}`).send({ status: 'published' })).status).toBe(428);
    const stale = await send(adv, 'patch', `/api/decisions/${decisionId}`).set('If-Match', '"v99"').send({ status: 'published' });
    expect(stale.status).toBe(412);
    expect(stale.headers['content-type']).toMatch(/problem\+json/);
    expect((await send(eng, 'patch', `/api/decisions/${decisionId}`).set('If-Match', `"v${version}"`).send({ status: 'published' })).status).toBe(403);
    const r = await send(adv, 'patch', `/api/decisions/${decisionId}`).set('If-Match', `"v${version}"`).send({ status: 'published', title: { ky: 'Сугат системасын жаңылоо стратегиясы' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.version).toBe(version + 1);
    expect(r.body.title).toEqual({ en: 'Irrigation renewal strategy', ky: 'Сугат системасын жаңылоо стратегиясы', ru: null });
    version = r.body.version;
    const pub = await anon.agent.get(`/api/decisions/${decisionId}`);
    expect(pub.status).toBe(200);
    expect(pub.body.permissions.edit).toBe(false);
    expect((await anon.agent.get(`/api/decisions/${decisionId}/commitments.geojson`)).body.features.map((x: { id: string }) => x.id).sort())
      .toEqual([canalId, gatesId].sort()); // the gates' place comes from the linked (published) gap
    // a published decision is kept
    expect((await send(adv, 'delete', `/api/decisions/${decisionId}`).set('If-Match', `"v${version}"`)).status).toBe(409);
  });

  it('the status follows the clock, the straight-line plan and the updates, with the boundaries at the due date', async () => {
    const at = async (day: string) => (await anon.agent.get(`/api/commitments/${canalId}?as_of=${day}`)).body;
    expect((await at('2026-02-01')).status).toBe('not_started'); // plan expects 8.5 %
    expect((await at(TODAY)).status).toBe('at_risk'); // plan expects 41 %, nothing done
    const u = await send(eng, 'post', `/api/commitments/${canalId}/updates`).send({ reportedOn: '2026-05-20', value: 5, body: '5 km lined, photos attached', lang: 'en' });
    expect(u.status, JSON.stringify(u.body)).toBe(201);
    expect(u.body.source).toBe('official'); // the city hall reports as an official by default
    expect(u.body.organisation.slug).toBe('cm-city');
    const now = await at(TODAY);
    expect(now.status).toBe('on_track');
    expect(now.latestValue).toBe(5);
    expect(now.share).toBeCloseTo(5 / 12, 6);
    expect((await at('2026-05-19')).status).toBe('at_risk'); // the update is not known before its date
    expect((await at('2026-12-31')).status).toBe('at_risk'); // on the due date: behind, not yet late
    expect((await at('2027-01-01')).status).toBe('late'); // the day after
    expect((await at('2027-06-29')).status).toBe('late'); // 180 days late
    expect((await at('2027-06-30')).status).toBe('broken'); // 181 days late
    // the tracker of the campaign adds the indicators up
    const tr = (await anon.agent.get(`/api/campaigns/${campaignId}/tracker`)).body;
    expect(tr.counts).toMatchObject({ on_track: 1, broken: 1, total: 2 });
    expect(tr.indicators.find((i: { unit: string }) => i.unit === 'km')).toMatchObject({ baseline: 0, target: 12, current: 5, commitments: 1 });
  });

  it('hostile input → 4xx with the field named, nothing stored', async () => {
    const before = await counts();
    const cases: [string, () => Promise<{ status: number; body: { detail?: string } }>, RegExp][] = [
      ['value not a number', () => send(eng, 'post', `/api/commitments/${canalId}/updates`).send({ reportedOn: TODAY, value: '7 km' }), /value must be a number/],
      ['value NaN-like', () => send(eng, 'post', `/api/commitments/${canalId}/updates`).send({ reportedOn: TODAY, value: null }), /needs a value, a text/],
      ['date in the future', () => send(eng, 'post', `/api/commitments/${canalId}/updates`).send({ reportedOn: '2026-06-05', value: 6 }), /reportedOn 2026-06-05 is in the future/],
      ['date before the decision', () => send(eng, 'post', `/api/commitments/${canalId}/updates`).send({ reportedOn: '2025-01-01', value: 6 }), /before the decision/],
      ['evidence link of the wrong kind', () => send(eng, 'post', `/api/commitments/${canalId}/updates`).send({ reportedOn: TODAY, value: 6, documents: [{ url: 'javascript:alert(1)' }] }), /http:\/\/ or https:\/\//],
      ['due date before the decision', () => send(adv, 'post', `/api/decisions/${decisionId}/commitments`).send({ ...canal, startOn: null, dueOn: '2025-05-01' }), /dueOn 2025-05-01 is not after the decision's date 2025-06-01/],
      ['target equal to baseline', () => send(adv, 'post', `/api/decisions/${decisionId}/commitments`).send({ ...canal, target: 0 }), /target must differ from baseline/],
      ['geometry outside the service region', () => send(adv, 'post', `/api/decisions/${decisionId}/commitments`).send({ ...canal, geometry: { type: 'Point', coordinates: [2.35, 48.85] } }), /outside|service region/i],
      ['unknown budget line', () => send(adv, 'post', `/api/decisions/${decisionId}/commitments`).send({ ...canal, budgetLineId: 999999 }), /budgetLineId 999999/],
      ['annotation of no campaign of ours', () => send(adv, 'post', `/api/decisions/${decisionId}/commitments`).send({ ...canal, links: { annotations: ['00000000-0000-4000-8000-000000000000'] } }), /not an annotation of this campaign/],
      ['unknown key', () => send(adv, 'post', `/api/decisions/${decisionId}/commitments`).send({ ...canal, status: 'done' }), /status/],
      ['decision in the future', () => send(adv, 'post', '/api/decisions').send(decisionBody({ decidedOn: '2027-01-01' })), /in the future/],
      ['title of invisible characters', () => send(adv, 'post', '/api/decisions').send(decisionBody({ title: { en: '\u200b\u200c' } })), /title/],
      ['a decision in an outsider\'s campaign', () => send(outsider, 'post', '/api/decisions').send(decisionBody()), /campaign/],
      ['an outsider reports progress', () => send(outsider, 'post', `/api/commitments/${canalId}/updates`).send({ reportedOn: TODAY, value: 6 }), /.+/],
    ];
    for (const [what, run, message] of cases) {
      const r = await run();
      expect(r.status, what).toBeGreaterThanOrEqual(400);
      expect(r.status, what).toBeLessThan(500);
      expect(r.body.detail, what).toMatch(message);
    }
    expect(await counts()).toEqual(before);
  });

  it('evidence photos go through the photo pipeline; a file that is not a photo is refused; the public sees them once published', async () => {
    const u = await send(eng, 'post', `/api/commitments/${canalId}/updates`).send({ reportedOn: TODAY, value: 6, body: 'Section 3 done' });
    expect(u.status).toBe(201);
    const before = await counts();
    const text = await send(eng, 'post', `/api/progress-updates/${u.body.id}/photos`).set('Content-Type', 'text/plain').send('not a photo');
    expect(text.status).toBe(415);
    const fake = await send(eng, 'post', `/api/progress-updates/${u.body.id}/photos`).set('Content-Type', 'image/png').send(Buffer.from('GIF89a not really a png'));
    expect(fake.status).toBe(415);
    // someone who did not post it (and is no editor of the campaign) cannot add photos
    await makeUser(t, { org: 'cm-city', role: 'engineer', email: 'eng2@city.example', name: 'Second engineer' });
    const eng2 = await signIn(t, 'eng2@city.example');
    expect((await send(eng2, 'post', `/api/progress-updates/${u.body.id}/photos`).set('Content-Type', 'image/jpeg').send(await jpeg())).status).toBe(403);
    expect(await counts()).toEqual(before);
    const ok = await send(eng, 'post', `/api/progress-updates/${u.body.id}/photos?caption=Lined%20section`).set('Content-Type', 'image/jpeg').send(await jpeg());
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const photo = ok.body.photos[0];
    expect(photo).toMatchObject({ caption: 'Lined section', width: 800, height: 600 });
    const img = await anon.agent.get(photo.thumbUrl).buffer(true);
    expect(img.status).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(img.body as Buffer).metadata()).width).toBeLessThanOrEqual(400);
  });

  it('another organisation the campaign is shared with verifies an update; the owner cannot verify its own', async () => {
    const u = await send(adv, 'post', `/api/commitments/${canalId}/updates`).send({ reportedOn: TODAY, value: 6.5, body: 'Our monitors walked the canal' });
    expect(u.body.source).toBe('monitor');
    expect(u.body.permissions.verify).toBe(false);
    expect((await send(adv, 'put', `/api/progress-updates/${u.body.id}/verification`).send({ verdict: 'confirmed' })).status).toBe(403);
    const v = await send(eng, 'put', `/api/progress-updates/${u.body.id}/verification`).send({ verdict: 'disputed', note: 'We measured 6.1 km' });
    expect(v.status, JSON.stringify(v.body)).toBe(200);
    expect(v.body.verifications).toMatchObject([{ organisation: { slug: 'cm-city' }, verdict: 'disputed', note: 'We measured 6.1 km' }]);
    const again = await send(eng, 'put', `/api/progress-updates/${u.body.id}/verification`).send({ verdict: 'confirmed' });
    expect(again.body.verifications).toHaveLength(1);
    expect(again.body.verifications[0].verdict).toBe('confirmed');
  });

  it('a broken commitment reopens its linked gap, and the gap\'s timeline names the commitment', async () => {
    expect((await send(adv, 'post', `/api/commitments/${canalId}/reopen-annotations`)).status).toBe(409); // on track
    expect((await send(eng, 'post', `/api/commitments/${gatesId}/reopen-annotations`)).status).toBe(403);
    const g = (await adv.agent.get(`/api/commitments/${gatesId}`)).body;
    expect(g.status).toBe('broken'); // due 2025-10-31, 213 days ago, nothing done
    expect(g.permissions.reopen).toBe(true);
    const r = await send(adv, 'post', `/api/commitments/${gatesId}/reopen-annotations`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.reopened).toEqual([{ id: gapId, title: 'Intake gate broken' }]);
    const gap = (await anon.agent.get(`/api/annotations/${gapId}`)).body;
    expect(gap.properties.status).toBe('reopened');
    const history = (await adv.agent.get(`/api/annotations/${gapId}/history`)).body.items;
    expect(history.at(-1).details).toMatchObject({ to: 'reopened', commitment: { id: gatesId, decisionId, title: { en: 'Repair the intake gates' }, body: { en: 'Karakol city kenesh' }, decidedOn: '2025-06-01', dueOn: '2025-10-31' } });
    // The stored reason (for the API and the logs) in English; the web app says it from the texts above in ky/ru/en.
    expect(history.at(-1).details.reason).toMatch(/^Commitment "Repair the intake gates" of the decision of Karakol city kenesh \(2025-06-01\) was broken: due 2025-10-31\.$/);
    expect((await anon.agent.get(`/api/commitments/${gatesId}`)).body.reopened.map((x: { annotationId: string }) => x.annotationId)).toEqual([gapId]);
    const again = await send(adv, 'post', `/api/commitments/${gatesId}/reopen-annotations`);
    expect(again.body).toMatchObject({ reopened: [], skipped: [{ id: gapId, reason: 'already reopened' }] });
  });

  it('a retried create with the same Idempotency-Key stores one update; the same key with another body → 422', async () => {
    const before = await rows('progress_updates');
    const body = { reportedOn: TODAY, value: 7, body: 'retried' };
    const a = await send(eng, 'post', `/api/commitments/${canalId}/updates`).set('Idempotency-Key', 'cm-key-1').send(body);
    const b = await send(eng, 'post', `/api/commitments/${canalId}/updates`).set('Idempotency-Key', 'cm-key-1').send(body);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect((await send(eng, 'post', `/api/commitments/${canalId}/updates`).set('Idempotency-Key', 'cm-key-1').send({ ...body, value: 8 })).status).toBe(422);
    expect(await rows('progress_updates')).toBe(before + 1);
  });

  it('reaching the target is done, whatever the date; abandonment declared is broken', async () => {
    const done = await send(eng, 'post', `/api/commitments/${canalId}/updates`).send({ reportedOn: TODAY, value: 12, body: 'All 12 km rehabilitated' });
    expect(done.status).toBe(201);
    expect((await anon.agent.get(`/api/commitments/${canalId}`)).body.status).toBe('done');
    const c = await send(adv, 'post', `/api/decisions/${decisionId}/commitments`).send({ ...canal, title: { en: 'Second canal' }, geometry: null });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body.status).toBe('at_risk');
    await send(eng, 'post', `/api/commitments/${c.body.id}/updates`).send({ reportedOn: TODAY, abandoned: true, body: 'The city withdrew the money' }).expect(201);
    expect((await anon.agent.get(`/api/commitments/${c.body.id}`)).body.status).toBe('broken');
    // a commitment of a published decision with progress on it is kept
    expect((await send(adv, 'delete', `/api/commitments/${c.body.id}`).set('If-Match', `"v${c.body.version}"`)).status).toBe(409);
    // editing a commitment needs its version
    expect((await send(adv, 'patch', `/api/commitments/${c.body.id}`).send({ responsible: { en: 'Akimiat' } })).status).toBe(428);
    const p = await send(adv, 'patch', `/api/commitments/${c.body.id}`).set('If-Match', `"v${c.body.version}"`).send({ responsible: { en: 'Akimiat' }, target: 0 });
    expect(p.status).toBe(400); // baseline 0 = target 0
    const ok = await send(adv, 'patch', `/api/commitments/${c.body.id}`).set('If-Match', `"v${c.body.version}"`).send({ responsible: { en: 'Akimiat' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ responsible: { en: 'Akimiat' }, version: c.body.version + 1 });
  });
});
