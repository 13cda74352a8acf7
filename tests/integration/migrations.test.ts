import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { BACKEND, freshDatabase, type TestDb } from '../helpers/backend.js';
import { loadMigrations, migrate, migrationStatus, SQL_DIR } from '../../server/src/db/migrate.js';
import { TABLE_COLUMNS } from '../../server/src/db/schema.js';
import { seedDemo } from '../../server/src/seed/seed.js';
import { LAYERS } from '../../server/src/layers/registry.js';

describe(`migrations (${BACKEND})`, () => {
  let t: TestDb;
  beforeAll(async () => { t = await freshDatabase({ seeded: false }); });
  afterAll(async () => { await t?.dispose(); });

  it('apply every file on an empty database, then nothing on a second run', async () => {
    const first = await migrate(t.database);
    expect(first.applied.map((m) => m.version)).toEqual(loadMigrations().map((m) => m.version));
    expect(first.status.pending).toEqual([]);
    const second = await migrate(t.database);
    expect(second.applied).toEqual([]);
    const status = await migrationStatus(t.database);
    expect(status.level).toBe(status.latest);
  });

  it('the typed table list matches the migrated database', async () => {
    for (const [table, cols] of Object.entries(TABLE_COLUMNS)) {
      const r = await sql<{ c: string }>`SELECT column_name c FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY ordinal_position`.execute(t.database.db);
      expect(r.rows.map((x) => x.c).sort(), table).toEqual([...cols].sort());
    }
  });

  it('every layer attribute is a column of its table', async () => {
    for (const def of LAYERS) {
      for (const a of def.attributes) expect(TABLE_COLUMNS[def.table], `${def.id}.${a.name}`).toContain(a.name);
    }
  });

  it('geometry columns are EPSG:4326 with GiST indexes', async () => {
    const r = await sql<{ t: string; srid: number }>`SELECT f_table_name t, srid FROM geometry_columns WHERE f_geometry_column = 'geom' AND f_table_schema = current_schema()`.execute(t.database.db);
    for (const def of LAYERS) expect(r.rows.find((x) => x.t === def.table)?.srid, def.table).toBe(4326);
    const idx = await sql<{ i: string }>`SELECT indexname i FROM pg_indexes WHERE schemaname = current_schema() AND indexdef ILIKE '%USING gist%'`.execute(t.database.db);
    for (const def of LAYERS) {
      expect(idx.rows.map((x) => x.i)).toContain(`${def.table}_geom_gix`);
      expect(idx.rows.map((x) => x.i)).toContain(`${def.table}_geom_3857_gix`);
    }
  });

  it('a migration changed after it was applied is refused', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-sql-'));
    for (const f of fs.readdirSync(SQL_DIR)) fs.copyFileSync(path.join(SQL_DIR, f), path.join(dir, f));
    fs.appendFileSync(path.join(dir, '0001_core.sql'), '\n-- edited\n');
    await expect(migrate(t.database, dir)).rejects.toThrow(/was changed after it was applied/);
    fs.rmSync(dir, { recursive: true });
  });

  it('a failing migration leaves nothing behind', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-sql-'));
    for (const f of fs.readdirSync(SQL_DIR)) fs.copyFileSync(path.join(SQL_DIR, f), path.join(dir, f));
    const next = String(loadMigrations().length + 1).padStart(4, '0');
    fs.writeFileSync(path.join(dir, `${next}_broken.sql`), 'CREATE TABLE half_done (id int);\nSELECT no_such_function();\n');
    await expect(migrate(t.database, dir)).rejects.toThrow(/failed/);
    const r = await sql<{ n: number }>`SELECT count(*)::int n FROM information_schema.tables WHERE table_name = 'half_done'`.execute(t.database.db);
    expect(Number(r.rows[0]!.n)).toBe(0);
    expect((await migrationStatus(t.database)).level).toBe(loadMigrations().length);
    fs.rmSync(dir, { recursive: true });
  });

  it('seeding twice updates rows in place (same ids, same counts)', async () => {
    const a = await seedDemo(t.database);
    const ids1 = await sql<{ id: number }>`SELECT id FROM canals ORDER BY id`.execute(t.database.db);
    const b = await seedDemo(t.database);
    const ids2 = await sql<{ id: number }>`SELECT id FROM canals ORDER BY id`.execute(t.database.db);
    expect(b).toEqual(a);
    expect(ids2.rows).toEqual(ids1.rows);
    expect(a.layers.canals).toBeGreaterThan(10);
  });
});

describe(`0017 names bodies per language (${BACKEND})`, () => {
  let t: TestDb;
  beforeAll(async () => { t = await freshDatabase({ seeded: false }); });
  afterAll(async () => { await t?.dispose(); });

  it('a name stored before goes to the language it is written in: the campaign council and its history, the decision body, the responsible body', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-sql-'));
    for (const f of fs.readdirSync(SQL_DIR).filter((f) => Number(f.slice(0, 4)) < 17)) fs.copyFileSync(path.join(SQL_DIR, f), path.join(dir, f));
    await migrate(t.database, dir);
    fs.rmSync(dir, { recursive: true });
    const db = t.database.db;
    await sql`INSERT INTO organisations (slug, name_en) VALUES ('legacy', 'Legacy')`.execute(db);
    const names = { ky: 'Каракол шаардык кеңеши', ru: 'Каракольский городской кенеш', en: 'Karakol city kenesh' };
    for (const [lang, name] of Object.entries(names)) {
      await sql`INSERT INTO campaigns (ref, organisation_id, title_en, target_council, area)
        SELECT ${`legacy-${lang}`}, id, 'Legacy', ${name}, ST_MakeEnvelope(78.3, 42.4, 78.4, 42.5, 4326) FROM organisations WHERE slug = 'legacy'`.execute(db);
      await sql`INSERT INTO campaign_history (campaign_id, version, action, before, after)
        SELECT id, 2, 'update', ${JSON.stringify({ targetCouncil: 'Old name', status: 'draft' })}::jsonb, ${JSON.stringify({ targetCouncil: name, status: 'active' })}::jsonb
        FROM campaigns WHERE ref = ${`legacy-${lang}`}`.execute(db);
    }
    await sql`INSERT INTO decisions (ref, organisation_id, campaign_id, kind, body, decided_on, title_en)
      SELECT 'legacy-decision', organisation_id, id, 'council_resolution', ${names.ru}, '2025-01-01', 'Legacy' FROM campaigns WHERE ref = 'legacy-ky'`.execute(db);
    await sql`INSERT INTO commitments (decision_id, title_en, responsible, due_on, indicator_en, unit, baseline, target)
      SELECT id, 'Legacy', 'Karakol city hall', '2026-01-01', 'things', 'count', 0, 1 FROM decisions WHERE ref = 'legacy-decision'`.execute(db);
    await migrate(t.database);
    const d = await sql<{ ky: string | null; ru: string | null; en: string | null }>`SELECT body_ky ky, body_ru ru, body_en en FROM decisions WHERE ref = 'legacy-decision'`.execute(db);
    expect(d.rows).toEqual([{ ky: null, ru: names.ru, en: null }]);
    const k = await sql<{ ky: string | null; ru: string | null; en: string | null }>`SELECT responsible_ky ky, responsible_ru ru, responsible_en en FROM commitments`.execute(db);
    expect(k.rows).toEqual([{ ky: null, ru: null, en: 'Karakol city hall' }]);
    const rows = await sql<{ ref: string; ky: string | null; ru: string | null; en: string | null; before: { targetCouncil: unknown; status: string }; after: { targetCouncil: unknown } }>`
      SELECT c.ref, c.target_council_ky ky, c.target_council_ru ru, c.target_council_en en, h.before, h.after
      FROM campaigns c JOIN campaign_history h ON h.campaign_id = c.id ORDER BY c.ref`.execute(db);
    expect(rows.rows.map((r) => [r.ref, r.ky, r.ru, r.en])).toEqual([
      ['legacy-en', null, null, names.en], ['legacy-ky', names.ky, null, null], ['legacy-ru', null, names.ru, null]]);
    for (const r of rows.rows) {
      const lang = r.ref.slice('legacy-'.length) as keyof typeof names;
      expect(r.after.targetCouncil).toEqual({ ky: null, ru: null, en: null, [lang]: names[lang] });
      expect(r.before).toEqual({ targetCouncil: { ky: null, ru: null, en: 'Old name' }, status: 'draft' });
    }
    // Each needs its name in at least one language.
    await expect(sql`UPDATE campaigns SET target_council_en = NULL WHERE ref = 'legacy-en'`.execute(db)).rejects.toThrow(/check constraint/);
    await expect(sql`UPDATE decisions SET body_ru = NULL`.execute(db)).rejects.toThrow(/check constraint/);
    await expect(sql`UPDATE commitments SET responsible_en = NULL`.execute(db)).rejects.toThrow(/check constraint/);
  });
});

describe(`constraints keep bad data out (${BACKEND})`, () => {
  let t: TestDb;
  beforeAll(async () => { t = await freshDatabase(); });
  afterAll(async () => { await t?.dispose(); });
  const VALID: Record<string, string> = { name_en: "'x'", class: "'main'" };
  const insert = (table: string, cols: string, geom: string) =>
    sql.raw(`INSERT INTO ${table} (${cols}, dataset_id, source, licence, provenance, geom) VALUES (${cols.split(',').map((c) => VALID[c]).join(',')}, 'demo-illustrative', 't', 'CC0-1.0', 'illustrative', ${geom})`).execute(t.database.db);

  it.each([
    ['a self-intersecting polygon', 'settlements', 'name_en', "ST_GeomFromText('POLYGON((78 42, 78.1 42.1, 78.1 42, 78 42.1, 78 42))', 4326)", /check constraint/],
    ['a line in the settlements table', 'settlements', 'name_en', "ST_GeomFromText('LINESTRING(78 42, 78.1 42.1)', 4326)", /check constraint/],
    ['a point for a canal', 'canals', 'name_en,class', "ST_GeomFromText('POINT(78 42)', 4326)", /check constraint/],
    ['a geometry in another SRID', 'roads', 'name_en', "ST_GeomFromText('LINESTRING(8700000 5200000, 8700100 5200100)', 3857)", /SRID/],
    ['a latitude beyond web mercator', 'water_mains', 'name_en', "ST_GeomFromText('LINESTRING(78 42, 78 89)', 4326)", /check constraint/],
  ])('rejects %s', async (_label, table, cols, geom, err) => {
    await expect(insert(table, cols, geom)).rejects.toThrow(err);
  });

  it('rejects enum values outside the list', async () => {
    await expect(sql.raw(`INSERT INTO canals (class, condition, dataset_id, source, licence, provenance, geom) VALUES ('main', 'excellent', 'demo-illustrative', 't', 'CC0-1.0', 'illustrative', ST_GeomFromText('LINESTRING(78 42, 78.1 42.1)', 4326))`).execute(t.database.db)).rejects.toThrow(/check constraint/);
    await expect(sql.raw(`INSERT INTO canals (class, dataset_id, source, licence, provenance, geom) VALUES ('main', 'demo-illustrative', 't', 'CC0-1.0', 'made-up', ST_GeomFromText('LINESTRING(78 42, 78.1 42.1)', 4326))`).execute(t.database.db)).rejects.toThrow(/check constraint/);
  });

  it('every write bumps the layer version', async () => {
    const v = async () => Number((await sql<{ v: number }>`SELECT version v FROM layer_versions WHERE layer = 'roads'`.execute(t.database.db)).rows[0]?.v ?? 0);
    const before = await v();
    await sql`UPDATE roads SET status = status`.execute(t.database.db);
    expect(await v()).toBe(before + 1);
  });
});
