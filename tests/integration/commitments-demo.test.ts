// The commitments demo (data/demo/commitments.json, loaded by server/src/seed/demo-commitments.ts) on
// a real database: every row of the file is there, every decision is published and illustrative with
// its source, date and licence, the links point at real demo features and annotations, and at the
// fixed clock of 2026-12-02 each decision's commitments spread over at least four statuses (Karakol's
// over all six). The statuses come from commitments.rules.ts, the function the service applies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND } from '../helpers/backend.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { DEMO_DIR } from '../../server/src/data-paths.js';
import { readCommitmentsSeed, seedDemoCommitments, type CommitmentsSeed } from '../../server/src/seed/demo-commitments.js';
import { commitmentStatus, COMMITMENT_STATUSES } from '../../server/src/commitments/commitments.rules.js';

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
    expect(new Set(updates.map((u) => u.lang))).toEqual(new Set(['ky', 'ru', 'en']));
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

  it('at 2026-12-02 each decision has commitments in at least four statuses, Karakol in all six', async () => {
    const rows = await q<{ decision: string; ref: string; start: string; due: string; baseline: number; target: number; updates: { on: string; value: number | null; abandoned: boolean }[] }>(
      `SELECT d.ref decision, m.ref, COALESCE(m.start_on, d.decided_on)::text start, m.due_on::text due, m.baseline::float8 baseline, m.target::float8 target,
              COALESCE((SELECT json_agg(json_build_object('on', u.reported_on::text, 'value', u.value::float8, 'abandoned', u.abandoned) ORDER BY u.reported_on)
                        FROM progress_updates u WHERE u.commitment_id = m.id AND u.deleted_at IS NULL), '[]') updates
       FROM commitments m JOIN decisions d ON d.id = m.decision_id WHERE d.ref LIKE 'demo:decision-%' ORDER BY d.ref, m.position`);
    const today = t.config.clock!().toISOString().slice(0, 10);
    const byDecision = new Map<string, Map<string, string>>();
    for (const r of rows) {
      const updates = typeof r.updates === 'string' ? JSON.parse(r.updates) : r.updates;
      const s = commitmentStatus({ start: r.start, due: r.due, indicator: { baseline: r.baseline, target: r.target }, updates }, today).status;
      byDecision.set(r.decision, (byDecision.get(r.decision) ?? new Map()).set(r.ref, s));
    }
    const karakol = byDecision.get('demo:decision-karakol-irrigation-strategy')!;
    const akTilek = byDecision.get('demo:decision-ak-tilek-action-plan')!;
    expect(Object.fromEntries(karakol)).toEqual({
      'demo:commitment-karakol-timetable': 'done',
      'demo:commitment-karakol-main-canals': 'on_track',
      'demo:commitment-karakol-aryks': 'at_risk',
      'demo:commitment-karakol-distributors': 'late',
      'demo:commitment-karakol-west-distributor': 'not_started',
      'demo:commitment-karakol-irrigation-service': 'broken',
    });
    expect(new Set(karakol.values())).toEqual(new Set(COMMITMENT_STATUSES));
    expect(new Set(akTilek.values()).size).toBeGreaterThanOrEqual(4);
    expect(Object.fromEntries(akTilek)).toEqual({
      'demo:commitment-ak-tilek-extinguishers': 'done',
      'demo:commitment-ak-tilek-toilets': 'on_track',
      'demo:commitment-ak-tilek-hydrants': 'at_risk',
      'demo:commitment-ak-tilek-handwashing': 'late',
      'demo:commitment-ak-tilek-fire-lanes': 'not_started',
    });
  });

  it('a second load changes nothing: same ids, same counts', async () => {
    const before = await q<{ id: string; ref: string }>(`SELECT id, ref FROM commitments WHERE ref LIKE 'demo:commitment-%' ORDER BY ref`);
    const report = await seedDemoCommitments(t.database, DEMO_DIR);
    expect(report).toEqual({ decisions: 2, commitments: 11, updates: 14 });
    const after = await q<{ id: string; ref: string }>(`SELECT id, ref FROM commitments WHERE ref LIKE 'demo:commitment-%' ORDER BY ref`);
    expect(after).toEqual(before);
    const [links] = await q<{ n: number }>(`SELECT count(*)::int n FROM commitment_links l JOIN commitments m ON m.id = l.commitment_id WHERE m.ref LIKE 'demo:commitment-%'`);
    expect(links!.n).toBe(seed.decisions.reduce((a, d) => a + d.commitments.reduce((b, c) => b + c.links.length, 0), 0));
  });
});
