// The two tile implementations must agree: ST_AsMVT on the server, geojson-vt on the embedded database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND, freshDatabase, type TestDb } from '../helpers/backend.js';
import { decode, lonLatToTile } from '../helpers/tiles.js';
import { LAYERS } from '../../server/src/layers/registry.js';
import { NodeMvtRenderer, PostgisMvtRenderer } from '../../server/src/tiles/tiles.repo.js';

const PLACES: [string, number, number][] = [
  ['Karakol', 78.3936, 42.4907],
  ['Novopokrovka', 74.74, 42.8689],
  ['Nookat', 72.6183, 40.2660],
  ['Bishkek', 74.59, 42.87],
  ['Talas', 72.2427, 42.5228],
];

describe.skipIf(BACKEND !== 'server')('embedded and server tiles agree', () => {
  let emb: TestDb, srv: TestDb;
  beforeAll(async () => {
    [emb, srv] = await Promise.all([freshDatabase({ backend: 'embedded' }), freshDatabase({ backend: 'server' })]);
  });
  afterAll(async () => { await emb?.dispose(); await srv?.dispose(); });

  it('same features, attributes and geometry types; geometry within a few tile units', async () => {
    const node = new NodeMvtRenderer(emb.database.db);
    const pgis = new PostgisMvtRenderer(srv.database.db);
    let compared = 0;
    for (const [name, lon, lat] of PLACES) {
      for (const z of [6, 8, 10, 12, 13, 14, 15]) {
        const [x, y] = lonLatToTile(lon, lat, z);
        for (const [def, layerName] of LAYERS.flatMap((d) => (d.geometry === 'area-or-point' ? [[d, d.id], [d, `${d.id}_label`]] : [[d, d.id]]) as [typeof d, string][])) {
          const a = decode(await node.render(def, z, x, y), layerName);
          const b = decode(await pgis.render(def, z, x, y), layerName);
          const where = `${layerName} ${z}/${x}/${y} (${name})`;
          expect(a.map((f) => f.id), where).toEqual(b.map((f) => f.id));
          for (let i = 0; i < a.length; i++) {
            expect(a[i]!.properties, where).toEqual(b[i]!.properties);
            expect(a[i]!.type, where).toBe(b[i]!.type);
            const box = (g: { x: number; y: number }[][]) => {
              const pts = g.flat();
              return [Math.min(...pts.map((p) => p.x)), Math.min(...pts.map((p) => p.y)), Math.max(...pts.map((p) => p.x)), Math.max(...pts.map((p) => p.y))];
            };
            const ba = box(a[i]!.geometry), bb = box(b[i]!.geometry);
            for (let k = 0; k < 4; k++) expect(Math.abs(ba[k]! - bb[k]!), `${where} feature ${a[i]!.id} bbox[${k}]`).toBeLessThanOrEqual(8);
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
