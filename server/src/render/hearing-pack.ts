// The budget hearing pack after its map page: the "Budget and gaps" section, the proposed capital
// lines with the villages they go to and the people without the service there, the fair-share page
// and the sources and provenance page — the brief's page furniture (running title, footer with the
// source line, page numbers). And the map layer of the pack: the municipality's villages coloured by
// the people without the service, a LayerDef made from the settlements layer so the print renderer
// draws it and its legend like any registry layer.
import type { Lang, LayerDef } from '../layers/types.js';
import { settlements } from '../layers/settlements.js';
import type { Sector } from '../budgets/budgets.schema.js';
import type { BudgetAnalysis, BudgetDocumentDetail, VillageFigures } from '../budgets/budgets.types.js';
import { B, PHASE, SECTOR, bmsg, fmtKgs, fmtNum, fmtShare } from './budget-messages.js';
import { budgetPages, dataTable, documentLine, focusSector, illustrativeFlag, villageName } from './budget-page.js';
import { M, msg } from './messages.js';
import type { PageSize } from './output.js';
import { GREY, Pages } from './pages.js';

export interface HearingPackContent {
  lang: Lang;
  size: PageSize;
  title: string;
  analysis: BudgetAnalysis;
  detail: BudgetDocumentDetail;
  /** The source line of every page's footer. */
  footerLeft: string;
  /** Rows of the sources page (field, value). */
  sources: [string, string][];
}

const isIllustrative = (a: BudgetAnalysis) => a.provenance.illustrative || a.document.provenance === 'illustrative';

/** The pages after the map, each a standalone SVG; `pageLabel(i, total)` numbers them (i counts from 0 over the whole pack). */
export function hearingPagesSvg(c: HearingPackContent, pageLabel: (i: number, total: number) => string, pagesBefore: number): string[] {
  const { lang, analysis: a } = c;
  const p = new Pages(c);
  const flag = isIllustrative(a);
  budgetPages(p, { lang, analysis: a });

  /** A section on a fresh page: its heading, then the flag, which every further page of it repeats. */
  const section = (title: string) => {
    p.onNewPage = null;
    p.newPage();
    p.heading(title, 60);
    if (flag) { illustrativeFlag(p, lang); p.onNewPage = () => illustrativeFlag(p, lang); }
  };

  // The proposed capital lines.
  section(B.linesTitle[lang]);
  if (a.document.phase !== 'proposed') p.para(bmsg(B.notProposed, lang, { phase: PHASE[a.document.phase][lang] }), 8.5, GREY);
  const byId = new Map(a.villages.map((v) => [v.settlementId, v]));
  const capital = c.detail.lines.filter((l) => l.direction === 'expenditure' && l.nature === 'capital').sort((x, y) => y.amount - x.amount);
  if (!capital.length) p.para(B.noCapitalLines[lang], 9.5, GREY);
  else {
    const rows = capital.map((l) => {
      const total = l.allocations.reduce((s, x) => s + x.allocated, 0) || 1;
      const villages = l.allocations.length
        ? l.allocations.map((x) => `${villageName(x.names, lang)} (${fmtShare(x.allocated / total, lang)})`).join('; ')
        : B.wholeMunicipality[lang];
      const unserved = l.allocations.map((x) => unservedIn(byId.get(x.settlementId), l.sector)).filter((n): n is number => n !== null);
      const code = [l.functionalCode, l.economicCode].filter(Boolean).join(' / ');
      return [code ? `${l.description} (${code})` : l.description, SECTOR[l.sector][lang], fmtNum(l.amount, lang), villages, unserved.length ? fmtNum(unserved.reduce((s, n) => s + n, 0), lang) : '—'];
    });
    dataTable(p, [
      { title: B.colLine[lang], w: 2.6, maxLines: 4 }, { title: B.colSector[lang], w: 1.1 }, { title: B.colAmount[lang], w: 1, align: 'end' },
      { title: B.colVillages[lang], w: 2.2, maxLines: 5 }, { title: B.colUnservedThere[lang], w: 1.1, align: 'end' },
    ], rows, `${B.linesTitle[lang]} ${msg(M.continued, lang)}`, { size: 8 });
    const sum = capital.reduce((s, l) => s + l.amount, 0);
    p.para(bmsg(B.capitalTotal, lang, { amount: fmtKgs(sum, lang) }), 8.5, undefined, true);
  }

  // Fair share: one row per basis.
  section(B.fairness[lang]);
  const basisOf = (f: BudgetAnalysis['fairness'][number]) => (f.basis === 'unserved' && f.sector ? `${B.basis.unserved[lang]} (${SECTOR[f.sector][lang]})` : B.basis[f.basis][lang]);
  const fair = a.fairness.filter((f) => f.index !== null);
  if (!fair.length) p.para(B.noVillages[lang], 9.5, GREY);
  else {
    dataTable(p, [
      { title: B.colBasis[lang], w: 1.8 }, { title: B.colIndex[lang], w: 0.9, align: 'end' }, { title: B.toMove[lang], w: 1.1, align: 'end' }, { title: B.largestGap[lang], w: 2.4 },
    ], fair.map((f) => [
      basisOf(f), fmtShare(f.index, lang), f.toMove === null ? '—' : fmtNum(f.toMove, lang),
      f.largestGap ? bmsg(B.largestGapValue, lang, { village: villageName(f.largestGap.names, lang), basis: basisOf(f), basisShare: fmtShare(f.largestGap.basisShare, lang), spendingShare: fmtShare(f.largestGap.spendingShare, lang) }) : '—',
    ]), `${B.fairness[lang]} ${msg(M.continued, lang)}`, { size: 8.5 });
  }
  p.para(B.fairnessExplain[lang], 8.5, GREY);
  const fairSentences = a.sentences.filter((x) => /fair|dissimilar|index/i.test(x.id));
  for (const sn of fairSentences) p.para(`• ${sn.text[lang]}`, 8.5);

  // Sources and provenance.
  section(B.sourcesTitle[lang]);
  dataTable(p, [{ title: B.field[lang], w: 1.3 }, { title: B.value[lang], w: 3, maxLines: 8 }], c.sources, `${B.sourcesTitle[lang]} ${msg(M.continued, lang)}`, { size: 8.5 });
  p.onNewPage = null;

  return p.finish(c.footerLeft, lang, pageLabel, pagesBefore);
}

/** People without the sector's service in a village (null: not known there). */
function unservedIn(v: VillageFigures | undefined, sector: Sector): number | null {
  const u = v?.unserved[sector];
  return u && !u.noData && u.people !== null ? u.people : null;
}

/** The map layer of the pack: the settlements layer's attributes, coloured by people without `sector`. */
export function unservedLayer(a: BudgetAnalysis, sector: Sector = focusSector(a)): { def: LayerDef; props: (v: VillageFigures) => Record<string, unknown> } {
  const sec = { en: SECTOR[sector].en, ru: SECTOR[sector].ru, ky: SECTOR[sector].ky };
  const n = ['coalesce', ['get', 'unserved_people'], -1];
  const def: LayerDef = {
    ...settlements,
    id: 'budget_villages',
    title: { en: bmsg(B.mapLayer, 'en', { sector: sec.en }), ru: bmsg(B.mapLayer, 'ru', { sector: sec.ru }), ky: bmsg(B.mapLayer, 'ky', { sector: sec.ky }) },
    geometry: 'point',
    attributes: [...settlements.attributes, { name: 'unserved_people', type: 'integer', label: { en: bmsg(B.mapLayer, 'en', { sector: sec.en }), ru: bmsg(B.mapLayer, 'ru', { sector: sec.ru }), ky: bmsg(B.mapLayer, 'ky', { sector: sec.ky }) } }],
    style: {
      colorBy: 'unserved_people',
      defaultColor: '#bababa',
      classes: [
        { id: 'no-data', label: B.mapClassNoData, color: '#bababa', when: ['<', n, 0] },
        { id: 'many', label: B.mapClassMany, color: '#67001f', when: ['>=', n, 500] },
        { id: 'some', label: B.mapClassSome, color: '#d6604d', when: ['>=', n, 100] },
        { id: 'few', label: B.mapClassFew, color: '#f4a582', when: ['>=', n, 1] },
        { id: 'partly', label: B.mapClassPartly, color: '#fddbc7', when: ['>', ['coalesce', ['get', 'unserved_partly'], 0], 0] },
        { id: 'none', label: B.mapClassNone, color: '#4393c3', when: ['literal', true] },
      ],
    },
  };
  const props = (v: VillageFigures): Record<string, unknown> => ({
    name_ky: v.names.ky, name_ru: v.names.ru, name_en: v.names.en, population: v.population, provenance: v.provenance,
    unserved_people: unservedIn(v, sector),
    unserved_partly: v.unserved[sector]?.partly ?? null,
  });
  return { def, props };
}

export { documentLine };
