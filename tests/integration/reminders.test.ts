// Reminders on a real database with a REAL SMTP listener (smtp-server on 127.0.0.1, started here):
// the digest of commitments due within 14 days and late goes to the members of the campaign's
// organisation and of the organisations it is shared with — and to nobody else; a draft decision is
// named only to those who may see it; the e-mail names the commitments in ky, ru and en, text and
// escaped HTML, with links to the tracker; a second run the same day sends nothing; a listener that
// refuses makes `npm run reminders:send` exit non-zero with a clear message and records nothing; the
// SMTP password never shows in what the command prints or logs. The clock is fixed at 2026-12-02.
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { pino } from 'pino';
import supertest from 'supertest';
import { BACKEND } from '../helpers/backend.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { signIn, DEMO_PASSWORD } from '../helpers/session.js';
import { collect, ROOT } from '../helpers/proc.js';
import { openDatabase, type Database } from '../../server/src/db/connect.js';
import { RemindersService } from '../../server/src/reminders/reminders.service.js';
import { smtpMailer } from '../../server/src/reminders/reminders.mail.js';
import type { ReminderDigest } from '../../server/src/commitments/commitments.types.js';

const TODAY = '2026-12-02';
const SMTP_USER = 'tracker';
const SMTP_PASSWORD = 'pw-Zq7!never-in-logs-4kX';
const PUBLIC_URL = 'https://tracker.example.org';

interface Received { to: string[]; mail: ParsedMail }

/** A real SMTP server on loopback: with `refuse`, it answers every connection 554. */
async function smtpListener(opts: { refuse?: boolean } = {}): Promise<{ port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const options: SMTPServerOptions = {
    disabledCommands: ['STARTTLS'], allowInsecureAuth: true, authOptional: false, logger: false,
    onConnect(_session, cb) { cb(opts.refuse ? Object.assign(new Error('No mail accepted here'), { responseCode: 554 }) : null); },
    onAuth(auth, _session, cb) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      simpleParser(stream).then((mail) => { received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail }); cb(); }, cb);
    },
  };
  const server = new SMTPServer(options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe(`reminders (${BACKEND})`, () => {
  let t: TestApp;
  let db: Database;
  let smtp: Awaited<ReturnType<typeof smtpListener>>;
  const q = <R = Record<string, unknown>>(text: string, params: unknown[] = []) => db.session((s) => s.query<R>(text, params));

  beforeAll(async () => {
    t = await testApp({ config: { clock: () => new Date(`${TODAY}T09:00:00Z`) } });
    db = t.database;
    smtp = await smtpListener();
    // A draft decision of Elsen (shared with the Chüy district administration only), due in 5 days, with a
    // title that must not reach anyone else; and a published Karakol commitment due in 8 days whose title
    // carries markup that the HTML must escape.
    await q(`INSERT INTO decisions (ref, organisation_id, campaign_id, kind, body_en, decided_on, title_en, status, provenance)
             SELECT 'test:elsen-draft', c.organisation_id, c.id, 'council_resolution', 'Issyk-Ata district kenesh', '2026-06-01', 'Elsen draft decision', 'draft', 'illustrative'
             FROM campaigns c WHERE c.ref = 'demo:campaign-novopokrovka-electricity'`);
    await q(`INSERT INTO commitments (ref, decision_id, title_en, title_ru, responsible_en, due_on, indicator_en, unit, baseline, target)
             SELECT 'test:elsen-secret', d.id, 'SECRET draft: connect Novopokrovka substation', 'СЕКРЕТ: подключить подстанцию', 'District administration', '2026-12-07', 'connections', 'count', 0, 1
             FROM decisions d WHERE d.ref = 'test:elsen-draft'`);
    await q(`INSERT INTO commitments (ref, decision_id, position, title_ky, title_ru, title_en, responsible_en, due_on, indicator_en, unit, baseline, target)
             SELECT 'test:karakol-budget', d.id, 9, '2027-жылдын оңдоо тизмеси', 'Список ремонта на 2027 год', 'Publish the 2027 repair list <b>& budget</b>', 'Karakol city hall', '2026-12-10', 'lists published', 'count', 0, 1
             FROM decisions d WHERE d.ref = 'demo:decision-karakol-irrigation-strategy'`);
  });
  afterAll(async () => { await smtp?.close(); await db?.close(); await t?.dispose().catch(() => undefined); });

  it('GET /api/reminders: the signed-in person\'s digest at the service clock; a draft only for its organisation and the one it is shared with', async () => {
    const atuul = await signIn(t, 'advocate.atuul@example.org', DEMO_PASSWORD);
    const a = (await atuul.agent.get('/api/reminders').expect(200)).body as ReminderDigest;
    expect(a.asOf).toBe(TODAY);
    expect(a.dueSoon.map((x) => [x.commitment.title.en, x.daysLeft, x.commitment.status])).toEqual([['Publish the 2027 repair list <b>& budget</b>', 8, 'at_risk']]);
    expect(a.late.map((x) => [x.commitment.title.en, x.daysLate, x.commitment.status])).toEqual([
      ['Repair the broken street aryks and bring irrigation water back to households', 93, 'broken'],
      ['Clear distributor canals 2 and 6', 32, 'late'],
    ]);
    expect(a.late[1]!.decision.title.en).toBe('Karakol irrigation network renewal strategy');
    expect(a.late[1]!.campaign.title.en).toBe("Joint reconstruction of Karakol's irrigation network");
    expect(JSON.stringify(a)).not.toMatch(/SECRET|Hand-washing|hand-washing/);
    // The same status as the commitments service answers for the same day.
    for (const x of [...a.dueSoon, ...a.late]) {
      const c = (await atuul.agent.get(`/api/commitments/${x.commitment.id}`).expect(200)).body as { status: string; dueOn: string };
      expect([c.status, c.dueOn], x.commitment.title.en!).toEqual([x.commitment.status, x.commitment.dueOn]);
    }

    const elsen = await signIn(t, 'advocate.elsen@example.org', DEMO_PASSWORD);
    const e = (await elsen.agent.get('/api/reminders').expect(200)).body as ReminderDigest;
    expect(e.dueSoon.map((x) => [x.commitment.title.en, x.daysLeft])).toEqual([['SECRET draft: connect Novopokrovka substation', 5]]);
    expect(e.late).toEqual([]);

    const dilanar = await signIn(t, 'advocate.dilanar@example.org', DEMO_PASSWORD);
    expect((await dilanar.agent.get('/api/reminders').expect(200)).body).toEqual({ asOf: TODAY, dueSoon: [], late: [] });

    // Another day: on 2026-11-05 the hand-washing points (due 2026-11-15) are due in 10 days for Forward.
    const forward = await signIn(t, 'advocate.forward@example.org', DEMO_PASSWORD);
    const f = (await forward.agent.get('/api/reminders?as_of=2026-11-05').expect(200)).body as ReminderDigest;
    expect(f.dueSoon.map((x) => [x.commitment.title.en, x.daysLeft])).toEqual([['Install hand-washing points', 10]]);
    expect(f.late).toEqual([]);

    const bad = await forward.agent.get('/api/reminders?as_of=2026-02-30').expect(400);
    expect(bad.type).toBe('application/problem+json');
    expect(JSON.stringify(bad.body)).toMatch(/as_of/);
    await forward.agent.get('/api/reminders?limit=3').expect(400);
    await supertest(t.app).get('/api/reminders').expect(401);
  });

  it('sends one e-mail per person with a non-empty digest, to the right people only, in ky/ru/en, escaped, with tracker links; a second run sends nothing', async () => {
    const service = new RemindersService(db.db, { days: 14 }, () => new Date(`${TODAY}T09:00:00Z`));
    const mailer = smtpMailer({ host: '127.0.0.1', port: smtp.port, secure: false, user: SMTP_USER, password: SMTP_PASSWORD, from: 'Tracker <tracker@example.org>' });
    const logged: string[] = [];
    const log = pino({ level: 'trace' }, { write: (s: string) => { logged.push(s); } });
    try {
      const report = await service.send(mailer, { publicUrl: PUBLIC_URL }, log);
      const expected = ['admin.atuul@example.org', 'advocate.atuul@example.org', 'advocate.elsen@example.org', 'advocate.forward@example.org', 'engineer.chuy@example.org', 'engineer.karakol@example.org'];
      expect(report).toMatchObject({ asOf: TODAY, sent: 6, skipped: 0, people: 6, dryRun: false });
      expect(smtp.received.flatMap((r) => r.to).sort()).toEqual(expected);
      const byTo = new Map(smtp.received.map((r) => [r.to[0]!, r.mail]));

      // Atuul: the late and the due-soon commitments, in the three languages, text and HTML.
      const atuul = byTo.get('advocate.atuul@example.org')!;
      expect(atuul.subject).toBe('Милдеттенмелер: мөөнөтү жакындагандар жана кечиккендер · Обязательства: скоро срок и просроченные · Commitments: due soon and late');
      expect(atuul.from?.text).toMatch(/tracker@example.org/);
      const text = atuul.text!;
      for (const s of ['Саламатсызбы, Aigerim (Atuul, demo)!', 'Здравствуйте, Aigerim (Atuul, demo)!', 'Hello Aigerim (Atuul, demo),',
        '2- жана 6-бөлүштүрүүчү каналдарды тазалоо', 'Расчистить распределительные каналы 2 и 6', 'Clear distributor canals 2 and 6',
        '32 күн кечикти', 'просрочено на 32 дня', '32 days late', '93 days late', 'Status: Broken', 'Статус: Просрочено', 'Статусу: Кечигүүдө',
        'Publish the 2027 repair list <b>& budget</b>', 'in 8 days', 'осталось 8 дней', '8 күн калды',
        `${PUBLIC_URL}/tracker/decisions/`]) expect(text, s).toContain(s);
      expect(text.indexOf('Саламатсызбы')).toBeLessThan(text.indexOf('Здравствуйте'));
      expect(text.indexOf('Здравствуйте')).toBeLessThan(text.indexOf('Hello'));
      expect(text).not.toMatch(/SECRET|СЕКРЕТ|hand-washing|Hand-washing/);
      const htmlBody = atuul.html as string;
      expect(htmlBody).toContain('Publish the 2027 repair list &lt;b&gt;&amp; budget&lt;/b&gt;');
      expect(htmlBody).not.toContain('<b>& budget</b>');
      expect(htmlBody).toMatch(new RegExp(`<a href="${PUBLIC_URL}/tracker/decisions/[0-9a-f-]{36}\\?lang=ky">`));

      // The Karakol city hall reviews both Karakol campaigns: Atuul's late ones and Forward's hand-washing points.
      const hall = byTo.get('engineer.karakol@example.org')!.text!;
      expect(hall).toContain('Install hand-washing points');
      expect(hall).toContain('Clear distributor canals 2 and 6');
      expect(hall).not.toContain('SECRET');
      // Forward: its own late commitment only.
      const forward = byTo.get('advocate.forward@example.org')!.text!;
      expect(forward).toContain('17 days late');
      expect(forward).not.toMatch(/distributor|SECRET/);
      // The draft reaches Elsen and the district administration it is shared with, nobody else.
      for (const to of ['advocate.elsen@example.org', 'engineer.chuy@example.org']) expect(byTo.get(to)!.text).toContain('SECRET draft: connect Novopokrovka substation');

      const rows = await q<{ email: string; due_soon: number; late: number; n: number }>(
        `SELECT email, due_soon, late, cardinality(commitment_ids) n FROM reminder_deliveries WHERE digest_on = $1 ORDER BY email`, [TODAY]);
      expect(rows.map((r) => r.email)).toEqual(expected);
      expect(rows.find((r) => r.email === 'advocate.atuul@example.org')).toMatchObject({ due_soon: 1, late: 2, n: 3 });

      // The same day again: nothing sent.
      const again = await service.send(mailer, { publicUrl: PUBLIC_URL }, log);
      expect(again).toMatchObject({ sent: 0, skipped: 6 });
      expect(smtp.received).toHaveLength(6);
      expect(logged.join('')).not.toContain(SMTP_PASSWORD);
      expect(logged.join('')).toContain('reminder sent');
    } finally {
      mailer.close();
    }
  });

  describe('npm run reminders:send (the real command)', () => {
    const run = async (args: string[], env: Record<string, string>) => {
      const dbEnv = BACKEND === 'server' ? { DATABASE_URL: t.config.databaseUrl! } : { DATA_DIR: t.config.dataDir, DATABASE_URL: '' };
      const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['server/src/cli/reminders-send.ts', ...args], {
        cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'trace', SEED_DEMO: 'never', PUBLIC_URL, SMTP_USER, SMTP_PASSWORD, SMTP_FROM: 'tracker@example.org', ...dbEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      return collect(child);
    };
    const rowsOn = async (day: string) => (await q<{ n: number }>(`SELECT count(*)::int n FROM reminder_deliveries WHERE digest_on = $1`, [day]))[0]!.n;
    const DAY = '2026-12-03';

    beforeAll(async () => { if (BACKEND === 'embedded') await db.close(); }); // the command takes the folder's lock
    const reopen = async () => { if (BACKEND === 'embedded') db = await openDatabase(t.config, pino({ level: 'silent' })); };

    it('a listener that refuses: exit 1, a clear message, no "sent" rows, no password in the output', async () => {
      const refusing = await smtpListener({ refuse: true });
      try {
        const r = await run(['--as-of', DAY], { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(refusing.port) });
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr).toMatch(/The SMTP server did not take the reminder to [a-z.]+@example\.org: .*No mail accepted here/);
        expect(r.stderr).toMatch(/0 reminder\(s\) were sent and recorded before this; run the command again/);
        expect(r.stdout + r.stderr).not.toContain(SMTP_PASSWORD);
        expect(refusing.received).toHaveLength(0);
      } finally { await refusing.close(); }
      // Nothing listening at all: the same.
      const closed = await run(['--as-of', DAY], { SMTP_HOST: '127.0.0.1', SMTP_PORT: '1' });
      expect(closed.code).toBe(1);
      expect(closed.stderr).toMatch(/The SMTP server did not take the reminder to .*(ECONNREFUSED|connect)/);
      await reopen();
      expect(await rowsOn(DAY)).toBe(0);
      if (BACKEND === 'embedded') await db.close();
    }, 120_000);

    it.runIf(BACKEND === 'server')('a second run while one is running (the advisory lock held): exit 1, nothing sent', async () => {
      const before = smtp.received.length;
      const held = await db.session(async (s) => {
        await s.query('SELECT pg_advisory_lock(4271994)');
        try { return await run(['--as-of', '2026-12-04'], { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) }); }
        finally { await s.query('SELECT pg_advisory_unlock(4271994)'); }
      });
      expect(held.code).toBe(1);
      expect(held.stderr).toMatch(/Another reminders:send is running on this database; this one sent nothing/);
      expect(smtp.received.length).toBe(before);
      expect(await rowsOn('2026-12-04')).toBe(0);
    }, 60_000);

    it('sends once with --as-of, says so, and a second run the same day sends nothing; --dry-run records nothing; no password in any output', async () => {
      const before = smtp.received.length;
      const dry = await run(['--dry-run', '--as-of', DAY], { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) });
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toMatch(/reminders for 2026-12-03 \(dry run: nothing sent, nothing recorded\): 6 to send, 0 already sent today/);
      expect(smtp.received.length).toBe(before);
      const first = await run(['--as-of', DAY], { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) });
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/reminders for 2026-12-03: 6 sent, 0 already sent today, 6 people with commitments due soon or late/);
      expect(smtp.received.length).toBe(before + 6);
      const second = await run(['--as-of', DAY], { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) });
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toMatch(/0 sent, 6 already sent today/);
      expect(smtp.received.length).toBe(before + 6);
      for (const r of [dry, first, second]) expect(r.stdout + r.stderr).not.toContain(SMTP_PASSWORD);
      expect(first.stdout).toMatch(/"msg":"reminder sent"/); // the trace-level log is there, and still no password

      const bad = await run(['--as-of', 'yesterday'], {});
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--as-of must be a date as YYYY-MM-DD/);
      const noSmtp = await run([], { SMTP_HOST: '' });
      expect(noSmtp.code).toBe(2);
      expect(noSmtp.stderr).toMatch(/SMTP is not configured: set SMTP_HOST and SMTP_FROM/);
      await reopen();
      expect(await rowsOn(DAY)).toBe(6);
    }, 180_000);
  });
});
