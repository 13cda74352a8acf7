// The one typeface of printed pages: Noto Sans (OFL), regular and bold, with Cyrillic including the
// Kyrgyz letters ң ө ү. PDF embeds these files (pdfkit), PNG rasterises with them (resvg), and text is
// measured with them, so a line that fits in the SVG fits in the PDF and the PNG too.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const pkg = path.dirname(require.resolve('@expo-google-fonts/noto-sans/package.json'));

export const FONT_FAMILY = 'Noto Sans';
export const FONT_FILES = {
  regular: path.join(pkg, '400Regular/NotoSans_400Regular.ttf'),
  bold: path.join(pkg, '700Bold/NotoSans_700Bold.ttf'),
} as const;

let cache: { regular: Buffer; bold: Buffer } | undefined;
export function fontBuffers() {
  cache ??= { regular: fs.readFileSync(FONT_FILES.regular), bold: fs.readFileSync(FONT_FILES.bold) };
  return cache;
}

let measurer: PDFKit.PDFDocument | undefined;
/** Width in points of `text` set in Noto Sans at `size` pt. */
export function textWidth(text: string, size: number, bold = false): number {
  if (!measurer) {
    measurer = new PDFDocument({ autoFirstPage: false });
    measurer.registerFont('r', fontBuffers().regular);
    measurer.registerFont('b', fontBuffers().bold);
  }
  return measurer.font(bold ? 'b' : 'r').fontSize(size).widthOfString(text);
}
