// Every map layer is one registry entry: tiles (both renderers), features, OGC API and downloads read
// any layer through one path each, the annotations included; and the tile cache never serves one
// viewer's private tile to another.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import supertest from 'supertest';
import { BACKEND } from '../helpers/backend.js';
import { binary, type TestApp } from '../helpers/app.js';
import { decode, lonLatToTile, tileBbox } from '../helpers/tiles.js';
import { advocateWithCampaign, appWithAuth, send, type Client } from '../helpers/session.js';
import { MAP_LAYERS, findLayer } from '../../server/src/layers/registry.js';
import { tileRendererFor } from '../../server/src/tiles/tiles.repo.js';
import { AnnotationCreate } from '../../server/src/annotations/annotations.schema.js';

let t: TestApp;
let adv: Client;
let campaignId: string;
let draftId: string, draftVersion: number;
const AT: [number, number] = [78.3951, 42.4931];
const Z = 14;
const [X, Y] = lonLatToTile(AT[0], AT[1], Z);

beforeAll(async () => {
  t = await appWithAuth();
  const a = await advocateWithCampaign(t, 'reg-org', 'Registry org');
  adv = a.client;
  campaignId = a.campaignId;
  const owner = a.owner;
  const draft = await t.app.services.annotations.create(owner, AnnotationCreate.parse({
    type: 'Feature', geometry: { type: 'Point', coordinates: AT }, properties: { campaignId, title: 'Registry draft', category: 'no_road', severity: 3 },
  }));
  draftId = draft.id;
  draftVersion = draft.properties.version;
});
afterAll(async () => { await t?.dispose(); });

const tileOf = async (agent: { get(url: string): supertest.Test }) => {
  const r = await agent.get(`/tiles/annotations/${Z}/${X}/${Y}.mvt`).buffer(true).parse(binary as never).expect(200);
  return { res: r, ids: decode(r.body as Buffer, 'annotations').map((f) => String(f.properties.id)) };
};

describe(`one path per read for every registry layer (${BACKEND})`, () => {
  it.each(MAP_LAYERS.map((l) => l.id))('%s: tiles, features, OGC items and downloads agree for the public', async (id) => {
    const def = findLayer(id)!;
    const features = await t.http.get(`/api/layers/${id}/features?limit=1000`).expect(200);
    const ogc = await t.http.get(`/ogc/collections/${id}/items?limit=1000`).expect(200);
    const file = await t.http.get(`/api/exports/data/${id}.geojson`).buffer(true).parse(binary as never).expect(200);
    const download = JSON.parse((file.body as Buffer).toString('utf8'));
    const ids = (fc: { features: { id: string | number }[] }) => fc.features.map((f) => String(f.id)).sort();
    expect(features.body.numberMatched).toBe(features.body.features.length);
    expect(ids(ogc.body)).toEqual(ids(features.body));
    expect(ids(download)).toEqual(ids(features.body));
    expect(Number(file.headers['x-feature-count'])).toBe(features.body.numberMatched);
    // The country's tile at z8 draws only features the public may read, and draws some.
    const [x, y] = lonLatToTile(AT[0], AT[1], 8);
    const tile = await t.http.get(`/tiles/${id}/8/${x}/${y}.mvt`).buffer(true).parse(binary as never).expect(200);
    const inTile = decode(tile.body as Buffer, id).map((f) => String(def.rows ? f.properties.id : f.id));
    const readable = new Set(ids(features.body));
    expect(inTile.filter((i) => !readable.has(i))).toEqual([]);
    if (def.rows) {
      // No zoom filter on the gaps: the tile holds exactly what the features API finds in its (buffered) box.
      const inBox = await t.http.get(`/api/layers/${id}/features?limit=1000&bbox=${tileBbox(8, x, y, 64).join(',')}`).expect(200);
      expect(new Set(inTile)).toEqual(new Set(ids(inBox.body)));
      expect(inTile.length).toBeGreaterThan(0);
    }
    // The legend and the style come from the same description.
    const described = await t.http.get(`/api/layers/${id}`).expect(200);
    expect(described.body.legend.length).toBeGreaterThan(0);
    expect(described.body.style.layers.every((s: { source: string }) => s.source === id)).toBe(true);
  });

  it('the annotations layer is described under organisationLayers, with the public count', async () => {
    const res = await t.http.get('/api/layers').expect(200);
    expect(res.body.layers.map((l: { id: string }) => l.id)).not.toContain('annotations');
    const ann = res.body.organisationLayers.find((l: { id: string }) => l.id === 'annotations');
    expect(ann.access).toBe('per-viewer');
    const pub = await t.http.get('/api/layers/annotations/features?limit=1000').expect(200);
    expect(ann.featureCount).toBe(pub.body.numberMatched);
    expect(pub.body.features.map((f: { id: string }) => f.id)).not.toContain(draftId);
  });

  it('filters keep their names: campaign, reviewStatus, severity as a list; a bad campaign id is a 400', async () => {
    const own = await adv.agent.get(`/api/layers/annotations/features?campaign=${campaignId}&severity=3,4&reviewStatus=unreviewed`).expect(200);
    expect(own.body.features.map((f: { id: string }) => f.id)).toEqual([draftId]);
    expect(own.headers['cache-control']).toBe('private, no-store');
    const none = await adv.agent.get(`/api/layers/annotations/features?campaign=${campaignId}&severity=1`).expect(200);
    expect(none.body.features).toHaveLength(0);
    const bad = await t.http.get('/api/layers/annotations/features?campaign=nope').expect(400);
    expect(bad.body.detail).toMatch(/campaign must be a UUID/);
    await t.http.get('/api/layers/annotations/features?severity=9').expect(400);
    await t.http.get(`/api/layers/annotations/features/${draftId}`).expect(404);
    const one = await adv.agent.get(`/api/layers/annotations/features/${draftId}`).expect(200);
    expect(one.body.properties).toMatchObject({ title: 'Registry draft', status: 'draft', organisation: 'Registry org', campaign_id: campaignId });
    await t.http.get('/api/layers/annotations/features/12').expect(400);
  });

  it('both tile renderers draw the annotations the same way for the same reader', async () => {
    if (BACKEND !== 'server') return; // the embedded database cannot run ST_AsMVT; the server run compares both
    const def = findLayer('annotations')!;
    const reader = { orgId: adv.session.user.organisation.id as string };
    const server = tileRendererFor({ backend: 'server', db: t.database.db });
    const node = tileRendererFor({ backend: 'embedded', db: t.database.db });
    const a = decode(await server.render(def, Z, X, Y, reader), 'annotations');
    const b = decode(await node.render(def, Z, X, Y, reader), 'annotations');
    const props = (fs: typeof a) => fs.map((f) => f.properties).sort((p, q) => String(p.id).localeCompare(String(q.id)));
    expect(props(b)).toEqual(props(a));
    expect(a.map((f) => String(f.properties.id))).toContain(draftId);
  });
});

describe(`the tile cache never mixes viewers (${BACKEND})`, () => {
  it('a member\'s tile is rendered for them and never cached; the public tile is cached and never holds the draft', async () => {
    expect(t.app.services.tiles.cacheEnabled).toBe(true);
    const mine1 = await tileOf(adv.agent);
    expect(mine1.ids).toContain(draftId);
    expect(mine1.res.headers['cache-control']).toBe('private, no-store');
    expect(mine1.res.headers['x-tile-cache']).toBe('miss');
    expect(mine1.res.headers.vary).toMatch(/Cookie/);

    const pub1 = await tileOf(t.http);
    const pub2 = await tileOf(t.http);
    expect(pub1.ids).not.toContain(draftId);
    expect(pub2.ids).toEqual(pub1.ids);
    expect(pub2.res.headers['x-tile-cache']).toBe('hit');
    expect(pub2.res.headers['cache-control']).toBe('public, no-cache');
    expect(pub2.res.headers.etag).not.toBe(mine1.res.headers.etag);

    const mine2 = await tileOf(adv.agent);
    expect(mine2.ids).toContain(draftId);
    expect(mine2.res.headers['x-tile-cache']).toBe('miss');

    // A revalidation with the public ETag does not hand the member the public tile.
    const reval = await adv.agent.get(`/tiles/annotations/${Z}/${X}/${Y}.mvt`).set('If-None-Match', pub2.res.headers.etag!).buffer(true).parse(binary as never);
    expect(reval.status).toBe(200);
  });

  it('publishing shows at once on the public tile (the cached one is keyed by the fresh data version)', async () => {
    const before = await tileOf(t.http);
    expect(before.ids).not.toContain(draftId);
    await send(adv, 'post', `/api/annotations/${draftId}/status`).set('If-Match', `"v${draftVersion}"`).send({ status: 'published' }).expect(200);
    const after = await tileOf(t.http);
    expect(after.ids).toContain(draftId);
    expect(after.res.headers['x-tile-cache']).toBe('miss');
  });

  it('shared layers never read the session: their tiles carry no Vary: Cookie', async () => {
    const r = await adv.agent.get('/tiles/settlements/0/0/0.mvt').buffer(true).parse(binary as never).expect(200);
    expect(r.headers.vary ?? '').not.toMatch(/Cookie/);
    expect(r.headers['cache-control']).toMatch(/^public/);
  });
});
