// npm run reminders:send [-- --dry-run] [--as-of YYYY-MM-DD]
// One e-mail per person whose reminders digest (commitments due within REMINDER_DAYS, and the late
// ones) is not empty, at most once a day: what was sent is recorded (reminder_deliveries), so a second
// run the same day sends nothing. Needs SMTP_HOST, SMTP_FROM and PUBLIC_URL (the links to the tracker);
// --dry-run composes and lists the recipients without sending or recording. Meant for a daily cron job.
// Exit codes: 0 done (or nothing to send), 1 the SMTP server refused or could not be reached (what was
// sent before that stays recorded), 2 a bad argument or setting.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { openCliDatabase } from './cli-database.js';
import { SendArgs } from '../reminders/reminders.schema.js';
import { ReminderSendError, RemindersService } from '../reminders/reminders.service.js';
import { smtpMailer } from '../reminders/reminders.mail.js';
import { withSendLock } from '../reminders/reminders.repo.js';

const USAGE = 'usage: npm run reminders:send [-- --dry-run] [--as-of YYYY-MM-DD]';

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

let raw;
try {
  raw = parseArgs({ options: { 'dry-run': { type: 'boolean' }, 'as-of': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }).values;
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
if (raw.help) { console.log(USAGE); process.exit(0); }
const { help: _help, ...rest } = raw;
const parsed = SendArgs.safeParse(rest);
if (!parsed.success) fail(`${parsed.error.issues.map((i) => i.message).join('; ')}\n${USAGE}`);
const args = parsed.data;
const dryRun = !!args['dry-run'];

// The settings first: a missing one stops the command before the database is opened.
try {
  const pre = loadConfig({ ...process.env });
  if (!dryRun && !pre.reminders.smtp) fail('SMTP is not configured: set SMTP_HOST and SMTP_FROM (see README, Configuration), or use --dry-run.');
  if (!dryRun && !pre.publicUrl) fail('PUBLIC_URL is not set: the reminders link to the tracker pages, so the address people open must be known (e.g. PUBLIC_URL=https://map.example.org).');
} catch (err) {
  if (err instanceof ConfigError) fail(err.message);
  throw err;
}
const { config, database } = await openCliDatabase({}, fail);
const log = createLogger(config);
const smtp = config.reminders.smtp;

const service = new RemindersService(database.db, config.reminders, config.clock);
const mailer = !dryRun && smtp ? smtpMailer(smtp) : null;
let code = 0;
try {
  const r = await withSendLock(database, () => service.send(mailer, { asOf: args['as-of'], dryRun, publicUrl: config.publicUrl ?? `http://${config.host}:${config.port}` }, log));
  if (!r) {
    console.error('Another reminders:send is running on this database; this one sent nothing. Try again when it has finished.');
    code = 1;
  } else if (dryRun) console.log(`reminders for ${r.asOf} (dry run: nothing sent, nothing recorded): ${r.recipients.length} to send, ${r.skipped} already sent today${r.recipients.length ? `\n  ${r.recipients.join('\n  ')}` : ''}`);
  else console.log(`reminders for ${r.asOf}: ${r.sent} sent, ${r.skipped} already sent today, ${r.people} people with commitments due soon or late`);
} catch (err) {
  if (!(err instanceof ReminderSendError)) throw err;
  console.error(`${err.message}\n${err.report.sent} reminder(s) were sent and recorded before this; run the command again to send the rest.`);
  code = 1;
} finally {
  mailer?.close();
  await database.close();
}
process.exit(code);
