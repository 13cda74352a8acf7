// The geometry of the budget charts as pure functions (numbers in, shapes out; no DOM, no Svelte, no
// i18n), so the web components and, later, the print renderer draw the same chart from the same
// answer. Labels are passed in already formatted.

export interface Tick { value: number; x: number }

/** Round ticks from 0 to at least max: 1, 2, 2.5 or 5 × 10ⁿ steps, at most `count` + 1 of them. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = 0; v < max + step * 0.999; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

export interface BarRow { key: string; label: string; y: number; plan: number; planW: number; actual: number | null; actualW: number | null; share: number | null }
export interface BarChart { width: number; height: number; left: number; plot: number; rowH: number; rows: BarRow[]; ticks: Tick[] }

/** Plan against actual per sector: two bars a row (plan above, executed below), on one scale from 0. */
export function planActualBars(rows: { key: string; label: string; plan: number; actual: number | null }[], width: number, opts: { left?: number; rowH?: number; top?: number } = {}): BarChart {
  const left = opts.left ?? Math.min(130, Math.round(width * 0.36));
  const rowH = opts.rowH ?? 34;
  const top = opts.top ?? 4;
  const plot = Math.max(20, width - left - 56);
  const ticks = niceTicks(Math.max(1, ...rows.map((r) => Math.max(r.plan, r.actual ?? 0))));
  const max = ticks[ticks.length - 1]!;
  const w = (v: number) => (v / max) * plot;
  return {
    width, left, plot, rowH,
    height: top + rows.length * rowH + 22,
    rows: rows.map((r, i) => ({
      key: r.key, label: r.label, y: top + i * rowH, plan: r.plan, planW: w(r.plan),
      actual: r.actual, actualW: r.actual === null ? null : w(r.actual), share: r.actual === null || r.plan <= 0 ? null : r.actual / r.plan,
    })),
    ticks: ticks.map((value) => ({ value, x: left + w(value) })),
  };
}

export interface DotRow { key: number; label: string; y: number; a: number | null; b: number | null; xa: number | null; xb: number | null }
export interface DotChart { width: number; height: number; left: number; plot: number; rowH: number; rows: DotRow[]; ticks: Tick[] }

/**
 * Two shares per village on one axis (a dot plot): `a` (share of contributions) and `b` (share of
 * spending), joined by a line whose length is the gap. Shares 0–1; the axis ends at a round share.
 */
export function shareDots(rows: { key: number; label: string; a: number | null; b: number | null }[], width: number, opts: { left?: number; rowH?: number; top?: number } = {}): DotChart {
  const left = opts.left ?? Math.min(120, Math.round(width * 0.34));
  const rowH = opts.rowH ?? 24;
  const top = opts.top ?? 6;
  const plot = Math.max(20, width - left - 14);
  const ticks = niceTicks(Math.max(0.05, ...rows.flatMap((r) => [r.a ?? 0, r.b ?? 0])), 4);
  const max = ticks[ticks.length - 1]!;
  const x = (v: number | null) => (v === null ? null : left + (v / max) * plot);
  return {
    width, left, plot, rowH,
    height: top + rows.length * rowH + 22,
    rows: rows.map((r, i) => ({ key: r.key, label: r.label, y: top + i * rowH + rowH / 2, a: r.a, b: r.b, xa: x(r.a), xb: x(r.b) })),
    ticks: ticks.map((value) => ({ value, x: x(value)! })),
  };
}

export interface TrendSeries { key: string; path: string; points: { x: number; y: number; value: number; year: number }[] }
export interface TrendChart { width: number; height: number; left: number; bottom: number; series: TrendSeries[]; yTicks: { value: number; y: number }[]; xTicks: { year: number; x: number }[] }

/** Lines over fiscal years (one point per year and series), on one y scale from 0. */
export function trendLines(years: number[], series: { key: string; values: (number | null)[] }[], width: number, height = 160, opts: { left?: number } = {}): TrendChart {
  const left = opts.left ?? 64;
  const right = 12;
  const top = 10;
  const bottom = height - 22;
  const yTicksV = niceTicks(Math.max(1, ...series.flatMap((s) => s.values.map((v) => v ?? 0))), 4);
  const max = yTicksV[yTicksV.length - 1]!;
  const n = years.length;
  const x = (i: number) => (n < 2 ? left + (width - left - right) / 2 : left + (i / (n - 1)) * (width - left - right));
  const y = (v: number) => bottom - (v / max) * (bottom - top);
  return {
    width, height, left, bottom,
    series: series.map((s) => {
      const points = s.values.flatMap((v, i) => (v === null ? [] : [{ x: x(i), y: y(v), value: v, year: years[i]! }]));
      return { key: s.key, points, path: points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('') };
    }),
    yTicks: yTicksV.map((value) => ({ value, y: y(value) })),
    xTicks: years.map((year, i) => ({ year, x: x(i) })),
  };
}

export interface ChangeBar { key: number; label: string; y: number; x: number; w: number; change: number }
export interface ChangeChart { width: number; height: number; zero: number; rowH: number; bars: ChangeBar[] }

/** Each village's change (the what-if amount against the spending now) as bars left (less) or right (more) of zero. */
export function changeBars(rows: { key: number; label: string; change: number }[], width: number, opts: { left?: number; rowH?: number } = {}): ChangeChart {
  const left = opts.left ?? Math.min(120, Math.round(width * 0.34));
  const rowH = opts.rowH ?? 22;
  const plot = Math.max(20, width - left - 8);
  const maxAbs = Math.max(1, ...rows.map((r) => Math.abs(r.change)));
  const hasNeg = rows.some((r) => r.change < 0);
  const hasPos = rows.some((r) => r.change > 0);
  const zero = left + (hasNeg && hasPos ? plot / 2 : hasNeg ? plot : 0);
  const span = hasNeg && hasPos ? plot / 2 : plot;
  return {
    width, zero, rowH, height: rows.length * rowH + 4,
    bars: rows.map((r, i) => {
      const w = (Math.abs(r.change) / maxAbs) * span;
      return { key: r.key, label: r.label, y: 2 + i * rowH, x: r.change < 0 ? zero - w : zero, w, change: r.change };
    }),
  };
}
