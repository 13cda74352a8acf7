/** Dark or light text for a background colour (WCAG relative luminance), for marks on swatches. */
export function inkOn(hex: string): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) return '#111111';
  const [r, g, b] = [0, 2, 4]
    .map((i) => parseInt(m[1]!.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  const L = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white is (1.05)/(L+0.05), with near-black (L+0.05)/0.055: pick the larger.
  return 1.05 / (L + 0.05) >= (L + 0.05) / 0.055 ? '#ffffff' : '#111111';
}
