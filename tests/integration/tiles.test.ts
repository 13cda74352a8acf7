import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, binary, type TestApp } from '../helpers/app.js';
import { BACKEND } from '../helpers/backend.js';
import { decode, lonLatToTile, tileBbox } from '../helpers/tiles.js';
import { LAYERS, findLayer } from '../../server/src/layers/registry.js';
import { BUFFER } from '../../server/src/tiles/tiles.repo.js';

const KARAKOL = [78.3936, 42.4907] as const;
let t: TestApp;
beforeAll(async () => { t = await testApp({ config: { tileCacheBytes: 16 * 1024 * 1024 } }); });
afterAll(async () => { await t?.dispose(); });

const getTile = (path: string) => t.http.get(path).buffer(true).parse(binary as never);

describe(`vector tiles (${BACKEND}, renderer ${BACKEND === 'server' ? 'ST_AsMVT' : 'geojson-vt'})`, () => {
  it.each([12, 13, 14])('z%i over Karakol: canals, settlements and facilities tiles hold exactly the features the features API finds in the tile bbox', async (z) => {
    const [x, y] = lonLatToTile(KARAKOL[0], KARAKOL[1], z);
    const bbox = tileBbox(z, x, y, BUFFER);
    for (const id of ['canals', 'settlements', 'facilities']) {
      const res = await getTile(`/tiles/${id}/${z}/${x}/${y}.mvt`).expect(200).expect('Content-Type', 'application/vnd.mapbox-vector-tile');
      const feats = decode(res.body as Buffer, id);
      const api = await t.http.get(`/api/layers/${id}/features?bbox=${bbox.join(',')}&limit=1000`).expect(200);
      const def = findLayer(id)!;
      const visible = def.zoomFilter ? Object.entries(def.zoomFilter.minzoom).filter(([, mz]) => mz <= z).map(([v]) => v) : null;
      const expected = api.body.features.filter((f: { properties: Record<string, string> }) => !visible || visible.includes(f.properties[def.zoomFilter!.attribute]!));
      expect(feats.map((f) => f.id), `${id} z${z}`).toEqual(expected.map((f: { id: number }) => f.id));
      expect(feats.length, `${id} z${z} has features`).toBeGreaterThan(0);
      // Only the styling attributes travel in tiles, with the same values as the API.
      const tileAttrs = def.attributes.filter((a) => a.tile).map((a) => a.name);
      for (const f of feats) {
        const src = expected.find((e: { id: number }) => e.id === f.id).properties;
        const want = Object.fromEntries(tileAttrs.filter((a) => src[a] !== null).map((a) => [a, src[a]]));
        expect(f.properties).toEqual(want);
      }
    }
  });

  it('area layers carry one label point per feature in a separate tile layer', async () => {
    const z = 14;
    let labelled = 0;
    for (const [lon, lat] of [[78.4256, 42.4890], [78.4258, 42.5115], [78.3597, 42.4856]]) {
      const [x, y] = lonLatToTile(lon!, lat!, z);
      const buf = (await getTile(`/tiles/settlements/${z}/${x}/${y}.mvt`).expect(200)).body as Buffer;
      const polys = decode(buf, 'settlements').filter((f) => f.type === 3);
      const labels = decode(buf, 'settlements_label');
      for (const l of labels) expect(l.type).toBe(1);
      for (const p of polys) if (labels.some((l) => l.id === p.id)) labelled++;
    }
    expect(labelled).toBeGreaterThan(0);
  });

  it('a low zoom shows only the classes allowed there (main canals at z8)', async () => {
    const [x, y] = lonLatToTile(KARAKOL[0], KARAKOL[1], 8);
    const feats = decode((await getTile(`/tiles/canals/8/${x}/${y}.mvt`).expect(200)).body as Buffer, 'canals');
    expect(feats.length).toBeGreaterThan(0);
    expect(new Set(feats.map((f) => f.properties.class))).toEqual(new Set(['main']));
  });

  it('up to z10 only the first settlement of a 16-pixel square carries names (labels that close collide); from z11 every one does', async () => {
    const NOOKAT = [72.6183, 40.2660] as const; // the town and nine villages share one approximate point in the demo data
    const names = async (z: number) => {
      const [x, y] = lonLatToTile(NOOKAT[0], NOOKAT[1], z);
      const buf = (await getTile(`/tiles/settlements/${z}/${x}/${y}.mvt`).expect(200)).body as Buffer;
      return ['settlements', 'settlements_label'].flatMap((l) => decode(buf, l)).map((f) => f.properties);
    };
    const low = await names(10), high = await names(11);
    const unnamed = low.filter((p) => p.name_en === undefined);
    expect(unnamed.length, 'z10: villages stacked on Nookat travel without names').toBeGreaterThanOrEqual(2 * 9);
    for (const p of unnamed) expect(p.name_ru ?? p.name_ky, 'no name in any language').toBeUndefined();
    for (const p of unnamed) expect(p.settlement_type, 'the other attributes stay').toBeDefined();
    expect(low.filter((p) => p.name_en === 'Nookat').length, 'the town keeps its name in both tile layers').toBe(2);
    expect(high.length).toBeGreaterThan(0);
    expect(high.filter((p) => p.name_en === undefined), 'z11: every settlement named').toEqual([]);
  });

  it('an empty area gives an empty tile (200, no bytes), not an error', async () => {
    const [x, y] = lonLatToTile(-150, -40, 10); // South Pacific
    for (const l of LAYERS) {
      const res = await getTile(`/tiles/${l.id}/10/${x}/${y}.mvt`).expect(200);
      expect((res.body as Buffer).length).toBe(0);
    }
  });

  it('sends ETag and Cache-Control, answers 304 to If-None-Match, and caches repeated tiles', async () => {
    const [x, y] = lonLatToTile(KARAKOL[0], KARAKOL[1], 14);
    const url = `/tiles/canals/14/${x}/${y}.mvt`;
    const a = await getTile(url).expect(200);
    expect(a.headers.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect(a.headers['cache-control']).toMatch(/max-age=\d+/);
    const b = await getTile(url).expect(200);
    expect(b.headers['x-tile-cache']).toBe('hit');
    expect(b.headers.etag).toBe(a.headers.etag);
    expect((b.body as Buffer).equals(a.body as Buffer)).toBe(true);
    const c = await t.http.get(url).set('If-None-Match', a.headers.etag!).expect(304);
    expect(c.text ?? '').toBe('');
  });

  it('a cached tile is kept gzip-compressed: sent compressed to clients that accept gzip, raw to the others, each with its own ETag', async () => {
    const [x, y] = lonLatToTile(KARAKOL[0], KARAKOL[1], 12);
    const url = `/tiles/canals/12/${x}/${y}.mvt`;
    const raw = await getTile(url).set('Accept-Encoding', 'identity').expect(200);
    expect(raw.headers['content-encoding']).toBeUndefined();
    expect(raw.headers.vary).toMatch(/Accept-Encoding/);
    const gz = await getTile(url).set('Accept-Encoding', 'gzip, deflate, br').expect(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['x-tile-cache']).toBe('hit');
    expect(gz.headers.vary).toMatch(/Accept-Encoding/);
    // superagent inflates: the same tile, in fewer bytes on the wire.
    expect((gz.body as Buffer).equals(raw.body as Buffer)).toBe(true);
    expect(Number(gz.headers['content-length'])).toBeLessThan(Number(raw.headers['content-length']));
    expect(gz.headers.etag).not.toBe(raw.headers.etag);
    await t.http.get(url).set('Accept-Encoding', 'gzip').set('If-None-Match', gz.headers.etag!).expect(304);
    // A client that refuses gzip (q=0) gets the raw tile.
    const refused = await getTile(url).set('Accept-Encoding', 'gzip;q=0, identity').expect(200);
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.headers.etag).toBe(raw.headers.etag);
  });

  it('tiles skip the general middleware but keep their security headers, and a failing tile still carries its request id', async () => {
    const [x, y] = lonLatToTile(KARAKOL[0], KARAKOL[1], 12);
    const ok = await getTile(`/tiles/canals/12/${x}/${y}.mvt`).expect(200);
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
    expect(ok.headers['content-security-policy']).toBeUndefined(); // helmet does not run for tiles
    const bad = await t.http.get('/tiles/canals/3/0/8.mvt').set('X-Request-Id', 'tile-req-1').expect(400);
    expect(bad.headers['x-request-id']).toBe('tile-req-1');
    expect(bad.body.requestId).toBe('tile-req-1');
    const made = await t.http.get('/tiles/nope/0/0/0.mvt').expect(404);
    expect(made.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a change to the data changes the tile (cache follows the layer version)', async () => {
    const [x, y] = lonLatToTile(KARAKOL[0], KARAKOL[1], 14);
    const url = `/tiles/canals/14/${x}/${y}.mvt`;
    const before = decode((await getTile(url).expect(200)).body as Buffer, 'canals');
    const victim = before[0]!;
    const newCondition = victim.properties.condition === 'broken' ? 'good' : 'broken';
    await t.database.db.updateTable('canals' as never).set({ condition: newCondition } as never).where('id' as never, '=', victim.id as never).execute();
    await new Promise((r) => setTimeout(r, 1100)); // version TTL
    const after = decode((await getTile(url).expect(200)).body as Buffer, 'canals');
    expect(after.find((f) => f.id === victim.id)!.properties.condition).toBe(newCondition);
  });

  const bad: [string, number, RegExp][] = [
    ['/tiles/canals/23/0/0.mvt', 400, /z must be/],
    ['/tiles/canals/-1/0/0.mvt', 400, /z must be/],
    ['/tiles/canals/3/8/0.mvt', 400, /x must be less than 2\^z = 8/],
    ['/tiles/canals/3/0/8.mvt', 400, /y must be less than 2\^z = 8/],
    ['/tiles/canals/3/-1/0.mvt', 400, /x must be a non-negative whole number/],
    ['/tiles/canals/a/0/0.mvt', 400, /z must be/],
    ['/tiles/canals/2/1.5/0.mvt', 400, /x must be/],
    ['/tiles/nope/0/0/0.mvt', 404, /no layer 'nope'/],
    ["/tiles/canals';DROP TABLE canals;--/0/0/0.mvt", 404, /no layer/],
    ['/tiles/nope.json', 404, /no layer/],
  ];
  it.each(bad)('%s → %i problem', async (url, status, detail) => {
    const res = await t.http.get(url).expect(status).expect('Content-Type', /application\/problem\+json/);
    expect(res.body.detail).toMatch(detail);
  });

  it('TileJSON 3.0.0 describes the tiles', async () => {
    const res = await t.http.get('/tiles/settlements.json').expect(200);
    expect(res.body.tilejson).toBe('3.0.0');
    expect(res.body.tiles[0]).toMatch(/\/tiles\/settlements\/\{z\}\/\{x\}\/\{y\}\.mvt$/);
    expect(res.body.vector_layers[0].id).toBe('settlements');
    expect(res.body.vector_layers[0].fields.population).toBe('Number');
    expect(res.body.bounds).toHaveLength(4);
    expect(res.body.bounds[0]).toBeGreaterThan(69);
    expect(res.body.attribution).toMatch(/GeoNames/);
  });
});
