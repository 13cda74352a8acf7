// The tracker's renderers on a fixture decision (no database): the counts and indicator sentences in
// ky/ru/en with Kyrgyz case endings, the HTML page (escaping, bars, chips, legend, embed form), the
// Atom feed (parsed by a strict XML parser, newest first, urn:uuid ids, HTML content escaped) and the
// report's text pages rasterised by the print renderer.
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { countsSentence, indicatorSentence, summarySentence } from '../../server/src/commitments/tracker.messages.js';
import { campaignPage, decisionPage, type PageLinks } from '../../server/src/commitments/tracker.pages.js';
import { atomFeed } from '../../server/src/commitments/tracker.feed.js';
import { STATUS_PALETTE } from '../../server/src/commitments/commitments.palette.js';
import { monitoringPagesSvg } from '../../server/src/render/monitoring-report.js';
import { SvgPrintRenderer, pageSize } from '../../server/src/render/output.js';
import { pick } from '../../server/src/i18n/pick.js';
import type { StatusCounts } from '../../server/src/commitments/commitments.types.js';
import { DECISION, FEED, HOSTILE, TRACKER } from '../fixtures/tracker-fixtures.js';

const C: StatusCounts = { done: 6, late: 5, not_started: 3, on_track: 0, at_risk: 0, broken: 0, total: 14 };
const KM = { unit: 'km' as const, indicator: { ky: 'канал калыбына келтирилди', ru: 'восстановлено канала', en: 'of canal rehabilitated' }, baseline: 0, target: 12, current: 4.5, commitments: 3 };

describe('summary sentences', () => {
  it('counts in each language, Kyrgyz with its endings after numbers', () => {
    expect(countsSentence(C, 'en')).toBe('6 of 14 commitments done, 5 late, 3 not started');
    expect(countsSentence(C, 'ru')).toBe('Выполнено 6 из 14 обязательств, просрочено 5, не начато 3');
    expect(countsSentence(C, 'ky')).toBe('14 милдеттенменин 6сы аткарылды, 5и кечигүүдө, 3ү башталган жок');
    expect(countsSentence({ ...C, done: 1, late: 0, not_started: 0, total: 1 }, 'en')).toBe('1 of 1 commitment done');
    expect(countsSentence({ ...C, done: 0, late: 0, not_started: 21, total: 21 }, 'ru')).toBe('Выполнено 0 из 21 обязательства, не начато 21');
    expect(countsSentence({ ...C, done: 40, late: 0, not_started: 0, total: 40 }, 'ky')).toBe('40 милдеттенменин 40ы аткарылды');
  });
  it('indicator totals', () => {
    const p = (x: { en: string | null }) => x.en ?? '';
    expect(indicatorSentence(KM, 'en', p)).toBe('4.5 of 12 km: of canal rehabilitated');
    expect(indicatorSentence(KM, 'ru', (x) => x.ru ?? '')).toBe('4,5 из 12 км: восстановлено канала');
    expect(indicatorSentence(KM, 'ky', (x) => x.ky ?? '')).toBe('канал калыбына келтирилди: 12 километрдин 4,5и');
    expect(indicatorSentence({ ...KM, unit: 'count', target: 20, current: 7 }, 'ky', () => '')).toBe('20нын 7си');
    expect(indicatorSentence({ ...KM, unit: 'households', target: 21, current: 3 }, 'ru', () => '')).toBe('3 из 21 домохозяйства');
    expect(summarySentence(C, [KM], 'en', (x) => x.en ?? '')).toBe('6 of 14 commitments done, 5 late, 3 not started; 4.5 of 12 km: of canal rehabilitated.');
  });
});

const links = (over: Partial<PageLinks> = {}): PageLinks => ({ lang: 'ky', embed: false, self: `/tracker/decisions/${DECISION.id}`, mapUrl: `/tracker/decisions/${DECISION.id}/map.png?lang=ky`, feedUrl: `/tracker/decisions/${DECISION.id}/feed.atom`, reportUrl: `/api/decisions/${DECISION.id}/report.pdf?lang=ky`, ...over });

describe('tracker page', () => {
  it('escapes what people typed and shows bars, chips, legend, timeline and the flag', () => {
    const page = decisionPage(DECISION, links());
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(page).not.toMatch(/<script\b/i);
    expect(page).toContain('<html lang="ky">');
    expect(page).toContain('6 милдеттенменин 1и аткарылды');
    expect(page).toContain(`background:${STATUS_PALETTE.late.color}`);
    expect(page.match(/class="bar"/g)).toHaveLength(DECISION.commitments.length);
    expect(page).toContain('class="plan" style="left:55.0%"');
    expect(page).toContain('ИЛЛЮСТРАЦИЯЛЫК МААЛЫМАТ');
    expect(page).toContain('Acceptance act');
    expect(page).toContain('class="legend"');
    expect(page).toContain('<header class="top">');
  });
  it('the embed form has no chrome and opens links outside the frame', () => {
    const page = decisionPage(DECISION, links({ embed: true, lang: 'en' }));
    expect(page).not.toContain('<header class="top">');
    expect(page).toContain('<base target="_blank" />');
  });
  it('the campaign page lists its decisions', () => {
    const page = campaignPage(TRACKER, links({ lang: 'ru', decisionUrl: (id) => `/tracker/decisions/${id}` }));
    expect(page).toContain(`href="/tracker/decisions/${DECISION.id}"`);
    expect(page).toContain('Выполнено 1 из 6 обязательств');
  });
});

describe('Atom feed', () => {
  it('is well-formed XML, newest first, with escaped HTML content', () => {
    const xml = atomFeed(FEED, { lang: 'en', selfUrl: 'https://x.example/tracker/decisions/d/feed.atom', pageUrl: 'https://x.example/tracker/decisions/d', title: `Progress: ${HOSTILE}\u0001`, key: 'decision:d', fallbackUpdated: DECISION.updatedAt, absolute: (path) => `https://x.example${path}` });
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (level, m) => { errors.push(`${level}: ${m}`); } }).parseFromString(xml, 'application/xml');
    expect(errors).toEqual([]);
    const feed = doc.documentElement!;
    expect(feed.namespaceURI).toBe('http://www.w3.org/2005/Atom');
    expect(feed.getElementsByTagName('title')[0]!.textContent).toBe(`Progress: ${HOSTILE}`);
    const entries = Array.from(feed.getElementsByTagName('entry'));
    expect(entries).toHaveLength(FEED.length);
    const updated = entries.map((e) => e.getElementsByTagName('updated')[0]!.textContent!);
    expect([...updated].sort().reverse()).toEqual(updated);
    for (const e of entries) {
      expect(e.getElementsByTagName('id')[0]!.textContent).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(e.getElementsByTagName('content')[0]!.getAttribute('type')).toBe('html');
      expect(e.getElementsByTagName('author')[0]!.getElementsByTagName('name')[0]!.textContent).toBeTruthy();
    }
    const hostile = entries.find((e) => e.getElementsByTagName('title')[0]!.textContent!.startsWith('<script>'))!;
    expect(hostile).toBeTruthy();
    // The HTML in <content> carries the text escaped: no markup from a person reaches a feed reader.
    expect(hostile.getElementsByTagName('content')[0]!.textContent).toContain('&lt;script&gt;');
    expect(feed.getElementsByTagName('id')[0]!.textContent).toMatch(/^urn:uuid:/);
  });
});

describe('report pages', () => {
  it('render in each language and rasterise', async () => {
    const r = new SvgPrintRenderer();
    for (const lang of ['ky', 'ru', 'en'] as const) {
      const pages = monitoringPagesSvg({
        lang, size: pageSize('a4', 'portrait'), title: pick(DECISION.title, lang), heading: pick(DECISION.title, lang), asOf: DECISION.asOf,
        decisions: [DECISION], counts: DECISION.counts, indicators: DECISION.indicators, photos: [], visits: [], trackerUrl: 'https://x.example/t', generatedOn: '2026-07-01', footerLeft: 'footer',
      }, (i, n) => `${i + 1}/${n}`, 1);
      expect(pages.length).toBeGreaterThanOrEqual(1);
      expect(pages[0]).toContain(pick(DECISION.title, lang).slice(0, 20));
      expect(pages.join('')).not.toContain('<script>');
      const png = r.png(pages[0]!, 400);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    }
  });
  it('print the monitoring visits when the visits module gives them, and no such section without it', () => {
    const base = { lang: 'en' as const, size: pageSize('a4', 'portrait'), title: 'T', heading: 'H', asOf: DECISION.asOf, decisions: [DECISION], counts: DECISION.counts, indicators: DECISION.indicators, photos: [], trackerUrl: 'https://x.example/t', generatedOn: '2026-07-01', footerLeft: 'f' };
    const visits = [{ facility: { layer: 'facilities', id: 3, name: { ky: 'Ак-Тилек базары', ru: 'Рынок Ак-Тилек', en: 'Ak-Tilek bazaar' } }, checklist: { code: 'market', title: { ky: 'Базар', ru: 'Рынок', en: 'Market hygiene' } }, visits: [{ id: 'a', visitedOn: '2026-03-01', score: 40, photos: 2 }, { id: 'b', visitedOn: '2026-06-01', score: 55, photos: 3 }], latest: 55, previous: 40, change: 15, commitmentIds: [] }];
    const withVisits = monitoringPagesSvg({ ...base, visits }, (i, n) => `${i + 1}/${n}`, 1).join('');
    expect(withVisits).toContain('Monitoring visits');
    expect(withVisits).toContain('Ak-Tilek bazaar');
    expect(withVisits).toContain('+15');
    const without = monitoringPagesSvg(base, (i, n) => `${i + 1}/${n}`, 1).join('');
    expect(without).not.toContain('Monitoring visits');
  });
});
