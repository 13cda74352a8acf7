// Text safety for printed pages. Everything a person typed is laid out as plain text: control,
// bidirectional-override and zero-width characters are removed, markup is never interpreted (the SVG
// builder escapes every string), and long text is wrapped to a number of lines and ended with "…".
import { textWidth } from './fonts.js';

// C0/C1 controls (except tab/newline), bidi embeddings/overrides/isolates and marks, zero-width
// characters, the BOM and other format characters that would reorder or hide text.
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB]/g;

/** Symbols the web map uses that Noto Sans lacks, and the printed stand-in. */
const STAND_IN: Record<string, string> = { '✕': '×', '✖': '×', '○': '◌' };
const STAND_IN_RE = new RegExp(`[${Object.keys(STAND_IN).join('')}]`, 'gu');

/** Plain, visible text: unsafe characters removed, runs of white space folded to one space. */
export function plain(s: string | null | undefined): string {
  return (s ?? '').replace(UNSAFE, '').replace(STAND_IN_RE, (c) => STAND_IN[c]!).replace(/\s+/g, ' ').trim();
}

/** Keeps paragraph breaks (for recommendations): unsafe characters removed, lines folded. */
export function paragraphs(s: string | null | undefined): string[] {
  return (s ?? '').replace(UNSAFE, '').split(/\r?\n\s*\r?\n|\r?\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** XML-escapes text for an SVG text node or attribute value. */
export function xml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const ELLIPSIS = '…';

/** Cuts `s` so that `s + …` fits in `width` (binary search on the measured width). */
export function truncate(s: string, width: number, size: number, bold = false): string {
  if (textWidth(s, size, bold) <= width) return s;
  return ellipsize(s, width, size, bold);
}

/** The longest start of `s` that fits in `width` with "…" after it (always ends with "…"). */
export function ellipsize(s: string, width: number, size: number, bold = false): string {
  let lo = 0, hi = Math.min(s.length, 4000);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(s.slice(0, mid).trimEnd() + ELLIPSIS, size, bold) <= width) lo = mid; else hi = mid - 1;
  }
  return s.slice(0, lo).trimEnd() + ELLIPSIS;
}

/**
 * Greedy word wrap to at most `maxLines` lines of `width` points; a word longer than a line is broken;
 * when the text does not fit, the last line ends with an ellipsis. Returns [] for empty text.
 */
export function wrap(text: string, width: number, size: number, opts: { bold?: boolean; maxLines?: number } = {}): string[] {
  const bold = opts.bold ?? false;
  const maxLines = opts.maxLines ?? Infinity;
  const s = plain(text);
  if (!s) return [];
  // Long inputs (a 10,000-character title): never measure more than what could fit.
  const budget = Number.isFinite(maxLines) ? Math.ceil((width / (size * 0.25)) * maxLines) + 1 : s.length;
  const words = s.slice(0, budget).split(' ');
  const lines: string[] = [];
  let line = '';
  let cut = s.length > budget;
  for (let i = 0; i < words.length; i++) {
    let w = words[i]!;
    const candidate = line ? `${line} ${w}` : w;
    if (textWidth(candidate, size, bold) <= width) { line = candidate; continue; }
    if (line) { lines.push(line); line = ''; }
    if (lines.length >= maxLines) { cut = true; break; }
    // A word wider than the line: break it.
    while (textWidth(w, size, bold) > width) {
      let n = w.length - 1;
      while (n > 1 && textWidth(w.slice(0, n), size, bold) > width) n = Math.floor(n * 0.8);
      while (n + 1 < w.length && textWidth(w.slice(0, n + 1), size, bold) <= width) n++;
      lines.push(w.slice(0, n));
      w = w.slice(n);
      if (lines.length >= maxLines) { cut = true; break; }
    }
    if (lines.length >= maxLines) { cut = true; break; }
    line = w;
  }
  if (line) {
    if (lines.length < maxLines) lines.push(line); else cut = true;
  }
  if (cut && lines.length) lines[lines.length - 1] = ellipsize(lines[lines.length - 1]!, width, size, bold);
  return lines;
}
