// The print renderer's back ends: one SVG per page in, a file out. PDF keeps vectors and real,
// selectable text (pdfkit embeds a subset of Noto Sans; svg-to-pdfkit maps font-family to it); PNG
// rasterises the same SVG with resvg using only the bundled font files (no system fonts).
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { Resvg } from '@resvg/resvg-js';
import { FONT_FAMILY, FONT_FILES, fontBuffers } from './fonts.js';

export type Paper = 'a4' | 'a3';
export type Orientation = 'portrait' | 'landscape';

/** Paper sizes in millimetres (ISO 216), portrait. */
const PAPER_MM: Record<Paper, [number, number]> = { a4: [210, 297], a3: [297, 420] };
const PT_PER_MM = 72 / 25.4;

export interface PageSize { widthPt: number; heightPt: number; widthMm: number; heightMm: number }

export function pageSize(paper: Paper, orientation: Orientation): PageSize {
  const [a, b] = PAPER_MM[paper];
  const [w, h] = orientation === 'portrait' ? [a, b] : [b, a];
  return { widthMm: w, heightMm: h, widthPt: w * PT_PER_MM, heightPt: h * PT_PER_MM };
}

/** PNG size in pixels for a page at `dpi`. */
export const pngPixels = (s: PageSize, dpi: number) => ({ width: Math.round((s.widthMm / 25.4) * dpi), height: Math.round((s.heightMm / 25.4) * dpi) });

export interface DocumentInfo { title: string; author?: string; subject?: string; lang: string }

/** The renderer behind one interface: SVG pages → PDF; one SVG page → PNG. */
export interface PrintRenderer {
  pdf(pages: string[], size: PageSize, info: DocumentInfo): Promise<Buffer>;
  png(svg: string, widthPx: number): Buffer;
}

export class SvgPrintRenderer implements PrintRenderer {
  async pdf(pages: string[], size: PageSize, info: DocumentInfo): Promise<Buffer> {
    const doc = new PDFDocument({
      size: [size.widthPt, size.heightPt], margin: 0, autoFirstPage: false, compress: true, lang: info.lang, displayTitle: true,
      info: { Title: info.title, Author: info.author ?? '', Subject: info.subject ?? '', Creator: 'kg-advocacy-map', Producer: 'kg-advocacy-map (pdfkit)' },
    });
    const fonts = fontBuffers();
    doc.registerFont('NotoSans', fonts.regular);
    doc.registerFont('NotoSans-Bold', fonts.bold);
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<Buffer>((resolve, reject) => { doc.on('end', () => resolve(Buffer.concat(chunks))); doc.on('error', reject); });
    for (const svg of pages) {
      doc.addPage({ size: [size.widthPt, size.heightPt], margin: 0 });
      // The SVG states its size in pt for other programs; here the page is already in points.
      SVGtoPDF(doc, svg.replace(/<svg\b[^>]*>/, (tag) => tag.replace(/="([\d.]+)pt"/g, '="$1"')), 0, 0, {
        width: size.widthPt, height: size.heightPt, assumePt: true,
        fontCallback: (_family, bold) => (bold ? 'NotoSans-Bold' : 'NotoSans'),
        warningCallback: () => {},
      });
    }
    doc.end();
    return done;
  }

  png(svg: string, widthPx: number): Buffer {
    const r = new Resvg(svg, {
      fitTo: { mode: 'width', value: widthPx },
      background: '#ffffff',
      font: { fontFiles: [FONT_FILES.regular, FONT_FILES.bold], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
      shapeRendering: 2, textRendering: 1, imageRendering: 0,
    });
    return r.render().asPng();
  }
}
