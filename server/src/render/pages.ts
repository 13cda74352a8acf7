// The page furniture of the brief's text pages (and the budget pages and the hearing pack): a running
// title with a rule at the top, a y cursor that starts a fresh page when something does not fit,
// headings kept with what follows, wrapped paragraphs, and the footer (source line left, page number
// right) stamped on every page once the total is known.
import { textWidth } from './fonts.js';
import type { PageSize } from './output.js';
import { attrs, n1, svgDocument, text } from './svg.js';
import { truncate, wrap } from './text.js';

export const INK = '#1a1a1a', GREY = '#5a6570', RULE = '#c9d1d9', BAND = '#f2f5f8', HEAD = '#14202b';

/** A page writer: a y cursor, a bottom limit, and a fresh page when something does not fit. */
export class Pages {
  readonly pages: string[][] = [];
  y = 0;
  readonly s: number; x: number; w: number; readonly top: number; readonly bottom: number;
  constructor(readonly c: { size: PageSize; title: string }) {
    this.s = Math.min(c.size.widthPt, c.size.heightPt) / 595.28;
    this.x = 44 * this.s; this.w = c.size.widthPt - 88 * this.s;
    this.top = 40 * this.s; this.bottom = c.size.heightPt - 48 * this.s;
    this.newPage();
  }
  get out() { return this.pages[this.pages.length - 1]!; }
  get landscape() { return this.c.size.widthPt > this.c.size.heightPt; }
  /** Drawn at the top of every page started while it is set (e.g. the illustrative-figures flag of a budget section). */
  onNewPage: (() => void) | null = null;
  private bare = 0;
  newPage() {
    this.pages.push([]);
    this.y = this.top;
    this.out.push(text(this.x, this.y + 8 * this.s, truncate(this.c.title, this.w, 8 * this.s), { size: 8 * this.s, fill: GREY }));
    this.out.push(`<path${attrs({ d: `M${n1(this.x)} ${n1(this.y + 13 * this.s)}h${n1(this.w)}`, stroke: RULE, 'stroke-width': 0.8 })}/>`);
    this.y += 30 * this.s;
    this.bare = this.out.length;
    if (this.onNewPage) { const f = this.onNewPage; this.onNewPage = null; f(); this.onNewPage = f; this.bare = this.out.length; }
  }
  /** A fresh page unless the current one holds nothing yet but its running title (and flag). */
  freshPage() { if (this.out.length > this.bare) this.newPage(); }
  /** Room for `h` points, or a new page. */
  need(h: number) { if (this.y + h > this.bottom) this.newPage(); }
  /** A heading kept together with at least `keep` points of what follows it. */
  heading(t: string, keep = 70) {
    const lines = wrap(t, this.w, 15 * this.s, { bold: true, maxLines: 2 });
    this.need(22 * this.s * lines.length + keep * this.s);
    lines.forEach((ln, i) => this.out.push(text(this.x, this.y + 14 * this.s + i * 19 * this.s, ln, { size: 15 * this.s, bold: true, fill: HEAD })));
    this.y += 19 * this.s * lines.length + 7 * this.s;
  }
  /** A wrapped paragraph; `after` is the space after it, in units of its type size. */
  para(t: string, size = 9.5, fill = INK, bold = false, after = 0.5) {
    const lh = size * 1.38 * this.s;
    for (const ln of wrap(t, this.w, size * this.s, { bold })) {
      this.need(lh);
      this.out.push(text(this.x, this.y + size * this.s, ln, { size: size * this.s, fill, bold }));
      this.y += lh;
    }
    this.y += size * after * this.s;
  }

  /** Each page as a standalone SVG with the footer: `footerLeft` (the source line) and the page label. */
  finish(footerLeft: string, lang: string, pageLabel: (i: number, total: number) => string, pagesBefore: number, pagesAfter = 0): string[] {
    const total = pagesBefore + this.pages.length + pagesAfter;
    return this.pages.map((parts, i) => {
      const s = this.s, y = this.c.size.heightPt - 28 * s;
      const right = pageLabel(pagesBefore + i, total);
      const foot = text(44 * s, y, truncate(footerLeft, this.c.size.widthPt - 88 * s - textWidth(right, 7 * s) - 20 * s, 7 * s), { size: 7 * s, fill: GREY })
        + text(this.c.size.widthPt - 44 * s, y, right, { size: 7 * s, fill: GREY, anchor: 'end' });
      return svgDocument(this.c.size.widthPt, this.c.size.heightPt, parts.join('') + foot, this.c.title, lang);
    });
  }
}
