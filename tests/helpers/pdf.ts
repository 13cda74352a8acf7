// Reading exported PDFs and PNGs back with Debian poppler-utils (pdftotext, pdffonts, pdftoppm) and
// sharp: text, embedded fonts, page count and whether each rendered page has something on it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

function withFile<T>(pdf: Buffer, fn: (file: string, dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-pdf-'));
  const file = path.join(dir, 'doc.pdf');
  fs.writeFileSync(file, pdf);
  try { return fn(file, dir); } finally { fs.rmSync(dir, { recursive: true, force: true }); }
}

/** The text of the PDF (pdftotext -layout off), pages separated by form feeds. */
export const pdfText = (pdf: Buffer) => withFile(pdf, (f) => execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { encoding: 'utf8' }));

/** Font rows from pdffonts: name, type, embedded. */
export function pdfFonts(pdf: Buffer): { name: string; type: string; embedded: boolean }[] {
  const out = withFile(pdf, (f) => execFileSync('pdffonts', [f], { encoding: 'utf8' }));
  return out.split('\n').slice(2).filter((l) => l.trim()).map((l) => {
    const cols = l.trim().split(/\s+/);
    // name type… encoding emb sub uni object ID: emb is the 5th field from the end.
    return { name: cols[0]!, type: cols.slice(1, -6).join(' '), embedded: cols[cols.length - 5] === 'yes' };
  });
}

/** nonWhite: the share of pixels that are not paper white (#ffffff); colours: distinct RGB values. */
export interface PageStats { width: number; height: number; nonWhite: number; colours: number }

async function stats(png: Buffer): Promise<PageStats> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let nonWhite = 0;
  const seen = new Set<number>();
  for (let i = 0; i < data.length; i += 3) {
    const r = data[i]!, g = data[i + 1]!, b = data[i + 2]!;
    if (r < 255 || g < 255 || b < 255) nonWhite++;
    seen.add((r << 16) | (g << 8) | b);
  }
  return { width: info.width, height: info.height, nonWhite: nonWhite / (info.width * info.height), colours: seen.size };
}

/** Every page rendered with pdftoppm at `dpi` (PNG files kept in `keepDir` when given). */
export async function pdfPages(pdf: Buffer, dpi = 40, keepDir?: string, name = 'page'): Promise<PageStats[]> {
  const pngs = withFile(pdf, (f, dir) => {
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), f, path.join(dir, 'p')]);
    return fs.readdirSync(dir).filter((x) => x.endsWith('.png')).sort().map((x) => fs.readFileSync(path.join(dir, x)));
  });
  if (keepDir) { fs.mkdirSync(keepDir, { recursive: true }); pngs.forEach((p, i) => fs.writeFileSync(path.join(keepDir, `${name}-${i + 1}.png`), p)); }
  return Promise.all(pngs.map(stats));
}

export const pngStats = stats;

/** Where to keep rendered pages for a person to look at (EXPORTS_PREVIEW_DIR), or undefined. */
export const PREVIEW_DIR = process.env.EXPORTS_PREVIEW_DIR || undefined;
