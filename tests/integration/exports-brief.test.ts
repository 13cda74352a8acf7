// The council brief (issue 6): a multi-page PDF in ky, ru or en — the map, the gap-analysis figures
// (table and chart) with the numbered problems, the recommendations — read back with poppler-utils.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binary, type TestApp } from '../helpers/app.js';
import { appWithAuth, makeUser, polygon, send, signIn, visitor } from '../helpers/session.js';
import { PREVIEW_DIR, pdfFonts, pdfPages, pdfText } from '../helpers/pdf.js';

let t: TestApp;
let karakol: string;
const get = (url: string) => t.http.get(url).buffer(true).parse(binary as never);
const keep = (name: string, body: Buffer) => { if (PREVIEW_DIR) { fs.mkdirSync(PREVIEW_DIR, { recursive: true }); fs.writeFileSync(path.join(PREVIEW_DIR, name), body); } };

beforeAll(async () => {
  t = await appWithAuth();
  const list = (await t.http.get('/api/campaigns').expect(200)).body.features as { id: string; properties: { title: { en: string } } }[];
  karakol = list.find((c) => c.properties.title.en.startsWith('Joint reconstruction of Karakol'))!.id;
});
afterAll(async () => { await t?.dispose(); });

describe('council brief', () => {
  it('in Russian: map, figures with a chart, numbered problems, recommendations; every page drawn and numbered', async () => {
    const res = await get(`/api/exports/brief.pdf?campaign=${karakol}&lang=ru&paper=a4&orientation=portrait`).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    keep('brief-a4-portrait-ru.pdf', res.body);
    const pages = await pdfPages(res.body, 40, PREVIEW_DIR, 'brief-ru');
    expect(pages.length).toBe(3); // map; figures and problems; recommendations
    for (const p of pages) expect(p.nonWhite).toBeGreaterThan(0.01);
    expect(pages[0]!.nonWhite).toBeGreaterThan(0.2);
    const text = pdfText(res.body);
    const byPage = text.split('\f').map((p) => p.replace(/\s+/g, ' '));
    expect(byPage[0]).toContain('Совместная реконструкция оросительной сети');
    expect(byPage[0]).toContain('Условные обозначения');
    expect(byPage[0]).toContain(`Страница 1 из ${pages.length}`);
    expect(byPage[1]).toContain('Показатели анализа пробелов');
    expect(byPage[1]).toContain('Население');
    expect(byPage[1]).toContain('Длина каналов по состоянию, км'); // the chart
    const rest = byPage.slice(1).join(' ');
    expect(rest).toMatch(/Отмеченные проблемы/);
    expect(rest).toMatch(/разрушенный канал|питьевая вода на полив/); // translated categories
    expect(rest).toContain('запланировано'); // translated status
    expect(byPage[pages.length - 1]).toContain('Рекомендации');
    expect(byPage[pages.length - 1]).toContain(`Страница ${pages.length} из ${pages.length}`);
    expect(pdfFonts(res.body).every((f) => f.embedded)).toBe(true);
  });

  it('in Kyrgyz with recommendations given in the request (POST), long text paginated', async () => {
    const para = 'Айыл өкмөтү 2027-жылдын бюджетинде сугат тармагын калыбына келтирүүгө каражат бөлүшү керек; үй-бүлөлөр ичүүчү сууну сугатка колдонбошу үчүн ар бир көчөнүн арыгы оңдолушу зарыл.';
    const recommendations = Array.from({ length: 40 }, (_, i) => `${i + 1}. ${para}`).join('\n\n');
    const c = await visitor(t);
    const res = await send(c, 'post', '/api/exports/brief.pdf').buffer(true).parse(binary as never).send({ campaign: karakol, lang: 'ky', paper: 'a4', orientation: 'landscape', recommendations }).expect(200);
    keep('brief-a4-landscape-ky.pdf', res.body);
    const pages = await pdfPages(res.body, 30, PREVIEW_DIR, 'brief-ky');
    expect(pages.length).toBeGreaterThanOrEqual(4); // the recommendations run over more than one page
    for (const p of pages) expect(p.nonWhite).toBeGreaterThan(0.01);
    const text = pdfText(res.body).replace(/\s+/g, ' ');
    expect(text).toContain('Шарттуу белгилер');
    expect(text).toContain('Сунуштар');
    expect(text).toContain('40. Айыл өкмөтү');
    expect(text).toContain('оңдолушу'); // ң ө ү survive
    // The glossary's terms (issue #16): the figures of the gap analysis, the people a problem touches.
    expect(text).toContain('Кемчиликтерди талдоонун көрсөткүчтөрү');
    expect(text).toContain('Көйгөй тийген адамдар');
    expect(text).toContain('Үй чарбалары');
    expect(text).not.toMatch(/Боштук|Жабыр тарт|долбоор/i);
    expect(text).toContain(`${pages.length} беттин ${pages.length}-бети`);
  });

  it("prints the campaign's own recommendations in the language asked for", async () => {
    await makeUser(t, { org: 'brief-a', orgName: 'Org Brief', role: 'advocate', email: 'adv@brief-a.example', name: 'Brief Advocate' });
    const owner = await signIn(t, 'adv@brief-a.example');
    const id = (await send(owner, 'post', '/api/campaigns').send({ type: 'Feature', geometry: polygon(78.36, 42.47, 0.04), properties: {
      title: { ru: 'Арыки Каракола' }, targetCouncil: { ru: 'Каракольский городской кенеш' }, status: 'active',
      recommendations: { ru: 'Включить ремонт арыка 13 в бюджет 2027 года.', en: 'Put aryk 13 in the 2027 budget.' },
    } }).expect(201)).body.id;
    const ru = pdfText((await get(`/api/exports/brief.pdf?campaign=${id}&lang=ru`).expect(200)).body).replace(/\s+/g, ' ');
    expect(ru).toContain('Включить ремонт арыка 13 в бюджет 2027 года.');
    expect(ru).toContain('Арыки Каракола');
    const en = pdfText((await get(`/api/exports/brief.pdf?campaign=${id}&lang=en`).expect(200)).body).replace(/\s+/g, ' ');
    expect(en).toContain('Put aryk 13 in the 2027 budget.');
  });

  it('bad input: no campaign → 400, unknown campaign → 404, bad language → 400', async () => {
    const a = await t.http.get('/api/exports/brief.pdf').expect(400);
    expect(a.headers['content-type']).toMatch(/problem\+json/);
    expect(a.body.errors[0].name).toBe('campaign');
    await t.http.get('/api/exports/brief.pdf?campaign=00000000-0000-4000-8000-000000000000').expect(404);
    const l = await t.http.get(`/api/exports/brief.pdf?campaign=${karakol}&lang=fr`).expect(400);
    expect(l.body.detail).toMatch(/ky, ru or en/);
  });
});
