// The tile statement travels as COPY with its parameters written in as literals (db/copy-bytes.ts):
// every value must come out as exactly that value, never as SQL, and the text is cut once per statement.
import { describe, expect, it } from 'vitest';
import { CompiledQuery } from 'kysely';
import { firstValue, literal, withLiterals } from '../../server/src/db/copy-bytes.js';

describe('COPY statements with literals', () => {
  it.each([
    [null, 'NULL'],
    [true, 'TRUE'],
    [-12.5, '-12.5'],
    ["it's", "E'it''s'"],
    ['a\\b', "E'a\\\\b'"],
    ["x'); DROP TABLE canals; --", "E'x''); DROP TABLE canals; --'"],
  ])('%j → %s', (value, sql) => {
    expect(literal(value)).toBe(sql);
  });

  it('refuses what it cannot write safely', () => {
    expect(() => literal('a\0b')).toThrow(/NUL/);
    expect(() => literal(Number.NaN)).toThrow(/NaN/);
    expect(() => literal({})).toThrow(/object/);
  });

  it('puts each parameter where its number is ($1 is not the start of $10), for every tile of one statement', () => {
    const text = 'SELECT $1::int, $10::int, $2::text, $1::int AS again';
    const params = (x: number) => [x, 'b', 3, 4, 5, 6, 7, 8, 9, 10];
    expect(withLiterals(CompiledQuery.raw(text, params(11)))).toBe("SELECT 11::int, 10::int, E'b'::text, 11::int AS again");
    expect(withLiterals(CompiledQuery.raw(text, params(12)))).toBe("SELECT 12::int, 10::int, E'b'::text, 12::int AS again");
  });

  it('reads the first value of a binary COPY answer, or null', () => {
    const head = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
    const row = (v: Buffer | null) => {
      const b = Buffer.alloc(6); b.writeInt16BE(1, 0); b.writeInt32BE(v ? v.length : -1, 2);
      return Buffer.concat([b, v ?? Buffer.alloc(0)]);
    };
    const end = Buffer.from([0xff, 0xff]);
    expect(firstValue(Buffer.concat([head, row(Buffer.from([1, 2, 3])), end]))).toEqual(Buffer.from([1, 2, 3]));
    expect(firstValue(Buffer.concat([head, row(null), end]))).toBeNull();
    expect(firstValue(Buffer.concat([head, end]))).toBeNull();
    expect(() => firstValue(Buffer.from('not copy at all, no'))).toThrow(/binary COPY/);
  });
});
