// Reminders: for each person, the commitments of their organisation's campaigns (and of the campaigns
// shared with it) that are due within the window (REMINDER_DAYS, 14 by default) or late — in the app
// always (GET /api/reminders), and by e-mail once a day when SMTP is configured (npm run
// reminders:send). The status is the one function every reader applies (commitments.rules.ts), at the
// service's clock (config.clock; tests fix it) or the day asked for.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../db/schema.js';
import type { SignedIn } from '../access/viewer.js';
import type { RemindersConfig } from '../config.js';
import type { ReminderDigest } from '../commitments/commitments.types.js';
import { commitmentStatus, daysBetween, type CommitmentStatus } from '../commitments/commitments.rules.js';
import { candidateCommitments, deliveredOn, recipients, recordDelivery, type CommitmentFacts, type Recipient } from './reminders.repo.js';
import { composeDigestMail, type Mailer } from './reminders.mail.js';

/** The statuses a commitment still due can have and be worth a reminder (not done; not broken: declared abandoned). */
const STILL_OPEN: ReadonlySet<CommitmentStatus> = new Set(['not_started', 'on_track', 'at_risk']);

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The digest of `asOf` over the commitments given (already limited to the reader's campaigns). */
export function digestOf(facts: readonly CommitmentFacts[], asOf: string, days: number): ReminderDigest {
  const digest: ReminderDigest = { asOf, dueSoon: [], late: [] };
  const until = addDays(asOf, days);
  for (const c of facts) {
    const s = commitmentStatus({ start: c.start, due: c.due, indicator: { baseline: c.baseline, target: c.target }, updates: c.updates }, asOf);
    const commitment = { id: c.id, title: c.title, dueOn: c.due, status: s.status, responsible: c.responsible };
    const where = { decision: { id: c.decision.id, title: c.decision.title }, campaign: c.campaign };
    if (c.due >= asOf && c.due <= until && STILL_OPEN.has(s.status)) digest.dueSoon.push({ commitment, ...where, daysLeft: daysBetween(asOf, c.due) });
    else if (s.daysLate > 0 && (s.status === 'late' || s.status === 'broken')) digest.late.push({ commitment, ...where, daysLate: s.daysLate });
  }
  const byTitle = (a: { commitment: { title: { en: string | null; ru: string | null; ky: string | null }; id: string } }, b: typeof a) =>
    (a.commitment.title.en ?? a.commitment.title.ru ?? '').localeCompare(b.commitment.title.en ?? b.commitment.title.ru ?? '') || a.commitment.id.localeCompare(b.commitment.id);
  digest.dueSoon.sort((a, b) => a.daysLeft - b.daysLeft || byTitle(a, b));
  digest.late.sort((a, b) => b.daysLate - a.daysLate || byTitle(a, b));
  return digest;
}

export const isEmptyDigest = (d: ReminderDigest) => d.dueSoon.length === 0 && d.late.length === 0;

export interface SendOptions {
  /** The day the digests are computed for (default: the service's today). */
  asOf?: string;
  /** Compose and count, send nothing, record nothing. */
  dryRun?: boolean;
  /** Base of the links to the tracker (PUBLIC_URL). */
  publicUrl: string;
}

export interface SendReport {
  asOf: string;
  /** People with a non-empty digest. */
  people: number;
  sent: number;
  /** Already sent the digest of this day (an earlier run). */
  skipped: number;
  /** A dry run: composed, neither sent nor recorded. */
  dryRun: boolean;
  /** Addresses written to (or that would be, in a dry run). */
  recipients: string[];
}

export class ReminderSendError extends Error {
  constructor(message: string, readonly report: SendReport) { super(message); }
}

export class RemindersService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly config: RemindersConfig,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  today(): string { return this.clock().toISOString().slice(0, 10); }

  /** GET /api/reminders: the signed-in person's digest (their organisation's campaigns and those shared with it). */
  async digestFor(viewer: SignedIn, asOf = this.today()): Promise<ReminderDigest> {
    const facts = await candidateCommitments(this.db, asOf, addDays(asOf, this.config.days), viewer.orgId);
    return digestOf(facts, asOf, this.config.days);
  }

  /** Every person with a non-empty digest on `asOf`. One query for the commitments, then per person in memory. */
  async digests(asOf = this.today()): Promise<{ person: Recipient; digest: ReminderDigest }[]> {
    const facts = await candidateCommitments(this.db, asOf, addDays(asOf, this.config.days), null);
    const out: { person: Recipient; digest: ReminderDigest }[] = [];
    const byOrg = new Map<string, ReminderDigest>();
    for (const person of await recipients(this.db)) {
      let digest = byOrg.get(person.organisationId);
      if (!digest) {
        digest = digestOf(facts.filter((f) => f.organisationIds.includes(person.organisationId)), asOf, this.config.days);
        byOrg.set(person.organisationId, digest);
      }
      if (!isEmptyDigest(digest)) out.push({ person, digest });
    }
    return out;
  }

  /**
   * npm run reminders:send: one e-mail per person with a non-empty digest, not already sent that day.
   * Each accepted message is recorded at once, so a failure part-way leaves the ones sent recorded and
   * a second run sends only the rest. A refused message stops the run with ReminderSendError.
   */
  async send(mailer: Mailer | null, opts: SendOptions, log: Logger): Promise<SendReport> {
    const asOf = opts.asOf ?? this.today();
    const all = await this.digests(asOf);
    const done = await deliveredOn(this.db, asOf);
    const report: SendReport = { asOf, people: all.length, sent: 0, skipped: 0, dryRun: !!opts.dryRun, recipients: [] };
    for (const { person, digest } of all) {
      if (done.has(person.userId)) { report.skipped++; continue; }
      const mail = composeDigestMail(person, digest, opts.publicUrl, this.config.days);
      report.recipients.push(person.email);
      if (opts.dryRun) continue;
      if (!mailer) throw new ReminderSendError('SMTP is not configured: set SMTP_HOST and SMTP_FROM (or use --dry-run).', report);
      let messageId: string | null;
      try {
        messageId = await mailer.send({ to: person.email, ...mail });
      } catch (err) {
        report.recipients.pop();
        throw new ReminderSendError(`The SMTP server did not take the reminder to ${person.email}: ${(err as Error).message}`, report);
      }
      await recordDelivery(this.db, {
        userId: person.userId, day: asOf, email: person.email, dueSoon: digest.dueSoon.length, late: digest.late.length,
        commitmentIds: [...digest.dueSoon, ...digest.late].map((x) => x.commitment.id), messageId,
      });
      report.sent++;
      log.info({ to: person.email, asOf, dueSoon: digest.dueSoon.length, late: digest.late.length }, 'reminder sent');
    }
    return report;
  }
}
