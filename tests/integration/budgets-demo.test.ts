// The budget demo (data/demo/budgets.json, loaded by server/src/seed/demo-budgets.ts) on a real
// database: it loads with every ref known, its allocations stay within their lines, its villages have
// population, every row is illustrative, executed documents match their plans line for line, and the
// Nookat founding story (Noygut pays much, receives little) is in the figures.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND } from '../helpers/backend.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { DEMO_DIR } from '../../server/src/data-paths.js';
import { readBudgetSeed, seedDemoBudgets, unknownBudgetRefs } from '../../server/src/seed/demo-budgets.js';
import type { BudgetSeedFile } from '../../server/src/budgets/budgets.types.js';

const seed = readBudgetSeed(DEMO_DIR) as BudgetSeedFile;
const NOOKAT_VILLAGES = ['bel-bel', 'bel-borbash', 'bel-jash', 'bel-tash-bulak', 'gulstan-frunze', 'gulstan-gulstan', 'gulstan-boston', 'kara-tash-kara-tash', 'kara-tash-noygut'].map((v) => `places:nookat-${v}`);
const AK_DOBO_VILLAGES = ['ak-dobo', 'kyzyl-say', 'kyzyl-charba'].map((v) => `places:ak-dobo-village-${v}`);

describe(`budget demo data (${BACKEND})`, () => {
  let t: TestApp;
  const q = <R = Record<string, unknown>>(text: string, params: unknown[] = []) => t.database.session((s) => s.query<R>(text, params));
  beforeAll(async () => { t = await testApp(); });
  afterAll(async () => { await t?.dispose(); });

  it('the seeded database holds every document and line of the file', async () => {
    expect(seed.documents.length).toBe(15);
    const refs = seed.documents.map((d) => d.ref);
    const [docs] = await q<{ n: number; lines: number }>(
      `SELECT count(DISTINCT d.id)::int n, count(l.id)::int lines FROM budget_documents d JOIN budget_lines l ON l.document_id = d.id WHERE d.ref = ANY($1::text[])`, [refs]);
    expect(docs).toEqual({ n: 15, lines: seed.documents.reduce((a, d) => a + d.lines.length, 0) });
    const [codes] = await q<{ n: number }>(`SELECT count(*)::int n FROM budget_codes`);
    expect(codes!.n).toBeGreaterThanOrEqual(seed.codes.length);
  });

  it('the demo file names no settlement, annotation or feature the database lacks', async () => {
    expect(await t.database.session((s) => unknownBudgetRefs(s, seed))).toEqual([]);
  });

  it('every document has lines, and both revenue and expenditure', async () => {
    const rows = await q<{ ref: string; revenue: number; expenditure: number }>(
      `SELECT d.ref, count(*) FILTER (WHERE l.direction = 'revenue')::int revenue, count(*) FILTER (WHERE l.direction = 'expenditure')::int expenditure
       FROM budget_documents d LEFT JOIN budget_lines l ON l.document_id = d.id WHERE d.ref LIKE 'demo:budget-%' GROUP BY d.ref ORDER BY d.ref`);
    expect(rows).toHaveLength(15);
    for (const r of rows) {
      expect(r.revenue, r.ref).toBeGreaterThan(0);
      expect(r.expenditure, r.ref).toBeGreaterThan(0);
    }
  });

  it("no line's allocations exceed it: amounts sum to at most the line, shares to at most 1", async () => {
    const rows = await q<{ line_key: string; amount: number; allocated: number; shares: number }>(
      `SELECT l.line_key, l.amount::float8 amount, coalesce(sum(a.amount), 0)::float8 allocated, coalesce(sum(a.share), 0)::float8 shares
       FROM budget_lines l JOIN budget_allocations a ON a.line_id = l.id JOIN budget_documents d ON d.id = l.document_id
       WHERE d.ref LIKE 'demo:budget-%' GROUP BY l.id, l.line_key, l.amount`);
    expect(rows.length).toBeGreaterThan(100);
    for (const r of rows) {
      expect(r.allocated, r.line_key).toBeLessThanOrEqual(r.amount);
      expect(r.shares, r.line_key).toBeLessThanOrEqual(1);
    }
    // All three methods are used; general administration stays unallocated.
    const methods = await q<{ method: string }>(`SELECT DISTINCT method FROM budget_allocations ORDER BY method`);
    expect(methods.map((m) => m.method)).toEqual(['by_population', 'explicit', 'project_site']);
    const [admin] = await q<{ n: number }>(
      `SELECT count(*)::int n FROM budget_allocations a JOIN budget_lines l ON l.id = a.line_id WHERE l.functional_code = '0111'`);
    expect(admin!.n).toBe(0);
  });

  it('the nine Nookat and three Ak-Döbö villages have an illustrative population, and every allocated village belongs to its document\'s municipality', async () => {
    const villages = await q<{ ref: string; population: number | null; provenance: string; municipality: string }>(
      `SELECT ref, population, provenance, municipality FROM settlements WHERE ref = ANY($1::text[]) ORDER BY ref`, [[...NOOKAT_VILLAGES, ...AK_DOBO_VILLAGES]]);
    expect(villages).toHaveLength(12);
    for (const v of villages) {
      expect(v.population, v.ref).toBeGreaterThan(0);
      expect(v.provenance, v.ref).toBe('illustrative');
    }
    const byAo = (m: string) => villages.filter((v) => v.municipality === m).reduce((a, v) => a + Number(v.population), 0);
    expect([byAo('Bel ayil aymak'), byAo('Gülstan ayil aymak'), byAo('Kara-Tash ayil aymak'), byAo('Ak-Döbö ayil aymak')]).toEqual([13759, 23442, 16224, 7211]);
    const [foreign] = await q<{ n: number }>(
      `SELECT count(*)::int n FROM budget_allocations a JOIN budget_lines l ON l.id = a.line_id JOIN budget_documents d ON d.id = l.document_id
       JOIN settlements s ON s.id = a.settlement_id WHERE s.municipality IS DISTINCT FROM d.municipality`);
    expect(foreign!.n).toBe(0);
  });

  it('every demo document is illustrative and published, on the demo campaign of its project', async () => {
    const rows = await q<{ ref: string; provenance: string; status: string; campaign: string | null; slug: string }>(
      `SELECT d.ref, d.provenance, d.status, c.ref campaign, o.slug FROM budget_documents d JOIN organisations o ON o.id = d.organisation_id
       LEFT JOIN campaigns c ON c.id = d.campaign_id WHERE d.ref LIKE 'demo:budget-%'`);
    expect(rows).toHaveLength(15);
    for (const r of rows) {
      expect(r.provenance, r.ref).toBe('illustrative');
      expect(r.status, r.ref).toBe('published');
      expect(r.campaign, r.ref).toBe(r.slug === 'dilanar' ? 'demo:campaign-ak-dobo-budget' : 'demo:campaign-nookat-budgets');
    }
  });

  it('each executed document has exactly the line_keys of its approved one', async () => {
    const rows = await q<{ executed: string; missing: number; extra: number }>(
      `SELECT e.ref executed,
         (SELECT count(*) FROM budget_lines a WHERE a.document_id = p.id AND NOT EXISTS (SELECT 1 FROM budget_lines b WHERE b.document_id = e.id AND b.line_key = a.line_key))::int missing,
         (SELECT count(*) FROM budget_lines b WHERE b.document_id = e.id AND NOT EXISTS (SELECT 1 FROM budget_lines a WHERE a.document_id = p.id AND a.line_key = b.line_key))::int extra
       FROM budget_documents e JOIN budget_documents p ON p.organisation_id = e.organisation_id AND p.municipality = e.municipality AND p.fiscal_year = e.fiscal_year AND p.phase = 'approved'
       WHERE e.phase = 'executed' AND e.ref LIKE 'demo:budget-%' ORDER BY e.ref`);
    expect(rows.map((r) => r.executed)).toEqual([
      'demo:budget-ak-dobo-2023-executed', 'demo:budget-ak-dobo-2024-executed',
      'demo:budget-nookat-bel-2014-executed', 'demo:budget-nookat-gulstan-2014-executed', 'demo:budget-nookat-kara-tash-2014-executed',
    ]);
    for (const r of rows) expect([r.missing, r.extra], r.executed).toEqual([0, 0]);
    // The underspent drinking-water pipe: 45 % of the plan executed.
    const [pipe] = await q<{ plan: number; done: number }>(
      `SELECT p.amount::float8 plan, e.amount::float8 done FROM budget_lines p JOIN budget_documents pd ON pd.id = p.document_id
       JOIN budget_lines e ON e.line_key = p.line_key JOIN budget_documents ed ON ed.id = e.document_id
       WHERE pd.ref = 'demo:budget-ak-dobo-2023-approved' AND ed.ref = 'demo:budget-ak-dobo-2023-executed' AND p.line_key = 'E-0630-3111-water-pipe-Kyzyl-Charba'`);
    expect(pipe!.done / pipe!.plan).toBeCloseTo(0.45, 3);
  });

  it('Kara-Tash 2014: Noygut pays about half of the contributions but receives under 10 % of the capital spending', async () => {
    const rows = await q<{ ref: string; population: number; paid: number; capital: number }>(
      `WITH d AS (SELECT id FROM budget_documents WHERE ref = 'demo:budget-nookat-kara-tash-2014-approved')
       SELECT s.ref, s.population,
         (SELECT coalesce(sum(c.amount), 0)::float8 FROM budget_contributions c WHERE c.document_id = (SELECT id FROM d) AND c.settlement_id = s.id) paid,
         (SELECT coalesce(sum(coalesce(a.amount, a.share * l.amount)), 0)::float8 FROM budget_allocations a JOIN budget_lines l ON l.id = a.line_id
            WHERE l.document_id = (SELECT id FROM d) AND l.nature = 'capital' AND a.settlement_id = s.id) capital
       FROM settlements s WHERE s.municipality = 'Kara-Tash ayil aymak' ORDER BY s.ref`);
    const total = (k: 'paid' | 'capital' | 'population') => rows.reduce((a, r) => a + Number(r[k]), 0);
    const noygut = rows.find((r) => r.ref === 'places:nookat-kara-tash-noygut')!;
    expect(noygut.paid / total('paid')).toBeGreaterThan(0.45);
    expect(Number(noygut.population) / total('population')).toBeLessThan(0.4);
    expect(noygut.capital / total('capital')).toBeLessThan(0.1);
  });

  it('the Nookat water-point annotation and facility are linked to a 2015 Kara-Tash line', async () => {
    const rows = await q<{ line_key: string; annotation: string | null; layer: string | null }>(
      `SELECT l.line_key, an.ref annotation, k.layer FROM budget_line_links k JOIN budget_lines l ON l.id = k.line_id
       JOIN budget_documents d ON d.id = l.document_id LEFT JOIN annotations an ON an.id = k.annotation_id
       WHERE d.ref = 'demo:budget-nookat-kara-tash-2015-approved' ORDER BY k.layer NULLS FIRST`);
    expect(rows).toEqual([
      { line_key: 'E-0630-2216-drinking-water-operation', annotation: 'demo:annotation-nookat-water-point', layer: null },
      { line_key: 'E-0630-2216-drinking-water-operation', annotation: null, layer: 'facilities' },
    ]);
  });

  it('the public lists each project\'s demo documents, and the Kara-Tash 2014 analysis tells the Noygut story', async () => {
    const nookat = await t.http.get('/api/budgets?project=nookat-budgets').expect(200);
    expect(nookat.body.documents.map((d: { ref: string }) => d.ref).sort()).toEqual(seed.documents.filter((d) => d.project === 'nookat-budgets').map((d) => d.ref).sort());
    expect(nookat.body.documents).toHaveLength(9);
    const ak = await t.http.get('/api/budgets?project=ak-dobo-budget').expect(200);
    expect(ak.body.documents).toHaveLength(6);

    const doc = nookat.body.documents.find((d: { ref: string }) => d.ref === 'demo:budget-nookat-kara-tash-2014-approved');
    const a = (await t.http.get(`/api/budgets/${doc.id}/analysis?lang=en`).expect(200)).body;
    expect(a.executed).not.toBeNull();
    expect(a.provenance.illustrative).toBe(true);
    const noygut = a.villages.find((v: { names: { en: string } }) => v.names.en === 'Noygut');
    expect(noygut).toMatchObject({ population: 6124, contributions: 3037800, spending: expect.objectContaining({ capital: 360000 }) });
    expect(noygut.shares.contributions).toBeGreaterThan(0.45);
    expect(noygut.shares.capital).toBeLessThan(0.1);
    const index = (basis: string) => a.fairness.find((f: { basis: string }) => f.basis === basis).index;
    expect(index('contributions')).toBeGreaterThan(index('population'));
  });

  it('loading again replaces the demo documents (no duplicates), and an unknown ref stops the load with nothing stored', async () => {
    const before = await q<{ n: number }>(`SELECT count(*)::int n FROM budget_lines`);
    expect(await seedDemoBudgets(t.database, DEMO_DIR)).toEqual({ documents: 15, lines: seed.documents.reduce((a, d) => a + d.lines.length, 0) });
    expect(await q<{ n: number }>(`SELECT count(*)::int n FROM budget_lines`)).toEqual(before);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-budgets-'));
    try {
      const bad = structuredClone(seed);
      bad.documents[0]!.contributions[0]!.settlement = 'places:nowhere';
      bad.documents[1]!.lines[0]!.links = [{ annotation: 'demo:annotation-missing' }];
      fs.writeFileSync(path.join(dir, 'budgets.json'), JSON.stringify(bad));
      const ids = await q<{ id: string }>(`SELECT id FROM budget_documents ORDER BY id`);
      await expect(seedDemoBudgets(t.database, dir)).rejects.toThrow(/settlement places:nowhere.*annotation demo:annotation-missing.*Nothing was stored/);
      expect(await q<{ id: string }>(`SELECT id FROM budget_documents ORDER BY id`)).toEqual(ids);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
