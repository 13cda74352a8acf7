// Budgets against gaps on a real database (both backends): three villages with known population,
// service statuses, allocations and contributions give figures computed by hand below — shares, per
// resident and per resident without drinking water, plan against actual, the dissimilarity index
// against contributions, population and unserved people, and the what-if split. Visibility follows
// the annotations' rule; bad input answers problem+json and stores nothing. On the server run the
// same fixture is analysed on an embedded database too and the answers must be equal.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND } from '../helpers/backend.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { authConfig, makeUser, send, signIn, visitor, type Client } from '../helpers/session.js';

const MUNI = 'Test ayil aymak';

interface Fixture { t: TestApp; adv: Client; other: Client; anon: Client; ids: Record<'A' | 'B' | 'C', number>; plan: string; exec: string; lines: Record<string, number> }

/**
 * Villages: A 1 000 people, water 'none'; B 3 000, water 'partial' (A and B share one point); C 6 000, water 'connected'.
 * Plan (2024 approved): L1 drinking water, capital, 1 000 000 — A 600 000 (project site), B share 0.4 (400 000);
 * L2 education, current, 3 000 000 — by population over A, B, C (300 000 / 900 000 / 1 800 000);
 * L3 administration ('other'), 500 000 — not allocated; L4 revenue, land tax, 2 000 000.
 * Executed: L1 450 000 (A 450 000), L2 3 000 000 (by population), L3 500 000, L4 2 100 000.
 * Contributions (plan): A 500 000, B 300 000, C 200 000.
 */
async function fixture(backend?: 'embedded' | 'server'): Promise<Fixture> {
  const t = await testApp({ backend, config: { auth: authConfig() } });
  await makeUser(t, { org: 'bud-cso', orgName: 'Budget group', role: 'advocate', email: 'adv@bud.example', name: 'Adv' });
  await makeUser(t, { org: 'bud-other', orgName: 'Another CSO', role: 'advocate', email: 'adv@other.example', name: 'Other' });
  const adv = await signIn(t, 'adv@bud.example');
  const other = await signIn(t, 'adv@other.example');
  const anon = await visitor(t);
  const ins = async (name: string, pop: number, water: string, x: number, y: number) => Number((await sql<{ id: number }>`
    INSERT INTO settlements (ref, name_ky, name_ru, name_en, settlement_type, legal_status, population, water, electricity, road, irrigation,
                             municipality, dataset_id, source, licence, provenance, geom)
    VALUES (${`test:${name}`}, ${name}, ${name}, ${name}, 'village', 'recognised', ${pop}, ${water}, 'connected', 'connected', 'unknown',
            ${MUNI}, 'demo-illustrative', 'test fixture', 'CC0-1.0', 'illustrative', ST_SetSRID(ST_MakePoint(${x}, ${y}), 4326))
    RETURNING id`.execute(t.database.db)).rows[0]!.id);
  const ids = { A: await ins('A', 1000, 'none', 75.0, 41.5), B: await ins('B', 3000, 'partial', 75.0, 41.5), C: await ins('C', 6000, 'connected', 75.1, 41.55) };

  const doc = async (phase: string) => {
    const r = await send(adv, 'post', '/api/budgets').send({ municipality: MUNI, municipality_kind: 'ayil_okmotu', fiscal_year: 2024, phase, source: 'Hand-made test budget', licence: 'CC0-1.0', provenance: 'illustrative' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const line = async (d: string, key: string, body: Record<string, unknown>) => {
    const r = await send(adv, 'post', `/api/budgets/${d}/lines`).send({ line_key: key, functional_code: null, economic_code: null, ...body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as number;
  };
  const alloc = async (d: string, l: number, allocations: unknown[]) => {
    const r = await send(adv, 'put', `/api/budgets/${d}/lines/${l}/allocations`).send({ allocations });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };
  const E = { direction: 'expenditure', funding_source: 'own_revenue' };
  const plan = await doc('approved');
  const lines: Record<string, number> = {};
  lines.L1 = await line(plan, 'L1', { ...E, description: 'Water pipe', nature: 'capital', sector: 'drinking_water', amount: 1_000_000 });
  lines.L2 = await line(plan, 'L2', { ...E, description: 'Schools', nature: 'current', sector: 'education', amount: 3_000_000, functional_code: '0912' });
  lines.L3 = await line(plan, 'L3', { ...E, description: 'Administration', nature: 'current', sector: 'other', amount: 500_000 });
  lines.L4 = await line(plan, 'L4', { direction: 'revenue', funding_source: 'own_revenue', description: 'Land tax', nature: 'current', sector: 'other', amount: 2_000_000 });
  await alloc(plan, lines.L1, [{ settlement_id: ids.A, method: 'project_site', amount: 600_000 }, { settlement_id: ids.B, method: 'explicit', share: 0.4, evidence: 'list of works' }]);
  await alloc(plan, lines.L2, ['A', 'B', 'C'].map((k) => ({ settlement_id: ids[k as 'A'], method: 'by_population' })));
  const c = await send(adv, 'put', `/api/budgets/${plan}/contributions`).send({ contributions: [
    { settlement_id: ids.A, levy: 'land_tax', year: 2024, amount: 400_000 }, { settlement_id: ids.A, levy: 'voluntary', year: 2024, amount: 100_000 },
    { settlement_id: ids.B, levy: 'land_tax', year: 2024, amount: 300_000 }, { settlement_id: ids.C, levy: 'land_tax', year: 2024, amount: 200_000 }] });
  expect(c.status, JSON.stringify(c.body)).toBe(200);

  const exec = await doc('executed');
  const x1 = await line(exec, 'L1', { ...E, description: 'Water pipe', nature: 'capital', sector: 'drinking_water', amount: 450_000 });
  const x2 = await line(exec, 'L2', { ...E, description: 'Schools', nature: 'current', sector: 'education', amount: 3_000_000 });
  await line(exec, 'L3', { ...E, description: 'Administration', nature: 'current', sector: 'other', amount: 500_000 });
  await line(exec, 'L4', { direction: 'revenue', funding_source: 'own_revenue', description: 'Land tax', nature: 'current', sector: 'other', amount: 2_100_000 });
  await alloc(exec, x1, [{ settlement_id: ids.A, method: 'project_site', amount: 450_000 }]);
  await alloc(exec, x2, ['A', 'B', 'C'].map((k) => ({ settlement_id: ids[k as 'A'], method: 'by_population' })));
  return { t, adv, other, anon, ids, plan, exec, lines };
}

let f: Fixture;
beforeAll(async () => { f = await fixture(); }, 120_000);
afterAll(async () => { await f?.t.dispose(); });

const byName = (a: any) => Object.fromEntries(a.villages.map((v: any) => [v.names.en, v]));

describe(`budgets against gaps, hand-computed (${BACKEND})`, () => {
  let a: any;
  beforeAll(async () => {
    const r = await f.adv.agent.get(`/api/budgets/${f.plan}/analysis`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    a = r.body;
  });

  it('compares the approved plan with the executed budget of the same year', () => {
    expect(a.plan).toEqual({ documentId: f.plan, phase: 'approved' });
    expect(a.executed).toEqual({ documentId: f.exec });
    expect(a.document.totals).toMatchObject({ revenue: 2_000_000, expenditure: 4_500_000, capital: 1_000_000, lines: 4, allocated: 4_000_000 });
  });

  it('places each line on villages: project site, share, by population; administration stays unallocated', () => {
    const v = byName(a);
    expect(v.A.spending).toEqual({ total: 900_000, capital: 600_000, bySector: { drinking_water: 600_000, education: 300_000 } });
    expect(v.B.spending).toEqual({ total: 1_300_000, capital: 400_000, bySector: { drinking_water: 400_000, education: 900_000 } });
    expect(v.C.spending).toEqual({ total: 1_800_000, capital: 0, bySector: { education: 1_800_000 } });
    expect(a.unallocated).toEqual({ amount: 500_000, lineIds: [f.lines.L3] });
    // the plan's lines and the executed budget's lines behind A's figures
    expect(v.A.lineIds).toHaveLength(4);
    expect(v.A.lineIds).toEqual(expect.arrayContaining([f.lines.L1, f.lines.L2]));
    expect(v.C.lineIds).toHaveLength(2);
  });

  it('shares, per resident and per resident without drinking water', () => {
    const v = byName(a);
    expect(v.A.shares).toMatchObject({ spending: 0.225, capital: 0.6, contributions: 0.5, population: 0.1 });
    expect(v.B.shares).toMatchObject({ spending: 0.325, capital: 0.4, contributions: 0.3, population: 0.3 });
    expect(v.C.shares).toMatchObject({ spending: 0.45, capital: 0, contributions: 0.2, population: 0.6 });
    expect(v.A.shares.unserved.drinking_water).toBe(1);
    expect(v.B.shares.unserved.drinking_water).toBe(0);
    expect(v.A.unserved.drinking_water).toEqual({ basis: 'status', people: 1000, partly: 0, noData: false });
    expect(v.B.unserved.drinking_water).toEqual({ basis: 'status', people: 0, partly: 3000, noData: false });
    expect(v.A.perResident.total).toBe(900);
    expect(v.B.perResident.total).toBe(433.33);
    expect(v.C.perResident.total).toBe(300);
    expect(v.A.perUnserved.drinking_water).toBe(600);
    expect(v.B.perUnserved.drinking_water).toBeNull(); // nobody without water there (partly only): no division by zero
    expect(v.A.shareGap).toBe(0.275);
    expect(v.C.shareGap).toBe(-0.25);
    // irrigation status 'unknown' everywhere: no data, no share
    expect(v.A.unserved.irrigation).toMatchObject({ noData: true, people: null });
    // A and B share one point: spread on a ring; C alone stays on its point
    expect(v.A.displaced).toBe(true);
    expect(v.C.displaced).toBe(false);
    expect(v.C.position).toEqual([75.1, 41.55]);
    expect(v.A.position).not.toEqual(v.B.position);
  });

  it('plan against actual: execution per village, per sector and per line; the water pipe is underspent', () => {
    const v = byName(a);
    expect(v.A.execution).toBeCloseTo(750_000 / 900_000, 6);
    expect(v.B.execution).toBeCloseTo(900_000 / 1_300_000, 6);
    expect(v.C.execution).toBe(1);
    const water = a.sectors.find((s: any) => s.sector === 'drinking_water');
    expect(water).toMatchObject({ planned: 1_000_000, capital: 1_000_000, executed: 450_000, execution: 0.45, allocated: 1_000_000, unallocated: 0, unserved: 1000, perUnserved: 1000 });
    expect(a.sectors.find((s: any) => s.sector === 'other')).toMatchObject({ planned: 500_000, allocated: 0, unallocated: 500_000 });
    const l1 = a.lines.find((l: any) => l.lineKey === 'L1');
    expect(l1).toMatchObject({ planned: 1_000_000, executed: 450_000, execution: 0.45, underspent: true });
    expect(a.lines.find((l: any) => l.lineKey === 'L4')).toMatchObject({ planned: 2_000_000, executed: 2_100_000, execution: 1.05, underspent: false, direction: 'revenue' });
    expect(a.lines.filter((l: any) => l.underspent).map((l: any) => l.lineKey)).toEqual(['L1']);
  });

  it('the dissimilarity index against contributions, population and people without drinking water', () => {
    const fx = (basis: string, sector: string | null = null) => a.fairness.find((x: any) => x.basis === basis && x.sector === sector);
    expect(fx('contributions')).toMatchObject({ index: 0.275, toMove: 1_100_000, largestGap: { settlementId: f.ids.A, basisShare: 0.5, spendingShare: 0.225 } });
    expect(fx('population')).toMatchObject({ index: 0.15, toMove: 600_000, largestGap: { settlementId: f.ids.C, basisShare: 0.6, spendingShare: 0.45 } });
    expect(fx('unserved', 'drinking_water')).toMatchObject({ index: 0.4, toMove: 400_000, largestGap: { settlementId: f.ids.A, basisShare: 1, spendingShare: 0.6 } });
    // Irrigation: every village's status unknown → no index
    expect(fx('unserved', 'irrigation')).toBeUndefined();
  });

  it('ready sentences in ky, ru and en with the hand-computed numbers', () => {
    const s = Object.fromEntries(a.sentences.map((x: any) => [x.id, x.text]));
    expect(s[`budget.village.${f.ids.A}`].en).toBe('A receives 60% of capital spending; its residents pay 50% of local contributions, and 100% of the people without drinking water in the ayil aymak live there.');
    expect(s[`budget.village.${f.ids.A}`].ky).toBe('A капиталдык чыгашалардын 60 пайызын алат; анын тургундары жергиликтүү салымдардын 50 пайызын төлөшөт, ал эми айыл аймагындагы ичүүчү суусуз жашаган тургундардын 100 пайызы ушул жерде жашайт.');
    expect(s['budget.fairness.contributions'].en).toMatch(/^For spending to follow local contributions, 27.5% of the money allocated to villages \(KGS\u00a01,100,000\) would have to move between them\. The largest gap is A: 50% of contributions, 22.5% of the spending\.$/);
    expect(s['budget.fairness.contributions'].ru).toContain('27,5\u00a0% распределённых по сёлам средств (1\u00a0100\u00a0000\u00a0сом)');
    expect(s[`budget.village.${f.ids.A}`].ru).toBe('A получает 60\u00a0% капитальных расходов; его жители платят 50\u00a0% местных взносов, и здесь живут 100\u00a0% жителей айыл аймака без питьевой воды.');
    expect(s['budget.fairness.unserved.drinking_water'].en).toBe('For spending on drinking water to follow the people without drinking water, 40% of it (KGS\u00a0400,000) would have to move between villages.');
    expect(s['budget.underspent'].ky).toBe('Чыгашалардын 1 беренеси пландын 80 пайызынан аз аткарылды; эң аз аткарылганы — «Water pipe», 45 пайыз.');
  });

  it('what-if: 1 000 000 KGS by population and people without drinking water', async () => {
    const r = await send(f.adv, 'post', `/api/budgets/${f.plan}/what-if`).send({ amount: 1_000_000, sector: 'drinking_water', weights: { population: 1, unserved: 1 } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const w = Object.fromEntries(r.body.villages.map((v: any) => [v.names.en, v]));
    expect(w.A).toMatchObject({ share: 0.55, amount: 550_000, current: 600_000, change: -50_000 });
    expect(w.B).toMatchObject({ share: 0.15, amount: 150_000, current: 400_000, change: -250_000 });
    expect(w.C).toMatchObject({ share: 0.3, amount: 300_000, current: 0, change: 300_000 });
    expect(r.body.sentences[0].text.en).toContain('C KGS');
  });

  it('trends list the plan and the executed budget of each year', () => {
    expect(a.trends.map((p: any) => [p.fiscalYear, p.phase, p.expenditure, p.revenue])).toEqual([[2024, 'approved', 4_500_000, 2_000_000], [2024, 'executed', 3_950_000, 2_100_000]]);
  });
});

describe(`budgets: visibility and bad input (${BACKEND})`, () => {
  it('a draft is its organisation’s only; published, everyone reads it and only its organisation edits it', async () => {
    await f.anon.agent.get(`/api/budgets/${f.plan}`).expect(404);
    await f.other.agent.get(`/api/budgets/${f.plan}/analysis`).expect(404);
    expect((await f.anon.agent.get('/api/budgets').expect(200)).body.documents.map((d: any) => d.id)).not.toContain(f.plan);
    const mine = await f.adv.agent.get(`/api/budgets/${f.plan}`).expect(200);
    expect(mine.body.editable).toBe(true);
    expect(mine.body.lines).toHaveLength(4);
    expect(mine.body.settlements.map((s: any) => s.names.en)).toEqual(['A', 'B', 'C']);
    await send(f.adv, 'patch', `/api/budgets/${f.plan}`).send({ status: 'published' }).expect(200);
    const pub = await f.anon.agent.get(`/api/budgets/${f.plan}`).expect(200);
    expect(pub.body.editable).toBe(false);
    const r = await send(f.other, 'post', `/api/budgets/${f.plan}/lines`).send({ direction: 'expenditure', description: 'x', funding_source: 'donor', nature: 'capital', sector: 'roads', amount: 1 });
    expect(r.status).toBe(403);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('bad input: 4xx problem+json naming the field, and nothing stored', async () => {
    const count = async () => Number((await sql<{ n: number }>`SELECT (SELECT count(*) FROM budget_lines) + (SELECT count(*) FROM budget_allocations) + (SELECT count(*) FROM budget_documents) AS n`.execute(f.t.database.db)).rows[0]!.n);
    const before = await count();
    const bad: [string, string, unknown, number, RegExp][] = [
      ['post', `/api/budgets/${f.plan}/lines`, { direction: 'expenditure', description: 'Negative', funding_source: 'donor', nature: 'capital', sector: 'roads', amount: -5 }, 400, /amount must not be negative/],
      ['post', `/api/budgets/${f.plan}/lines`, { direction: 'expenditure', description: 'Tiyin', funding_source: 'donor', nature: 'capital', sector: 'roads', amount: 1.234 }, 400, /more than 2 decimals/],
      ['post', `/api/budgets/${f.plan}/lines`, { direction: 'expenditure', description: 'Water pipe', funding_source: 'donor', nature: 'capital', sector: 'roads', amount: 5, line_key: 'L1' }, 409, /already has the line/],
      ['put', `/api/budgets/${f.plan}/lines/${f.lines.L1}/allocations`, { allocations: [{ settlement_id: f.ids.A, method: 'project_site', amount: 900_000 }, { settlement_id: f.ids.B, method: 'explicit', amount: 200_000 }] }, 400, /more than the line's 1000000.00 KGS/],
      ['put', `/api/budgets/${f.plan}/lines/${f.lines.L1}/allocations`, { allocations: [{ settlement_id: 1, method: 'project_site', amount: 1 }] }, 400, /is not in Test ayil aymak/],
      ['put', `/api/budgets/${f.plan}/lines/${f.lines.L1}/allocations`, { allocations: [{ settlement_id: f.ids.A, method: 'by_population', amount: 5 }] }, 400, /takes neither amount nor share/],
      ['post', '/api/budgets', { municipality: 'Nowhere', municipality_kind: 'city', fiscal_year: 2024, phase: 'approved', source: 's', licence: 'l', provenance: 'real' }, 400, /no settlement belongs to 'Nowhere'/],
      ['post', '/api/budgets', { municipality: MUNI, municipality_kind: 'ayil_okmotu', fiscal_year: 2024, phase: 'approved', source: 's', licence: 'l', provenance: 'real' }, 409, /already has the approved budget/],
      ['post', `/api/budgets/${f.plan}/what-if`, { amount: 100, weights: {} }, 400, /at least one weight/],
      ['post', `/api/budgets/${f.plan}/lines/${f.lines.L1}/links`, { layer: 'canals', feature_id: 99_999_999 }, 400, /has no feature/],
    ];
    for (const [m, url, body, status, msg] of bad) {
      const r = await send(f.adv, m as 'post', url).send(body as object);
      expect(r.status, `${m} ${url} ${JSON.stringify(r.body)}`).toBe(status);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(r.body)).toMatch(msg);
    }
    expect(await count()).toBe(before);
    await f.anon.agent.get('/api/budgets/not-a-uuid').expect(400);
  });

  it('a retried create with the same Idempotency-Key makes one line; another body with that key is 422', async () => {
    const before = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM budget_lines WHERE document_id = ${f.plan}`.execute(f.t.database.db)).rows[0]!.n);
    const body = { direction: 'expenditure', description: 'Retried line', funding_source: 'donor', nature: 'capital', sector: 'roads', amount: 10 };
    const a = await send(f.adv, 'post', `/api/budgets/${f.plan}/lines`).set('Idempotency-Key', 'bud-retry-1').send(body);
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const b = await send(f.adv, 'post', `/api/budgets/${f.plan}/lines`).set('Idempotency-Key', 'bud-retry-1').send(body);
    expect(b.status).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body.id).toBe(a.body.id);
    const c = await send(f.adv, 'post', `/api/budgets/${f.plan}/lines`).set('Idempotency-Key', 'bud-retry-1').send({ ...body, amount: 11 });
    expect(c.status).toBe(422);
    expect(Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM budget_lines WHERE document_id = ${f.plan}`.execute(f.t.database.db)).rows[0]!.n)).toBe(before + 1);
    await send(f.adv, 'delete', `/api/budgets/${f.plan}/lines/${a.body.id}`).expect(204);
  });

  it('the OpenAPI document lists the budget paths', async () => {
    const doc = (await f.anon.agent.get('/api/openapi.json').expect(200)).body;
    for (const path of ['/api/budgets', '/api/budgets/{id}', '/api/budgets/{id}/lines', '/api/budgets/{id}/lines/{lineId}/allocations', '/api/budgets/{id}/contributions', '/api/budgets/{id}/analysis', '/api/budgets/{id}/what-if']) {
      expect(doc.paths[path], path).toBeTruthy();
    }
    expect(doc.paths['/api/budgets'].post.parameters.map((x: { name: string }) => x.name)).toContain('Idempotency-Key');
  });
});

describe.runIf(BACKEND === 'server')('budgets: the embedded database gives the same answer', () => {
  it('analysis JSON equal on both backends (ids aside)', async () => {
    const e = await fixture('embedded');
    try {
      const strip = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (/^(id|documentId|settlementId|planLineId|executedLineId|createdAt|updatedAt|campaignId)$/.test(k) || k === 'lineIds' ? undefined : v)).replace(/budget\.village\.\d+/g, 'budget.village.N'));
      const here = (await f.adv.agent.get(`/api/budgets/${f.exec}/analysis`).expect(200)).body;
      const there = (await e.adv.agent.get(`/api/budgets/${e.exec}/analysis`).expect(200)).body;
      delete here.document.organisation; delete there.document.organisation;
      expect(strip(there)).toEqual(strip(here));
    } finally {
      await e.t.dispose();
    }
  }, 120_000);
});
