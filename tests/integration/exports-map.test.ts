// The advocacy map export (issue 6): PDF/PNG/SVG from the print renderer on a real database with the
// demo data. Reads every file back: pdftotext (title and legend in Cyrillic), pdffonts (embedded Noto
// Sans), pdftoppm (no blank page), PNG size = paper × dpi, SVG well-formed with no script; bad input
// → 400 problem+json; an unknown campaign → 404; another organisation's draft never printed.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { Resvg } from '@resvg/resvg-js';
import { binary, type TestApp } from '../helpers/app.js';
import { appWithAuth, makeUser, polygon, send, signIn, visitor, type Client } from '../helpers/session.js';
import { PREVIEW_DIR, pdfFonts, pdfPages, pdfText, pngStats } from '../helpers/pdf.js';

let t: TestApp;
let karakol: string; // the demo campaign "karakol-irrigation" (published annotations)
const KARAKOL_BBOX = '78.345,42.46,78.44,42.525';

const get = (url: string) => t.http.get(url).buffer(true).parse(binary as never);
const keep = (name: string, body: Buffer) => { if (PREVIEW_DIR) { fs.mkdirSync(PREVIEW_DIR, { recursive: true }); fs.writeFileSync(path.join(PREVIEW_DIR, name), body); } };

beforeAll(async () => {
  t = await appWithAuth();
  const list = (await t.http.get('/api/campaigns').expect(200)).body.features as { id: string; properties: { title: { en: string } } }[];
  karakol = list.find((c) => c.properties.title.en.startsWith("Joint reconstruction of Karakol"))!.id;
});
afterAll(async () => { await t?.dispose(); });

describe('map PDF', () => {
  it('prints a campaign in Russian: title, legend and basemap credits as selectable Cyrillic text, fonts embedded, page not blank', async () => {
    const res = await get(`/api/exports/map.pdf?campaign=${karakol}&lang=ru&paper=a4&orientation=landscape`).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=".+\.pdf"$/);
    const pdf = res.body as Buffer;
    keep('map-a4-landscape-ru.pdf', pdf);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Условные обозначения');
    expect(text).toContain('Оросительные каналы'); // the canals layer's Russian title in the legend
    expect(text).toMatch(/Техническое состояние/); // the colour section of the canals legend
    expect(text).toContain('Natural Earth'); // the basemap's credit
    expect(text).toMatch(/Иллюстративные данные/); // the demo's illustrative features are shown
    expect(text).toContain('Масштаб');
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((f) => f.embedded)).toBe(true);
    expect(fonts.some((f) => /NotoSans/.test(f.name))).toBe(true);
    const pages = await pdfPages(pdf, 40, PREVIEW_DIR, 'map-a4-landscape-ru');
    expect(pages).toHaveLength(1);
    expect(pages[0]!.nonWhite).toBeGreaterThan(0.2);
    expect(pages[0]!.colours).toBeGreaterThan(50);
  });

  it('prints the campaign title in Kyrgyz on A3 portrait, with the Kyrgyz letters intact', async () => {
    const res = await get(`/api/exports/map.pdf?campaign=${karakol}&lang=ky&paper=a3&orientation=portrait&title=${encodeURIComponent('Каракол: сугат тармагын өңдөө — үй-бүлөлөр үчүн суу')}`).expect(200);
    keep('map-a3-portrait-ky.pdf', res.body);
    const text = pdfText(res.body).replace(/\s+/g, ' ');
    expect(text).toContain('Каракол: сугат тармагын өңдөө');
    expect(text).toContain('Шарттуу белгилер');
    expect(text).toContain('Сугат каналдары');
    // Sources credited in Kyrgyz (server/src/render/credits.ts), as the web app's attribution bar does.
    expect(text).toContain('Негизги карта: Чек аралар: Natural Earth (коомдук менчик)');
    expect(text).toContain('Иллюстрациялык демо геометрия (өлчөнгөн эмес)');
    expect(text).not.toMatch(/Boundaries: Natural Earth|Illustrative demo geometry/);
    const pages = await pdfPages(res.body, 30, PREVIEW_DIR, 'map-a3-portrait-ky');
    expect(pages[0]!.nonWhite).toBeGreaterThan(0.2);
  });

  it.each([['a4', 'portrait', 'ru', 'Условные обозначения'], ['a3', 'landscape', 'ky', 'Шарттуу белгилер'], ['a3', 'landscape', 'ru', 'Источники и лицензии'], ['a4', 'portrait', 'ky', 'Булактар жана лицензиялар']])('%s %s in %s: a page with legend and credits', async (paper, orientation, lang, expected) => {
    const res = await get(`/api/exports/map.pdf?campaign=${karakol}&lang=${lang}&paper=${paper}&orientation=${orientation}`).expect(200);
    keep(`map-${paper}-${orientation}-${lang}.pdf`, res.body);
    expect(pdfText(res.body).replace(/\s+/g, ' ')).toContain(expected);
    const [page] = await pdfPages(res.body, 30, PREVIEW_DIR, `map-${paper}-${orientation}-${lang}`);
    expect(page!.nonWhite).toBeGreaterThan(0.2);
    // The page has the paper's proportions.
    const ratio = page!.width / page!.height;
    expect(ratio).toBeCloseTo(orientation === 'portrait' ? 1 / Math.SQRT2 : Math.SQRT2, 1);
  });

  it('an empty extent still gives a valid, labelled page', async () => {
    // High mountains south of Naryn: no demo features there.
    const res = await get('/api/exports/map.pdf?bbox=75.5,41.0,75.6,41.1&lang=ru').expect(200);
    keep('map-empty-ru.pdf', res.body);
    const text = pdfText(res.body).replace(/\s+/g, ' ');
    expect(text).toContain('В этом районе нет объектов');
    expect(text).toContain('Карта инфраструктуры');
    expect((await pdfPages(res.body, 30))[0]!.nonWhite).toBeGreaterThan(0.1);
  });

  it('a 10,000-character title is wrapped to two lines and ended with an ellipsis', async () => {
    const long = 'Сугат '.repeat(2000).slice(0, 10_000);
    const res = await send(await visitor(t), 'post', '/api/exports/map.pdf').buffer(true).parse(binary as never).send({ bbox: [78.345, 42.46, 78.44, 42.525], title: long, lang: 'ru' }).expect(200);
    keep('map-long-title.pdf', res.body);
    const text = pdfText(res.body);
    const titleWords = (text.match(/Сугат/g) ?? []).length;
    expect(titleWords).toBeGreaterThan(10);
    expect(titleWords).toBeLessThan(60); // two lines, not 2,000 words
    expect(text).toContain('…');
    expect((await pdfPages(res.body, 30))[0]!.nonWhite).toBeGreaterThan(0.2);
  });
});

describe('map PNG and SVG', () => {
  it('PNG size is paper × dpi', async () => {
    const a4 = await get(`/api/exports/map.png?bbox=${KARAKOL_BBOX}&dpi=150`).expect(200);
    expect(a4.headers['content-type']).toBe('image/png');
    const m = await sharp(a4.body).metadata();
    expect([m.width, m.height]).toEqual([Math.round(297 / 25.4 * 150), Math.round(210 / 25.4 * 150)]); // 1754 × 1240
    keep('map-a4-landscape-en.png', a4.body);
    const s = await pngStats(a4.body);
    expect(s.nonWhite).toBeGreaterThan(0.2);
    expect(s.colours).toBeGreaterThan(100);
    const a3 = await get(`/api/exports/map.png?bbox=${KARAKOL_BBOX}&dpi=300&paper=a3&orientation=portrait&layers=canals`).expect(200);
    const m3 = await sharp(a3.body).metadata();
    expect([m3.width, m3.height]).toEqual([Math.round(297 / 25.4 * 300), Math.round(420 / 25.4 * 300)]); // 3508 × 4961
  });

  it('SVG is well-formed XML without script or event handlers even with HTML, RTL and zero-width characters in the title', async () => {
    const evil = '<script>alert(1)</script><img src=x onerror="alert(2)"> \u202Eevil\u202C \u200Bzero&amp; "quoted" مرحبا';
    const res = await t.http.get(`/api/exports/map.svg?bbox=${KARAKOL_BBOX}&inline=1&title=${encodeURIComponent(evil)}&subtitle=${encodeURIComponent('<b onclick=x>bold</b>')}`).buffer(true).parse(binary as never).expect(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.headers['content-disposition']).toMatch(/^inline;/);
    const svg = (res.body as Buffer).toString('utf8');
    keep('map-evil.svg', res.body);
    expect(svg).not.toMatch(/<script/i);
    expect(svg).not.toMatch(/<[^>]*\son[a-z]+\s*=/i); // no event-handler attribute on any element
    expect(svg).not.toMatch(/<img|<b[\s>]/i); // markup in the title is text, not elements
    expect(svg).not.toMatch(/[\u202A-\u202E\u200B]/);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // resvg's XML parser rejects malformed documents; this one renders.
    const png = new Resvg(svg, { fitTo: { mode: 'width', value: 600 }, font: { loadSystemFonts: false } }).render();
    expect(png.width).toBe(600);
  });

  it('layers limit what is drawn and the legend; annotations=0 leaves the markers out', async () => {
    const only = (await t.http.get(`/api/exports/map.svg?campaign=${karakol}&layers=facilities&annotations=0`).buffer(true).parse(binary as never).expect(200)).body.toString('utf8');
    expect(only).toContain('data-style="facilities-circle"');
    expect(only).not.toContain('data-style="canals-line');
    expect(only).not.toContain('Irrigation canals');
    const all = (await t.http.get(`/api/exports/map.svg?campaign=${karakol}`).buffer(true).parse(binary as never).expect(200)).body.toString('utf8');
    // By default the campaign's grant project's layers (Karakol: canals, settlements, facilities, water mains), not power lines.
    expect(all).toContain('Water mains');
    expect(all).not.toContain('Power lines');
    expect(all).toContain('data-style="canals-line');
    expect(all).toContain('Irrigation canals');
    // Points and markers are placed inside the page (a NaN position would hide them).
    expect(all).not.toMatch(/NaN/);
    expect(all).toContain('data-style="facilities-circle"');
    expect((all.match(/fill="#7b3294"/g) ?? []).length).toBeGreaterThanOrEqual(2); // marker on the map + in the list
  });
});

describe('bad input', () => {
  const problem = async (url: string, status: number, field?: string) => {
    const res = await t.http.get(url).expect(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    if (field) expect(res.body.errors.map((e: { name: string }) => e.name)).toContain(field);
    return res.body;
  };
  it('answers 400 with a reason a person can act on', async () => {
    expect((await problem(`/api/exports/map.pdf?campaign=${karakol}&paper=a5`, 400, 'paper')).detail).toMatch(/a4 or a3/);
    expect((await problem(`/api/exports/map.pdf?campaign=${karakol}&lang=de`, 400, 'lang')).detail).toMatch(/ky, ru or en/);
    expect((await problem(`/api/exports/map.gif?campaign=${karakol}`, 400, 'format')).detail).toMatch(/pdf, png or svg/);
    expect((await problem(`/api/exports/map.pdf?campaign=${karakol}&layers=canals,rivers`, 400, 'layers')).detail).toMatch(/canals/);
    expect((await problem(`/api/exports/map.png?campaign=${karakol}&dpi=72`, 400, 'dpi')).detail).toMatch(/150 or 300/);
    expect((await problem('/api/exports/map.pdf?bbox=2,48,3,49', 400, 'bbox')).detail).toMatch(/Kyrgyzstan/);
    expect((await problem('/api/exports/map.pdf', 400, 'campaign')).detail).toMatch(/exactly one/);
    await problem(`/api/exports/map.pdf?campaign=${karakol}&bbox=${KARAKOL_BBOX}`, 400, 'campaign');
    await problem('/api/exports/map.pdf?campaign=not-a-uuid', 400, 'campaign');
    await problem(`/api/exports/map.pdf?campaign=${karakol}&title=${'x'.repeat(10_001)}`, 400, 'title');
  });
  it('an unknown campaign is 404', async () => {
    await problem('/api/exports/map.pdf?campaign=00000000-0000-4000-8000-000000000000', 404);
  });
  it('POST needs the CSRF token and rejects unknown fields', async () => {
    await t.http.post('/api/exports/map.pdf').send({ campaign: karakol }).expect(403);
    const c = await visitor(t);
    const res = await send(c, 'post', '/api/exports/map.svg').send({ campaign: karakol, colour: 'red' }).expect(400);
    expect(res.body.errors[0].name).toBe('colour');
  });
});

describe('visibility', () => {
  let owner: Client;
  let campaignId: string;
  const SECRET = 'Secret draft of Org Print';
  const PUBLIC_TITLE = 'Published gap of Org Print';
  beforeAll(async () => {
    await makeUser(t, { org: 'print-a', orgName: 'Org Print', role: 'advocate', email: 'adv@print-a.example', name: 'Print Advocate' });
    owner = await signIn(t, 'adv@print-a.example');
    campaignId = (await send(owner, 'post', '/api/campaigns').send({ type: 'Feature', geometry: polygon(74.72, 42.84, 0.05), properties: { title: { en: 'Print campaign' }, targetCouncil: { en: 'Print council' }, status: 'active' } }).expect(201)).body.id;
    const mk = async (at: [number, number], title: string) => (await send(owner, 'post', '/api/annotations').send({ type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: { campaignId, title, category: 'no_road', severity: 4 } }).expect(201)).body;
    await mk([74.74, 42.85], SECRET);
    const p = await mk([74.75, 42.86], PUBLIC_TITLE);
    await send(owner, 'post', `/api/annotations/${p.id}/status`).set('If-Match', '"v1"').send({ status: 'published' }).expect(200);
  });

  it('the public never sees another organisation\'s draft; the owner does', async () => {
    const pub = (await t.http.get(`/api/exports/map.svg?campaign=${campaignId}`).buffer(true).parse(binary as never).expect(200)).body.toString('utf8');
    expect(pub).toContain(PUBLIC_TITLE);
    expect(pub).not.toContain(SECRET);
    const pubPdf = await get(`/api/exports/map.pdf?bbox=74.7,42.83,74.8,42.9`).expect(200);
    const text = pdfText(pubPdf.body).replace(/\s+/g, ' ');
    expect(text).toContain(PUBLIC_TITLE);
    expect(text).not.toContain('Secret draft');
    const own = (await owner.agent.get(`/api/exports/map.svg?campaign=${campaignId}`).buffer(true).parse(binary as never).expect(200)).body.toString('utf8');
    expect(own).toContain(SECRET);
    expect(own).toContain(PUBLIC_TITLE);
  });

  it('the Open Graph image is 1200×630 and drawn for the public', async () => {
    const png = await t.app.services.exports.ogImage(campaignId, 'en', 'http://example.org');
    const m = await sharp(png).metadata();
    expect([m.width, m.height]).toEqual([1200, 630]);
    expect((await pngStats(png)).nonWhite).toBeGreaterThan(0.2);
    keep('og-image.png', png);
  });
});
