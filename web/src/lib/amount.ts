// An amount as typed in Kyrgyzstan ("1 234 567,89", non-breaking spaces, "сом") read back as a number.
/**
 * An amount typed by a person: "1 234 567,89", "1 234 567.89", "1,234,567.89", "12 000 сом". Spaces of
 * any kind group thousands; with both marks the last one is the decimal mark; a lone comma or point
 * followed by one or two digits is the decimal mark, followed by three it groups thousands.
 * Null when it is not an amount (letters, two decimal marks, more than 2 decimals).
 */
export function parseAmount(text: string): number | null {
  let s = text.trim().replace(/(сом|som|kgs)\.?$/iu, '').trim().replace(/[\s\u00a0\u202f\u2009']/gu, '');
  if (!s || !/^\d[\d.,]*$/.test(s)) return null;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  let decimal: ',' | '.' | null = null;
  if (lastComma >= 0 && lastDot >= 0) decimal = lastComma > lastDot ? ',' : '.';
  else if (lastComma >= 0 || lastDot >= 0) {
    const mark = lastComma >= 0 ? ',' : '.';
    const count = s.split(mark).length - 1;
    const after = s.length - s.lastIndexOf(mark) - 1;
    decimal = count === 1 && after <= 2 ? mark : null;
    if (decimal === null && after !== 3) return null;
  }
  const group = decimal === ',' ? '.' : decimal === '.' ? ',' : /[.,]/.exec(s)?.[0];
  if (group) {
    // Groups of three digits only.
    const [whole] = decimal ? s.split(decimal) : [s];
    if (whole!.includes(group) && !new RegExp(`^\\d{1,3}(\\${group}\\d{3})*$`).test(whole!)) return null;
    s = s.split(group).join('');
  }
  if (decimal) {
    if (s.split(decimal).length !== 2) return null;
    s = s.replace(decimal, '.');
  }
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}
