// The tile statement travels as COPY with its parameters written in as literals (db/copy-bytes.ts):
// every value must come out as exactly that value, never as SQL, and the text is cut once per statement.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CompiledQuery } from 'kysely';
import { CopyValue, firstValue, literal, withLiterals } from '../../server/src/db/copy-bytes.js';

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

// CopyValue reads the COPY answer off the connection's socket, then gives the socket back to
// node-postgres. Here the socket is an EventEmitter fed the bytes a server sends, cut at every
// possible place, and node-postgres's reader is a function that records what it is handed.
describe('CopyValue: the binary COPY answer read off the socket', () => {
  const msg = (code: string, body: Buffer = Buffer.alloc(0)) => {
    const h = Buffer.alloc(5); h.write(code, 0, 'latin1'); h.writeInt32BE(body.length + 4, 1);
    return Buffer.concat([h, body]);
  };
  const copyAnswer = (value: Buffer | null) => {
    const head = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
    const row = Buffer.alloc(6); row.writeInt16BE(1, 0); row.writeInt32BE(value ? value.length : -1, 2);
    return Buffer.concat([head, row, value ?? Buffer.alloc(0), Buffer.from([0xff, 0xff])]);
  };
  const AFTER = Buffer.concat([msg('C', Buffer.from('COPY 1\0')), msg('Z', Buffer.from('I'))]);

  function run(wire: Buffer, cuts: number[]) {
    const stream = new EventEmitter() as EventEmitter & { listeners(e: 'data'): ((b: Buffer) => void)[] };
    const handed: Buffer[] = [];
    stream.on('data', (b: Buffer) => handed.push(b)); // node-postgres's reader
    const q = new CopyValue('COPY (SELECT 1) TO STDOUT (FORMAT binary)');
    const sent: string[] = [];
    q.submit({ stream: stream as never, query: (t: string) => sent.push(t) });
    let at = 0;
    for (const c of [...cuts, wire.length]) { if (c > at) stream.emit('data', wire.subarray(at, c)); at = Math.max(at, c); }
    return { q, handed: Buffer.concat(handed), sent, readers: stream.listeners('data').length };
  }

  it('gets the value byte for byte wherever the chunks are cut, and hands the rest back to node-postgres', async () => {
    const value = Buffer.from(Array.from({ length: 700 }, (_, i) => i % 256));
    // A notice between the messages is skipped; the value comes in two CopyData messages.
    const data = copyAnswer(value);
    const wire = Buffer.concat([msg('H', Buffer.from([1, 0, 1, 0, 1])), msg('d', data.subarray(0, 30)), msg('N', Buffer.from('Snotice\0\0')), msg('d', data.subarray(30)), msg('c'), AFTER]);
    for (let cut = 1; cut < wire.length; cut += 1) {
      const r = run(wire, [cut, cut + 3]);
      expect(await r.q.done, `cut at ${cut}`).toEqual(value);
      expect(r.handed.equals(AFTER), `cut at ${cut}`).toBe(true);
      expect(r.readers).toBe(1);
    }
    expect(run(wire, []).sent).toEqual(['COPY (SELECT 1) TO STDOUT (FORMAT binary)']);
  });

  it('gives null for a NULL value and for no row', async () => {
    expect(await run(Buffer.concat([msg('H', Buffer.alloc(5)), msg('d', copyAnswer(null)), msg('c'), AFTER]), [9]).q.done).toBeNull();
    const noRow = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8), Buffer.from([0xff, 0xff])]);
    expect(await run(Buffer.concat([msg('H', Buffer.alloc(5)), msg('d', noRow), msg('c'), AFTER]), [20]).q.done).toBeNull();
  });

  it('hands an error to node-postgres at once, from its first byte, and rejects through handleError', async () => {
    const error = msg('E', Buffer.from('SERROR\0Mno such table\0\0'));
    const wire = Buffer.concat([error, msg('Z', Buffer.from('I'))]);
    for (const cut of [2, 5, 9]) {
      const r = run(wire, [cut]);
      expect(r.handed.equals(wire), `cut at ${cut}`).toBe(true);
      expect(r.readers).toBe(1);
      r.q.handleError(new Error('no such table'));
      await expect(r.q.done).rejects.toThrow(/no such table/);
    }
  });

  it('reads a malformed or short answer to its end (the connection stays in step) and then rejects', async () => {
    const bad = run(Buffer.concat([msg('H', Buffer.alloc(5)), msg('d', Buffer.from('not a binary copy answer at all')), msg('c'), AFTER]), [12]);
    await expect(bad.q.done).rejects.toThrow(/Not a binary COPY/);
    expect(bad.handed.equals(AFTER)).toBe(true);
    const data = copyAnswer(Buffer.alloc(100, 7));
    const short = run(Buffer.concat([msg('H', Buffer.alloc(5)), msg('d', data.subarray(0, 60)), msg('c'), AFTER]), []);
    await expect(short.q.done).rejects.toThrow(/ended early/);
    expect(short.handed.equals(AFTER)).toBe(true);
  });
});
