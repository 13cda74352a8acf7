// The public tracker on a real database through the real API: a published decision's page, the
// campaign's page and their Atom feeds for anyone; a draft decision is a 404 for the public on the page,
// the feed, the map and the report (its organisation sees it); the campaign's tracker through a share link
// shows only what is published, and a revoked link is the short 404 page; only ?embed=1 may be framed;
// a commitment titled with a <script> is escaped in the page and the feed (the feed is read back with a
// strict XML parser); the page's map is a PNG; the page is read in Chromium at 1280 and 360 px wide.
import { DOMParser } from '@xmldom/xmldom';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binary, type TestApp } from '../helpers/app.js';
import { advocateWithCampaign, appWithAuth, send, visitor, type Client } from '../helpers/session.js';
import { launchBrowser, screenshot } from '../e2e/browser.js';
import { STATUS_PALETTE } from '../../server/src/commitments/commitments.palette.js';

const HOSTILE = 'Canal <script>alert("x")</script> & "lining"';
let t: TestApp;
let adv: Client;
let anon: Client;
let campaignId: string;
let published: string;
let draft: string;
let hostileCommitment: string;

const iso = (d: Date) => d.toISOString().slice(0, 10);
const daysFromNow = (n: number) => iso(new Date(Date.now() + n * 86_400_000));

/** Creates a decision with commitments through the API; published when asked. */
async function decision(title: string, publish: boolean, commitments: Record<string, unknown>[]) {
  const res = await send(adv, 'post', '/api/decisions').send({
    campaignId, kind: 'council_resolution', body: { ky: 'Каракол шаардык кеңеши', ru: 'Каракольский городской кенеш', en: 'Karakol city council' }, decidedOn: daysFromNow(-200), number: '12/4',
    documentUrl: 'https://example.org/decision-12-4.pdf', title: { en: title, ru: `${title} (ru)`, ky: `${title} (ky)` },
    summary: { en: 'The council adopted the strategy.' }, source: 'Test decision', licence: 'CC BY 4.0', provenance: 'illustrative', commitments,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  if (publish && res.body.status !== 'published') {
    const p = await send(adv, 'patch', `/api/decisions/${res.body.id}`).set('If-Match', String(res.headers.etag)).send({ status: 'published' });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
  }
  return res.body as { id: string; commitments: { id: string }[] };
}

const line = (x: number) => ({ type: 'LineString', coordinates: [[78.37 + x, 42.48], [78.38 + x, 42.49], [78.39 + x, 42.495]] });

beforeAll(async () => {
  t = await appWithAuth();
  ({ client: adv, campaignId } = await advocateWithCampaign(t, 'tracker-cso', 'Tracker CSO'));
  anon = await visitor(t);
  const d = await decision('Karakol irrigation renewal', true, [
    { title: { en: 'Line the main canal' }, responsible: { ky: 'Каракол шаарынын «Водоканалы»', ru: '«Водоканал» города Каракол', en: 'Water utility' }, dueOn: daysFromNow(200), indicator: { en: 'km of main canal lined' }, unit: 'km', baseline: 0, target: 12, geometry: line(0) },
    { title: { en: HOSTILE }, responsible: { en: 'Water utility' }, dueOn: daysFromNow(-20), indicator: { en: 'km of canal lined' }, unit: 'km', baseline: 0, target: 4, geometry: line(0.02) },
    { title: { en: 'Install meters' }, responsible: { en: 'Water users association' }, dueOn: daysFromNow(300), indicator: { en: 'meters installed' }, unit: 'count', baseline: 0, target: 10, geometry: { type: 'Point', coordinates: [78.4, 42.49] } },
  ]);
  published = d.id;
  hostileCommitment = d.commitments[1]!.id;
  const u = await send(adv, 'post', `/api/commitments/${d.commitments[0]!.id}/updates`).send({ reportedOn: daysFromNow(-10), value: 4.5, body: `First section lined ${HOSTILE}`, documents: [{ url: 'https://example.org/act.pdf', label: 'Acceptance act' }] });
  expect(u.status, JSON.stringify(u.body)).toBe(201);
  const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a7' } }).jpeg().toBuffer();
  const ph = await send(adv, 'post', `/api/progress-updates/${u.body.id}/photos?caption=Lined%20section`).set('Content-Type', 'image/jpeg').send(jpeg);
  expect(ph.status, JSON.stringify(ph.body)).toBe(201);
  const u2 = await send(adv, 'post', `/api/commitments/${hostileCommitment}/updates`).send({ reportedOn: daysFromNow(-5), value: 1, body: 'Late but moving' });
  expect(u2.status, JSON.stringify(u2.body)).toBe(201);
  const dr = await decision('Secret draft plan', false, [
    { title: { en: 'Draft commitment' }, responsible: { en: 'Somebody' }, dueOn: daysFromNow(100), indicator: { en: 'things' }, unit: 'count', baseline: 0, target: 3, geometry: line(0.05) },
  ]);
  draft = dr.id;
}, 240_000);
afterAll(async () => { await t?.dispose(); });

describe('visibility', () => {
  it('the public sees a published decision; a draft is 404 on every tracker path, its organisation sees it', async () => {
    await anon.agent.get(`/tracker/decisions/${published}?lang=en`).expect(200).expect('Content-Type', /text\/html/);
    for (const p of [`/tracker/decisions/${draft}`, `/tracker/decisions/${draft}/feed.atom`, `/tracker/decisions/${draft}/map.png`, `/api/decisions/${draft}/report.pdf`]) {
      const r = await anon.agent.get(p);
      expect(r.status, p).toBe(404);
    }
    const page404 = await anon.agent.get(`/tracker/decisions/${draft}?lang=ru`).expect(404).expect('Content-Type', /text\/html/);
    expect(page404.text).toContain('Такой страницы трекера нет');
    expect(page404.text).not.toContain('Secret draft plan');
    const own = await adv.agent.get(`/tracker/decisions/${draft}?lang=en`).expect(200);
    expect(own.text).toContain('Secret draft plan');
    const camp = await anon.agent.get(`/tracker/campaigns/${campaignId}?lang=en`).expect(200);
    expect(camp.text).toContain('Karakol irrigation renewal');
    expect(camp.text).not.toContain('Secret draft plan');
    const feed = await anon.agent.get(`/tracker/campaigns/${campaignId}/feed.atom`).expect(200);
    expect(feed.text).not.toContain('Draft commitment');
  });

  it('bad ids and queries are 400 problems naming the field', async () => {
    const r = await anon.agent.get('/tracker/decisions/not-a-uuid').expect(400);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    expect((await anon.agent.get(`/tracker/decisions/${published}?lang=fr`).expect(400)).body.detail ?? '').toMatch(/lang/);
  });
});

describe('page', () => {
  it('shows the counts, bars in the status colours, the map and escapes the hostile title', async () => {
    const r = await anon.agent.get(`/tracker/decisions/${published}`).set('Accept-Language', 'ky').expect(200);
    expect(r.headers['content-language']).toBe('ky');
    expect(r.text).toContain('<html lang="ky">');
    expect(r.text).toMatch(/3 милдеттенменин \d+/);
    expect(r.text).not.toContain('<script>alert');
    expect(r.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(r.text).toContain(`background:${STATUS_PALETTE.late.color}`);
    expect(r.text).toContain(`/tracker/decisions/${published}/map.png?lang=ky`);
    expect(r.text).toContain('Acceptance act');
    // The deciding body and the responsible body in the page's language, in Kyrgyz, Russian and English.
    expect(r.text).toContain('Каракол шаардык кеңеши');
    expect(r.text).toContain('Каракол шаарынын «Водоканалы»');
    for (const [lang, body, responsible] of [['ru', 'Каракольский городской кенеш', '«Водоканал» города Каракол'], ['en', 'Karakol city council', 'Water utility']]) {
      const other = await anon.agent.get(`/tracker/decisions/${published}?lang=${lang}`).expect(200);
      expect(other.text, lang).toContain(body);
      expect(other.text, lang).toContain(responsible);
      expect(other.text, lang).not.toContain('Каракол шаардык кеңеши');
    }
    expect(r.text).toMatch(/<meta property="og:image" content="http:\/\/[^"]+\/map\.png\?lang=ky"/);
    // Not framable outside the embed form.
    expect(r.headers['content-security-policy']).toMatch(/frame-ancestors 'self'/);
    const map = await anon.agent.get(`/tracker/decisions/${published}/map.png?lang=ky`).buffer(true).parse(binary as never).expect(200).expect('Content-Type', 'image/png');
    const meta = await sharp(map.body as Buffer).metadata();
    expect(meta.width).toBe(960);
  });

  it('the embed form is framable by any site and has no page chrome', async () => {
    const r = await anon.agent.get(`/tracker/decisions/${published}?embed=1&lang=en`).expect(200);
    expect(r.headers['content-security-policy']).toMatch(/frame-ancestors \*/);
    expect(r.headers['x-frame-options']).toBeUndefined();
    expect(r.text).not.toContain('<header class="top">');
  });
});

describe('feed', () => {
  it('is Atom that a strict XML parser reads, newest first, with the hostile title escaped', async () => {
    const r = await anon.agent.get(`/tracker/decisions/${published}/feed.atom?lang=en`).buffer(true).expect(200);
    expect(r.headers['content-type']).toMatch(/application\/atom\+xml/);
    const xml = r.text || (r.body as Buffer).toString('utf8');
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (l, m) => { errors.push(`${l}: ${m}`); } }).parseFromString(xml, 'application/xml');
    expect(errors).toEqual([]);
    const entries = Array.from(doc.documentElement!.getElementsByTagName('entry'));
    expect(entries).toHaveLength(2);
    const updated = entries.map((e) => e.getElementsByTagName('updated')[0]!.textContent!);
    expect([...updated].sort().reverse()).toEqual(updated);
    for (const e of entries) {
      expect(e.getElementsByTagName('id')[0]!.textContent).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(e.getElementsByTagName('content')[0]!.getAttribute('type')).toBe('html');
      expect(e.getElementsByTagName('link')[0]!.getAttribute('href')).toContain(`/tracker/decisions/${published}`);
    }
    expect(xml).not.toContain('<script>');
    const titles = entries.map((e) => e.getElementsByTagName('title')[0]!.textContent);
    expect(titles.some((x) => x!.includes('<script>alert("x")</script>'))).toBe(true);
    const html = entries.map((e) => e.getElementsByTagName('content')[0]!.textContent).join('');
    expect(html).not.toContain('<script>');
  });
});

describe('share links', () => {
  it('open the campaign tracker (published only); a revoked link is 404', async () => {
    const link = await send(adv, 'post', `/api/campaigns/${campaignId}/share-links`).send({});
    expect(link.status).toBe(201);
    const token = link.body.token as string;
    const page = await anon.agent.get(`/s/${token}/tracker?lang=en`).expect(200);
    expect(page.text).toContain('Karakol irrigation renewal');
    expect(page.text).not.toContain('Secret draft plan');
    const feed = await anon.agent.get(`/s/${token}/feed.atom`).expect(200);
    expect(feed.headers['content-type']).toMatch(/atom/);
    await anon.agent.get(`/s/${token}/tracker/map.png`).expect(200).expect('Content-Type', 'image/png');
    const embed = await anon.agent.get(`/s/${token}/tracker?embed=1`).expect(200);
    expect(embed.headers['content-security-policy']).toMatch(/frame-ancestors \*/);
    await send(adv, 'delete', `/api/campaigns/${campaignId}/share-links/${link.body.id}`).expect(204);
    const gone = await anon.agent.get(`/s/${token}/tracker`).expect(404);
    expect(gone.text).toContain('This link does not work');
    await anon.agent.get(`/s/${token}/feed.atom`).expect(404);
  });
});

describe('in Chromium', () => {
  it('reads at 1280 and 360 px (decision, campaign, embed) without sideways scrolling or errors, the map image loaded', async () => {
    const listen = await new Promise<import('node:http').Server>((resolve) => { const s = t.app.listen(0, '127.0.0.1', () => resolve(s)); });
    const port = (listen.address() as import('node:net').AddressInfo).port;
    const browser = await launchBrowser({ locale: 'ky-KG' });
    try {
      const views = [
        { name: 'tracker-ky-1280', width: 1280, url: `/tracker/decisions/${published}?lang=ky`, bars: 3 },
        { name: 'tracker-ky-360', width: 360, url: `/tracker/decisions/${published}?lang=ky`, bars: 3 },
        { name: 'tracker-campaign-ru-360', width: 360, url: `/tracker/campaigns/${campaignId}?lang=ru`, bars: 3 },
        { name: 'tracker-embed-en-360', width: 360, url: `/tracker/decisions/${published}?lang=en&embed=1`, bars: 3 },
      ];
      for (const v of views) {
        const page = await browser.context.newPage();
        await page.setViewportSize({ width: v.width, height: 900 });
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
        await page.goto(`http://127.0.0.1:${port}${v.url}`, { waitUntil: 'load' });
        const state = await page.evaluate(() => {
          const img = document.querySelector<HTMLImageElement>('.map img');
          return { overflow: document.documentElement.scrollWidth - window.innerWidth, map: img ? img.naturalWidth : -1, bars: document.querySelectorAll('.bar').length };
        });
        expect(state.overflow, `sideways scroll: ${v.name}`).toBeLessThanOrEqual(0);
        expect(state.map, v.name).toBe(960);
        expect(state.bars, v.name).toBe(v.bars);
        expect(errors, v.name).toEqual([]);
        await screenshot(page, v.name, { fullPage: true });
        await page.close();
      }
    } finally {
      await browser.close();
      await new Promise((r) => listen.close(r));
    }
  });
});

