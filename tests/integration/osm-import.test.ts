// The OpenStreetMap import end to end on a real database (both backends) with real osmium: the
// hand-written Karakol fixture as .osm.pbf (converted by `osmium cat`) and as .osm XML; counts per
// layer, mapped enums, names byte for byte, refs, provenance; re-runs update and delete, --bbox limits
// deletion, a failed run writes nothing; the basemap tiles, the style's vector source and the
// attribution on the map, in the layers API, in a printed map and in a download.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND } from '../helpers/backend.js';
import { binary, testApp, type TestApp } from '../helpers/app.js';
import { decode, layerNames, lonLatToTile } from '../helpers/tiles.js';
import { importOsm } from '../../server/src/osm/osm.service.js';
import { OsmiumError } from '../../server/src/osm/osm.reader.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/osm/karakol.osm');
const KARAKOL_BBOX = [78.385, 42.485, 78.4, 42.5] as [number, number, number, number];

let t: TestApp;
let dir: string;
let pbf: string;

/** The fixture with some ways removed and some text replaced, written beside the others. */
function variant(name: string, dropWays: number[], replace: [string, string][] = []): string {
  let xml = fs.readFileSync(FIXTURE, 'utf8');
  for (const id of dropWays) {
    const before = xml;
    xml = xml.replace(new RegExp(`  <way id="${id}"[^>]*>[\\s\\S]*?</way>\\n`), '');
    expect(xml, `way ${id} is in the fixture`).not.toBe(before);
  }
  for (const [a, b] of replace) {
    expect(xml).toContain(a);
    xml = xml.replace(a, b);
  }
  const file = path.join(dir, name);
  fs.writeFileSync(file, xml);
  return file;
}

/** A fixed query of the test (no input in it). */
async function rows<R>(query: string): Promise<R[]> {
  return (await sql<R>`${sql.raw(query)}`.execute(t.database.db)).rows;
}

const osmRows = async (table: string) =>
  rows<{ ref: string }>(`SELECT ref FROM ${table} WHERE dataset_id = 'osm' ORDER BY ref`).then((r) => r.map((x) => x.ref));

async function style() {
  t.app.services.versions.invalidate(); // the import ran beside the app: read the data versions now
  return (await t.http.get('/api/basemap').expect(200)).body as { sources: Record<string, { type: string; tiles?: string[] }>; layers: { id: string; source?: string }[]; attribution: { dataset: string; attribution: string; licence: string }[] };
}

beforeAll(async () => {
  t = await testApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-osm-test-'));
  pbf = path.join(dir, 'karakol.osm.pbf');
  execFileSync('osmium', ['cat', '--overwrite', '-o', pbf, FIXTURE]);
});

afterAll(async () => {
  await t?.dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe(`OpenStreetMap import (${BACKEND})`, () => {
  it('offers no OSM vector source before an import', async () => {
    const s = await style();
    expect(Object.keys(s.sources)).not.toContain('basemap-osm-vector');
    expect(s.layers.some((l) => l.source === 'basemap-osm-vector')).toBe(false);
    expect(s.attribution.map((a) => a.dataset)).not.toContain('osm');
  });

  it('imports the .osm.pbf into the shared layers and the basemap, with our enums, names, refs and provenance', async () => {
    const r = await importOsm(t.database, { file: pbf });
    expect(r.sourceDate).toBe('2026-11-28'); // the newest object's timestamp (an .osm file has no replication header)
    const counts = Object.fromEntries(Object.entries(r.tables).map(([k, v]) => [k, v.rows]));
    expect(counts).toEqual({
      canals: 4, power_lines: 2, water_mains: 1, roads: 7, facilities: 6, settlements: 3,
      osm_buildings: 5, osm_landuse: 4, osm_water: 2, osm_roads: 8, osm_places: 3,
    });
    expect(Object.values(r.tables).every((x) => x.skipped === 0 && x.deleted === 0 && x.updated === 0)).toBe(true);

    const canals = await rows<{ ref: string; class: string; condition: string; name_ky: string | null; name_ru: string | null; name_en: string | null }>(
      `SELECT ref, class, condition, name_ky, name_ru, name_en FROM canals WHERE dataset_id = 'osm' ORDER BY ref`);
    expect(canals.map((c) => [c.ref, c.class, c.condition])).toEqual([
      ['osm:way/101', 'main', 'unknown'], ['osm:way/102', 'distributor', 'unknown'], ['osm:way/103', 'on_farm', 'unknown'], ['osm:way/104', 'drain', 'unknown'],
    ]);
    // `name` with a Kyrgyz letter fills name_ky; name:ru and name:en are kept as tagged, byte for byte.
    const toң = canals.find((c) => c.ref === 'osm:way/102')!;
    expect(Buffer.from(toң.name_ky!).equals(Buffer.from('Тоң арыгы'))).toBe(true);
    expect(toң.name_ru).toBe('Арык Тон');
    const main = canals.find((c) => c.ref === 'osm:way/101')!;
    expect([main.name_ky, main.name_ru, main.name_en]).toEqual(['Каракол магистралдуу каналы', 'Магистральный канал «Каракол»', 'Karakol Main Canal']);

    const roads = await rows<{ ref: string; road_class: string; surface: string }>(`SELECT ref, road_class, surface FROM roads WHERE dataset_id = 'osm' ORDER BY ref`);
    expect(roads.map((x) => `${x.ref} ${x.road_class} ${x.surface}`)).toEqual([
      'osm:way/401 international paved', 'osm:way/402 national paved', 'osm:way/403 regional gravel', 'osm:way/404 local unknown',
      'osm:way/405 street paved', 'osm:way/406 track dirt', 'osm:way/408 street unknown',
    ]);
    const power = await rows<{ ref: string; voltage_kv: number; status: string }>(`SELECT ref, voltage_kv::float8 AS voltage_kv, status FROM power_lines ORDER BY ref`);
    expect(power.filter((p) => p.ref.startsWith('osm:')).map((p) => [p.ref, Number(p.voltage_kv), p.status])).toEqual([['osm:way/201', 110, 'operational'], ['osm:way/202', 10, 'operational']]);
    const water = await rows<{ ref: string; diameter_mm: number; material: string; name_ky: string }>(`SELECT ref, diameter_mm, material, name_ky FROM water_mains WHERE dataset_id = 'osm'`);
    expect(water).toEqual([{ ref: 'osm:way/301', diameter_mm: 300, material: 'steel', name_ky: 'Каракол суу түтүгү' }]); // the gas pipeline is not a water main

    // Facilities are points: an area (the school grounds, the market multipolygon with its courtyard) gives a point on its surface.
    const fac = await rows<{ ref: string; kind: string; gtype: string; inside: boolean; name_ky: string | null; name_ru: string | null; name_en: string | null }>(
      `SELECT f.ref, f.kind, GeometryType(f.geom) AS gtype, f.name_ky, f.name_ru, f.name_en,
              ST_Intersects(f.geom, ST_GeomFromText('POLYGON((78.391 42.4905, 78.392 42.4905, 78.392 42.491, 78.391 42.491, 78.391 42.4905))', 4326)) AS inside
       FROM facilities f WHERE f.dataset_id = 'osm' ORDER BY f.ref`);
    expect(fac.map((f) => `${f.ref} ${f.kind} ${f.gtype}`)).toEqual([
      'osm:node/5001 clinic POINT', 'osm:node/5003 clinic POINT', 'osm:node/5005 kindergarten POINT',
      'osm:relation/701 market POINT', 'osm:way/203 substation POINT', 'osm:way/502 school POINT',
    ]);
    expect(fac.find((f) => f.ref === 'osm:relation/701')!.inside).toBe(false); // not in the courtyard (inner ring)
    expect(fac.find((f) => f.ref === 'osm:node/5001')).toMatchObject({
      name_ky: 'Каракол шаардык үй-бүлөлүк медицина борбору', name_ru: 'Центр семейной медицины г. Каракол', name_en: 'Karakol Family Medicine Centre',
    });

    const st = await rows<{ ref: string; settlement_type: string; population: number | null; gtype: string; name_ky: string | null; name_ru: string | null; name_en: string | null }>(
      `SELECT ref, settlement_type, population, GeometryType(geom) AS gtype, name_ky, name_ru, name_en FROM settlements WHERE dataset_id = 'osm' ORDER BY ref`);
    expect(st).toEqual([
      { ref: 'osm:node/6101', settlement_type: 'village', population: 2150, gtype: 'POINT', name_ky: 'Өрүктү', name_ru: 'Орюкты', name_en: 'Oryukty' },
      { ref: 'osm:node/6102', settlement_type: 'village', population: null, gtype: 'POINT', name_ky: 'Үч-Кайың', name_ru: null, name_en: null }, // a hamlet; "около 300" is no number
      // The town's outline (a closed way) becomes a point on its surface.
      { ref: 'osm:way/601', settlement_type: 'town', population: 84351, gtype: 'POINT', name_ky: 'Каракол', name_ru: 'Каракол', name_en: 'Karakol' },
    ]);

    // Every shared-layer row: dataset 'osm', real, ODbL, the credit line, the extract's date.
    for (const table of ['canals', 'power_lines', 'water_mains', 'roads', 'facilities', 'settlements']) {
      const p = await rows<{ provenance: string; licence: string; source: string; source_date: string; n: number }>(
        `SELECT provenance, licence, source, source_date::text AS source_date, count(*)::int AS n FROM ${table} WHERE dataset_id = 'osm' GROUP BY 1, 2, 3, 4`);
      expect(p.map(({ n: _n, ...x }) => x), table).toEqual([{ provenance: 'real', licence: 'ODbL-1.0', source: '© OpenStreetMap contributors', source_date: '2026-11-28' }]);
    }
    const ds = await rows<{ attribution: string; licence: string; url: string }>(`SELECT attribution, licence, url FROM datasets WHERE id = 'osm'`);
    expect(ds).toEqual([{ attribution: '© OpenStreetMap contributors', licence: 'ODbL-1.0', url: 'https://www.openstreetmap.org/copyright' }]);

    // The basemap: the multipolygon building keeps its inner ring; landuse and water classes.
    const market = await rows<{ building: string; rings: number }>(`SELECT building, ST_NumInteriorRings(ST_GeometryN(geom, 1))::int AS rings FROM osm_buildings WHERE ref = 'osm:relation/701'`);
    expect(market).toEqual([{ building: 'retail', rings: 1 }]);
    expect((await rows<{ class: string }>(`SELECT class FROM osm_landuse ORDER BY ref`)).map((x) => x.class)).toEqual(['residential', 'farmland', 'orchard', 'forest']);
    expect(await rows(`SELECT ref, class, name_ky, name_ru FROM osm_water ORDER BY ref`)).toEqual([
      { ref: 'osm:way/951', class: 'lake', name_ky: 'Кичи-Көл', name_ru: null }, { ref: 'osm:way/952', class: 'reservoir', name_ky: null, name_ru: 'Водохранилище' },
    ]);
    expect((await rows<{ ref: string; class: string }>(`SELECT ref, class FROM osm_roads ORDER BY ref`)).map((x) => `${x.ref} ${x.class}`)).toContain('osm:way/407 path');
  });

  it('serves the basemap as one vector tile at z15 over Karakol, with buildings and roads; the style adds the source and the ODbL attribution', async () => {
    const [x, y] = lonLatToTile(78.39, 42.49, 15);
    const res = await t.http.get(`/api/basemap/osm/15/${x}/${y}.mvt`).buffer(true).parse(binary as never).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    expect(res.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
    const names = layerNames(res.body as Buffer);
    expect(names).toEqual(expect.arrayContaining(['landuse', 'water', 'roads', 'buildings']));
    expect(decode(res.body as Buffer, 'buildings').length).toBeGreaterThanOrEqual(4);
    const roadClasses = decode(res.body as Buffer, 'roads').map((f) => f.properties.class);
    expect(roadClasses).toEqual(expect.arrayContaining(['minor', 'path', 'service', 'primary', 'tertiary']));
    expect(decode(res.body as Buffer, 'roads').find((f) => f.properties.name_ky === 'Абдрахманов көчөсү')).toBeTruthy();
    // Same ETag → 304; below the zoom limits there are no buildings or minor roads.
    await t.http.get(`/api/basemap/osm/15/${x}/${y}.mvt`).set('If-None-Match', res.headers.etag!).expect(304);
    const [x11, y11] = lonLatToTile(78.39, 42.49, 11);
    const low = await t.http.get(`/api/basemap/osm/11/${x11}/${y11}.mvt`).buffer(true).parse(binary as never).expect(200);
    expect(layerNames(low.body as Buffer)).not.toContain('buildings');
    expect(decode(low.body as Buffer, 'roads').map((f) => f.properties.class)).not.toContain('minor');
    await t.http.get('/api/basemap/osm/15/99999/1.mvt').expect(400);

    const s = await style();
    expect(s.sources['basemap-osm-vector']).toMatchObject({ type: 'vector' });
    expect(s.sources['basemap-osm-vector']!.tiles![0]).toMatch(/\/api\/basemap\/osm\/\{z\}\/\{x\}\/\{y\}\.mvt$/);
    const ids = s.layers.map((l) => l.id);
    expect(ids).toEqual(expect.arrayContaining(['basemap-osm-landuse', 'basemap-osm-water', 'basemap-osm-roads', 'basemap-osm-buildings']));
    expect(ids.indexOf('basemap-osm-buildings')).toBeLessThan(ids.indexOf('basemap-country-outline'));
    expect(s.attribution).toContainEqual(expect.objectContaining({ dataset: 'osm', attribution: '© OpenStreetMap contributors', licence: 'ODbL-1.0' }));
  });

  it('credits OpenStreetMap in the layers API, the printed map and the downloads', async () => {
    const layers = (await t.http.get('/api/layers').expect(200)).body as { attribution: { dataset: string }[]; layers: { id: string; provenance: { attribution: { dataset: string; licence: string }[] } }[] };
    expect(layers.attribution.map((a) => a.dataset)).toContain('osm');
    expect(layers.layers.find((l) => l.id === 'canals')!.provenance.attribution).toContainEqual(expect.objectContaining({ dataset: 'osm', licence: 'ODbL-1.0' }));
    const svg = (await t.http.get(`/api/exports/map.svg?bbox=${KARAKOL_BBOX.join(',')}&lang=en`).buffer(true).parse(binary as never).expect(200)).body.toString('utf8');
    expect(svg).toContain('© OpenStreetMap contributors');
    expect(svg).toContain('data-style="basemap-osm-areas"');
    expect(svg).toContain('data-style="basemap-osm-lines"');
    const csv = (await t.http.get('/api/exports/data/canals.csv?dataset_id=osm').buffer(true).parse(binary as never).expect(200)).body.toString('utf8');
    expect(csv).toContain('ODbL-1.0');
    expect(csv).toContain('© OpenStreetMap contributors');
  });

  it('re-importing the same extract (as .osm XML) updates every row and duplicates none', async () => {
    const r = await importOsm(t.database, { file: FIXTURE });
    expect(Object.values(r.tables).every((x) => x.inserted === 0 && x.deleted === 0)).toBe(true);
    expect(r.tables.canals).toMatchObject({ updated: 4, rows: 4 });
    expect(r.tables.osm_buildings).toMatchObject({ updated: 5, rows: 5 });
    expect(await osmRows('canals')).toEqual(['osm:way/101', 'osm:way/102', 'osm:way/103', 'osm:way/104']);
  });

  it('a re-run updates a renamed street and deletes the ditch the extract no longer has', async () => {
    const file = variant('renamed.osm', [103], [['Абдрахманов көчөсү', 'Абдрахманов көчөсү (жаңы)']]);
    const r = await importOsm(t.database, { file });
    expect(r.tables.canals).toMatchObject({ deleted: 1, inserted: 0, rows: 3 });
    expect(await osmRows('canals')).toEqual(['osm:way/101', 'osm:way/102', 'osm:way/104']);
    const street = await rows<{ name_ky: string; n: number }>(`SELECT name_ky, count(*) OVER ()::int AS n FROM roads WHERE ref = 'osm:way/405'`);
    expect(street).toEqual([{ name_ky: 'Абдрахманов көчөсү (жаңы)', n: 1 }]);
    expect(await rows(`SELECT name_ky FROM osm_roads WHERE ref = 'osm:way/405'`)).toEqual([{ name_ky: 'Абдрахманов көчөсү (жаңы)' }]);
  });

  it('with --bbox, deletes only inside the box', async () => {
    await importOsm(t.database, { file: pbf }); // back to the full extract
    expect(await osmRows('canals')).toHaveLength(4);
    // Gone from the file: building 801 (inside the box) and the drain 104 (outside it).
    const file = variant('cut.osm', [801, 104]);
    const r = await importOsm(t.database, { file, bbox: KARAKOL_BBOX });
    expect(r.tables.osm_buildings).toMatchObject({ deleted: 1, rows: 4 });
    expect(r.tables.canals.deleted).toBe(0);
    expect(await osmRows('canals')).toContain('osm:way/104'); // outside the box: kept
    expect(await rows(`SELECT ref FROM osm_buildings WHERE ref = 'osm:way/801'`)).toEqual([]);
    // Rows outside the box that the cut did not read stay as they were.
    expect(await osmRows('settlements')).toEqual(['osm:node/6101', 'osm:node/6102', 'osm:way/601']);
    expect((await rows<{ n: number }>(`SELECT count(*)::int AS n FROM osm_places`))[0]!.n).toBe(3);
  });

  it('a dry run writes nothing, and a failed run leaves the database as it was', async () => {
    const before = await rows<{ n: number }>(`SELECT (SELECT count(*) FROM canals) + (SELECT count(*) FROM osm_buildings) + (SELECT count(*) FROM roads) AS n`);
    const dry = await importOsm(t.database, { file: variant('dry.osm', [101, 102, 103, 104]), dryRun: true });
    expect(dry).toMatchObject({ dryRun: true });
    expect(dry.tables.canals.deleted).toBe(4);
    expect(await osmRows('canals')).toHaveLength(4);
    const broken = path.join(dir, 'broken.osm.pbf');
    fs.writeFileSync(broken, Buffer.from('this is not a PBF file'));
    await expect(importOsm(t.database, { file: broken, sourceDate: '2026-12-01' })).rejects.toBeInstanceOf(OsmiumError);
    expect(await rows(`SELECT (SELECT count(*) FROM canals) + (SELECT count(*) FROM osm_buildings) + (SELECT count(*) FROM roads) AS n`)).toEqual(before);
    expect(await rows(`SELECT source_date::text AS d FROM datasets WHERE id = 'osm'`)).toEqual([{ d: '2026-11-28' }]);
  });
});
