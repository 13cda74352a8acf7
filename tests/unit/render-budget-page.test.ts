// The "Budget and gaps" page drawn from a hand-made BudgetAnalysis (tests/fixtures/budget-analysis.ts):
// amounts per locale, the illustrative flag, both charts, the villages table and the sentence in ky, ru
// and en — read back from a real PDF with pdftotext, every text kept inside the page.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../server/src/layers/types.js';
import { briefPagesSvg, type BriefContent } from '../../server/src/render/brief.js';
import { fmtKgs, fmtShare } from '../../server/src/render/budget-messages.js';
import { focusSector } from '../../server/src/render/budget-page.js';
import { textWidth } from '../../server/src/render/fonts.js';
import { SvgPrintRenderer, pageSize, type Orientation } from '../../server/src/render/output.js';
import { pdfPages, pdfText } from '../helpers/pdf.js';
import { ANALYSIS } from '../fixtures/budget-analysis.js';

const renderer = new SvgPrintRenderer();
const PREVIEW = process.env.EXPORTS_PREVIEW_DIR;

function content(lang: Lang, orientation: Orientation, analysis = ANALYSIS): BriefContent {
  return {
    lang, size: pageSize('a4', orientation), title: 'Nookat budgets', areaTitle: 'Nookat', figures: [], chartTitle: 'Canals', bars: [],
    findings: [], notices: [], annotations: [], recommendations: 'Recommendation.', footerLeft: 'Live map: http://localhost/#map', budgets: [{ lang, analysis }],
  };
}

/** Every <text> of an SVG page: where it starts and ends by the measured width of its string. */
function textExtents(svg: string) {
  const out: { s: string; x0: number; x1: number }[] = [];
  for (const m of svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)) {
    const a = Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (a.stroke) continue; // a halo
    const s = m[2]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
    const w = textWidth(s, Number(a['font-size']), a['font-weight'] === 'bold');
    const x = Number(a.x);
    const x0 = a['text-anchor'] === 'end' ? x - w : a['text-anchor'] === 'middle' ? x - w / 2 : x;
    out.push({ s, x0, x1: x0 + w });
  }
  return out;
}

describe('amounts and shares per locale', () => {
  it('KGS: no-break spaces and сом in ky/ru, KGS first with commas in en', () => {
    expect(fmtKgs(1234567, 'ru')).toBe('1\u00a0234\u00a0567\u00a0сом');
    expect(fmtKgs(1234567, 'ky')).toBe('1\u00a0234\u00a0567\u00a0сом');
    expect(fmtKgs(1234567, 'en')).toBe('KGS\u00a01,234,567');
    expect(fmtKgs(1234567.5, 'ru', 2)).toBe('1\u00a0234\u00a0567,5\u00a0сом');
    expect(fmtShare(0.04, 'ru')).toBe('4\u00a0%');
    expect(fmtShare(0.04, 'ky')).toBe('4\u00a0%');
    expect(fmtShare(0.04, 'en')).toBe('4%');
    expect(fmtShare(0.375, 'en')).toBe('38%');
    expect(fmtShare(null, 'en')).toBe('—');
  });
  it('the table counts people without the sector that takes the capital spending', () => {
    expect(focusSector(ANALYSIS)).toBe('drinking_water');
  });
});

describe('the Budget and gaps page', () => {
  const expected: Record<Lang, { title: string; flag: string; sentence: string; table: string[]; chart: string }> = {
    en: { title: 'Budget and gaps: Bel ayil aymak: approved budget for 2014', flag: 'ILLUSTRATIVE FIGURES', sentence: 'its residents pay 20 % of local contributions', table: ['Zhany-Talap', 'Per resident without drinking water, KGS', '2,000,000', '60%'], chart: 'Plan and execution by sector, KGS' },
    ru: { title: 'Бюджет и пробелы в услугах', flag: 'ИЛЛЮСТРАТИВНЫЕ ЦИФРЫ', sentence: 'его жители платят 20 % местных взносов', table: ['Жаны-Талап', 'На жителя без услуги «питьевая вода», сом', '2 000 000', '60 %'], chart: 'План и исполнение по отраслям, сом' },
    ky: { title: 'Бюджет жана кызматтардагы кемчиликтер', flag: 'ИЛЛЮСТРАЦИЯЛЫК САНДАР', sentence: 'салымдардын 20 %ын төлөйт', table: ['Жаңы-Талап', '«ичүүчү суу» жок бир тургунга, сом', '2 000 000', '60 %'], chart: 'Тармактар боюнча план жана аткарылышы, сом' },
  };
  for (const lang of ['ky', 'ru', 'en'] as const) {
    for (const orientation of ['landscape', 'portrait'] as const) {
      it(`${lang} ${orientation}: title, flag, charts, table, sentence; nothing outside the page`, async () => {
        const c = content(lang, orientation);
        const pages = briefPagesSvg(c, (i, n) => `${i + 1}/${n}`, 1);
        // figures page, the budget page(s), recommendations
        expect(pages.length).toBeGreaterThanOrEqual(3);
        for (const svg of pages) {
          for (const t of textExtents(svg)) {
            expect(t.x0, t.s).toBeGreaterThanOrEqual(0);
            expect(t.x1, t.s).toBeLessThanOrEqual(c.size.widthPt + 0.5);
          }
        }
        const pdf = await renderer.pdf(pages, c.size, { title: 'x', lang });
        const byPage = pdfText(pdf).split('\f').map((p) => p.replace(/\s+/g, ' ')).filter((p) => p.trim());
        const budgetPages = byPage.filter((p) => p.includes(expected[lang].title.slice(0, 20)));
        expect(budgetPages.length).toBeGreaterThanOrEqual(1);
        // Every page of the section says the figures are illustrative.
        const sectionPages = byPage.slice(1, -1);
        for (const p of sectionPages) expect(p).toContain(expected[lang].flag);
        const all = sectionPages.join(' ');
        expect(all).toContain(expected[lang].sentence);
        expect(all).toContain(expected[lang].chart);
        for (const cell of expected[lang].table) expect(all).toContain(cell);
        const shots = await pdfPages(pdf, 60, PREVIEW, `budget-unit-${lang}-${orientation}`);
        for (const i of byPage.map((p, n) => (p.includes(expected[lang].flag) ? n : -1)).filter((n) => n >= 0)) expect(shots[i]!.nonWhite).toBeGreaterThan(0.02);
      });
    }
  }

  it('a real budget (not illustrative) has no flag; a long village name wraps in its cell', async () => {
    const real = structuredClone(ANALYSIS);
    real.provenance.illustrative = false;
    real.document.provenance = 'real';
    real.villages[0]!.names.en = 'Kyzyl-Kyshtak-Zhangy-Abad-Ordo-Bazar-Korgon village on the left bank';
    const pages = briefPagesSvg(content('en', 'portrait', real), (i, n) => `${i + 1}/${n}`, 1);
    const txt = pdfText(await renderer.pdf(pages, pageSize('a4', 'portrait'), { title: 'x', lang: 'en' })).replace(/\s+/g, ' ');
    expect(txt).not.toContain('ILLUSTRATIVE FIGURES');
    expect(txt).toContain('Budget and gaps');
    for (const svg of pages) for (const t of textExtents(svg)) expect(t.x1, t.s).toBeLessThanOrEqual(pageSize('a4', 'portrait').widthPt);
    if (PREVIEW) fs.writeFileSync(path.join(PREVIEW, 'budget-unit-real.svg'), pages[1]!);
  });
});
