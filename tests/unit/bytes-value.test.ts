// PreparedValue (db/bytes-value.ts) writes the extended-protocol messages for a tile statement and reads
// the first row's value off the connection's socket, then gives the socket back to node-postgres. Here
// the socket is an EventEmitter fed the bytes a server sends, cut at every possible place, and
// node-postgres's reader is a function that records what it is handed. The statements really prepared
// and planned by PostgreSQL are checked in tests/integration/db-json.test.ts.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CompiledQuery } from 'kysely';
import { MAX_SURPRISES, PreparedValue, messages, readValue } from '../../server/src/db/bytes-value.js';

const msg = (code: string, body: Buffer = Buffer.alloc(0)) => {
  const h = Buffer.alloc(5); h.write(code, 0, 'latin1'); h.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([h, body]);
};
const dataRow = (...fields: (Buffer | null)[]) => {
  const parts: Buffer[] = [Buffer.from([fields.length >> 8, fields.length & 0xff])];
  for (const f of fields) { const l = Buffer.alloc(4); l.writeInt32BE(f ? f.length : -1); parts.push(l, f ?? Buffer.alloc(0)); }
  return msg('D', Buffer.concat(parts));
};
const AFTER = Buffer.concat([msg('C', Buffer.from('SELECT 1\0')), msg('Z', Buffer.from('I'))]);

/** Splits the protocol messages a client wrote: [code, body] each. */
function written(b: Buffer): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (let at = 0; at < b.length;) {
    const len = b.readInt32BE(at + 1);
    out.push([String.fromCharCode(b[at]!), b.subarray(at + 5, at + 1 + len)]);
    at += 1 + len;
  }
  return out;
}

function connection() {
  const stream = new EventEmitter() as EventEmitter & { listeners(e: 'data'): ((b: Buffer) => void)[]; write(b: Buffer): boolean };
  const handed: Buffer[] = [];
  const sent: Buffer[] = [];
  stream.on('data', (b: Buffer) => handed.push(b)); // node-postgres's reader
  stream.write = (b: Buffer) => { sent.push(b); return true; };
  return { stream, handed, sent };
}

function run(wire: Buffer, cuts: number[], text = 'SELECT $1::bytea', params: unknown[] = [1], conn = connection()) {
  const q = new PreparedValue(text, params);
  const error = q.submit(conn as never);
  let at = 0;
  for (const c of [...cuts, wire.length]) { if (c > at) conn.stream.emit('data', wire.subarray(at, c)); at = Math.max(at, c); }
  return { q, error, conn, handed: Buffer.concat(conn.handed.splice(0)), sent: conn.sent.splice(0), readers: conn.stream.listeners('data').length };
}

describe('PreparedValue: the first value of the first row, read off the socket', () => {
  it('gets the value byte for byte wherever the chunks are cut, and hands the rest back to node-postgres', async () => {
    const value = Buffer.from(Array.from({ length: 700 }, (_, i) => i % 256));
    // ParseComplete, BindComplete and a notice before the row are read and skipped; a second column is not kept.
    const wire = Buffer.concat([msg('1'), msg('2'), msg('N', Buffer.from('Snotice\0\0')), dataRow(value, Buffer.from('other')), AFTER]);
    for (let cut = 1; cut < wire.length; cut += 1) {
      const r = run(wire, [cut, cut + 3]);
      expect(await r.q.done, `cut at ${cut}`).toEqual(value);
      expect(r.handed.equals(AFTER), `cut at ${cut}`).toBe(true);
      expect(r.readers).toBe(1);
    }
  });

  it('gives null for a NULL value, a row of no columns and no row', async () => {
    expect(await run(Buffer.concat([msg('1'), msg('2'), dataRow(null), AFTER]), [9]).q.done).toBeNull();
    expect(await run(Buffer.concat([msg('2'), dataRow(), AFTER]), [6]).q.done).toBeNull();
    const none = run(Buffer.concat([msg('2'), AFTER]), [7]);
    expect(await none.q.done).toBeNull();
    expect(none.handed.equals(AFTER)).toBe(true); // CommandComplete and ReadyForQuery go to node-postgres whole
  });

  it('prepares a statement once per connection: Parse the first time, then only Bind, Execute and Sync', async () => {
    const conn = connection();
    const text = 'SELECT tile FROM t WHERE z = $1 AND x = $2 -- once';
    const first = run(Buffer.concat([msg('1'), msg('2'), dataRow(Buffer.from('a')), AFTER]), [], text, [8, 180], conn);
    expect(await first.q.done).toEqual(Buffer.from('a'));
    expect(first.sent).toHaveLength(1); // one write for all messages
    const m1 = written(first.sent[0]!);
    expect(m1.map(([c]) => c)).toEqual(['P', 'B', 'E', 'S']);
    const name = m1[0]![1].subarray(0, m1[0]![1].indexOf(0)).toString();
    expect(name).toMatch(/^kg_value_\d+$/);
    expect(m1[0]![1].toString()).toContain(text);
    const second = run(Buffer.concat([msg('2'), dataRow(Buffer.from('b')), AFTER]), [], text, [8, 181], conn);
    expect(await second.q.done).toEqual(Buffer.from('b'));
    const m2 = written(second.sent[0]!);
    expect(m2.map(([c]) => c)).toEqual(['B', 'E', 'S']);
    expect(m2[0]![1].toString('latin1')).toContain(`${name}\0`);
    // Another connection prepares it again.
    const other = run(Buffer.concat([msg('1'), msg('2'), dataRow(Buffer.from('c')), AFTER]), [], text, [8, 182]);
    expect(written(other.sent[0]!).map(([c]) => c)).toEqual(['P', 'B', 'E', 'S']);
  });

  it('a statement whose Parse failed is parsed again next time; losing the session’s statements (26000) forgets them', async () => {
    const conn = connection();
    const text = 'SELECT nonsense($1) -- parse fails';
    const error = msg('E', Buffer.from('SERROR\0C42883\0Mno such function\0\0'));
    const bad = run(Buffer.concat([error, msg('Z', Buffer.from('I'))]), [], text, [1], conn);
    bad.q.handleError(new Error('no such function'));
    await expect(bad.q.done).rejects.toThrow(/no such function/);
    const again = run(Buffer.concat([msg('1'), msg('2'), dataRow(Buffer.from('x')), AFTER]), [], text, [1], conn);
    expect(written(again.sent[0]!)[0]![0]).toBe('P');
    await again.q.done;
    const gone = run(Buffer.concat([msg('E', Buffer.from('SERROR\0C26000\0M…\0\0')), msg('Z', Buffer.from('I'))]), [], text, [1], conn);
    expect(written(gone.sent[0]!)[0]![0]).toBe('B');
    gone.q.handleError(Object.assign(new Error('prepared statement "kg_value_1" does not exist'), { code: '26000' }));
    await expect(gone.q.done).rejects.toThrow(/does not exist/);
    const after = run(Buffer.concat([msg('1'), msg('2'), dataRow(Buffer.from('y')), AFTER]), [], text, [1], conn);
    expect(written(after.sent[0]!)[0]![0]).toBe('P');
    expect(await after.q.done).toEqual(Buffer.from('y'));
  });

  it('hands an error to node-postgres at once, from its first byte, and rejects through handleError', async () => {
    const error = msg('E', Buffer.from('SERROR\0Mno such table\0\0'));
    const wire = Buffer.concat([msg('1'), error, msg('Z', Buffer.from('I'))]);
    for (const cut of [2, 5, 7, 9, 14]) {
      const r = run(wire, [cut], `SELECT 1 -- error ${cut}`);
      expect(r.handed.equals(wire.subarray(5)), `cut at ${cut}`).toBe(true);
      expect(r.readers).toBe(1);
      r.q.handleError(new Error('no such table'));
      await expect(r.q.done).rejects.toThrow(/no such table/);
    }
  });

  /** A read submitted with node-postgres's callback (set when it runs a query with query_timeout), recording its calls. */
  function submitted(text: string) {
    const conn = connection();
    const q = new PreparedValue(text, [1]);
    const calls: unknown[] = [];
    q.callback = (err) => calls.push(err);
    q.submit(conn as never);
    return { conn, q, calls };
  }

  it('tells node-postgres it is done (its query_timeout timer is cleared through the callback), once', async () => {
    const { conn, q, calls } = submitted('SELECT $1::bytea -- done');
    conn.stream.emit('data', Buffer.concat([msg('1'), msg('2'), dataRow(Buffer.from('v')), AFTER]));
    expect(await q.done).toEqual(Buffer.from('v'));
    expect(calls).toEqual([null]);
  });

  it('a query_timeout in the middle of the row rejects at once, and the row is still read to its end before the socket goes back', async () => {
    const { conn, q, calls } = submitted('SELECT $1::bytea -- timeout');
    const wire = Buffer.concat([msg('1'), msg('2'), dataRow(Buffer.alloc(500, 3)), AFTER]);
    conn.stream.emit('data', wire.subarray(0, 100));
    q.handleError(new Error('Query read timeout'));
    await expect(q.done).rejects.toThrow(/read timeout/);
    expect(conn.handed).toHaveLength(0); // nothing handed to node-postgres in the middle of the row
    conn.stream.emit('data', wire.subarray(100));
    expect(Buffer.concat(conn.handed).equals(AFTER)).toBe(true);
    expect(conn.stream.listeners('data')).toHaveLength(1);
    expect(calls).toHaveLength(1);
  });

  it('reads a short row to its end (the connection stays in step) and then rejects', async () => {
    const row = dataRow(Buffer.alloc(100, 7));
    // The row's header says 100 bytes; the message length says fewer.
    const short = Buffer.concat([row.subarray(0, 1), Buffer.from([0, 0, 0, 4 + 2 + 4 + 60]), row.subarray(5, 5 + 2 + 4 + 60)]);
    const r = run(Buffer.concat([msg('2'), short, AFTER]), []);
    await expect(r.q.done).rejects.toThrow(/ended early/);
    expect(r.handed.equals(AFTER)).toBe(true);
  });

  it('refuses a parameter it cannot send, before writing anything or taking the socket', () => {
    for (const bad of [Number.NaN, Infinity, {}, [1], new Date(0)]) {
      const conn = connection();
      const q = new PreparedValue('SELECT $1', [bad]);
      const error = q.submit(conn as never);
      expect(error).toBeInstanceOf(Error);
      expect(conn.sent).toHaveLength(0);
      expect(conn.stream.listeners('data')).toHaveLength(1);
    }
  });
});

describe('readValue: when the session\'s prepared statements are not what the connection believed', () => {
  // node-postgres's side, enough of it: query() submits on the connection, then the server's answer arrives.
  function client(answers: ((q: PreparedValue, conn: ReturnType<typeof connection>) => void)[]) {
    const conn = connection();
    return {
      conn,
      query(q: PreparedValue) {
        const error = q.submit(conn as never);
        if (error) throw error;
        const answer = answers.shift()!;
        queueMicrotask(() => answer(q, conn));
      },
    };
  }
  const fail = (code: string) => (q: PreparedValue, conn: ReturnType<typeof connection>) => {
    conn.stream.emit('data', Buffer.concat([msg('E', Buffer.from(`SERROR\0C${code}\0M…\0\0`)), msg('Z', Buffer.from('I'))]));
    q.handleError(Object.assign(new Error(`statement state ${code}`), { code }));
  };
  const value = (v: string, parsed: boolean) => (_q: PreparedValue, conn: ReturnType<typeof connection>) =>
    conn.stream.emit('data', Buffer.concat([...(parsed ? [msg('1')] : []), msg('2'), dataRow(Buffer.from(v)), AFTER]));
  const kinds = (c: ReturnType<typeof client>) => c.conn.sent.map((b) => written(b).map(([k]) => k).join(''));
  /** The statement name of each write's Bind ('' = unnamed). */
  const bound = (c: ReturnType<typeof client>) => c.conn.sent.map((b) => {
    const body = written(b).find(([k]) => k === 'B')![1];
    const from = body.indexOf(0) + 1;
    return body.subarray(from, body.indexOf(0, from)).toString();
  });

  it('a statement the session lost (26000) runs once more unnamed, and is prepared again next time', async () => {
    const c = client([value('a', true), fail('26000'), value('b', true), value('d', true), value('e', false)]);
    const q = CompiledQuery.raw('SELECT $1::bytea -- lost', [1]);
    expect(await readValue(c, q)).toEqual(Buffer.from('a'));
    expect(await readValue(c, q)).toEqual(Buffer.from('b'));
    expect(await readValue(c, q)).toEqual(Buffer.from('d'));
    expect(await readValue(c, q)).toEqual(Buffer.from('e'));
    expect(kinds(c)).toEqual(['PBES', 'BES', 'PBES', 'PBES', 'BES']);
    const [name] = bound(c);
    expect(bound(c)).toEqual([name, name, '', name, name]);
  });

  it('a statement the session has already (42P05) runs once more unnamed, and is bound next time', async () => {
    const c = client([fail('42P05'), value('c', true), value('f', false)]);
    const q = CompiledQuery.raw('SELECT $1::bytea -- there', [1]);
    expect(await readValue(c, q)).toEqual(Buffer.from('c'));
    expect(await readValue(c, q)).toEqual(Buffer.from('f'));
    expect(kinds(c)).toEqual(['PBES', 'PBES', 'BES']);
    expect(bound(c)[1]).toBe('');
  });

  it(`a connection whose session surprised it ${MAX_SURPRISES} times prepares nothing any more (a pooler that changes sessions)`, async () => {
    const answers = [];
    for (let i = 0; i < MAX_SURPRISES; i++) answers.push(fail(i % 2 ? '42P05' : '26000'), value(`r${i}`, true));
    const c = client([...answers, value('x', true), value('y', true)]);
    const q = CompiledQuery.raw('SELECT $1::bytea -- pooler', [1]);
    for (let i = 0; i < MAX_SURPRISES; i++) expect(await readValue(c, q)).toEqual(Buffer.from(`r${i}`));
    expect(await readValue(c, q)).toEqual(Buffer.from('x'));
    expect(await readValue(c, q)).toEqual(Buffer.from('y'));
    expect(kinds(c).slice(-2)).toEqual(['PBES', 'PBES']);
    expect(bound(c).slice(-2)).toEqual(['', '']);
  });

  it('only once: a second such error, or any other, rejects', async () => {
    const c = client([fail('26000'), fail('26000')]);
    await expect(readValue(c, CompiledQuery.raw('SELECT $1::bytea -- twice', [1]))).rejects.toThrow(/26000/);
    const d = client([fail('42883')]);
    await expect(readValue(d, CompiledQuery.raw('SELECT $1::bytea -- other', [1]))).rejects.toThrow(/42883/);
    expect(d.conn.sent).toHaveLength(1);
  });
});

describe('the messages for one value', () => {
  it('binds numbers, booleans, text and NULL as text, a Buffer as binary, and asks for binary results', () => {
    const m = written(messages('s1', null, [8, -0.5, true, "it's $1", null, Buffer.from([0, 255])]));
    expect(m.map(([c]) => c)).toEqual(['B', 'E', 'S']);
    const b = m[0]![1];
    let at = 0;
    const cstr = () => { const e = b.indexOf(0, at); const s = b.subarray(at, e).toString(); at = e + 1; return s; };
    const i16 = () => { const v = b.readInt16BE(at); at += 2; return v; };
    const i32 = () => { const v = b.readInt32BE(at); at += 4; return v; };
    expect(cstr()).toBe(''); // unnamed portal
    expect(cstr()).toBe('s1');
    const nf = i16();
    expect(Array.from({ length: nf }, i16)).toEqual([0, 0, 0, 0, 0, 1]);
    expect(i16()).toBe(6);
    const values: (string | null)[] = [];
    for (let i = 0; i < 6; i++) { const l = i32(); values.push(l < 0 ? null : b.subarray(at, at + l).toString(i === 5 ? 'hex' : 'utf8')); at += Math.max(0, l); }
    expect(values).toEqual(['8', '-0.5', 'true', "it's $1", null, '00ff']);
    expect([i16(), i16()]).toEqual([1, 1]); // one result format: binary
    expect(at).toBe(b.length);
  });

  it('all-text parameters need no format codes; Parse carries the name and the text', () => {
    const m = written(messages('', 'SELECT $1::int', [1]));
    expect(m.map(([c]) => c)).toEqual(['P', 'B', 'E', 'S']);
    expect(m[0]![1].equals(Buffer.from('\0SELECT $1::int\0\0\0', 'latin1'))).toBe(true);
    expect(m[1]![1].readInt16BE(2)).toBe(0); // after '' and '' : no parameter format codes
  });
});
