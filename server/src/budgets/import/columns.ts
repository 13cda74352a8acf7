// Guesses for the wizard: which of the first rows is the header and which column is which field, by
// header names in Kyrgyz, Russian and English; and the words a cell may use for a line's direction,
// sector, funding source and nature. Pure.
import { DIRECTIONS, FUNDING_SOURCES, NATURES, SECTORS, type Direction, type FundingSource, type Nature, type Sector } from '../budgets.schema.js';
import { columnLetter, type Cell } from './spreadsheet.js';

export const FIELDS = ['amount', 'executed', 'direction', 'description', 'functional_code', 'economic_code', 'administrative_code', 'funding_source', 'nature', 'sector', 'village', 'line_key'] as const;
export type Field = (typeof FIELDS)[number];

const text = (c: Cell | undefined) => (c === null || c === undefined ? '' : String(c)).normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

/** Header patterns, tried in this order (an "Executed amount" header is executed, not amount). */
const HEADER: [Field, RegExp][] = [
  ['executed', /(исполн|аткарыл|executed|факт|actual|кассов)/],
  ['functional_code', /(функц|function|^фкб?$|\bfc\b)/],
  ['economic_code', /(эконом|econom|^экб?$|\bec\b)/],
  ['administrative_code', /(ведомств|административ|administr|^акб?$)/],
  ['line_key', /(ключ|^key$|line.?key|ачкыч)/],
  ['direction', /(түрү|^тип|доход ?\/ ?расход|киреше ?\/ ?чыгаша|direction|^type|^вид$|revenue ?\/ ?expenditure)/],
  ['sector', /(сектор|sector|отрасл|тармак)/],
  ['funding_source', /(источник|каржылоо булаг|булагы|funding|source of fund)/],
  ['nature', /(характер|мүнөзү|nature|капитальн.*текущ|capital ?\/ ?current)/],
  ['village', /(айыл$|^айыл|село|village|насел|нас\. ?пункт|конуш|settlement)/],
  ['amount', /(сумма|summa|amount|^план|утвержд|бекитил|^бюджет|planned|approved|^сом$|kgs)/],
  ['description', /(наименован|аталыш|описан|description|^name|^статья|берене|мазмун|^item)/],
  ['economic_code', /^(код|code|коду)(?![\p{L}])/u],
];

export function fieldOfHeader(h: Cell | undefined): Field | null {
  const t = text(h);
  if (!t || t.length > 80) return null;
  for (const [f, re] of HEADER) if (re.test(t)) return f;
  return null;
}

export interface Guess { headerRow: number; columns: Partial<Record<Field, string>> }

/** The row (1-based) among the first ones whose cells name the most fields, and those fields' columns. */
export function guessHeader(rows: Cell[][], look = 20): Guess {
  let best: Guess = { headerRow: 1, columns: {} };
  let bestN = 1;
  for (let r = 0; r < Math.min(look, rows.length); r++) {
    const columns: Partial<Record<Field, string>> = {};
    (rows[r] ?? []).forEach((c, i) => {
      const f = fieldOfHeader(c);
      if (f && !columns[f]) columns[f] = columnLetter(i);
    });
    const n = Object.keys(columns).length;
    if (n > bestN) { best = { headerRow: r + 1, columns }; bestN = n; }
  }
  return best;
}

// ---- values of cells ----

const REVENUE = /^(доход|поступлен|киреше|түшүү|revenue|income|receipt)|^(д|к)$/;
const EXPENDITURE = /^(расход|чыгаша|чыгым|expenditure|expense|spending|outlay)|^(р|ч)$/;

export function directionOf(c: Cell): Direction | null {
  const t = text(c).replace(/[.:]$/, '');
  if ((DIRECTIONS as readonly string[]).includes(t)) return t as Direction;
  if (REVENUE.test(t)) return 'revenue';
  if (EXPENDITURE.test(t)) return 'expenditure';
  return null;
}

/** A heading row such as "ДОХОДЫ" / "II. Чыгашалар" / "Expenditure" that sets the direction of the rows below it. */
export function headingDirection(c: Cell): Direction | null {
  const t = text(c).replace(/^[ivx\d]+[.)]\s*/, '').replace(/[.:]$/, '');
  if (/^(доходы|доходная часть|кирешелер|киреше бөлүгү|revenues?|income)$/.test(t)) return 'revenue';
  if (/^(расходы|расходная часть|чыгашалар|чыгаша бөлүгү|expenditures?|expenses|spending)$/.test(t)) return 'expenditure';
  return null;
}

const SECTOR_WORDS: [Sector, RegExp][] = [
  ['drinking_water', /(питьев|водоснаб|ичүүчү суу|суу менен камсыз|drinking|water supply|^вода$|^суу$|^water$)/],
  ['irrigation', /(ирригац|полив|орош|сугат|irrigat)/],
  ['electricity', /(электр|electric|power)/],
  ['roads', /(дорог|жол|road|street|улиц|көчө)/],
  ['health', /(здрав|медиц|фап|саламат|health|clinic)/],
  ['education', /(образов|школ|детск.*сад|билим|мектеп|бала бакча|educat|school|kindergarten)/],
  ['markets', /(рын|базар|market)/],
  ['other', /(проч|другое|башка|other)/],
];
const FUNDING_WORDS: [FundingSource, RegExp][] = [
  ['equalisation_grant', /(выравн|теңдөө|equali[sz])/],
  ['categorical_grant', /(категор|целев|максаттуу|categor)/],
  ['local_contributions', /(вклад|взнос|салым|contribution)/],
  ['donor', /(донор|donor|грант|grant)/],
  ['own_revenue', /(собствен|өз киреше|өздүк|own)/],
];
const NATURE_WORDS: [Nature, RegExp][] = [
  ['capital', /(капитал|capital|инвест|invest)/],
  ['current', /(текущ|учурдагы|current|operat)/],
];

function vocab<T extends string>(ids: readonly T[], words: [T, RegExp][]) {
  return (c: Cell): T | null => {
    const t = text(c);
    if (!t) return null;
    if ((ids as readonly string[]).includes(t)) return t as T;
    for (const [id, re] of words) if (re.test(t)) return id;
    return null;
  };
}
export const sectorOf = vocab(SECTORS, SECTOR_WORDS);
export const fundingOf = vocab(FUNDING_SOURCES, FUNDING_WORDS);
export const natureOf = vocab(NATURES, NATURE_WORDS);

/** The direction a total's text names ("Итого расходы", "Кирешелер бардыгы", "Total revenue"), or null. */
export function directionInText(c: Cell): Direction | null {
  const t = text(c);
  const rev = /(доход|поступлен|киреше|revenue|income)/.test(t);
  const exp = /(расход|чыгаша|чыгым|expenditure|expense|spending)/.test(t);
  return rev === exp ? null : rev ? 'revenue' : 'expenditure';
}

/** A row that states a total ("Итого", "Всего", "Жыйынтык", "Бардыгы", "Total"). */
export const isTotalText = (c: Cell) => /(^|\s|\()(итого|всего|жыйынтык|бардыгы|total|subtotal|grand total)/.test(text(c));
