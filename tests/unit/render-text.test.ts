// Text safety and layout of printed pages: wrapping, truncation with an ellipsis, unsafe characters,
// XML escaping — measured with the same Noto Sans the PDF embeds.
import { describe, expect, it } from 'vitest';
import { textWidth } from '../../server/src/render/fonts.js';
import { ellipsize, paragraphs, plain, truncate, wrap, xml } from '../../server/src/render/text.js';

describe('plain', () => {
  it('removes bidi overrides, zero-width and control characters and folds white space', () => {
    expect(plain('a\u202Eb\u200Bc\u2066d\u0007e\uFEFF  \n\t f')).toBe('abcde f');
    expect(plain(null)).toBe('');
  });
  it('keeps letters of every script, including Kyrgyz and Arabic, and substitutes symbols the font lacks', () => {
    expect(plain('Өңүр — مرحبا ✕')).toBe('Өңүр — مرحبا ×');
  });
  it('keeps paragraphs apart for the recommendations', () => {
    expect(paragraphs('One\n\nTwo\r\nThree\u202E')).toEqual(['One', 'Two', 'Three']);
  });
});

describe('xml', () => {
  it('escapes markup so it is laid out as text', () => {
    expect(xml('<script>"a" & \'b\'</script>')).toBe('&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;');
  });
});

describe('wrap', () => {
  it('fits every line in the width', () => {
    const lines = wrap('Совместная реконструкция оросительной сети города Каракол и соседних айылов', 150, 12);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(textWidth(l, 12)).toBeLessThanOrEqual(150);
    expect(lines.join(' ')).toBe('Совместная реконструкция оросительной сети города Каракол и соседних айылов');
  });
  it('a 10,000-character title: at most two lines, the last ending with an ellipsis, quickly', () => {
    const t0 = performance.now();
    const lines = wrap('Каракол '.repeat(1250), 500, 19, { bold: true, maxLines: 2 });
    expect(performance.now() - t0).toBeLessThan(500);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith('…')).toBe(true);
    for (const l of lines) expect(textWidth(l, 19, true)).toBeLessThanOrEqual(500);
  });
  it('breaks a word longer than the line', () => {
    const lines = wrap('x'.repeat(300), 100, 10, { maxLines: 3 });
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(textWidth(l, 10)).toBeLessThanOrEqual(100);
    expect(lines[2]!.endsWith('…')).toBe(true);
  });
  it('empty text gives no lines', () => { expect(wrap('  \u200B ', 100, 10)).toEqual([]); });
});

describe('truncate and ellipsize', () => {
  it('leaves text that fits alone and cuts text that does not', () => {
    expect(truncate('short', 100, 10)).toBe('short');
    const cut = truncate('a much longer line of text than fits', 60, 10);
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 10)).toBeLessThanOrEqual(60);
    expect(ellipsize('fits', 100, 10)).toBe('fits…');
  });
});
