// The database seam: json and jsonb come back as parsed values from both backends, through Kysely, in a
// Kysely transaction and through the script session, so nothing above db/ parses JSON strings again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { BACKEND, freshDatabase, type TestDb } from '../helpers/backend.js';

interface JsonRow { j: unknown; jb: unknown; built: unknown; agg: unknown; geo: unknown; jnull: unknown }
const QUERY = `SELECT '{"a":1,"b":[true,null]}'::json AS j,
                      '{"a":1,"b":[true,null]}'::jsonb AS jb,
                      json_build_object('a', 1, 'b', json_build_array(true, NULL)) AS built,
                      (SELECT json_agg(x ORDER BY x) FROM generate_series(1, 2) x) AS agg,
                      ST_AsGeoJSON(ST_MakePoint(74.5, 42.8))::json AS geo,
                      NULL::jsonb AS jnull`;

function expectParsed(r: JsonRow | undefined) {
  expect(r).toBeDefined();
  expect(typeof r!.j).toBe('object');
  expect(r!.j).toEqual({ a: 1, b: [true, null] });
  expect(typeof r!.jb).toBe('object');
  expect(r!.jb).toEqual({ a: 1, b: [true, null] });
  expect(typeof r!.built).toBe('object');
  expect(r!.built).toEqual({ a: 1, b: [true, null] });
  expect(r!.agg).toEqual([1, 2]);
  expect(r!.geo).toEqual({ type: 'Point', coordinates: [74.5, 42.8] });
  expect(r!.jnull).toBeNull();
}

describe(`json and jsonb come back as objects (${BACKEND})`, () => {
  let t: TestDb;
  beforeAll(async () => { t = await freshDatabase(); });
  afterAll(async () => { await t?.dispose(); });

  it('through Kysely', async () => {
    const r = await sql<JsonRow>`${sql.raw(QUERY)}`.execute(t.database.db);
    expectParsed(r.rows[0]);
  });

  it('in a Kysely transaction', async () => {
    const r = await t.database.db.transaction().execute((tx) => sql<JsonRow>`${sql.raw(QUERY)}`.execute(tx));
    expectParsed(r.rows[0]);
  });

  it('through the script session (migrations, seeding)', async () => {
    const rows = await t.database.session((s) => s.query<JsonRow>(QUERY));
    expectParsed(rows[0]);
    const inTx = await t.database.transactionScript((s) => s.query<JsonRow>(QUERY));
    expectParsed(inTx[0]);
  });

  it('a stored jsonb column (annotation evidence) and a bound JSON parameter', async () => {
    const r = await sql<{ e: unknown; p: unknown }>`SELECT evidence AS e, ${JSON.stringify({ k: 'v' })}::jsonb AS p FROM annotations LIMIT 1`.execute(t.database.db);
    expect(r.rows.length).toBe(1);
    expect(Array.isArray(r.rows[0]!.e)).toBe(true);
    expect(r.rows[0]!.p).toEqual({ k: 'v' });
  });
});

describe(`readBytes: one bytea value, byte for byte (${BACKEND})`, () => {
  let t: TestDb;
  beforeAll(async () => { t = await freshDatabase(); });
  afterAll(async () => { await t?.dispose(); });

  it('returns the bytes (all 256 values, 300 KB) and null for NULL or no row', async () => {
    const q = sql<{ b: Buffer }>`SELECT decode(repeat(string_agg(lpad(to_hex(i), 2, '0'), ''), ${1200}::int), 'hex') AS b FROM generate_series(0, 255) i`.compile(t.database.db);
    const b = await t.database.readBytes(q);
    expect(b!.length).toBe(256 * 1200);
    for (let i = 0; i < 256; i++) expect(b![i]).toBe(i);
    expect(b!.subarray(0, 256).equals(b!.subarray(256 * 1199))).toBe(true);
    expect(await t.database.readBytes(sql`SELECT NULL::bytea AS b`.compile(t.database.db))).toBeNull();
    expect(await t.database.readBytes(sql`SELECT 'x'::bytea AS b WHERE false`.compile(t.database.db))).toBeNull();
  });

  it('a statement the server refuses rejects with its error; the reads after it, twelve at once, each get their own bytes', async () => {
    await expect(t.database.readBytes(sql`SELECT decode(${'not hex'}::text, 'hex') AS b`.compile(t.database.db))).rejects.toThrow(/hex/i);
    const sizes = Array.from({ length: 12 }, (_, i) => 1 + i * 9000);
    const got = await Promise.all(sizes.map((n, i) => t.database.readBytes(sql`SELECT decode(repeat(lpad(to_hex(${i}::int), 2, '0'), ${n}::int), 'hex') AS b`.compile(t.database.db))));
    got.forEach((b, i) => {
      expect(b!.length).toBe(sizes[i]);
      expect(b!.every((v) => v === i)).toBe(true);
    });
  });

  it('text parameters arrive as they were given, quotes, backslashes and $1 included (bound as parameters, never written into the SQL)', async () => {
    const hostile = `it's \\' a $1 test'); DROP TABLE settlements; --`;
    const b = await t.database.readBytes(sql`SELECT convert_to(${hostile}::text, 'UTF8') AS b`.compile(t.database.db));
    expect(b!.toString('utf8')).toBe(hostile);
    const n = await t.database.readBytes(sql`SELECT convert_to((${2.5}::float8 * ${4}::int)::text, 'UTF8') AS b`.compile(t.database.db));
    expect(n!.toString('utf8')).toBe('10');
    // The text was data, never SQL: the table is still there.
    await expect(sql`SELECT count(*) FROM settlements`.execute(t.database.db)).resolves.toBeDefined();
  });

  it.skipIf(BACKEND !== 'server')('server: a statement is prepared once per connection and still planned for each call (force_custom_plan)', async () => {
    // The statement reads its own entry in pg_prepared_statements (the session's prepared statements).
    // One read at a time: the pool hands back the connection it just got back.
    const own = sql<{ b: Buffer }>`SELECT convert_to((SELECT count(*) || ' ' || sum(custom_plans) || ' ' || sum(generic_plans)
        FROM pg_prepared_statements WHERE name LIKE 'kg_value_%' AND statement LIKE '%' || 'own-entry-marker' || '%' AND ${1}::int = 1)::text, 'UTF8') AS b`;
    let last = '';
    for (let call = 1; call <= 8; call++) last = (await t.database.readBytes(own.compile(t.database.db)))!.toString('utf8');
    const [statements, custom, generic] = last.split(' ').map(Number);
    expect(statements).toBe(1); // one prepared statement for eight calls
    expect(custom).toBeGreaterThanOrEqual(8); // a custom plan each time: PostgreSQL would switch to a generic plan after five
    expect(generic).toBe(0);
  });

  it('reads leave nothing behind: no timer per read holding its bytes (node-postgres\'s query_timeout)', async () => {
    const q = sql<{ b: Buffer }>`SELECT decode(repeat('ab', ${100_000}::int), 'hex') AS b`.compile(t.database.db);
    await t.database.readBytes(q);
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    for (let i = 0; i < 40; i++) expect((await t.database.readBytes(q))!.length).toBe(100_000);
    expect(timers() - before).toBeLessThan(5);
  });

  it.skipIf(BACKEND !== 'server')('server: a session that lost its prepared statements (DEALLOCATE ALL) still answers, with the right bytes', async () => {
    const q = sql<{ b: Buffer }>`SELECT convert_to('lost and found ' || ${7}::int, 'UTF8') AS b`.compile(t.database.db);
    expect((await t.database.readBytes(q))!.toString()).toBe('lost and found 7');
    // On the same connection (one read at a time: the pool hands back the one it just got back).
    expect(await t.database.readBytes(sql`DEALLOCATE ALL`.compile(t.database.db))).toBeNull();
    expect((await t.database.readBytes(q))!.toString()).toBe('lost and found 7');
    expect((await t.database.readBytes(q))!.toString()).toBe('lost and found 7');
  });
});
