// The commitments demo (data/demo/commitments.json, loaded by server/src/seed/demo-commitments.ts) on
// a real database: every row of the file is there, every decision is published and illustrative with
// its source, date and licence, the links point at real demo features and annotations, and at the
// fixed clock of 2026-12-02 each decision's commitments spread over at least four statuses (Karakol's
// over all six), read through the public API (the commitments service, which applies commitments.rules.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND } from '../helpers/backend.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { signIn, DEMO_PASSWORD } from '../helpers/session.js';
import { DEMO_DIR } from '../../server/src/data-paths.js';
import { readCommitmentsSeed, seedDemoCommitments, type CommitmentsSeed } from '../../server/src/seed/demo-commitments.js';
import { COMMITMENT_STATUSES } from '../../server/src/commitments/commitments.rules.js';
import type { DecisionDetail, DecisionList } from '../../server/src/commitments/commitments.types.js';

const seed = readCommitmentsSeed(DEMO_DIR) as CommitmentsSeed;
const TODAY = '2026-12-02';

describe(`commitments demo data (${BACKEND})`, () => {
  let t: TestApp;
  const q = <R = Record<string, unknown>>(text: string, params: unknown[] = []) => t.database.session((s) => s.query<R>(text, params));
  beforeAll(async () => { t = await testApp({ config: { clock: () => new Date(`${TODAY}T12:00:00Z`) } }); });
  afterAll(async () => { await t?.dispose(); });

  it('the seeded database holds both decisions with every commitment, link and update of the file', async () => {
    expect(seed.decisions.map((d) => d.ref)).toEqual(['demo:decision-karakol-irrigation-strategy', 'demo:decision-ak-tilek-action-plan']);
    const rows = await q<{ ref: string; commitments: number; updates: number; links: number; campaign: string; org: string }>(
      `SELECT d.ref, c.ref campaign, o.slug org,
              (SELECT count(*)::int FROM commitments m WHERE m.decision_id = d.id) commitments,
              (SELECT count(*)::int FROM progress_updates u JOIN commitments m ON m.id = u.commitment_id WHERE m.decision_id = d.id AND u.deleted_at IS NULL) updates,
              (SELECT count(*)::int FROM commitment_links l JOIN commitments m ON m.id = l.commitment_id WHERE m.decision_id = d.id) links
       FROM decisions d JOIN campaigns c ON c.id = d.campaign_id JOIN organisations o ON o.id = d.organisation_id
       WHERE d.ref LIKE 'demo:decision-%' ORDER BY d.decided_on`);
    expect(rows).toEqual(seed.decisions.map((d) => ({
      ref: d.ref, campaign: `demo:campaign-${d.project}`, org: d.org,
      commitments: d.commitments.length,
      updates: d.commitments.reduce((a, c) => a + c.updates.length, 0),
      links: d.commitments.reduce((a, c) => a + c.links.length, 0),
    })));
    for (const d of seed.decisions) {
      expect(d.commitments.length).toBeGreaterThanOrEqual(4);
      expect(d.commitments.length).toBeLessThanOrEqual(7);
    }
  });

  it('every decision is published, illustrative, with its source (dated) and licence; every update is in one of ky/ru/en and reported by 2026-11-30', async () => {
    const decisions = await q<{ ref: string; status: string; provenance: string; source: string; licence: string }>(
      `SELECT ref, status, provenance, source, licence FROM decisions WHERE ref LIKE 'demo:decision-%'`);
    expect(decisions).toHaveLength(2);
    for (const d of decisions) {
      expect(d.status, d.ref).toBe('published');
      expect(d.provenance, d.ref).toBe('illustrative');
      expect(d.source, d.ref).toMatch(/^Illustrative demo decision/);
      expect(d.source, d.ref).toMatch(/\(\d{4}-\d{2}-\d{2}\)$/);
      expect(d.licence, d.ref).toMatch(/CC0/);
    }
    const updates = await q<{ lang: string; reported_on: string; body: string }>(
      `SELECT u.lang, u.reported_on::text reported_on, u.body FROM progress_updates u JOIN commitments m ON m.id = u.commitment_id JOIN decisions d ON d.id = m.decision_id WHERE d.ref LIKE 'demo:decision-%'`);
    // Written as Karakol's CSOs and city hall would write them: in Kyrgyz and Russian.
    expect(new Set(updates.map((u) => u.lang))).toEqual(new Set(['ky', 'ru']));
    for (const u of updates) {
      expect(u.reported_on <= '2026-11-30').toBe(true);
      expect(u.body).toMatch(/\((демо|demo)\)\.?$/);
    }
  });

  it('the links point at the canals, the bazaar and the campaigns\' own annotations', async () => {
    const rows = await q<{ commitment: string; layer: string | null; feature: string | null; annotation: string | null; same_campaign: boolean | null }>(
      `SELECT m.ref commitment, l.layer, COALESCE(cn.ref, f.ref) feature, a.ref annotation, a.campaign_id = d.campaign_id same_campaign
       FROM commitment_links l JOIN commitments m ON m.id = l.commitment_id JOIN decisions d ON d.id = m.decision_id
       LEFT JOIN canals cn ON l.layer = 'canals' AND cn.id = l.feature_id
       LEFT JOIN facilities f ON l.layer = 'facilities' AND f.id = l.feature_id
       LEFT JOIN annotations a ON a.id = l.annotation_id
       WHERE d.ref LIKE 'demo:decision-%'`);
    for (const r of rows) {
      expect(r.feature ?? r.annotation, r.commitment).not.toBeNull();
      if (r.annotation) expect(r.same_campaign, r.commitment).toBe(true);
    }
    expect(rows.filter((r) => r.layer === 'canals').map((r) => r.feature)).toContain('demo:karakol-canal-13');
    expect(rows.some((r) => r.feature === 'places:ak-tilek-bazaar')).toBe(true);
    // Every commitment has a place on the tracker's map: its own geometry or a link.
    const [placeless] = await q<{ n: number }>(
      `SELECT count(*)::int n FROM commitments m JOIN decisions d ON d.id = m.decision_id
       WHERE d.ref LIKE 'demo:decision-%' AND m.geom IS NULL AND NOT EXISTS (SELECT 1 FROM commitment_links l WHERE l.commitment_id = m.id)`);
    expect(placeless!.n).toBe(0);
  });

  it('at 2026-12-02, through the public API (the commitments service), each decision has commitments in at least four statuses, Karakol in all six', async () => {
    const statuses = new Map<string, Record<string, string>>();
    for (const project of ['karakol-irrigation', 'ak-tilek-bazaar']) {
      // (?project= looks campaigns up by the bare project id, the demo campaigns' ref is demo:campaign-<project>: by id here.)
      const [campaign] = await q<{ id: string }>(`SELECT id FROM campaigns WHERE ref = $1`, [`demo:campaign-${project}`]);
      const list = (await t.http.get(`/api/decisions?campaign=${campaign!.id}`).expect(200)).body as DecisionList;
      expect(list.asOf).toBe(TODAY);
      expect(list.decisions).toHaveLength(1);
      const d = list.decisions[0]!;
      expect(d).toMatchObject({ status: 'published', provenance: 'illustrative' });
      expect(d.source).toMatch(/^Illustrative demo decision/);
      expect(d.licence).toMatch(/CC0/);
      const detail = (await t.http.get(`/api/decisions/${d.id}`).expect(200)).body as DecisionDetail;
      const byRef = await q<{ id: string; ref: string }>(`SELECT id, ref FROM commitments WHERE decision_id = $1`, [d.id]);
      const refOf = new Map(byRef.map((r) => [r.id, r.ref]));
      statuses.set(project, Object.fromEntries(detail.commitments.map((c) => [refOf.get(c.id)!, c.status])));
      expect(new Set(detail.commitments.map((c) => c.status)).size).toBeGreaterThanOrEqual(4);
      expect(d.counts.total).toBe(detail.commitments.length);
      // Every update is public here, in one of the three languages.
      expect(new Set(detail.commitments.flatMap((c) => c.updates.map((u) => u.lang))).size).toBeGreaterThanOrEqual(2);
    }
    expect(statuses.get('karakol-irrigation')).toEqual({
      'demo:commitment-karakol-timetable': 'done',
      'demo:commitment-karakol-main-canals': 'on_track',
      'demo:commitment-karakol-aryks': 'broken',
      'demo:commitment-karakol-distributors': 'late',
      'demo:commitment-karakol-west-distributor': 'not_started',
      'demo:commitment-karakol-irrigation-service': 'at_risk',
    });
    expect(new Set(Object.values(statuses.get('karakol-irrigation')!))).toEqual(new Set(COMMITMENT_STATUSES));
    expect(statuses.get('ak-tilek-bazaar')).toEqual({
      'demo:commitment-ak-tilek-extinguishers': 'done',
      'demo:commitment-ak-tilek-toilets': 'on_track',
      'demo:commitment-ak-tilek-hydrants': 'at_risk',
      'demo:commitment-ak-tilek-handwashing': 'late',
      'demo:commitment-ak-tilek-fire-lanes': 'not_started',
    });
    // The indicator the issue quotes: 4.5 of 12 km of main canal rehabilitated.
    const [kc] = await q<{ id: string }>(`SELECT id FROM campaigns WHERE ref = 'demo:campaign-karakol-irrigation'`);
    const karakol = (await t.http.get(`/api/decisions?campaign=${kc!.id}`).expect(200)).body as DecisionList;
    expect(karakol.decisions[0]!.indicators).toContainEqual(expect.objectContaining({ unit: 'km', target: 12, current: 4.5 }));
  });

  it("the story closes the loop: Atuul's advocate reopens the planned gap of aryk 13 from the broken commitment", async () => {
    const [c] = await q<{ id: string }>(`SELECT id FROM commitments WHERE ref = 'demo:commitment-karakol-aryks'`);
    const atuul = await signIn(t, 'advocate.atuul@example.org', DEMO_PASSWORD);
    const res = await atuul.agent.post(`/api/commitments/${c!.id}/reopen-annotations`).set('X-CSRF-Token', atuul.csrf).send({}).expect(200);
    expect(res.body.reopened.map((a: { title: string }) => a.title)).toEqual([expect.stringMatching(/№13 көчө арыгы/)]);
    const [a] = await q<{ status: string }>(`SELECT status FROM annotations WHERE ref = 'demo:annotation-karakol-aryk-13'`);
    expect(a!.status).toBe('reopened');
  });

  it('a second load changes nothing: same ids, same counts', async () => {
    const before = await q<{ id: string; ref: string }>(`SELECT id, ref FROM commitments WHERE ref LIKE 'demo:commitment-%' ORDER BY ref`);
    const report = await seedDemoCommitments(t.database, DEMO_DIR);
    expect(report).toEqual({ decisions: 2, commitments: 11, updates: 15 });
    const after = await q<{ id: string; ref: string }>(`SELECT id, ref FROM commitments WHERE ref LIKE 'demo:commitment-%' ORDER BY ref`);
    expect(after).toEqual(before);
    const [links] = await q<{ n: number }>(`SELECT count(*)::int n FROM commitment_links l JOIN commitments m ON m.id = l.commitment_id WHERE m.ref LIKE 'demo:commitment-%'`);
    expect(links!.n).toBe(seed.decisions.reduce((a, d) => a + d.commitments.reduce((b, c) => b + c.links.length, 0), 0));
  });
});
