// The reminder e-mail: one message per person, plain text and HTML with the same content, in Kyrgyz
// with Russian and English below (accounts have no language of their own yet), every text from the
// database escaped in the HTML, links to the public tracker pages (PUBLIC_URL). Sent through nodemailer
// over SMTP; the password goes to the transport only and is scrubbed from any error message.
import nodemailer from 'nodemailer';
import type { SmtpConfig } from '../config.js';
import { html } from '../shares/shares.pages.js';
import { LANGS, pick, type Lang } from '../i18n/pick.js';
import type { ReminderDigest } from '../commitments/commitments.types.js';
import { STATUS_LABEL } from '../commitments/tracker.messages.js';
import type { Recipient } from './reminders.repo.js';

type T3 = Record<Lang, string>;
const t = (en: string, ru: string, ky: string): T3 => ({ en, ru, ky });

const ruDays = (n: number) => {
  const form = new Intl.PluralRules('ru').select(n);
  return `${n} ${form === 'one' ? 'день' : form === 'few' ? 'дня' : 'дней'}`;
};

const M = {
  subject: t('Commitments: due soon and late', 'Обязательства: скоро срок и просроченные', 'Милдеттенмелер: мөөнөтү жакындагандар жана кечиккендер'),
  hello: { ky: (n: string) => `Саламатсызбы, ${n}!`, ru: (n: string) => `Здравствуйте, ${n}!`, en: (n: string) => `Hello ${n},` },
  intro: {
    ky: (d: string) => `${d} күнгө карата уюмуңуздун кампанияларындагы (жана сиздин уюм менен бөлүшүлгөн кампаниялардагы) милдеттенмелер:`,
    ru: (d: string) => `Обязательства по кампаниям вашей организации (и кампаниям, которыми с ней поделились) на ${d}:`,
    en: (d: string) => `Commitments in your organisation's campaigns (and the campaigns shared with it) as of ${d}:`,
  },
  dueSoon: {
    ky: (n: number) => `Мөөнөтү ${n} күндүн ичинде бүтөт`,
    ru: (n: number) => `Срок в ближайшие ${ruDays(n)}`,
    en: (n: number) => `Due within ${n} days`,
  },
  late: t('Late commitments', 'Просроченные обязательства', 'Кечиккен милдеттенмелер'),
  due: t('Due', 'Срок', 'Мөөнөтү'),
  left: {
    ky: (n: number) => (n === 0 ? 'бүгүн' : `${n} күн калды`),
    ru: (n: number) => (n === 0 ? 'сегодня' : `осталось ${ruDays(n)}`),
    en: (n: number) => (n === 0 ? 'today' : n === 1 ? 'in 1 day' : `in ${n} days`),
  },
  overdue: {
    ky: (n: number) => `${n} күн кечикти`,
    ru: (n: number) => `просрочено на ${ruDays(n)}`,
    en: (n: number) => (n === 1 ? '1 day late' : `${n} days late`),
  },
  status: t('Status', 'Статус', 'Статусу'),
  responsible: t('Responsible', 'Ответственный', 'Жооптуу'),
  decision: t('Decision', 'Решение', 'Чечим'),
  campaign: t('campaign', 'кампания', 'кампания'),
  open: t('Open the tracker', 'Открыть ход выполнения', 'Аткарылышын ачуу'),
  why: t(
    'This e-mail comes at most once a day. You can see the same list in the app at any time when signed in.',
    'Это письмо приходит не чаще раза в день. Тот же список всегда можно увидеть в приложении, войдя в него.',
    'Бул кат күнүнө бир жолудан көп келбейт. Ушул эле тизмени тиркемеге кирип каалаган убакта көрө аласыз.',
  ),
};

const LANG_NAME: T3 = t('English', 'Русский', 'Кыргызча');

export interface DigestMail { subject: string; text: string; html: string }

const fmtDay = (day: string, lang: Lang) => new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

/** The tracker page of a decision, in the reader's language. */
export const trackerUrl = (publicUrl: string, decisionId: string, lang: Lang) => `${publicUrl.replace(/\/$/, '')}/tracker/decisions/${encodeURIComponent(decisionId)}?lang=${lang}`;

type Item = (ReminderDigest['dueSoon'][number] | ReminderDigest['late'][number]);

function lines(item: Item, lang: Lang, publicUrl: string): { title: string; facts: string; decision: string; url: string } {
  const c = item.commitment;
  const when = 'daysLeft' in item ? M.left[lang](item.daysLeft) : M.overdue[lang](item.daysLate);
  return {
    title: pick(c.title, lang),
    facts: `${M.due[lang]}: ${fmtDay(c.dueOn, lang)} (${when}). ${M.status[lang]}: ${STATUS_LABEL[c.status][lang]}. ${M.responsible[lang]}: ${pick(c.responsible, lang)}.`,
    decision: `${M.decision[lang]}: ${pick(item.decision.title, lang)} (${M.campaign[lang]}: ${pick(item.campaign.title, lang)})`,
    url: trackerUrl(publicUrl, item.decision.id, lang),
  };
}

/** The languages in the order the message gives them: Kyrgyz first (the state language), then Russian and English. */
const ORDER: readonly Lang[] = LANGS;

export function composeDigestMail(person: Pick<Recipient, 'displayName'>, digest: ReminderDigest, publicUrl: string, windowDays = 14): DigestMail {
  const subject = `${M.subject.ky} · ${M.subject.ru} · ${M.subject.en}`;
  const text: string[] = [];
  const h: string[] = ['<!doctype html><html><head><meta charset="utf-8"><title>', html(subject), '</title></head>',
    '<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1b2733;line-height:1.45;max-width:40rem">'];
  for (const [i, lang] of ORDER.entries()) {
    if (i > 0) { text.push('', '————————', ''); h.push('<hr>'); }
    h.push(`<section lang="${lang}"><p style="color:#56657a;font-size:.85em">${html(LANG_NAME[lang])}</p>`);
    text.push(M.hello[lang](person.displayName), '', M.intro[lang](fmtDay(digest.asOf, lang)));
    h.push(`<p>${html(M.hello[lang](person.displayName))}</p><p>${html(M.intro[lang](fmtDay(digest.asOf, lang)))}</p>`);
    const groups: [string, Item[]][] = [[M.dueSoon[lang](windowDays), digest.dueSoon], [M.late[lang], digest.late]];
    for (const [heading, items] of groups) {
      if (!items.length) continue;
      text.push('', `${heading} (${items.length}):`);
      h.push(`<h3 style="margin:1em 0 .3em">${html(heading)} (${items.length})</h3><ul style="padding-left:1.2em">`);
      for (const item of items) {
        const l = lines(item, lang, publicUrl);
        text.push(`- ${l.title}`, `  ${l.facts}`, `  ${l.decision}`, `  ${l.url}`);
        h.push(`<li style="margin-bottom:.6em"><a href="${html(l.url)}"><strong>${html(l.title)}</strong></a><br>${html(l.facts)}<br><span style="color:#56657a">${html(l.decision)}</span></li>`);
      }
      h.push('</ul>');
    }
    text.push('', M.why[lang]);
    h.push(`<p style="color:#56657a;font-size:.85em">${html(M.why[lang])}</p></section>`);
  }
  h.push('</body></html>');
  return { subject, text: text.join('\n') + '\n', html: h.join('') };
}

export interface Mailer {
  /** Sends one message; answers the Message-ID the server accepted, or throws. */
  send(m: { to: string } & DigestMail): Promise<string | null>;
  close(): void;
}

/** A nodemailer SMTP transport. Its own logging stays off; errors never carry the password. */
export function smtpMailer(smtp: SmtpConfig): Mailer {
  const transport = nodemailer.createTransport({
    host: smtp.host, port: smtp.port, secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    logger: false, debug: false,
    connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000,
  });
  const scrub = (s: string) => (smtp.password ? s.split(smtp.password).join('***') : s);
  return {
    async send(m) {
      try {
        // Texts only: no file or URL is ever read into a message (defence in depth; nothing here names one).
        const info = await transport.sendMail({ from: smtp.from, to: m.to, subject: m.subject, text: m.text, html: m.html, disableFileAccess: true, disableUrlAccess: true });
        return info.messageId ?? null;
      } catch (err) {
        throw new Error(scrub((err as Error).message));
      }
    },
    close() { transport.close(); },
  };
}
