// The monitoring report on a real database through the real API: a published decision with commitments
// drawn on the map and an update with a photo; the PDF in ky, ru and en is rendered with pdftoppm (every
// page has ink) and read with pdftotext (the counts sentence of the decision's own counts, in each
// language; the table's responsible body; the evidence photo's caption; sources); one page as PNG at the
// asked size; the campaign's report; a draft is 404 for the public; page= with the PDF is a 400.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binary, type TestApp } from '../helpers/app.js';
import { PREVIEW_DIR, pdfPages, pdfText } from '../helpers/pdf.js';
import { advocateWithCampaign, appWithAuth, send, visitor, type Client } from '../helpers/session.js';
import { countsSentence } from '../../server/src/commitments/tracker.messages.js';
import type { DecisionDetail } from '../../server/src/commitments/commitments.types.js';

let t: TestApp;
let adv: Client;
let anon: Client;
let campaignId: string;
let decisionId: string;
let draftId: string;

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const norm = (s: string) => s.replace(/\s+/g, ' ');
const get = (c: Client, url: string) => c.agent.get(url).buffer(true).parse(binary as never);
const line = (x: number) => ({ type: 'LineString', coordinates: [[78.37 + x, 42.48], [78.38 + x, 42.49], [78.39 + x, 42.495]] });

beforeAll(async () => {
  t = await appWithAuth();
  ({ client: adv, campaignId } = await advocateWithCampaign(t, 'report-cso', 'Report CSO'));
  anon = await visitor(t);
  const mk = async (title: string, commitments: Record<string, unknown>[]) => {
    const r = await send(adv, 'post', '/api/decisions').send({
      campaignId, kind: 'council_resolution', body: { en: 'Karakol city kenesh' }, decidedOn: day(-300), number: '7/2', title: { en: title, ru: `${title} (ru)`, ky: `${title} (ky)` },
      source: 'Report test decision', licence: 'CC BY 4.0', provenance: 'illustrative', commitments,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r;
  };
  const c = (i: number, due: number, target = 12) => ({ title: { en: `Commitment ${i}` }, responsible: { en: `Responsible body ${i}` }, dueOn: day(due), indicator: { en: 'km of canal rehabilitated', ru: 'км канала восстановлено', ky: 'калыбына келтирилген канал' }, unit: 'km', baseline: 0, target, geometry: line(i * 0.015) });
  const d = await mk('Irrigation renewal', [c(1, -30, 4), c(2, 200, 4), c(3, 250, 4), c(4, 300)]);
  decisionId = d.body.id;
  const p = await send(adv, 'patch', `/api/decisions/${decisionId}`).set('If-Match', String(d.headers.etag)).send({ status: 'published' });
  expect(p.status, JSON.stringify(p.body)).toBe(200);
  const cs = (p.body as DecisionDetail).commitments;
  const u = await send(adv, 'post', `/api/commitments/${cs[0]!.id}/updates`).send({ reportedOn: day(-40), value: 4, body: 'Head works rebuilt' });
  expect(u.status, JSON.stringify(u.body)).toBe(201);
  const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#2a6' } }).jpeg().toBuffer();
  expect((await send(adv, 'post', `/api/progress-updates/${u.body.id}/photos?caption=Rebuilt%20head%20works`).set('Content-Type', 'image/jpeg').send(jpeg)).status).toBe(201);
  expect((await send(adv, 'post', `/api/commitments/${cs[1]!.id}/updates`).send({ reportedOn: day(-3), value: 2.5, body: 'Half way' })).status).toBe(201);
  draftId = (await mk('Draft plan', [c(9, 100)])).body.id;
}, 240_000);
afterAll(async () => { await t?.dispose(); });

describe('monitoring report', () => {
  it('PDF in ky, ru and en: the counts sentence of the decision, the table, the photo caption, every page inked', async () => {
    const detail = (await anon.agent.get(`/api/decisions/${decisionId}`).expect(200)).body as DecisionDetail;
    expect(detail.counts.total).toBe(4);
    expect(detail.counts.done).toBe(1);
    for (const lang of ['ky', 'ru', 'en'] as const) {
      const r = await get(anon, `/api/decisions/${decisionId}/report.pdf?lang=${lang}`).expect(200).expect('Content-Type', 'application/pdf');
      const pdf = r.body as Buffer;
      if (PREVIEW_DIR) { fs.mkdirSync(PREVIEW_DIR, { recursive: true }); fs.writeFileSync(path.join(PREVIEW_DIR, `monitoring-report-${lang}.pdf`), pdf); }
      const text = norm(pdfText(pdf));
      expect(text, lang).toContain(countsSentence(detail.counts, lang));
      expect(text).toContain('Responsible body 3');
      expect(text).toContain('Rebuilt head works');
      expect(text).toContain('Report test decision');
      const pages = await pdfPages(pdf, 40, PREVIEW_DIR, `monitoring-report-${lang}`);
      expect(pages.length).toBeGreaterThanOrEqual(2);
      for (const p of pages) expect(p.nonWhite).toBeGreaterThan(0.01);
    }
    const ky = norm(pdfText((await get(anon, `/api/decisions/${decisionId}/report.pdf?lang=ky`)).body as Buffer));
    expect(ky).toContain('4 милдеттенменин 1и аткарылды');
    expect(ky).toContain('километрдин');
  });

  it('one page as PNG at the asked size; the campaign report; a draft is 404; page with the PDF is 400', async () => {
    const png = await get(anon, `/api/decisions/${decisionId}/report.png?lang=ru&page=2&dpi=150`).expect(200).expect('Content-Type', 'image/png');
    const meta = await sharp(png.body as Buffer).metadata();
    expect([meta.width, meta.height]).toEqual([1240, 1754]); // A4 portrait at 150 dpi
    const land = await get(anon, `/api/decisions/${decisionId}/report.png?lang=en&orientation=landscape&page=1`).expect(200);
    expect((await sharp(land.body as Buffer).metadata()).width).toBe(1754);
    const camp = await get(anon, `/api/campaigns/${campaignId}/monitoring-report.pdf?lang=en`).expect(200);
    const text = norm(pdfText(camp.body as Buffer));
    expect(text).toContain('Irrigation renewal');
    expect(text).not.toContain('Draft plan');
    await anon.agent.get(`/api/decisions/${draftId}/report.pdf`).expect(404);
    expect((await adv.agent.get(`/api/decisions/${draftId}/report.pdf?lang=en`)).status).toBe(200);
    const bad = await anon.agent.get(`/api/decisions/${decisionId}/report.pdf?page=2`).expect(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    await anon.agent.get(`/api/decisions/${decisionId}/report.png?page=99`).expect(400);
    await anon.agent.get(`/api/decisions/${decisionId}/report.docx`).expect(400);
    const doc = (await anon.agent.get('/api/openapi.json').expect(200)).body;
    expect(doc.paths['/api/decisions/{id}/report.{format}'].get.parameters.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['lang', 'paper', 'orientation', 'page', 'dpi']));
    expect(doc.paths['/api/campaigns/{id}/monitoring-report.{format}']).toBeTruthy();
  });
});
