// What a village is coloured and sorted by: the value of the chosen measure for the chosen sector,
// the classes the map draws (classed colours, radius growing with the class as a second cue) and
// the legend of those classes in the shape every layer's legend has (LegendSection, Legend.svelte).
// Pure and import-free (unit-tested under the server's tsconfig): the labels' formatter is passed in,
// and the inputs are described by the fields read here (VillageFigures of the analysis fits them; a
// measure unknown here fails the web type check where budgets.measure is passed).

export type Measure = 'spending' | 'spending_per_resident' | 'spending_per_unserved' | 'contributions' | 'share_gap' | 'execution';
export type SectorChoice = string;
type BySector<T> = Partial<Record<string, T>>;
/** The fields of a village's figures (VillageFigures) that the measures read. */
export interface VillageLike {
  settlementId: number;
  position: [number, number];
  displaced: boolean;
  spending: { total: number; bySector: BySector<number> };
  executed: { total: number; bySector: BySector<number> } | null;
  execution: number | null;
  contributions: number;
  shareGap: number | null;
  perResident: { total: number | null; bySector: BySector<number | null> };
  perUnserved: BySector<number | null>;
}
type Labels = { ky: string; ru: string; en: string };
/** A legend section in the shape of the layer registry's LegendSection (server/src/layers/types.ts), drawn by Legend.svelte. */
export interface ClassLegend { title: Labels; items: { label: Labels; color: string; shape: 'circle'; mark?: string; dashed?: boolean }[] }

/** The measure's value for a village (null: cannot be computed — no population, nobody without the service, no executed budget). */
export function measureValue(v: VillageLike, measure: Measure, sector: SectorChoice): number | null {
  const all = sector === 'all';
  switch (measure) {
    case 'spending': return all ? v.spending.total : v.spending.bySector[sector] ?? 0;
    case 'spending_per_resident': return all ? v.perResident.total : v.perResident.bySector[sector] ?? null;
    case 'spending_per_unserved': return all ? null : v.perUnserved[sector] ?? null;
    case 'contributions': return v.contributions;
    case 'share_gap': return v.shareGap;
    case 'execution': {
      if (all) return v.execution;
      const planned = v.spending.bySector[sector];
      const done = v.executed?.bySector[sector];
      return v.executed && planned ? (done ?? 0) / planned : null;
    }
  }
}

export type Kind = 'amount' | 'share' | 'gap';
export const measureKind = (m: Measure): Kind => (m === 'execution' ? 'share' : m === 'share_gap' ? 'gap' : 'amount');

export interface ClassDef { index: number; min: number | null; max: number | null; color: string; mark?: string }
/** The classes, the colour of villages without a value, and the range of the values classed (null: none). */
export interface Classes { classes: ClassDef[]; noData: string; range: [number, number] | null }

/** Light to dark blue: more money. */
const SEQUENTIAL = ['#d6e6f4', '#8fbfe0', '#3d8ac4', '#0b4f8a'];
/** Receives more than it pays in (teal) … pays in more than it receives (brown). */
const DIVERGING = ['#01665e', '#80cdc1', '#f2f0ea', '#dfc27d', '#8c510a'];
/** Little executed (red) … all executed (green). */
const EXECUTION = ['#c0392b', '#f39c4a', '#a6d96a', '#1a9850'];
export const NO_DATA = '#ffffff';

/** Two significant digits (a legend of 1 234 567 reads as 1 200 000). */
const round2 = (n: number) => { if (n === 0) return 0; const p = 10 ** (Math.floor(Math.log10(Math.abs(n))) - 1); return Math.round(n / p) * p; };

/** Breaks by quantiles of the values present, rounded; fewer classes when the values are few or equal. */
export function amountBreaks(values: number[], n = 4): number[] {
  const xs = [...values].sort((a, b) => a - b);
  if (xs.length < 2 || xs[0] === xs[xs.length - 1]) return [];
  const k = Math.min(n, xs.length);
  const breaks: number[] = [];
  for (let i = 1; i < k; i++) {
    const exact = xs[Math.floor((i * xs.length) / k)]!;
    const rounded = round2(exact);
    // Rounded unless rounding pushes the break outside the values (two villages, 1 790 and 1 860: 1 860, not 1 900).
    const b = rounded > xs[0]! && rounded <= xs[xs.length - 1]! ? rounded : exact;
    if (b > xs[0]! && !breaks.includes(b) && (breaks.length === 0 || b > breaks[breaks.length - 1]!)) breaks.push(b);
  }
  return breaks;
}

/** The classes of a measure for these values. */
export function classesFor(measure: Measure, values: (number | null)[]): Classes {
  const present = values.filter((x): x is number => x !== null && Number.isFinite(x));
  const kind = measureKind(measure);
  let breaks: number[];
  let colors: string[];
  let marks: (string | undefined)[] = [];
  if (kind === 'gap') { breaks = [-0.05, -0.01, 0.01, 0.05]; colors = DIVERGING; marks = ['−−', '−', '=', '+', '++']; }
  else if (kind === 'share') { breaks = [0.5, 0.8, 1]; colors = EXECUTION; }
  else {
    breaks = amountBreaks(present);
    colors = breaks.length + 1 === 1 ? [SEQUENTIAL[2]!] : SEQUENTIAL.slice(SEQUENTIAL.length - breaks.length - 1);
  }
  const classes = colors.map((color, i): ClassDef => ({ index: i, min: i === 0 ? null : breaks[i - 1]!, max: i === breaks.length ? null : breaks[i]!, color, ...(marks[i] ? { mark: marks[i] } : {}) }));
  return { classes, noData: NO_DATA, range: present.length ? [Math.min(...present), Math.max(...present)] : null };
}

/** The class a value falls in (lower bound included), or null for no value. */
export function classOf(c: Classes, value: number | null): ClassDef | null {
  if (value === null || !Number.isFinite(value)) return null;
  return c.classes.find((k) => (k.min === null || value >= k.min) && (k.max === null || value < k.max)) ?? c.classes[c.classes.length - 1]!;
}

/** The legend of the classes as a layer's legend: the same LegendSection shape, drawn by Legend.svelte. */
export function legendOf(c: Classes, title: string, fmt: (n: number) => string, labels: { below: (b: string) => string; from: (b: string) => string; between: (a: string, b: string) => string; noData: string }, withNoData: boolean): ClassLegend {
  const same = (s: string) => ({ ky: s, ru: s, en: s });
  const items: ClassLegend['items'] = c.classes.map((k) => ({
    shape: 'circle' as const, color: k.color, ...(k.mark ? { mark: k.mark } : {}),
    // One class (every village alike): the values' range, or the one value.
    label: same(k.min === null && k.max === null ? (c.range ? (c.range[0] === c.range[1] ? fmt(c.range[0]) : labels.between(fmt(c.range[0]), fmt(c.range[1]))) : '') : k.min === null ? labels.below(fmt(k.max!)) : k.max === null ? labels.from(fmt(k.min)) : labels.between(fmt(k.min), fmt(k.max))),
  }));
  if (withNoData) items.push({ shape: 'circle' as const, color: c.noData, dashed: true, label: same(labels.noData) });
  return { title: same(title), items: items.filter((i) => i.label.en) };
}

/** The shared point of villages drawn apart (`displaced`): the centre of each group of displaced villages near one another. */
export function sharedPoints(villages: Pick<VillageLike, 'settlementId' | 'position' | 'displaced'>[], within = 0.05): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  const left = villages.filter((v) => v.displaced);
  while (left.length) {
    const seed = left.shift()!;
    const group = [seed];
    for (let i = left.length - 1; i >= 0; i--) {
      const v = left[i]!;
      if (Math.abs(v.position[0] - seed.position[0]) <= within && Math.abs(v.position[1] - seed.position[1]) <= within) { group.push(v); left.splice(i, 1); }
    }
    if (group.length < 2) continue;
    const c: [number, number] = [group.reduce((s, v) => s + v.position[0], 0) / group.length, group.reduce((s, v) => s + v.position[1], 0) / group.length];
    for (const v of group) out.set(v.settlementId, c);
  }
  return out;
}

/**
 * Villages of several documents compared side by side can share one approximate point while each
 * document spread its own villages on the same ring (they would sit on one another). Spread each
 * group of displaced villages again, evenly on one ring around their shared point (the ring's radius
 * is the largest distance the server used), in the order of their ids; the others keep their position.
 */
export function spreadAround(villages: Pick<VillageLike, 'settlementId' | 'position' | 'displaced'>[], centres: Map<number, [number, number]>): Map<number, [number, number]> {
  const groups = new Map<string, { c: [number, number]; ids: number[]; r: number }>();
  for (const v of villages) {
    const c = centres.get(v.settlementId);
    if (!c) continue;
    const k = c.join(',');
    const g = groups.get(k) ?? { c, ids: [], r: 0 };
    const kx = Math.cos((c[1] * Math.PI) / 180);
    g.r = Math.max(g.r, Math.hypot((v.position[0] - c[0]) * kx, v.position[1] - c[1]));
    g.ids.push(v.settlementId);
    groups.set(k, g);
  }
  const out = new Map<number, [number, number]>();
  for (const g of groups.values()) {
    const ids = [...g.ids].sort((a, b) => a - b);
    const kx = Math.cos((g.c[1] * Math.PI) / 180);
    ids.forEach((id, i) => {
      const t = (2 * Math.PI * i) / ids.length;
      out.set(id, [g.c[0] + (g.r * Math.sin(t)) / kx, g.c[1] + g.r * Math.cos(t)]);
    });
  }
  return out;
}
