// Validates the demo dataset in data/demo/ against the schema in sql/0001_core.sql.
//
//   npx tsx data/scripts/check-demo.ts
//   npx tsx data/scripts/check-demo.ts --pg postgres://postgres@127.0.0.1:55433/postgres
//
// The first form checks the files (parse, columns, enums, types, refs, names, coordinates, polygon rings,
// canal topology). With --pg (or DEMO_CHECK_PG_URL) it also creates a throwaway database on that server,
// runs sql/0001_core.sql into it with psql, inserts every row, confirms none was rejected, and drops it.
// Exits 1 on any problem.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  type Geometry,
  type LineCoords,
  type Position,
  allPositions,
  distanceM,
  lineLineDistanceM,
  ringSignedArea2,
  samePosition,
  segmentsIntersect,
} from './geo.js';

const DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = path.resolve(DATA_DIR, '..');
const SCHEMA_FILE = path.join(ROOT, 'sql', '0001_core.sql');
const DEMO_DIR = path.join(DATA_DIR, 'demo');

const LAYERS = ['canals', 'settlements', 'facilities', 'power_lines', 'water_mains', 'roads'] as const;
type Layer = (typeof LAYERS)[number];
/** Columns the files must not carry: the key, the geometry, and what the database computes. */
const NOT_IN_FILES = new Set(['id', 'geom', 'geom_3857', 'length_m', 'services_missing', 'updated_at']);
const KG_BBOX = { minLon: 69.2, maxLon: 80.3, minLat: 39.1, maxLat: 43.3 };
/** Rough urban extent of Karakol, where the schematic canal network must stay. */
const KARAKOL_BBOX = { minLon: 78.35, maxLon: 78.435, minLat: 42.46, maxLat: 42.525 };
const REQUIRED_KINDS = ['clinic', 'hospital', 'oncology', 'school', 'kindergarten', 'market', 'water_point', 'substation', 'pump_station', 'municipal_office'];
const REQUIRED_DATASETS = ['geonames', 'naturalearth', 'osm-geomaps', 'gshhg', 'grant-document', 'places-research', 'demo-illustrative'];
/** Deliberate gaps in the canal network, kept for gap-analysis tests (see data/README.md). */
const DANGLING_CANAL = 'demo:karakol-canal-13';
const ISOLATED_CANAL = 'demo:karakol-canal-11';

const problems: string[] = [];
const problem = (msg: string): void => {
  problems.push(msg);
};

// ---------------------------------------------------------------------------------------------
// Schema: columns, NOT NULL, types, CHECK ... IN (...) enums and allowed geometry types, read from the SQL
// ---------------------------------------------------------------------------------------------

interface Column {
  name: string;
  type: string;
  notNull: boolean;
  generated: boolean;
  enumValues: string[] | null;
}
interface Table {
  name: string;
  columns: Map<string, Column>;
  geometryTypes: string[];
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of body) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur);
  return parts;
}

function parseSchema(sql: string): Map<string, Table> {
  const noComments = sql.replace(/--[^\n]*/g, '');
  const tables = new Map<string, Table>();
  const re = /CREATE TABLE (\w+) \(/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(noComments))) {
    let depth = 1;
    let i = re.lastIndex;
    for (; i < noComments.length && depth > 0; i++) {
      if (noComments[i] === '(') depth++;
      if (noComments[i] === ')') depth--;
    }
    const body = noComments.slice(re.lastIndex, i - 1);
    const table: Table = { name: m[1]!, columns: new Map(), geometryTypes: [] };
    for (const raw of splitTopLevel(body)) {
      const def = raw.trim().replace(/\s+/g, ' ');
      const [name, type] = def.split(' ');
      if (!name || !type || /^(CHECK|CONSTRAINT|PRIMARY|UNIQUE|FOREIGN)$/i.test(name)) continue;
      const en = /CHECK \((\w+) IN \(([^)]*)\)\)/.exec(def);
      table.columns.set(name, {
        name,
        type: type.toLowerCase(),
        notNull: /NOT NULL/i.test(def) || /PRIMARY KEY/i.test(def),
        generated: /GENERATED ALWAYS/i.test(def),
        enumValues: en && en[1] === name ? [...en[2]!.matchAll(/'([^']*)'/g)].map((x) => x[1]!) : null,
      });
      if (name === 'geom') {
        const gt = /GeometryType\(geom\) IN \(([^)]*)\)/.exec(def);
        if (gt) table.geometryTypes = [...gt[1]!.matchAll(/'([^']*)'/g)].map((x) => x[1]!);
        else if (/geometry\(Point,/i.test(def)) table.geometryTypes = ['POINT'];
      }
    }
    tables.set(table.name, table);
  }
  return tables;
}

const schema = parseSchema(readFileSync(SCHEMA_FILE, 'utf8'));
function table(name: string): Table {
  const t = schema.get(name);
  if (!t) throw new Error(`table ${name} not found in ${SCHEMA_FILE}`);
  return t;
}

// ---------------------------------------------------------------------------------------------
// Value checks
// ---------------------------------------------------------------------------------------------

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
function isValidDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function checkRow(where: string, t: Table, row: Record<string, unknown>, expectedKeys: string[]): void {
  const keys = Object.keys(row);
  const missing = expectedKeys.filter((k) => !keys.includes(k));
  const extra = keys.filter((k) => !expectedKeys.includes(k));
  if (missing.length) problem(`${where}: missing columns ${missing.join(', ')}`);
  if (extra.length) problem(`${where}: columns not in table ${t.name}: ${extra.join(', ')}`);
  for (const k of keys) {
    const col = t.columns.get(k);
    if (!col) continue;
    const v = row[k];
    if (v === null || v === undefined) {
      if (col.notNull) problem(`${where}: ${k} must not be null`);
      continue;
    }
    switch (col.type) {
      case 'text':
        if (typeof v !== 'string') problem(`${where}: ${k} must be a string`);
        else if (v.trim() === '') problem(`${where}: ${k} is an empty string (use null)`);
        break;
      case 'integer':
      case 'bigint':
        if (typeof v !== 'number' || !Number.isInteger(v)) problem(`${where}: ${k} must be an integer`);
        break;
      case 'numeric':
      case 'double':
        if (typeof v !== 'number' || !Number.isFinite(v)) problem(`${where}: ${k} must be a number`);
        break;
      case 'boolean':
        if (typeof v !== 'boolean') problem(`${where}: ${k} must be a boolean`);
        break;
      case 'date':
        if (typeof v !== 'string' || !isValidDate(v)) problem(`${where}: ${k} must be a YYYY-MM-DD date, got ${JSON.stringify(v)}`);
        break;
      default:
        break;
    }
    if (col.enumValues && !col.enumValues.includes(String(v))) problem(`${where}: ${k}=${JSON.stringify(v)} not in (${col.enumValues.join(', ')})`);
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(path.join(DEMO_DIR, file), 'utf8'));
  } catch (e) {
    problem(`${file}: does not parse: ${(e as Error).message}`);
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// datasets.json and facility_kinds.json
// ---------------------------------------------------------------------------------------------

const datasetsTable = table('datasets');
const datasetCols = [...datasetsTable.columns.keys()];
const datasets = (readJson('datasets.json') as Record<string, unknown>[] | null) ?? [];
const datasetIds = new Set<string>();
if (!Array.isArray(datasets)) problem('datasets.json: not an array');
for (const d of datasets) {
  const id = String(d.id);
  checkRow(`datasets.json ${id}`, datasetsTable, d, datasetCols);
  if (!/^[a-z0-9][a-z0-9_-]{1,63}$/.test(id)) problem(`datasets.json: id '${id}' breaks the id pattern`);
  if (datasetIds.has(id)) problem(`datasets.json: duplicate id ${id}`);
  datasetIds.add(id);
}
for (const id of REQUIRED_DATASETS) if (!datasetIds.has(id)) problem(`datasets.json: required dataset '${id}' missing`);

const kindsTable = table('facility_kinds');
const kinds = (readJson('facility_kinds.json') as Record<string, unknown>[] | null) ?? [];
const kindSet = new Set<string>();
for (const k of kinds) {
  checkRow(`facility_kinds.json ${String(k.kind)}`, kindsTable, k, [...kindsTable.columns.keys()]);
  const r = k.default_service_radius_m;
  if (typeof r !== 'number' || r <= 0 || r > 200000) problem(`facility_kinds.json ${String(k.kind)}: radius out of range`);
  kindSet.add(String(k.kind));
}
if ([...kindSet].sort().join() !== [...REQUIRED_KINDS].sort().join()) problem(`facility_kinds.json: kinds must be exactly ${REQUIRED_KINDS.join(', ')}`);

// ---------------------------------------------------------------------------------------------
// Layers
// ---------------------------------------------------------------------------------------------

interface Feature {
  type: string;
  properties: Record<string, unknown>;
  geometry: Geometry | null;
}
const layerFeatures = new Map<Layer, Feature[]>();
const seenRefs = new Map<string, string>();

function decimals(x: number): number {
  const s = String(x);
  if (s.includes('e')) return 99;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** Are the coordinates nested as the geometry type requires (position depth 0..3)? */
function wellFormed(g: Geometry): boolean {
  const depth: Record<string, number> = { Point: 0, LineString: 1, MultiPoint: 1, Polygon: 2, MultiLineString: 2, MultiPolygon: 3 };
  const want = depth[g.type];
  if (want === undefined) return false;
  const isPos = (c: unknown): boolean => Array.isArray(c) && c.length >= 2 && c.every((x) => typeof x === 'number');
  const ok = (c: unknown, d: number): boolean => (d === 0 ? isPos(c) : Array.isArray(c) && c.length > 0 && c.every((x) => ok(x, d - 1)));
  return ok(g.coordinates, want);
}

function checkGeometry(where: string, t: Table, g: Geometry | null): void {
  if (!g || typeof g !== 'object') {
    problem(`${where}: geometry missing`);
    return;
  }
  if (!wellFormed(g)) {
    problem(`${where}: ${String(g.type)} coordinates are not nested as RFC 7946 requires`);
    return;
  }
  const gtype = g.type.toUpperCase();
  if (!t.geometryTypes.includes(gtype)) problem(`${where}: geometry ${g.type} not allowed (table allows ${t.geometryTypes.join(', ')})`);
  const positions = allPositions(g);
  if (positions.length === 0) problem(`${where}: empty geometry`);
  for (const p of positions) {
    if (p.length !== 2 || !p.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      problem(`${where}: bad position ${JSON.stringify(p)}`);
      continue;
    }
    const [lon, lat] = p;
    if (lon < KG_BBOX.minLon || lon > KG_BBOX.maxLon || lat < KG_BBOX.minLat || lat > KG_BBOX.maxLat) problem(`${where}: position ${lon},${lat} outside Kyrgyzstan's bbox`);
    if (decimals(lon) > 6 || decimals(lat) > 6) problem(`${where}: position ${lon},${lat} has more than 6 decimals`);
  }
  const checkLine = (l: LineCoords): void => {
    if (l.length < 2) problem(`${where}: line with fewer than 2 positions`);
    for (let i = 0; i + 1 < l.length; i++) if (samePosition(l[i]!, l[i + 1]!)) problem(`${where}: repeated consecutive position`);
  };
  const checkPolygon = (rings: LineCoords[]): void => {
    rings.forEach((ring, i) => {
      if (ring.length < 4) problem(`${where}: ring ${i} has fewer than 4 positions`);
      if (!samePosition(ring[0]!, ring[ring.length - 1]!)) problem(`${where}: ring ${i} is not closed`);
      const a = ringSignedArea2(ring);
      if (i === 0 && a <= 0) problem(`${where}: outer ring is not counter-clockwise (RFC 7946)`);
      if (i > 0 && a >= 0) problem(`${where}: hole ${i} is not clockwise (RFC 7946)`);
    });
  };
  if (g.type === 'LineString') checkLine(g.coordinates as LineCoords);
  if (g.type === 'MultiLineString') (g.coordinates as LineCoords[]).forEach(checkLine);
  if (g.type === 'Polygon') checkPolygon(g.coordinates as LineCoords[]);
  if (g.type === 'MultiPolygon') (g.coordinates as LineCoords[][]).forEach(checkPolygon);
}

for (const layer of LAYERS) {
  const file = `${layer}.geojson`;
  const t = table(layer);
  const expected = [...t.columns.values()].filter((c) => !c.generated && !NOT_IN_FILES.has(c.name)).map((c) => c.name);
  const fc = readJson(file) as { type?: string; features?: Feature[] } | null;
  if (!fc) continue;
  if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    problem(`${file}: not a FeatureCollection`);
    continue;
  }
  if (fc.features.length === 0) problem(`${file}: no features`);
  layerFeatures.set(layer, fc.features);
  let previousRef = '';
  for (const [i, f] of fc.features.entries()) {
    const ref = typeof f.properties?.ref === 'string' ? f.properties.ref : '';
    const where = `${file} #${i} ${ref}`;
    if (f.type !== 'Feature' || !f.properties) {
      problem(`${where}: not a Feature with properties`);
      continue;
    }
    checkRow(where, t, f.properties, expected);
    if (!ref) problem(`${where}: ref missing`);
    else if (seenRefs.has(ref)) problem(`${where}: ref also used in ${seenRefs.get(ref)}`);
    else seenRefs.set(ref, file);
    if (ref < previousRef) problem(`${where}: features not sorted by ref`);
    previousRef = ref;
    for (const n of ['name_ky', 'name_ru', 'name_en']) {
      const v = f.properties[n];
      if (typeof v !== 'string' || v.trim() === '') problem(`${where}: ${n} is empty`);
    }
    if (!/[\u0400-\u04FF]/.test(String(f.properties.name_ru))) problem(`${where}: name_ru has no Cyrillic`);
    if (!/[\u0400-\u04FF]/.test(String(f.properties.name_ky))) problem(`${where}: name_ky has no Cyrillic`);
    if (!datasetIds.has(String(f.properties.dataset_id))) problem(`${where}: dataset_id ${String(f.properties.dataset_id)} not in datasets.json`);
    if (layer === 'facilities' && !kindSet.has(String(f.properties.kind))) problem(`${where}: kind ${String(f.properties.kind)} not in facility_kinds.json`);
    const prov = f.properties.provenance;
    if ((prov === 'illustrative' || prov === 'placeholder') && !String(f.properties.notes ?? '').trim()) problem(`${where}: ${String(prov)} row needs notes`);
    if (prov === 'illustrative' && !/illustrative/i.test(String(f.properties.notes))) problem(`${where}: illustrative row whose notes do not say so`);
    if (prov === 'placeholder' && !/placeholder/i.test(String(f.properties.notes))) problem(`${where}: placeholder row whose notes do not say so`);
    checkGeometry(where, t, f.geometry);
  }
}

// ---------------------------------------------------------------------------------------------
// Canal network topology
// ---------------------------------------------------------------------------------------------

interface Canal {
  ref: string;
  cls: string;
  condition: string;
  coords: LineCoords;
  start: Position;
  end: Position;
}
const canals: Canal[] = (layerFeatures.get('canals') ?? [])
  .filter((f) => f.geometry?.type === 'LineString')
  .map((f) => {
    const coords = f.geometry!.coordinates as LineCoords;
    return { ref: String(f.properties.ref), cls: String(f.properties.class), condition: String(f.properties.condition), coords, start: coords[0]!, end: coords[coords.length - 1]! };
  });
const key = (p: Position): string => `${p[0]},${p[1]}`;

if (canals.length < 15 || canals.length > 25) problem(`canals: ${canals.length} lines; expected 15 to 25`);
for (const c of canals) {
  for (const [lon, lat] of c.coords) {
    if (lon < KARAKOL_BBOX.minLon || lon > KARAKOL_BBOX.maxLon || lat < KARAKOL_BBOX.minLat || lat > KARAKOL_BBOX.maxLat) problem(`canals ${c.ref}: vertex ${lon},${lat} outside Karakol's urban extent`);
  }
}

// Endpoints meant to meet must coincide exactly: two distinct endpoints closer than 1 m are an error.
const endpoints = new Map<string, Position>();
for (const c of canals) for (const p of [c.start, c.end]) endpoints.set(key(p), p);
const eps = [...endpoints.values()];
for (let i = 0; i < eps.length; i++) {
  for (let j = i + 1; j < eps.length; j++) {
    const d = distanceM(eps[i]!, eps[j]!);
    if (d < 1) problem(`canals: endpoints ${key(eps[i]!)} and ${key(eps[j]!)} are ${d.toFixed(2)} m apart but not identical`);
  }
}

// Connected components through shared endpoints (union-find over canals).
const parent = canals.map((_, i) => i);
const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
const byNode = new Map<string, number[]>();
canals.forEach((c, i) => {
  for (const p of [c.start, c.end]) byNode.set(key(p), [...(byNode.get(key(p)) ?? []), i]);
});
for (const members of byNode.values()) for (const m of members.slice(1)) parent[find(m)] = find(members[0]!);
const components = new Map<number, Canal[]>();
canals.forEach((c, i) => components.set(find(i), [...(components.get(find(i)) ?? []), c]));
const comps = [...components.values()].sort((a, b) => b.length - a.length);
const network = comps[0] ?? [];
const outside = canals.filter((c) => !network.includes(c)).map((c) => c.ref).sort();
const expectedOutside = [DANGLING_CANAL, ISOLATED_CANAL].sort();
if (outside.join() !== expectedOutside.join()) {
  problem(`canals: lines outside the main network are [${outside.join(', ')}], expected exactly [${expectedOutside.join(', ')}]`);
}

// The main network is a tree (no loops), drawn downstream: each line starts at the intake or at the end of another line.
{
  const nodes = new Set<string>();
  for (const c of network) {
    nodes.add(key(c.start));
    nodes.add(key(c.end));
  }
  if (network.length !== nodes.size - 1) problem(`canals: main network has ${network.length} lines and ${nodes.size} nodes — not a tree`);
  const ends = new Set(network.map((c) => key(c.end)));
  const roots = new Set(network.filter((c) => !ends.has(key(c.start))).map((c) => key(c.start)));
  if (roots.size !== 1) problem(`canals: main network should have exactly one intake (upstream root), found ${roots.size}`);
  for (const c of network) {
    if (!roots.has(key(c.start)) && !ends.has(key(c.start))) problem(`canals ${c.ref}: starts neither at the intake nor at the end of another line`);
    if (roots.has(key(c.start)) && c.cls !== 'main') problem(`canals ${c.ref}: only main canals may start at the intake`);
  }
  for (const c of network) if (c.cls === 'drain' && !ends.has(key(c.start))) problem(`canals ${c.ref}: drain is not fed by the network`);
  if (!network.some((c) => c.cls === 'drain')) problem('canals: no collector drain in the main network');
}

// Lines may only touch at shared endpoints; any other crossing is a drawing error.
for (let a = 0; a < canals.length; a++) {
  for (let b = a + 1; b < canals.length; b++) {
    const A = canals[a]!;
    const B = canals[b]!;
    const shared = [A.start, A.end].filter((p) => samePosition(p, B.start) || samePosition(p, B.end));
    for (let i = 0; i + 1 < A.coords.length; i++) {
      for (let j = 0; j + 1 < B.coords.length; j++) {
        const p1 = A.coords[i]!;
        const p2 = A.coords[i + 1]!;
        const q1 = B.coords[j]!;
        const q2 = B.coords[j + 1]!;
        if (!segmentsIntersect(p1, p2, q1, q2)) continue;
        const touchAtShared = shared.some((s) => (samePosition(s, p1) || samePosition(s, p2)) && (samePosition(s, q1) || samePosition(s, q2)));
        if (!touchAtShared) problem(`canals: ${A.ref} and ${B.ref} cross away from a shared endpoint`);
      }
    }
  }
}

// The deliberate gaps: a broken line that stops a few metres short, and a distributor far from everything.
{
  const others = (ref: string): Canal[] => canals.filter((c) => c.ref !== ref);
  const dangling = canals.find((c) => c.ref === DANGLING_CANAL);
  if (!dangling) problem(`canals: ${DANGLING_CANAL} (dangling broken line) missing`);
  else {
    if (dangling.condition !== 'broken') problem(`canals ${DANGLING_CANAL}: should be broken`);
    const gap = Math.min(...others(DANGLING_CANAL).map((c) => lineLineDistanceM([dangling.start], c.coords)));
    if (gap < 5 || gap > 30) problem(`canals ${DANGLING_CANAL}: upstream end should stop 5–30 m short of the network, is ${gap.toFixed(1)} m`);
  }
  const isolated = canals.find((c) => c.ref === ISOLATED_CANAL);
  if (!isolated) problem(`canals: ${ISOLATED_CANAL} (unconnected distributor) missing`);
  else {
    if (isolated.cls !== 'distributor') problem(`canals ${ISOLATED_CANAL}: should be a distributor`);
    const gap = Math.min(...others(ISOLATED_CANAL).map((c) => lineLineDistanceM(isolated.coords, c.coords)));
    if (gap < 300) problem(`canals ${ISOLATED_CANAL}: should be at least 300 m from any other canal, is ${gap.toFixed(0)} m`);
  }
  const conditions = new Set(canals.map((c) => c.condition));
  for (const c of ['good', 'fair', 'poor', 'broken', 'unknown']) if (!conditions.has(c)) problem(`canals: no line in condition '${c}'`);
}

// ---------------------------------------------------------------------------------------------
// The budget demo (budgets.json, written by build-budgets.ts): the loader (server/src/seed/demo-budgets.ts)
// refuses unknown refs; here the file is checked against the settlements and facilities above.
// ---------------------------------------------------------------------------------------------

interface BudgetFileLine { line_key: string; amount: number; allocations?: { settlement: string; method: string; amount?: number; share?: number }[]; links?: ({ annotation: string } | { layer: string; feature: string })[] }
interface BudgetFileDoc { ref: string; municipality: string; phase: string; fiscal_year: number; provenance: string; source: string; lines: BudgetFileLine[]; contributions: { settlement: string; amount: number }[] }
const budgets = readJson('budgets.json') as { codes: { scheme: string; code: string }[]; documents: BudgetFileDoc[] } | null;
let budgetLines = 0;
if (budgets) {
  const settlementMunicipality = new Map((layerFeatures.get('settlements') ?? []).map((f) => [String(f.properties.ref), f.properties.municipality as string | null]));
  const settlementPopulation = new Map((layerFeatures.get('settlements') ?? []).map((f) => [String(f.properties.ref), f.properties.population as number | null]));
  const codes = new Set(budgets.codes.map((c) => `${c.scheme}:${c.code}`));
  const docRefs = new Set<string>();
  for (const d of budgets.documents) {
    const where = `budgets.json ${d.ref}`;
    if (docRefs.has(d.ref)) problem(`${where}: duplicate ref`);
    docRefs.add(d.ref);
    if (d.provenance !== 'illustrative' || !/illustrative/i.test(d.source)) problem(`${where}: the demo budget must be illustrative and say so in source`);
    if (!d.lines.length) problem(`${where}: no lines`);
    budgetLines += d.lines.length;
    const keys = new Set<string>();
    for (const l of d.lines as (BudgetFileLine & { functional_code: string | null; economic_code: string | null })[]) {
      if (keys.has(l.line_key)) problem(`${where}: duplicate line_key ${l.line_key}`);
      keys.add(l.line_key);
      if (l.functional_code && !codes.has(`functional:${l.functional_code}`)) problem(`${where} ${l.line_key}: functional code ${l.functional_code} has no label`);
      if (l.economic_code && !codes.has(`economic:${l.economic_code}`)) problem(`${where} ${l.line_key}: economic code ${l.economic_code} has no label`);
      let amount = 0;
      let share = 0;
      for (const a of l.allocations ?? []) {
        if (!settlementMunicipality.has(a.settlement)) problem(`${where} ${l.line_key}: unknown settlement ${a.settlement}`);
        else if (settlementMunicipality.get(a.settlement) !== d.municipality) problem(`${where} ${l.line_key}: ${a.settlement} is not in ${d.municipality}`);
        if (a.method === 'by_population' && settlementPopulation.get(a.settlement) == null) problem(`${where} ${l.line_key}: ${a.settlement} has no population to split by`);
        amount += a.amount ?? 0;
        share += a.share ?? 0;
      }
      if (amount > l.amount + 1e-6) problem(`${where} ${l.line_key}: allocated ${amount} of a ${l.amount} line`);
      if (share > 1 + 1e-9) problem(`${where} ${l.line_key}: shares add up to ${share}`);
      for (const k of l.links ?? []) if ('layer' in k && !seenRefs.has(k.feature)) problem(`${where} ${l.line_key}: link to unknown ${k.layer} feature ${k.feature}`);
    }
    for (const c of d.contributions) if (settlementMunicipality.get(c.settlement) !== d.municipality) problem(`${where}: contribution of ${c.settlement}, not a settlement of ${d.municipality}`);
  }
  // Executed documents carry the same lines as their plan.
  for (const e of budgets.documents.filter((d) => d.phase === 'executed')) {
    const plan = budgets.documents.find((d) => d.municipality === e.municipality && d.fiscal_year === e.fiscal_year && d.phase === 'approved');
    if (!plan) { problem(`budgets.json ${e.ref}: executed without an approved document`); continue; }
    const a = plan.lines.map((l) => l.line_key).sort().join();
    const b = e.lines.map((l) => l.line_key).sort().join();
    if (a !== b) problem(`budgets.json ${e.ref}: line_keys differ from ${plan.ref}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The commitments demo (commitments.json): the loader (server/src/seed/demo-commitments.ts) checks its
// shape with zod and refuses unknown refs on load; here the file is checked against the other demo
// files: illustrative and dated, refs unique, organisations, features and annotations known, dates in order.
// ---------------------------------------------------------------------------------------------

interface CommitmentFileUpdate { ref: string; reported_on: string; lang: string; org: string }
interface CommitmentFileItem { ref: string; start_on: string | null; due_on: string; baseline: number; target: number; links: ({ annotation: string } | { layer: string; feature: string })[]; updates: CommitmentFileUpdate[]; geometry: Geometry | null }
interface CommitmentFileDecision { ref: string; org: string; decided_on: string; provenance: string; source: string; source_date: string; licence: string; status: string; commitments: CommitmentFileItem[] }
const commitmentsFile = readJson('commitments.json') as { decisions: CommitmentFileDecision[] } | null;
let commitmentCount = 0;
if (commitmentsFile) {
  const orgSlugs = new Set(((readJson('organisations.json') as { slug: string }[] | null) ?? []).map((o) => o.slug));
  const annotationRefs = new Set(((readJson('annotations.json') as { annotations: { ref: string }[] } | null)?.annotations ?? []).map((a) => a.ref));
  const refs = new Set<string>();
  const unique = (ref: string, where: string) => { if (refs.has(ref)) problem(`${where}: duplicate ref ${ref}`); refs.add(ref); };
  for (const d of commitmentsFile.decisions) {
    const where = `commitments.json ${d.ref}`;
    unique(d.ref, where);
    if (d.provenance !== 'illustrative' || !/illustrative/i.test(d.source)) problem(`${where}: the demo decision must be illustrative and say so in source`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.source_date ?? '') || !d.licence) problem(`${where}: source_date and licence are required`);
    if (!orgSlugs.has(d.org)) problem(`${where}: unknown organisation ${d.org}`);
    for (const c of d.commitments) {
      commitmentCount++;
      unique(c.ref, where);
      if (c.target === c.baseline) problem(`${where} ${c.ref}: target equals baseline`);
      if ((c.start_on ?? d.decided_on) >= c.due_on) problem(`${where} ${c.ref}: due ${c.due_on} is not after its start`);
      if (!c.geometry && !c.links.length) problem(`${where} ${c.ref}: no geometry and no link, so no place on the tracker's map`);
      if (c.geometry) for (const [lon, lat] of allPositions(c.geometry)) if (lon! < KG_BBOX.minLon || lon! > KG_BBOX.maxLon || lat! < KG_BBOX.minLat || lat! > KG_BBOX.maxLat) problem(`${where} ${c.ref}: position ${lon},${lat} outside Kyrgyzstan's bbox`);
      for (const l of c.links) {
        if ('annotation' in l) { if (!annotationRefs.has(l.annotation)) problem(`${where} ${c.ref}: unknown annotation ${l.annotation}`); }
        else if (seenRefs.get(l.feature) !== `${l.layer}.geojson`) problem(`${where} ${c.ref}: unknown ${l.layer} feature ${l.feature}`);
      }
      for (const u of c.updates) {
        unique(u.ref, where);
        if (u.reported_on < d.decided_on) problem(`${where} ${u.ref}: reported before the decision`);
        if (!['ky', 'ru', 'en'].includes(u.lang)) problem(`${where} ${u.ref}: lang must be ky, ru or en`);
        if (!orgSlugs.has(u.org)) problem(`${where} ${u.ref}: unknown organisation ${u.org}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Optional: load everything into a throwaway PostGIS database
// ---------------------------------------------------------------------------------------------

async function checkInPostgis(adminUrl: string): Promise<void> {
  const dbName = `demo_check_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const client = new pg.Client({ connectionString: url.toString() });
  try {
    const psql = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url.toString(), '-f', SCHEMA_FILE], { encoding: 'utf8' });
    if (psql.error) throw new Error(`psql could not run: ${psql.error.message}`);
    if (psql.status !== 0) throw new Error(`psql failed on ${SCHEMA_FILE}: ${psql.stderr}`);
    await client.connect();
    let rejected = 0;
    const insert = async (tableName: string, row: Record<string, unknown>, geometry?: Geometry): Promise<void> => {
      const cols = Object.keys(row);
      const values: unknown[] = cols.map((c) => row[c]);
      const params = cols.map((_, i) => `$${i + 1}`);
      if (geometry) {
        cols.push('geom');
        values.push(JSON.stringify(geometry));
        params.push(`ST_SetSRID(ST_GeomFromGeoJSON($${values.length}), 4326)`);
      }
      try {
        await client.query(`INSERT INTO ${tableName} (${cols.join(', ')}) VALUES (${params.join(', ')})`, values);
      } catch (e) {
        rejected++;
        problem(`PostGIS: ${tableName} ${String(row.ref ?? row.id ?? row.kind)} rejected: ${(e as Error).message}`);
      }
    };
    for (const d of datasets) await insert('datasets', d);
    for (const k of kinds) await insert('facility_kinds', k);
    for (const layer of LAYERS) for (const f of layerFeatures.get(layer) ?? []) await insert(layer, f.properties, f.geometry ?? undefined);
    const expectedCounts: Record<string, number> = { datasets: datasets.length, facility_kinds: kinds.length };
    for (const layer of LAYERS) expectedCounts[layer] = layerFeatures.get(layer)?.length ?? 0;
    for (const [t, n] of Object.entries(expectedCounts)) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`);
      const got = Number(rows[0]?.n);
      if (got !== n) problem(`PostGIS: ${t} has ${got} rows, file has ${n}`);
      console.log(`PostGIS: ${t}: ${got}/${n} rows loaded`);
    }
    console.log(`PostGIS: ${rejected} rejected rows`);
    // A few facts the demo stories rely on, measured by PostGIS itself.
    const story = await client.query<{ ref: string; services_missing: number; grid_m: number; road_m: number }>(`
      SELECT s.ref, s.services_missing,
             round((SELECT min(ST_Distance(s.geom::geography, p.geom::geography)) FROM power_lines p)::numeric) AS grid_m,
             round((SELECT min(ST_Distance(s.geom::geography, r.geom::geography)) FROM roads r)::numeric) AS road_m
      FROM settlements s WHERE s.ref = 'demo:novopokrovka-konush'`);
    const k = story.rows[0];
    if (!k) problem('PostGIS: konush row not found');
    else {
      console.log(`PostGIS: konush services_missing=${k.services_missing}, nearest power line ${k.grid_m} m, nearest road ${k.road_m} m`);
      if (Number(k.services_missing) !== 3) problem('PostGIS: konush should miss 3 services');
      if (Number(k.grid_m) < 2000 || Number(k.grid_m) > 3000) problem('PostGIS: konush should be 2–3 km from the nearest power line');
    }
    const len = await client.query<{ n: string; km: string }>(`SELECT count(*) AS n, round((sum(length_m) / 1000)::numeric, 1) AS km FROM canals`);
    console.log(`PostGIS: canals ${len.rows[0]?.n} lines, ${len.rows[0]?.km} km in total`);
  } finally {
    await client.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.end();
    console.log(`PostGIS: dropped ${dbName}`);
  }
}

// ---------------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const pgFlag = argv.indexOf('--pg');
const pgUrl = pgFlag >= 0 ? argv[pgFlag + 1] : process.env.DEMO_CHECK_PG_URL;

const counts = LAYERS.map((l) => `${l} ${layerFeatures.get(l)?.length ?? 0}`).join(', ');
console.log(`Files: ${counts}; ${datasets.length} datasets; ${kinds.length} facility kinds; ${seenRefs.size} refs; budgets ${budgets?.documents.length ?? 0} documents, ${budgetLines} lines; commitments ${commitmentsFile?.decisions.length ?? 0} decisions, ${commitmentCount} commitments`);
if (pgUrl) {
  try {
    await checkInPostgis(pgUrl);
  } catch (e) {
    problem(`PostGIS: ${(e as Error).message}`);
  }
} else {
  console.log('PostGIS load skipped (pass --pg <url> or set DEMO_CHECK_PG_URL).');
}

if (problems.length) {
  console.error(`\n${problems.length} problem(s):`);
  for (const p of problems) console.error(`- ${p}`);
  process.exit(1);
}
console.log('OK: the demo dataset passes every check.');
