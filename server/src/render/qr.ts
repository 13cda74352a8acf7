// A QR code as one SVG path of unit squares (vector in the PDF, sharp in the PNG).
import QRCode from 'qrcode';

export function qrPath(text: string): { size: number; d: string } {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const parts: string[] = [];
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) if (qr.modules.get(x, y)) parts.push(`M${x} ${y}h1v1h-1z`);
  }
  return { size: n, d: parts.join('') };
}
