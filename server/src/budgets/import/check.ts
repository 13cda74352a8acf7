// The check of a mapped budget sheet: every row below the header is read into a line or an issue,
// nothing silently dropped. Amounts the Kyrgyz/Russian way (amounts.ts); text, ambiguous or negative
// amounts, duplicates, totals that do not add up and villages that are not (yet) settlements of the
// municipality are issues naming sheet, row and column. Errors block the commit; warnings are read.
// Decision: no amount may be negative, revenue included (a refund is a line of its own; the table
// holds amount ≥ 0). Pure: the sheet and the settlements are handed in.
import { type Direction, type FundingSource, type Nature, type Sector } from '../budgets.schema.js';
import { formatTiyin, parseAmount } from './amounts.js';
import { directionInText, directionOf, fundingOf, headingDirection, isTotalText, natureOf, sectorOf, type Field } from './columns.js';
import { issueMessage, type IssueArgs, type IssueCode } from './messages.js';
import { columnIndex, type Cell, type Sheet } from './spreadsheet.js';
import { defaultLineKey } from '../budgets.repo.js';
import { matchVillage, plainName, type SettlementName } from './villages.js';
import type { CheckInput, CheckReport, PreparedLine, ReportIssue, SectorFigures, VillageReport } from './budget-imports.schema.js';

const CODE = /^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$/;
const DEFAULTS = { funding_source: 'own_revenue', nature: 'current', sector: 'other' } as const;

const str = (c: Cell | undefined): string => (c === null || c === undefined ? '' : typeof c === 'number' ? String(c) : c.trim());
/** A code cell: numbers as written (0620 may have lost its zero in a number cell: kept as the number says). */
const codeText = (c: Cell | undefined) => str(c).replace(/\s+/g, '');

export interface CheckResult { report: CheckReport; lines: PreparedLine[] }

export function checkSheet(sheet: Sheet, m: CheckInput, settlements: SettlementName[]): CheckResult {
  const issues: ReportIssue[] = [];
  const col = Object.fromEntries(Object.entries(m.columns).map(([f, l]) => [f, columnIndex(l as string)])) as Partial<Record<Field, number>>;
  const cell = (r: Cell[], f: Field): Cell => (col[f] === undefined ? null : r[col[f]!] ?? null);
  const issue = (code: IssueCode, row: number, f: Field | null, severity: 'error' | 'warning', args: IssueArgs = {}, value: string | null = null) => {
    issues.push({ code, severity, sheet: sheet.name, row, column: f && col[f] !== undefined ? m.columns[f as keyof typeof m.columns]! : null, field: f, value, message: issueMessage(code, args) });
  };
  const skip = new Set(m.skipRows);
  const marked = new Set(m.totalRows);
  const lines: PreparedLine[] = [];
  const keys = new Map<string, number>();
  const same = new Map<string, number>();
  const defaults: CheckReport['defaults'] = {};
  let heading: Direction | null = null;
  let blockStart = -1; // index in `lines` where the current total block starts
  let blockFromRow = m.headerRow + 1;
  let sectionStart = 0;
  let rowsRead = 0, totalRows = 0, skipped = 0;
  const villageRows = new Map<string, { name: string; rows: number[]; lineIdx: number[] }>();

  for (let i = m.headerRow; i < sheet.rows.length; i++) {
    const r = sheet.rows[i] ?? [];
    const rowNo = i + 1;
    if (!r.some((c) => c !== null)) continue;
    rowsRead++;
    if (skip.has(rowNo)) { skipped++; continue; }
    const desc = str(cell(r, 'description'));
    const rawAmount = cell(r, 'amount');
    const amount = parseAmount(rawAmount);
    const shown = str(rawAmount);

    // A total: compared with the lines above it, never imported.
    if (marked.has(rowNo) || (desc && isTotalText(desc)) || (!desc && r.some((c) => typeof c === 'string' && isTotalText(c)))) {
      totalRows++;
      if (amount.kind === 'ok') {
        // "Итого расходы" / "Кирешелер бардыгы": only the lines of that direction count.
        const named = directionInText(desc || r.filter((c) => typeof c === 'string').join(' '));
        const sum = (from: number) => lines.slice(from).filter((l) => !named || l.direction === named).reduce((a, l) => a + Math.round(l.amount * 100), 0);
        const sumBlock = sum(blockStart < 0 ? 0 : blockStart);
        const sumSection = sum(sectionStart);
        const sumAll = sum(0);
        if (![sumBlock, sumSection, sumAll].includes(Math.abs(amount.tiyin))) {
          issue('total-mismatch', rowNo, 'amount', 'warning', { stated: formatTiyin(amount.tiyin), sum: formatTiyin(sumBlock), from: blockFromRow }, shown);
        }
      } else if (amount.kind !== 'empty') {
        reportAmount(amount, rowNo, 'amount', shown);
      }
      blockStart = lines.length;
      blockFromRow = rowNo + 1;
      continue;
    }
    // A heading: no amount; "Доходы"/"Расходы" sets the direction of the rows below. An executed
    // amount without a planned one is not a heading: it is reported.
    if (amount.kind === 'empty' && col.executed !== undefined && parseAmount(cell(r, 'executed')).kind !== 'empty') {
      issue('amount-missing', rowNo, 'amount', 'error');
      continue;
    }
    if (amount.kind === 'empty') {
      const h = headingDirection(desc || (r.find((c) => typeof c === 'string') ?? null));
      if (h) { heading = h; sectionStart = lines.length; blockStart = lines.length; blockFromRow = rowNo + 1; }
      skipped++;
      continue;
    }
    let ok = true;
    if (amount.kind !== 'ok') { reportAmount(amount, rowNo, 'amount', shown); ok = false; }
    else if (amount.tiyin < 0) { issue('amount-negative', rowNo, 'amount', 'error', { value: formatTiyin(amount.tiyin) }, shown); ok = false; }
    if (!desc) { issue('description-missing', rowNo, 'description', 'error'); ok = false; }
    else if (desc.length > 500) { issue('description-too-long', rowNo, 'description', 'error', {}, desc.slice(0, 60)); ok = false; }

    let executed: number | null = null;
    if (col.executed !== undefined) {
      const raw = cell(r, 'executed');
      const e = parseAmount(raw);
      if (e.kind === 'ok') {
        if (e.tiyin < 0) { issue('amount-negative', rowNo, 'executed', 'error', { value: formatTiyin(e.tiyin) }, str(raw)); ok = false; } else executed = e.tiyin / 100;
      } else if (e.kind !== 'empty') { reportAmount(e, rowNo, 'executed', str(raw)); ok = false; }
    }

    let direction: Direction | null = null;
    if (col.direction !== undefined && str(cell(r, 'direction'))) {
      direction = directionOf(cell(r, 'direction'));
      if (!direction) { issue('direction-unknown', rowNo, 'direction', 'error', { value: str(cell(r, 'direction')) }, str(cell(r, 'direction'))); ok = false; }
    } else direction = m.constants.direction ?? heading;
    if (!direction && ok) { issue('direction-missing', rowNo, null, 'error'); ok = false; }

    const pick = <T extends string>(f: 'funding_source' | 'nature' | 'sector', of: (c: Cell) => T | null, allowed: readonly string[]): T | null => {
      const c = cell(r, f);
      if (col[f] !== undefined && str(c)) {
        const v = of(c);
        if (!v) { issue('value-unknown', rowNo, f, 'error', { value: str(c), field: f, allowed: allowed.join(', ') }, str(c)); ok = false; }
        return v;
      }
      const k = m.constants[f] as T | undefined;
      if (k) return k;
      defaults[f] = DEFAULTS[f] as never;
      return DEFAULTS[f] as unknown as T;
    };
    const funding = pick<FundingSource>('funding_source', fundingOf, ['own_revenue', 'equalisation_grant', 'categorical_grant', 'local_contributions', 'donor']);
    const nature = pick<Nature>('nature', natureOf, ['capital', 'current']);
    const sector = pick<Sector>('sector', sectorOf, ['drinking_water', 'irrigation', 'electricity', 'roads', 'health', 'education', 'markets', 'other']);

    const codes: Record<'functional_code' | 'economic_code' | 'administrative_code', string | null> = { functional_code: null, economic_code: null, administrative_code: null };
    for (const f of ['functional_code', 'economic_code', 'administrative_code'] as const) {
      const v = codeText(cell(r, f));
      if (!v) continue;
      if (!CODE.test(v)) { issue('code-invalid', rowNo, f, 'error', { value: v }, v); ok = false; } else codes[f] = v;
    }
    const village = str(cell(r, 'village')) || null;

    // Duplicates: the same key, or the same codes, description and village.
    const explicitKey = str(cell(r, 'line_key'));
    if (explicitKey.length > 120) { issue('key-too-long', rowNo, 'line_key', 'error', {}, explicitKey.slice(0, 60)); ok = false; }
    if (explicitKey) {
      const at = keys.get(explicitKey);
      if (at !== undefined) { issue('duplicate-key', rowNo, 'line_key', 'error', { value: explicitKey, otherRow: at }, explicitKey); ok = false; } else keys.set(explicitKey, rowNo);
    }
    const fingerprint = [codes.functional_code, codes.economic_code, codes.administrative_code, plainName(desc), village ? plainName(village) : ''].join('|');
    const twin = desc ? same.get(fingerprint) : undefined;
    if (twin !== undefined) { issue('duplicate-line', rowNo, 'description', 'error', { otherRow: twin }, desc.slice(0, 60)); ok = false; } else same.set(fingerprint, rowNo);

    if (village) {
      const k = plainName(village);
      const v = villageRows.get(k) ?? { name: village, rows: [], lineIdx: [] };
      v.rows.push(rowNo);
      villageRows.set(k, v);
    }
    if (!ok || amount.kind !== 'ok' || !direction || !funding || !nature || !sector) continue;
    if (village) villageRows.get(plainName(village))!.lineIdx.push(lines.length);
    lines.push({
      row: rowNo, line_key: explicitKey, direction, ...codes, description: desc, funding_source: funding, nature, sector,
      amount: amount.tiyin / 100, executed, village, settlement_id: null, source_ref: `${sheet.name}, row ${rowNo}`,
    });
  }

  // Line keys: the key column, else the budgets module's key (direction, codes, sector, description) with
  // the village; the same line in another phase or year gets the same key. Unique within the document.
  const used = new Set(lines.filter((l) => l.line_key).map((l) => l.line_key));
  for (const l of lines) {
    if (l.line_key) continue;
    const base = defaultLineKey(l);
    const suffix = l.village ? `|@${plainName(l.village).slice(0, 40)}` : '';
    let k = base.slice(0, 120 - suffix.length) + suffix;
    if (used.has(k)) k = `${k.slice(0, 110)}#${l.row}`;
    used.add(k);
    l.line_key = k;
  }

  // Villages: exact names confirmed; the rest as the person confirmed them, or issues.
  const villages: VillageReport[] = [];
  const inMunicipality = new Map(settlements.map((s) => [s.id, s]));
  const confirmed = new Map(Object.entries(m.villageMatches).map(([k, v]) => [plainName(k), v]));
  for (const v of villageRows.values()) {
    const match = matchVillage(v.name, settlements);
    const suggestions = match.kind === 'exact' ? [] : match.suggestions;
    let rep: VillageReport;
    const chosen = confirmed.get(plainName(v.name));
    if (chosen === null) rep = { name: v.name, rows: v.rows, status: 'unallocated', settlementId: null, names: null, suggestions };
    else if (chosen !== undefined) {
      const s = inMunicipality.get(chosen);
      if (!s) {
        issues.push({ ...rowIssue(v.rows, 'village-not-in-municipality', { village: v.name, municipality: m.document.municipality }), value: v.name });
        rep = { name: v.name, rows: v.rows, status: 'unmatched', settlementId: null, names: null, suggestions };
      } else rep = { name: v.name, rows: v.rows, status: 'confirmed', settlementId: s.id, names: s.names, suggestions };
    } else if (match.kind === 'exact') rep = { name: v.name, rows: v.rows, status: 'exact', settlementId: match.settlementId, names: match.names, suggestions: [] };
    else {
      const named = suggestions.map((s) => `${s.names.ky ?? s.names.ru ?? s.names.en} (${Math.round(s.score * 100)}%)`).join(', ');
      issues.push({
        ...rowIssue(v.rows, match.kind === 'close' ? 'village-suggested' : 'village-unmatched', { village: v.name, municipality: m.document.municipality, suggestions: named }),
        value: v.name,
      });
      rep = { name: v.name, rows: v.rows, status: match.kind === 'close' ? 'suggested' : 'unmatched', settlementId: null, names: null, suggestions };
    }
    for (const i of v.lineIdx) lines[i]!.settlement_id = rep.settlementId;
    villages.push(rep);
  }

  if (!lines.length && !issues.some((x) => x.severity === 'error')) issue('no-lines', m.headerRow, null, 'error');

  const bySector: Partial<Record<Sector, SectorFigures>> = {};
  let revenue = 0, expenditure = 0, executedSum = 0;
  for (const l of lines) {
    const t = Math.round(l.amount * 100);
    const s = (bySector[l.sector] ??= { revenue: 0, expenditure: 0, lines: 0 });
    s.lines++;
    if (l.direction === 'revenue') { revenue += t; s.revenue += t; } else { expenditure += t; s.expenditure += t; }
    executedSum += Math.round((l.executed ?? 0) * 100);
  }
  for (const s of Object.values(bySector)) { s.revenue /= 100; s.expenditure /= 100; }
  issues.sort((a, b) => a.row - b.row || (a.column ?? '').localeCompare(b.column ?? ''));
  return {
    lines,
    report: {
      sheet: sheet.name, headerRow: m.headerRow,
      counts: { rowsRead, lines: lines.length, totalRows, skipped, revenue: revenue / 100, expenditure: expenditure / 100, executed: col.executed !== undefined ? executedSum / 100 : null, bySector },
      issues, villages, blocking: issues.some((x) => x.severity === 'error'), defaults, settlements,
    },
  };

  function reportAmount(a: ReturnType<typeof parseAmount>, rowNo: number, f: Field, shown: string) {
    if (a.kind === 'text') issue('amount-text', rowNo, f, 'error', { value: shown }, shown);
    else if (a.kind === 'ambiguous') issue('amount-ambiguous', rowNo, f, 'error', { value: shown, readings: [fmtSom(a.readings[0]), fmtSom(a.readings[1])] }, shown);
    else if (a.kind === 'decimals') issue('amount-decimals', rowNo, f, 'error', { value: shown }, shown);
    else if (a.kind === 'too-large') issue('amount-too-large', rowNo, f, 'error', { value: shown }, shown);
  }
  function rowIssue(rows: number[], code: IssueCode, args: IssueArgs): ReportIssue {
    return { code, severity: 'error', sheet: sheet.name, row: rows[0]!, column: m.columns.village ?? null, field: 'village', value: null, message: issueMessage(code, args), rows };
  }
}

/** A reading of an ambiguous amount: 1234 → "1 234", 1.234 → "1,234". */
function fmtSom(n: number): string {
  const [i, f] = String(Math.abs(n)).split('.');
  return `${n < 0 ? '−' : ''}${i!.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')}${f ? `,${f}` : ''}`;
}

