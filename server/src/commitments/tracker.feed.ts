// The Atom feed (RFC 4287) of a decision's or a campaign's progress updates, newest first: one entry
// per update with its urn:uuid id, the instant it was posted (updated), a title "commitment: status",
// a link to the tracker page (at the commitment), HTML content (the value, the text, photos and
// documents; the status chip in the palette's colour) and the reporting organisation as author.
// Every text is escaped twice where it has to be: once as HTML inside the content, once as XML.
import crypto from 'node:crypto';
import { pick, type Lang } from '../i18n/pick.js';
import { html } from '../shares/shares.pages.js';
import { xml } from '../render/text.js';
import { STATUS_PALETTE } from './commitments.palette.js';
import type { FeedEntry } from './commitments.types.js';
import { STATUS_LABEL, T, fmtDay, msg, num } from './tracker.messages.js';

export interface FeedMeta {
  lang: Lang;
  /** The feed's own absolute URL (rel=self) and the page it follows (rel=alternate), absolute. */
  selfUrl: string;
  pageUrl: string;
  title: string;
  /** What the feed follows, stable across hosts: 'decision:{id}' or 'campaign:{id}'. */
  key: string;
  /** The newest instant of the feed when it has no entries (the decision's update time). */
  fallbackUpdated: string;
  /** An absolute URL for a path of this service (a photo's url and thumbUrl). */
  absolute: (path: string) => string;
}

/** A stable urn:uuid for the feed itself from its key ('decision:{id}'), laid out as an RFC 4122 version-5 UUID (SHA-1). */
export function feedId(key: string): string {
  const h = crypto.createHash('sha1').update(`kg-advocacy-map tracker feed ${key}`).digest('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

const instant = (s: string) => new Date(s).toISOString();
/** Characters XML 1.0 does not allow at all (controls, lone surrogates, U+FFFE/F) are dropped, then the rest escaped. */
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const x = (s: string) => xml(s.replace(INVALID, ''));

function content(en: FeedEntry, m: FeedMeta): string {
  const { lang } = m;
  const u = en.update, s = STATUS_PALETTE[en.commitment.status];
  const parts = [`<p><span style="background:${s.color};color:${s.text};padding:0 .4em;border-radius:.6em">${html(s.mark)} ${html(msg(STATUS_LABEL[en.commitment.status], lang))}</span> · ${html(fmtDay(u.reportedOn, lang))}${u.value !== null ? ` · ${html(msg(T.value, lang, { value: num(u.value, lang) }))}` : ''}</p>`];
  if (u.abandoned) parts.push(`<p><strong>${html(msg(T.abandoned, lang))}</strong></p>`);
  if (u.body) parts.push(`<p>${html(u.body)}</p>`);
  for (const p of u.photos) parts.push(`<p><a href="${html(m.absolute(p.url))}"><img src="${html(m.absolute(p.thumbUrl))}" alt="${html(p.caption || msg(T.photo, lang))}" width="240" /></a><br/>${html(p.caption)}</p>`);
  if (u.documents.length) parts.push(`<ul>${u.documents.map((d) => `<li><a href="${html(d.url)}">${html(d.label || d.url)}</a></li>`).join('')}</ul>`);
  for (const v of u.verifications) parts.push(`<p>${html(msg(v.verdict === 'confirmed' ? T.confirmed : T.disputed, lang, { org: pick(v.organisation.names, lang) }))}${v.note ? `: ${html(v.note)}` : ''}</p>`);
  return parts.join('');
}

/** The feed document (application/atom+xml). Entries are sorted newest first here too. */
export function atomFeed(entries: FeedEntry[], m: FeedMeta): string {
  const { lang } = m;
  const sorted = [...entries].sort((a, b) => (instant(b.update.createdAt) > instant(a.update.createdAt) ? 1 : instant(b.update.createdAt) < instant(a.update.createdAt) ? -1 : 0));
  const updated = sorted[0] ? instant(sorted[0].update.createdAt) : instant(m.fallbackUpdated);
  const items = sorted.map((en) => {
    const u = en.update;
    const title = msg(T.entryTitle, lang, { commitment: pick(en.commitment.title, lang), status: msg(STATUS_LABEL[en.commitment.status], lang) });
    const author = u.author ? `${u.author}, ${pick(u.organisation.names, lang)}` : pick(u.organisation.names, lang);
    return `  <entry>
    <id>urn:uuid:${x(u.id)}</id>
    <title type="text">${x(title)}</title>
    <updated>${instant(u.createdAt)}</updated>
    <published>${instant(u.createdAt)}</published>
    <link rel="alternate" type="text/html" href="${x(`${m.pageUrl}#c-${en.commitment.id}`)}"/>
    <author><name>${x(author || '—')}</name></author>
    <content type="html">${x(content(en, m))}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">
  <id>${feedId(m.key)}</id>
  <title type="text">${x(m.title)}</title>
  <updated>${updated}</updated>
  <link rel="self" type="application/atom+xml" href="${x(m.selfUrl)}"/>
  <link rel="alternate" type="text/html" href="${x(m.pageUrl)}"/>
  <generator>kg-advocacy-map</generator>
${items.join('\n')}
</feed>
`;
}
