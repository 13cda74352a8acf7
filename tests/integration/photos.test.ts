// Evidence photos: the upload is checked for type and size, decoded and re-encoded without metadata;
// the GPS position is kept only when the uploader asks; adding and removing are versioned edits with
// history; the same visibility rule as the annotation; bad input changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import sharp from 'sharp';
import exifReader from 'exif-reader';
import supertest from 'supertest';
import { BACKEND } from '../helpers/backend.js';
import { binary, type TestApp } from '../helpers/app.js';
import { appWithAuth, makeUser, polygon, send, signIn, type Client } from '../helpers/session.js';

let t: TestApp;
let adv: Client, eng: Client, other: Client;
let campaignId: string;

/** A real JPEG with EXIF: camera make, date taken and a GPS position near Karakol. */
async function jpegWithExif(width = 640, height = 480) {
  return sharp({ create: { width, height, channels: 3, background: '#3366aa' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Copyright: 'secret-owner' },
      IFD2: { DateTimeOriginal: '2026:05:03 10:20:30' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '42/1 29/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '78/1 23/1 24/1' },
    })
    .toBuffer();
}

beforeAll(async () => {
  t = await appWithAuth();
  const rev = await makeUser(t, { org: 'ph-reviewer', orgName: 'Reviewing office', role: 'engineer', email: 'eng@ph.example', name: 'Eng' });
  await makeUser(t, { org: 'ph-owner', orgName: 'Owner CSO', role: 'advocate', email: 'adv@ph.example', name: 'Adv' });
  await makeUser(t, { org: 'ph-other', orgName: 'Other CSO', role: 'advocate', email: 'other@ph.example', name: 'Other' });
  adv = await signIn(t, 'adv@ph.example');
  eng = await signIn(t, 'eng@ph.example');
  other = await signIn(t, 'other@ph.example');
  const c = await send(adv, 'post', '/api/campaigns').send({
    type: 'Feature', geometry: polygon(78.3, 42.4, 0.2),
    properties: { title: { en: 'Photo campaign' }, targetCouncil: { en: 'Karakol city kenesh' }, status: 'active', sharedWith: [rev.organisationId] },
  }).expect(201);
  campaignId = c.body.id;
}, 120_000);
afterAll(async () => { await t?.dispose(); });

async function annotation() {
  const res = await send(adv, 'post', '/api/annotations').send({
    type: 'Feature', geometry: { type: 'Point', coordinates: [78.39, 42.49] },
    properties: { campaignId, title: 'Broken gate', category: 'broken_canal', severity: 3 },
  }).expect(201);
  return { id: res.body.id as string, version: res.body.properties.version as number };
}
const photoRows = async () => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM annotation_photos`.execute(t.database.db)).rows[0]!.n);
const upload = (c: Client, id: string, version: number, body: Buffer, type = 'image/jpeg', query = '') =>
  send(c, 'post', `/api/annotations/${id}/photos${query}`).set('If-Match', `"v${version}"`).set('Content-Type', type).send(body);

describe(`evidence photos (${BACKEND})`, () => {
  it('re-encodes the upload without metadata, answers the annotation with the photo and a new version, and records history', async () => {
    const a = await annotation();
    const original = await jpegWithExif();
    const res = await upload(adv, a.id, a.version, original, 'image/jpeg', '?caption=%D0%A1%D0%BB%D0%BE%D0%BC%D0%B0%D0%BD%D0%BD%D1%8B%D0%B9%20%D1%88%D0%BB%D1%8E%D0%B7');
    expect(res.status, res.body.detail).toBe(201);
    expect(res.headers.etag).toBe(`"v${a.version + 1}"`);
    const photos = res.body.properties.photos;
    expect(photos).toHaveLength(1);
    expect(photos[0]).toMatchObject({ caption: 'Сломанный шлюз', width: 640, height: 480, location: null, takenAt: '2026-05-03T10:20:30.000Z' });
    expect(res.headers.location).toMatch(new RegExp(`/api/annotations/${a.id}/photos/${photos[0].id}$`));

    const img = await adv.agent.get(photos[0].url).buffer(true).parse(binary as never).expect(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    expect(img.headers['content-security-policy']).toContain('sandbox');
    const body = img.body as Buffer;
    expect(body.equals(original)).toBe(false);
    const meta = await sharp(body).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined(); // no EXIF at all: no camera, no date, no position
    expect(body.includes(Buffer.from('secret-owner'))).toBe(false);
    expect(body.includes(Buffer.from('TestCam'))).toBe(false);

    const thumb = await adv.agent.get(photos[0].thumbnailUrl).buffer(true).parse(binary as never).expect(200);
    const tm = await sharp(thumb.body as Buffer).metadata();
    expect(Math.max(tm.width!, tm.height!)).toBe(320);

    const history = await adv.agent.get(`/api/annotations/${a.id}/history`).expect(200);
    const last = history.body.items.at(-1);
    expect(last).toMatchObject({ action: 'update', version: a.version + 1, details: { photo: { added: photos[0].id, locationKept: false } } });
    expect(last.after.photos).toEqual([{ id: photos[0].id, caption: 'Сломанный шлюз' }]);
    expect(last.before.photos).toEqual([]);
  });

  it('keeps the GPS position (as data, not in the file) only with keepLocation=true', async () => {
    const a = await annotation();
    const res = await upload(adv, a.id, a.version, await jpegWithExif(), 'image/jpeg', '?keepLocation=true').expect(201);
    const p = res.body.properties.photos[0];
    // 42°29'30" N, 78°23'24" E
    expect(p.location.lat).toBeCloseTo(42 + 29 / 60 + 30 / 3600, 5);
    expect(p.location.lon).toBeCloseTo(78 + 23 / 60 + 24 / 3600, 5);
    const img = await adv.agent.get(p.url).buffer(true).parse(binary as never).expect(200);
    expect((await sharp(img.body as Buffer).metadata()).exif).toBeUndefined();
  });

  it('shrinks large photos to 2048 px and turns PNG and WebP into JPEG', async () => {
    const a = await annotation();
    const png = await sharp({ create: { width: 3000, height: 1000, channels: 4, background: { r: 200, g: 10, b: 10, alpha: 0.5 } } }).png().toBuffer();
    const r1 = await upload(adv, a.id, a.version, png, 'image/png').expect(201);
    expect(r1.body.properties.photos[0]).toMatchObject({ width: 2048, height: 683 });
    const webp = await sharp({ create: { width: 100, height: 80, channels: 3, background: '#0a0' } }).webp().toBuffer();
    const r2 = await upload(adv, a.id, r1.body.properties.version, webp, 'image/webp').expect(201);
    expect(r2.body.properties.photos).toHaveLength(2);
    const rows = await sql<{ original_type: string; mime: string }>`SELECT original_type, mime FROM annotation_photos WHERE annotation_id = ${a.id} ORDER BY created_at`.execute(t.database.db);
    expect(rows.rows).toEqual([{ original_type: 'png', mime: 'image/jpeg' }, { original_type: 'webp', mime: 'image/jpeg' }]);
  });

  it.each([
    ['an SVG (script inside) sent as image/jpeg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'), 'image/jpeg', 415],
    ['an HTML page sent as image/png', Buffer.from('<!doctype html><script>alert(1)</script>'), 'image/png', 415],
    ['a GIF', Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64'), 'image/gif', 415],
    ['a truncated JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]), 'image/jpeg', 415],
    ['an empty body', Buffer.alloc(0), 'image/jpeg', 400],
  ])('refuses %s (%s) with problem+json, nothing stored, version unchanged', async (_n, body, type, status) => {
    const a = await annotation();
    const before = await photoRows();
    const res = await upload(adv, a.id, a.version, body, type);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toBeTruthy();
    expect(await photoRows()).toBe(before);
    const now = await adv.agent.get(`/api/annotations/${a.id}`).expect(200);
    expect(now.body.properties.version).toBe(a.version);
  });

  it('refuses an upload over PHOTO_MAX_MB with 413 and a decompression bomb before decoding it', async () => {
    const a = await annotation();
    const before = await photoRows();
    const big = Buffer.alloc(11 * 1024 * 1024, 0xff);
    const res = await upload(adv, a.id, a.version, big, 'image/jpeg');
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    // 10,000 × 10,000 px of one colour compresses to a small PNG but would decode to 400 MB.
    const bomb = await sharp({ create: { width: 10000, height: 10000, channels: 3, background: '#fff' } }).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const r2 = await upload(adv, a.id, a.version, bomb, 'image/png');
    expect(r2.status).toBe(413);
    expect(r2.body.detail).toMatch(/megapixels/);
    expect(await photoRows()).toBe(before);
  });

  it('needs If-Match (428), refuses a stale version (412), and lets only the owning organisation add or remove photos', async () => {
    const a = await annotation();
    const jpg = await jpegWithExif(200, 100);
    const noIfMatch = await send(adv, 'post', `/api/annotations/${a.id}/photos`).set('Content-Type', 'image/jpeg').send(jpg);
    expect(noIfMatch.status).toBe(428);
    expect((await upload(adv, a.id, a.version + 5, jpg)).status).toBe(412);
    expect((await upload(eng, a.id, a.version, jpg)).status).toBe(403); // reviewer: sees it, may not edit
    expect((await upload(other, a.id, a.version, jpg)).status).toBe(404); // another organisation: a draft it cannot see
    const noCsrf = await adv.agent.post(`/api/annotations/${a.id}/photos`).set('If-Match', `"v${a.version}"`).set('Content-Type', 'image/jpeg').send(jpg);
    expect(noCsrf.status).toBe(403);
    expect(await sql<{ n: number }>`SELECT count(*)::int AS n FROM annotation_photos WHERE annotation_id = ${a.id}`.execute(t.database.db).then((r) => r.rows[0]!.n)).toBe(0);

    const added = await upload(adv, a.id, a.version, jpg).expect(201);
    const p = added.body.properties.photos[0];
    const v = added.body.properties.version;
    expect((await send(eng, 'delete', `/api/annotations/${a.id}/photos/${p.id}`).set('If-Match', `"v${v}"`)).status).toBe(403);
    const removed = await send(adv, 'delete', `/api/annotations/${a.id}/photos/${p.id}`).set('If-Match', `"v${v}"`).expect(200);
    expect(removed.body.properties.photos).toEqual([]);
    expect(removed.headers.etag).toBe(`"v${v + 1}"`);
    await supertest(t.app).get(p.url).expect(404);
    // Kept for the history (soft delete), not served.
    expect(await sql<{ n: number }>`SELECT count(*)::int AS n FROM annotation_photos WHERE id = ${p.id} AND deleted_at IS NOT NULL`.execute(t.database.db).then((r) => r.rows[0]!.n)).toBe(1);
  });

  it('serves a photo of a draft only to those who see the draft; the public gets 404 until it is published', async () => {
    const a = await annotation();
    const added = await upload(adv, a.id, a.version, await jpegWithExif(120, 90)).expect(201);
    const p = added.body.properties.photos[0];
    await supertest(t.app).get(p.url).expect(404);
    await other.agent.get(p.url).expect(404);
    await eng.agent.get(p.url).expect(200);
    await send(adv, 'post', `/api/annotations/${a.id}/status`).set('If-Match', `"v${added.body.properties.version}"`).send({ status: 'published' }).expect(200);
    const pub = await supertest(t.app).get(p.url).expect(200);
    expect(pub.headers['content-type']).toBe('image/jpeg');
    // The annotation's JSON for the public lists the photo too.
    const f = await supertest(t.app).get(`/api/annotations/${a.id}`).expect(200);
    expect(f.body.properties.photos.map((x: { id: string }) => x.id)).toEqual([p.id]);
    // An unknown id or a photo of another annotation: 404; a malformed id: 400.
    const b = await annotation();
    await adv.agent.get(`/api/annotations/${b.id}/photos/${p.id}`).expect(404);
    await adv.agent.get(`/api/annotations/${a.id}/photos/not-a-uuid`).expect(400);
    await adv.agent.get(`${p.url}?size=huge`).expect(400);
  });

  it('EXIF is readable in the test image (the test checks what it thinks it checks)', async () => {
    const m = await sharp(await jpegWithExif()).metadata();
    const e = exifReader(m.exif!) as { GPSInfo?: { GPSLatitude?: number[] } };
    expect(e.GPSInfo?.GPSLatitude).toEqual([42, 29, 30]);
  });
});
