// The villages table of a budget analysis as a file: XLSX (exceljs; sheets "Villages", "Lines",
// "Sources") or CSV (the villages only). Column headers in the asked language, numbers as numbers
// (amounts in KGS, shares 0–1 shown as percentages in XLSX). Pure: a BudgetAnalysis and the document's
// detail in, bytes out; no HTTP, no SQL.
import ExcelJS from 'exceljs';
import type { Lang } from '../layers/types.js';
import { neutralise } from '../exports/formats/csv.js';
import type { BudgetAnalysis, BudgetDocumentDetail } from './budgets.types.js';
import { B, DIRECTION, FUNDING, NATURE, PHASE, PROVENANCE, SECTOR, UNSERVED_FROM, bmsg, fmtNum } from '../render/budget-messages.js';
import { focusSector, municipalityName, villageName } from '../render/budget-page.js';

export type TableFormat = 'csv' | 'xlsx';
type Kind = 'text' | 'int' | 'kgs' | 'share';
interface Column { header: string; kind: Kind; width: number }
type Cell = string | number | null;

/**
 * Number formats. Excel keeps the format code in its own (English) syntax and shows it with the reader's
 * separators: "#,##0" reads "1 234 567" in a Russian or Kyrgyz Excel and LibreOffice and "1,234,567" in
 * an English one. (A literal "# ##0" would print a fixed space in the wrong places in an English Excel.)
 */
export const NUMBER_FORMATS = { int: '#,##0', kgs: '#,##0', share: '0.0%' } as const;

/** The villages table: its columns and one row of numbers (or text) per village, in the analysis's order. */
export function villagesTable(a: BudgetAnalysis, lang: Lang): { columns: Column[]; rows: Cell[][] } {
  const sector = focusSector(a);
  const sec = SECTOR[sector][lang];
  const columns: Column[] = [
    { header: B.colVillage[lang], kind: 'text', width: 24 },
    { header: B.colPopulation[lang], kind: 'int', width: 12 },
    { header: B.colCapital[lang], kind: 'kgs', width: 18 },
    { header: B.colPerResident[lang], kind: 'kgs', width: 16 },
    { header: bmsg(B.colPerUnserved, lang, { sector: sec }), kind: 'kgs', width: 22 },
    { header: B.colShareContrib[lang], kind: 'share', width: 14 },
    { header: B.colShareSpending[lang], kind: 'share', width: 14 },
    { header: bmsg(B.colShareUnserved, lang, { sector: sec }), kind: 'share', width: 22 },
    { header: B.colSpending[lang], kind: 'kgs', width: 16 },
    { header: B.colContributions[lang], kind: 'kgs', width: 16 },
    { header: bmsg(B.colUnserved, lang, { sector: sec }), kind: 'int', width: 18 },
    { header: B.colProvenance[lang], kind: 'text', width: 20 },
  ];
  const rows = a.villages.map((v): Cell[] => [
    villageName(v.names, lang), v.population, v.spending.capital, v.perResident.total, v.perUnserved[sector] ?? null,
    v.shares.contributions, v.shares.spending, v.shares.unserved[sector] ?? null,
    v.spending.total, v.contributions, v.unserved[sector]?.people ?? null, PROVENANCE[v.provenance][lang],
  ]);
  return { columns, rows };
}

/** "Bel ayil aymak" 2014 approved → budget-Bel-ayil-aymak-2014-approved (ASCII: Cyrillic transliterated). */
export function tableFilename(a: BudgetAnalysis, format: TableFormat | 'pdf'): string {
  const d = a.document;
  const name = translit(d.municipality).replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'municipality';
  return `budget-${name}-${d.fiscalYear}-${d.phase}.${format}`;
}

const CYR: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', ң: 'ng', о: 'o', ө: 'o', п: 'p', р: 'r',
  с: 's', т: 't', у: 'u', ү: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};
function translit(s: string): string {
  return [...s.normalize('NFC')].map((ch) => {
    const lower = ch.toLowerCase();
    const t = CYR[lower];
    if (t === undefined) return ch.normalize('NFKD').replace(/[^\x20-\x7e]/g, '');
    return ch !== lower && t ? t[0]!.toUpperCase() + t.slice(1) : t;
  }).join('');
}

/**
 * CSV of the villages table: UTF-8 with a byte order mark (Excel reads Cyrillic as UTF-8 only then).
 * ky/ru: ';' between fields and ',' as the decimal mark — what Excel and LibreOffice in a Russian or
 * Kyrgyz locale expect when the file is opened by a double click (',' is their decimal mark, so it
 * cannot separate fields); en: ',' between fields and '.' as the decimal mark. Numbers are written
 * without grouping; shares as 0–1 (as in the JSON analysis). Text that a spreadsheet would run as a
 * formula is prefixed with ' (exports/formats/csv.ts).
 */
export function villagesCsv(a: BudgetAnalysis, lang: Lang): Buffer {
  const sep = lang === 'en' ? ',' : ';';
  const { columns, rows } = villagesTable(a, lang);
  const cell = (v: Cell): string => {
    if (v === null) return '';
    const s = typeof v === 'number' ? (lang === 'en' ? String(v) : String(v).replace('.', ',')) : neutralise(v);
    return s.includes(sep) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [columns.map((c) => cell(c.header)).join(sep), ...rows.map((r) => r.map(cell).join(sep))];
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}

/** XLSX: "Villages" (header frozen), "Lines" (the document's lines) and "Sources" (provenance, licence, the illustrative notice). */
export async function budgetXlsx(a: BudgetAnalysis, detail: BudgetDocumentDetail, lang: Lang, now = new Date()): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'kg-advocacy-map';
  wb.created = now;
  const header = (ws: ExcelJS.Worksheet) => {
    const row = ws.getRow(1);
    row.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF14202B' } };
    row.alignment = { vertical: 'top', wrapText: true };
    ws.views = [{ state: 'frozen', ySplit: 1, xSplit: 0 }];
  };

  const { columns, rows } = villagesTable(a, lang);
  const vs = wb.addWorksheet(B.sheetVillages[lang]);
  vs.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width, style: c.kind === 'text' ? {} : { numFmt: NUMBER_FORMATS[c.kind] } }));
  for (const r of rows) vs.addRow(r);
  header(vs);

  const ls = wb.addWorksheet(B.sheetLines[lang]);
  ls.columns = [
    { header: B.colLineKey[lang], width: 18 }, { header: B.colDirection[lang], width: 12 }, { header: B.colFunctional[lang], width: 12 },
    { header: B.colEconomic[lang], width: 12 }, { header: B.colDescription[lang], width: 40 }, { header: B.colFunding[lang], width: 20 },
    { header: B.colNature[lang], width: 14 }, { header: B.colSector[lang], width: 18 }, { header: B.colAmount[lang], width: 16, style: { numFmt: NUMBER_FORMATS.kgs } },
    { header: B.colAllocations[lang], width: 44 },
  ];
  for (const l of detail.lines) {
    ls.addRow([
      l.lineKey, DIRECTION[l.direction]?.[lang] ?? l.direction, l.functionalCode, l.economicCode, l.description,
      FUNDING[l.fundingSource]?.[lang] ?? l.fundingSource, NATURE[l.nature]?.[lang] ?? l.nature, SECTOR[l.sector][lang], l.amount,
      l.allocations.map((x) => `${villageName(x.names, lang)}: ${fmtNum(x.allocated, lang)}`).join('; ') || B.wholeMunicipality[lang],
    ]);
  }
  header(ls);

  const ss = wb.addWorksheet(B.sheetSources[lang]);
  ss.columns = [{ header: B.field[lang], width: 28 }, { header: B.value[lang], width: 100 }];
  for (const [k, v] of sourceRows(a, lang, now)) ss.addRow([k, v]);
  header(ss);
  ss.getColumn(2).alignment = { wrapText: true, vertical: 'top' };

  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Field/value rows of the sources sheet (and the sources page of the hearing pack). */
export function sourceRows(a: BudgetAnalysis, lang: Lang, now: Date): [string, string][] {
  const d = a.document;
  const rows: [string, string][] = [
    [B.document[lang], bmsg(B.documentLine, lang, { municipality: municipalityName(d, lang), phase: PHASE[d.phase][lang], year: d.fiscalYear }) + (d.title ? ` — ${d.title}` : '')],
    [B.labelSource[lang], d.source],
  ];
  if (d.sourceDate) rows.push([B.labelSourceDate[lang], d.sourceDate]);
  rows.push([B.labelLicence[lang], d.licence]);
  rows.push([B.labelProvenance[lang], PROVENANCE[d.provenance][lang]]);
  // The flag in capitals first; its explanation is the analysis's own illustrative notice (below), else ours.
  if (a.provenance.illustrative || d.provenance === 'illustrative') {
    rows.push([B.notice[lang], a.provenance.notices.some((n) => /illustrative/.test(n.id)) ? B.illustrativeFlag[lang] : `${B.illustrativeFlag[lang]}. ${B.illustrativeText[lang]}`]);
  }
  const list = (r: Record<string, number>) => Object.entries(r).map(([k, n]) => `${PROVENANCE[k as keyof typeof PROVENANCE]?.[lang] ?? k}: ${n}`).join('; ');
  if (Object.keys(a.provenance.documents).length) rows.push([B.labelDocumentsProvenance[lang], list(a.provenance.documents)]);
  if (Object.keys(a.provenance.settlements).length) rows.push([B.labelSettlementsProvenance[lang], list(a.provenance.settlements)]);
  // Where the unserved figures come from, for the sectors the budget spends on.
  for (const x of a.sectors) {
    const from = a.provenance.unservedFrom[x.sector];
    if (from && from !== 'not measured') rows.push([bmsg(B.colUnserved, lang, { sector: SECTOR[x.sector][lang] }), UNSERVED_FROM[x.sector][lang]]);
  }
  for (const n of a.provenance.notices) rows.push([B.notice[lang], n.text[lang]]);
  rows.push([B.labelGenerated[lang], now.toISOString().slice(0, 10)]);
  return rows;
}
