// Tiny SVG writing helpers. Every text and attribute value goes through xml(); nothing a person typed
// is ever written as markup.
import { FONT_FAMILY } from './fonts.js';
import { xml } from './text.js';

export const n1 = (v: number) => (Math.round(v * 10) / 10).toString();

export function attrs(a: Record<string, string | number | undefined | null>): string {
  return Object.entries(a).filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => ` ${k}="${xml(typeof v === "number" ? n1(v) : String(v))}"`).join('');
}

export interface TextOpts { size: number; bold?: boolean; fill?: string; anchor?: 'start' | 'middle' | 'end'; halo?: number; opacity?: number }

/** One line of plain text at a baseline; with a white halo when `halo` > 0. */
export function text(x: number, y: number, s: string, o: TextOpts): string {
  const base = { x, y, 'font-family': FONT_FAMILY, 'font-size': o.size, 'font-weight': o.bold ? 'bold' : undefined, 'text-anchor': o.anchor && o.anchor !== 'start' ? o.anchor : undefined };
  const halo = o.halo ? `<text${attrs({ ...base, fill: '#ffffff', stroke: '#ffffff', 'stroke-width': o.halo * 2, 'stroke-linejoin': 'round' })}>${xml(s)}</text>` : '';
  return `${halo}<text${attrs({ ...base, fill: o.fill ?? '#1a1a1a', 'fill-opacity': o.opacity })}>${xml(s)}</text>`;
}

export const rect = (r: { x: number; y: number; w: number; h: number }, a: Record<string, string | number | undefined>) =>
  `<rect${attrs({ x: r.x, y: r.y, width: r.w, height: r.h, ...a })}/>`;

export function svgDocument(widthPt: number, heightPt: number, body: string, title: string, lang: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${n1(widthPt)}pt" height="${n1(heightPt)}pt" viewBox="0 0 ${n1(widthPt)} ${n1(heightPt)}" xml:lang="${xml(lang)}"><title>${xml(title)}</title>${rect({ x: 0, y: 0, w: widthPt, h: heightPt }, { fill: '#ffffff' })}${body}</svg>\n`;
}
