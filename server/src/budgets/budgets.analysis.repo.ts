// The budget analyses in SQL (the same statements on both databases): per village and sector the
// allocated spending, per resident and per resident without the service; plan against actual per
// line and sector; the shares of spending, contributions, population and unserved people; the
// dissimilarity index between spending and each basis; trends over fiscal years; the what-if split.
//
// People without a service come from the gap analyses (budgets.analysis.service.ts) and enter here as
// one bound JSON parameter, `unserved`: [{settlementId, sector, people, partly, noData, basis}].
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import { allocatedSql } from './budgets.repo.js';
import type { Sector } from './budgets.schema.js';
import type { FairnessIndex, LineExecution, SectorFigures, SectorUnserved, TrendPoint, VillageFigures } from './budgets.types.js';

type Db = Kysely<DB>;

export interface UnservedRow extends SectorUnserved { settlementId: number; sector: Sector }

export interface FigureInputs {
  municipality: string;
  plan: string | null;
  executed: string | null;
  unserved: UnservedRow[];
}

/** Several villages on one point (a placeholder) are drawn on a ring of this radius around it. */
export const DISPLACE_M = 1500;

/** The CTEs every figure query shares: villages v, allocations a2, contributions, unserved un. */
function base(i: FigureInputs): RawBuilder<unknown> {
  const docs = [i.plan, i.executed].filter((x): x is string => x !== null);
  return sql`
    docs AS (SELECT ${i.plan}::uuid AS plan, ${i.executed}::uuid AS exec),
    v AS (
      SELECT s.id, s.name_ky, s.name_ru, s.name_en, s.population::float8 AS population, s.population_year, s.provenance, ST_X(p.g) AS x, ST_Y(p.g) AS y,
             row_number() OVER (PARTITION BY round(ST_X(p.g)::numeric, 5), round(ST_Y(p.g)::numeric, 5) ORDER BY s.name_en, s.id) - 1 AS k,
             count(*) OVER (PARTITION BY round(ST_X(p.g)::numeric, 5), round(ST_Y(p.g)::numeric, 5)) AS n
      FROM settlements s CROSS JOIN LATERAL (SELECT ST_PointOnSurface(s.geom) AS g) p
      WHERE s.municipality = ${i.municipality}
    ),
    al AS (${allocatedSql(docs.length ? sql.join(docs.map((d) => sql`${d}::uuid`)) : sql`NULL::uuid`)}),
    a2 AS (
      SELECT al.settlement_id, al.allocated::float8 AS allocated, l.document_id, l.sector, l.nature, l.id AS line_id
      FROM al JOIN budget_lines l ON l.id = al.line_id WHERE l.direction = 'expenditure'
    ),
    contrib_doc AS (
      SELECT COALESCE((SELECT d.plan FROM docs d WHERE EXISTS (SELECT 1 FROM budget_contributions c WHERE c.document_id = d.plan)),
                      (SELECT d.exec FROM docs d WHERE EXISTS (SELECT 1 FROM budget_contributions c WHERE c.document_id = d.exec))) AS id
    ),
    contrib AS (
      SELECT c.settlement_id, sum(c.amount)::float8 AS amount FROM budget_contributions c, contrib_doc cd WHERE c.document_id = cd.id GROUP BY c.settlement_id
    ),
    un AS (
      SELECT (j->>'settlementId')::bigint AS settlement_id, j->>'sector' AS sector, (j->>'people')::float8 AS people,
             (j->>'partly')::float8 AS partly, (j->>'noData')::boolean AS no_data, j->>'basis' AS basis
      FROM json_array_elements(${JSON.stringify(i.unserved)}::json) j
    ),
    sp AS (
      SELECT a.settlement_id,
             COALESCE(sum(a.allocated) FILTER (WHERE a.document_id = d.plan), 0) AS total,
             COALESCE(sum(a.allocated) FILTER (WHERE a.document_id = d.plan AND a.nature = 'capital'), 0) AS capital,
             sum(a.allocated) FILTER (WHERE a.document_id = d.exec) AS exec_total,
             array_agg(DISTINCT a.line_id ORDER BY a.line_id) AS line_ids
      FROM a2 a, docs d GROUP BY a.settlement_id
    ),
    sps AS (
      SELECT a.settlement_id, a.sector,
             COALESCE(sum(a.allocated) FILTER (WHERE a.document_id = d.plan), 0) AS planned,
             sum(a.allocated) FILTER (WHERE a.document_id = d.exec) AS executed
      FROM a2 a, docs d GROUP BY a.settlement_id, a.sector
    ),
    tot AS (
      SELECT NULLIF(sum(COALESCE(sp.total, 0)), 0) AS spending, NULLIF(sum(COALESCE(sp.capital, 0)), 0) AS capital,
             NULLIF(sum(COALESCE(c.amount, 0)), 0) AS contributions, NULLIF(sum(v.population), 0) AS population
      FROM v LEFT JOIN sp ON sp.settlement_id = v.id LEFT JOIN contrib c ON c.settlement_id = v.id
    ),
    untot AS (SELECT sector, NULLIF(sum(people), 0) AS people FROM un WHERE NOT no_data GROUP BY sector),
    spstot AS (SELECT sector, NULLIF(sum(planned), 0) AS planned FROM sps GROUP BY sector)`;
}

const r6 = (e: RawBuilder<unknown>) => sql`round((${e})::numeric, 6)::float8`;
const r2 = (e: RawBuilder<unknown>) => sql`round((${e})::numeric, 2)::float8`;

export async function villages(db: Db, i: FigureInputs): Promise<VillageFigures[]> {
  const r = await sql<{ j: VillageFigures }>`
    WITH ${base(i)}
    SELECT json_build_object(
      'settlementId', v.id, 'names', json_build_object('ky', v.name_ky, 'ru', v.name_ru, 'en', v.name_en),
      'population', v.population, 'populationYear', v.population_year, 'provenance', v.provenance,
      'position', json_build_array(
          round((v.x + CASE WHEN v.n > 1 THEN ${DISPLACE_M}::float8 * cos(2 * pi() * v.k / v.n) / (111320 * cos(radians(v.y))) ELSE 0 END)::numeric, 6)::float8,
          round((v.y + CASE WHEN v.n > 1 THEN ${DISPLACE_M}::float8 * sin(2 * pi() * v.k / v.n) / 110540 ELSE 0 END)::numeric, 6)::float8),
      'displaced', v.n > 1,
      'spending', json_build_object('total', ${r2(sql`COALESCE(sp.total, 0)`)}, 'capital', ${r2(sql`COALESCE(sp.capital, 0)`)},
          'bySector', (SELECT COALESCE(json_object_agg(x.sector, ${r2(sql`x.planned`)}), '{}'::json) FROM sps x WHERE x.settlement_id = v.id AND x.planned > 0)),
      'executed', CASE WHEN (SELECT exec FROM docs) IS NULL THEN NULL ELSE json_build_object('total', ${r2(sql`COALESCE(sp.exec_total, 0)`)},
          'bySector', (SELECT COALESCE(json_object_agg(x.sector, ${r2(sql`x.executed`)}), '{}'::json) FROM sps x WHERE x.settlement_id = v.id AND x.executed IS NOT NULL)) END,
      'execution', CASE WHEN (SELECT exec FROM docs) IS NOT NULL AND sp.total > 0 THEN ${r6(sql`COALESCE(sp.exec_total, 0) / sp.total`)} END,
      'contributions', ${r2(sql`COALESCE(c.amount, 0)`)},
      'shares', json_build_object(
          'spending', ${r6(sql`COALESCE(sp.total, 0) / t.spending`)},
          'capital', ${r6(sql`COALESCE(sp.capital, 0) / t.capital`)},
          'contributions', ${r6(sql`COALESCE(c.amount, 0) / t.contributions`)},
          'population', ${r6(sql`v.population / t.population`)},
          'unserved', (SELECT COALESCE(json_object_agg(u.sector, CASE WHEN u.no_data THEN NULL ELSE ${r6(sql`u.people / ut.people`)} END), '{}'::json)
                       FROM un u LEFT JOIN untot ut ON ut.sector = u.sector WHERE u.settlement_id = v.id)),
      'shareGap', ${r6(sql`COALESCE(c.amount, 0) / t.contributions - COALESCE(sp.total, 0) / t.spending`)},
      'unserved', (SELECT COALESCE(json_object_agg(u.sector, json_build_object('basis', u.basis, 'people', u.people, 'partly', u.partly, 'noData', u.no_data)), '{}'::json)
                   FROM un u WHERE u.settlement_id = v.id),
      'perResident', json_build_object(
          'total', ${r2(sql`COALESCE(sp.total, 0) / NULLIF(v.population, 0)`)},
          'bySector', (SELECT COALESCE(json_object_agg(x.sector, ${r2(sql`x.planned / NULLIF(v.population, 0)`)}), '{}'::json) FROM sps x WHERE x.settlement_id = v.id AND x.planned > 0)),
      'perUnserved', (SELECT COALESCE(json_object_agg(u.sector, CASE WHEN u.no_data THEN NULL ELSE ${r2(sql`COALESCE(x.planned, 0) / NULLIF(u.people, 0)`)} END), '{}'::json)
                      FROM un u LEFT JOIN sps x ON x.settlement_id = u.settlement_id AND x.sector = u.sector WHERE u.settlement_id = v.id),
      'lineIds', COALESCE(to_json(sp.line_ids), '[]'::json)) AS j
    FROM v CROSS JOIN tot t LEFT JOIN sp ON sp.settlement_id = v.id LEFT JOIN contrib c ON c.settlement_id = v.id
    ORDER BY v.name_en, v.id`.execute(db);
  return r.rows.map((x) => x.j);
}

/**
 * The dissimilarity index of spending against each basis: ½ Σ |spending share − basis share| over the
 * villages (the share of the money that would have to move for spending to follow the basis). For
 * 'unserved' per sector, the sector's spending against the sector's people without the service.
 */
export async function fairness(db: Db, i: FigureInputs, sectors: readonly Sector[]): Promise<FairnessIndex[]> {
  const r = await sql<{ j: FairnessIndex }>`
    WITH ${base(i)},
    bases AS (
      SELECT 'contributions'::text AS basis, NULL::text AS sector, v.id, COALESCE(sp.total, 0) / t.spending AS s_share,
             COALESCE(c.amount, 0) / t.contributions AS b_share, t.spending AS money
      FROM v CROSS JOIN tot t LEFT JOIN sp ON sp.settlement_id = v.id LEFT JOIN contrib c ON c.settlement_id = v.id
      UNION ALL
      SELECT 'population', NULL, v.id, COALESCE(sp.total, 0) / t.spending, v.population / t.population, t.spending
      FROM v CROSS JOIN tot t LEFT JOIN sp ON sp.settlement_id = v.id
      UNION ALL
      SELECT 'unserved', u.sector, v.id, COALESCE(x.planned, 0) / st.planned, u.people / ut.people, st.planned
      FROM v JOIN un u ON u.settlement_id = v.id AND NOT u.no_data
      JOIN untot ut ON ut.sector = u.sector LEFT JOIN spstot st ON st.sector = u.sector
      LEFT JOIN sps x ON x.settlement_id = v.id AND x.sector = u.sector
      WHERE u.sector = ANY (${sectors as unknown as string[]}::text[])
    ),
    valid AS (
      -- An index needs both distributions complete: every village's basis known and some money spent.
      SELECT basis, sector FROM bases GROUP BY basis, sector HAVING bool_and(b_share IS NOT NULL) AND bool_and(s_share IS NOT NULL)
    ),
    gap AS (
      SELECT DISTINCT ON (b.basis, b.sector) b.basis, b.sector, b.id, b.b_share, b.s_share
      FROM bases b JOIN valid vd ON vd.basis = b.basis AND vd.sector IS NOT DISTINCT FROM b.sector
      ORDER BY b.basis, b.sector, abs(b.b_share - b.s_share) DESC, b.id
    )
    SELECT json_build_object(
      'basis', k.basis, 'sector', k.sector,
      'index', CASE WHEN vd.basis IS NOT NULL THEN ${r6(sql`k.ix`)} END,
      'toMove', CASE WHEN vd.basis IS NOT NULL THEN ${r2(sql`k.ix * k.money`)} END,
      'largestGap', CASE WHEN g.id IS NULL THEN NULL ELSE json_build_object('settlementId', g.id,
          'names', (SELECT json_build_object('ky', v.name_ky, 'ru', v.name_ru, 'en', v.name_en) FROM v WHERE v.id = g.id),
          'basisShare', ${r6(sql`g.b_share`)}, 'spendingShare', ${r6(sql`g.s_share`)}) END) AS j
    FROM (SELECT basis, sector, sum(abs(b_share - s_share)) / 2 AS ix, max(money) AS money FROM bases GROUP BY basis, sector) k
    LEFT JOIN valid vd ON vd.basis = k.basis AND vd.sector IS NOT DISTINCT FROM k.sector
    LEFT JOIN gap g ON g.basis = k.basis AND g.sector IS NOT DISTINCT FROM k.sector
    ORDER BY array_position(ARRAY['contributions','population','unserved'], k.basis), k.sector`.execute(db);
  return r.rows.map((x) => x.j);
}

export async function sectors(db: Db, i: FigureInputs): Promise<SectorFigures[]> {
  const r = await sql<{ j: SectorFigures }>`
    WITH ${base(i)},
    pl AS (SELECT l.sector, sum(l.amount)::float8 AS planned, sum(l.amount) FILTER (WHERE l.nature = 'capital')::float8 AS capital, array_agg(l.id ORDER BY l.id) AS ids
           FROM budget_lines l, docs d WHERE l.document_id = d.plan AND l.direction = 'expenditure' GROUP BY l.sector),
    ex AS (SELECT l.sector, sum(l.amount)::float8 AS executed FROM budget_lines l, docs d WHERE l.document_id = d.exec AND l.direction = 'expenditure' GROUP BY l.sector),
    alloc AS (SELECT sector, sum(planned) AS allocated FROM sps GROUP BY sector)
    SELECT json_build_object(
      'sector', pl.sector, 'planned', ${r2(sql`pl.planned`)}, 'capital', ${r2(sql`COALESCE(pl.capital, 0)`)},
      'executed', CASE WHEN (SELECT exec FROM docs) IS NOT NULL THEN ${r2(sql`COALESCE(ex.executed, 0)`)} END,
      'execution', CASE WHEN (SELECT exec FROM docs) IS NOT NULL AND pl.planned > 0 THEN ${r6(sql`COALESCE(ex.executed, 0) / pl.planned`)} END,
      'allocated', ${r2(sql`COALESCE(a.allocated, 0)`)}, 'unallocated', ${r2(sql`pl.planned - COALESCE(a.allocated, 0)`)},
      'unserved', ut.people, 'perUnserved', ${r2(sql`pl.planned / ut.people`)},
      'lineIds', to_json(pl.ids)) AS j
    FROM pl LEFT JOIN ex ON ex.sector = pl.sector LEFT JOIN alloc a ON a.sector = pl.sector LEFT JOIN untot ut ON ut.sector = pl.sector
    ORDER BY array_position(ARRAY['drinking_water','irrigation','electricity','roads','health','education','markets','other'], pl.sector)`.execute(db);
  return r.rows.map((x) => x.j);
}

/** Plan against actual per line (matched by line_key); underspent below `below` of the plan. */
export async function lineExecution(db: Db, plan: string | null, executed: string | null, below: number): Promise<LineExecution[]> {
  const r = await sql<{ j: LineExecution }>`
    WITH p AS (SELECT * FROM budget_lines WHERE document_id = ${plan}::uuid),
         e AS (SELECT * FROM budget_lines WHERE document_id = ${executed}::uuid)
    SELECT json_build_object(
      'lineKey', COALESCE(p.line_key, e.line_key), 'planLineId', p.id, 'executedLineId', e.id,
      'description', COALESCE(p.description, e.description), 'direction', COALESCE(p.direction, e.direction),
      'sector', COALESCE(p.sector, e.sector), 'nature', COALESCE(p.nature, e.nature),
      'planned', p.amount::float8, 'executed', CASE WHEN ${executed}::uuid IS NULL THEN NULL ELSE COALESCE(e.amount, 0)::float8 END,
      'execution', CASE WHEN ${executed}::uuid IS NOT NULL AND p.amount > 0 THEN ${r6(sql`COALESCE(e.amount, 0) / p.amount`)} END,
      'underspent', ${executed}::uuid IS NOT NULL AND COALESCE(p.direction, e.direction) = 'expenditure' AND p.amount > 0 AND COALESCE(e.amount, 0) < p.amount * ${below}::numeric) AS j
    FROM p FULL JOIN e ON e.line_key = p.line_key
    ORDER BY COALESCE(p.direction, e.direction) DESC, COALESCE(p.functional_code, e.functional_code) NULLS LAST, COALESCE(p.line_key, e.line_key)`.execute(db);
  return r.rows.map((x) => x.j);
}

export async function trends(db: Db, documentIds: string[]): Promise<TrendPoint[]> {
  if (!documentIds.length) return [];
  const r = await sql<{ j: TrendPoint }>`
    SELECT json_build_object('fiscalYear', b.fiscal_year, 'phase', b.phase, 'documentId', b.id,
      'revenue', COALESCE((SELECT sum(amount) FROM budget_lines l WHERE l.document_id = b.id AND l.direction = 'revenue'), 0)::float8,
      'expenditure', COALESCE((SELECT sum(amount) FROM budget_lines l WHERE l.document_id = b.id AND l.direction = 'expenditure'), 0)::float8,
      'capital', COALESCE((SELECT sum(amount) FROM budget_lines l WHERE l.document_id = b.id AND l.direction = 'expenditure' AND l.nature = 'capital'), 0)::float8,
      'bySector', (SELECT COALESCE(json_object_agg(x.sector, x.amount), '{}'::json) FROM (
          SELECT l.sector, sum(l.amount)::float8 AS amount FROM budget_lines l WHERE l.document_id = b.id AND l.direction = 'expenditure' GROUP BY l.sector) x)) AS j
    FROM budget_documents b WHERE b.id = ANY (${documentIds}::uuid[])
    ORDER BY b.fiscal_year, array_position(ARRAY['proposed','approved','revised','executed'], b.phase)`.execute(db);
  return r.rows.map((x) => x.j);
}

export async function unallocated(db: Db, plan: string): Promise<{ amount: number; lineIds: number[] }> {
  const r = await sql<{ amount: number; ids: number[] | null }>`
    WITH al AS (${allocatedSql(sql`${plan}::uuid`)}),
    x AS (SELECT l.id, l.amount - COALESCE((SELECT sum(al.allocated) FROM al WHERE al.line_id = l.id), 0) AS rest
          FROM budget_lines l WHERE l.document_id = ${plan} AND l.direction = 'expenditure')
    SELECT ${r2(sql`COALESCE(sum(rest), 0)`)} AS amount, array_agg(id ORDER BY id) FILTER (WHERE rest > 0.005) AS ids FROM x`.execute(db);
  const row = r.rows[0]!;
  return { amount: Number(row.amount), lineIds: (row.ids ?? []).map(Number) };
}

/** People without each status-based service per settlement of a municipality (the unserved analysis's statuses). */
export async function statusUnserved(db: Db, municipality: string, columns: { sector: Sector; column: 'water' | 'electricity' | 'road' | 'irrigation' }[]): Promise<UnservedRow[]> {
  if (!columns.length) return [];
  const branches = columns.map((c) => sql`
    SELECT s.id, ${c.sector}::text AS sector, ${sql.ref(`s.${c.column}`)} AS status, s.population::float8 AS population
    FROM settlements s WHERE s.municipality = ${municipality}`);
  const r = await sql<{ id: number; sector: Sector; status: string; population: number | null }>`${sql.join(branches, sql` UNION ALL `)}`.execute(db);
  return r.rows.map((x) => {
    const known = x.status !== 'unknown' && x.population !== null;
    return {
      settlementId: Number(x.id), sector: x.sector, basis: 'status' as const,
      people: known ? (x.status === 'none' ? x.population : 0) : null,
      partly: known ? (x.status === 'partial' ? x.population : 0) : null,
      noData: !known,
    };
  });
}

/** The municipality's settlements' extent, buffered (the area a coverage analysis needs), as a GeoJSON polygon. */
export async function municipalityArea(db: Db, municipality: string): Promise<{ ids: number[]; area: unknown } | null> {
  const r = await sql<{ ids: number[] | null; area: unknown }>`
    SELECT array_agg(id ORDER BY id) AS ids, ST_AsGeoJSON(ST_Expand(ST_Extent(geom)::geometry, 0.3))::json AS area
    FROM settlements WHERE municipality = ${municipality}`.execute(db);
  const row = r.rows[0];
  if (!row?.ids) return null;
  return { ids: row.ids.map(Number), area: row.area };
}
