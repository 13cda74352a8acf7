// The public tracker as server-rendered HTML (no script: it works in any browser, in a messenger's
// in-app view and framed on a CSO's site): per decision and per campaign — the counts sentence, status
// chips, the map of commitments (an image the print renderer draws, see tracker.map.ts) with its legend,
// a progress bar per commitment (share of the way from baseline to target, the straight-line plan
// marked), and the timeline of updates with evidence photos and document links. Pure functions of the
// reader's answers (DecisionDetail, CampaignTracker); every text goes through html().
import { pick, LANGS, type Lang } from '../i18n/pick.js';
import { html } from '../shares/shares.pages.js';
import { commitmentNumbers } from '../render/commitments-map.js';
import { STATUS_ORDER, STATUS_PALETTE } from './commitments.palette.js';
import type { CommitmentStatus } from './commitments.rules.js';
import type { CampaignTracker, Commitment, Decision, DecisionDetail, Photo, ProgressUpdate, StatusCounts } from './commitments.types.js';
import { KIND_LABEL, STATUS_LABEL, T, fmtDay, msg, num, pct, summarySentence, withUnit } from './tracker.messages.js';

export interface PageLinks {
  lang: Lang;
  /** Without page chrome (header, language switch, footer links); links open in a new tab. */
  embed: boolean;
  /** This page's path without a query (e.g. /tracker/decisions/…, /s/{token}/tracker). */
  self: string;
  /** The map image, or null when no commitment has a place. */
  mapUrl: string | null;
  /** Scheme and host for the Open Graph preview image (link previews need an absolute URL). */
  origin?: string;
  feedUrl: string;
  /** The monitoring report (PDF) when the viewer may fetch it, else null. */
  reportUrl: string | null;
  /** Where a photo is fetched from (the share-link form serves them under its own path). */
  photoUrl?: (updateId: string, p: Photo, thumb: boolean) => string;
  /** A decision's own tracker page from the campaign page (null: no link). */
  decisionUrl?: (id: string) => string | null;
}

const e = html;
const tx = (m: Parameters<typeof msg>[0], l: Lang, v?: Record<string, string | number>) => e(msg(m, l, v));

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b2733;background:#f5f7f9;line-height:1.45;font-size:16px}
a{color:#1d4e89}
.wrap{max-width:60rem;margin:0 auto;padding:0 .9rem}
header.top{background:#1d4e89;color:#fff;padding:.55rem 0}
header.top .wrap{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;justify-content:space-between}
header.top a{color:#fff}
.brand{font-weight:600;font-size:.95rem}
.langs a,.langs strong{margin-left:.5rem;font-size:.9rem}
main{padding:1rem 0 2rem}
h1{font-size:1.45rem;line-height:1.25;margin:.4rem 0 .3rem;overflow-wrap:anywhere}
h2{font-size:1.2rem;margin:1.6rem 0 .5rem;overflow-wrap:anywhere}
h3{font-size:1.02rem;margin:0 0 .35rem;overflow-wrap:anywhere}
.no{color:#4a5866}
.meta{color:#4a5866;font-size:.92rem;margin:.1rem 0 .6rem}
.flag{border:2px solid #b2182b;background:#fdecea;color:#3d0a0f;padding:.55rem .75rem;border-radius:6px;margin:.8rem 0;font-size:.92rem}
.flag strong{color:#b2182b;display:block}
.summary{font-size:1.08rem;font-weight:600;margin:.8rem 0}
.chips{display:flex;flex-wrap:wrap;gap:.35rem;margin:.4rem 0 .8rem;padding:0;list-style:none}
.chip{display:inline-block;border-radius:999px;padding:.12rem .6rem;font-size:.84rem;font-weight:600;white-space:nowrap}
.card{background:#fff;border:1px solid #d5dde5;border-radius:8px;padding:.85rem;margin:.7rem 0}
.cardhead{display:flex;flex-wrap:wrap;gap:.4rem;justify-content:space-between;align-items:flex-start}
.facts{display:flex;flex-wrap:wrap;gap:.1rem 1.1rem;color:#4a5866;font-size:.88rem;margin:.2rem 0 .55rem}
.bar{position:relative;height:14px;background:#e6ebf0;border-radius:7px;margin:1.25rem 0 .3rem}
.bar .fill{position:absolute;left:0;top:0;bottom:0;border-radius:7px;min-width:3px}
.bar .plan{position:absolute;top:-6px;bottom:-6px;width:0;border-left:2px dashed #14202b}
.bar .plan span{position:absolute;top:-1.15rem;left:-1rem;font-size:.7rem;color:#14202b;width:2rem;text-align:center}
.bar .plan.end span{left:auto;right:-2px;text-align:right}
.bar .plan.start span{left:-2px;text-align:left}
.barnote{font-size:.85rem;color:#4a5866;margin:0 0 .3rem}
figure{margin:.6rem 0}
.map img{display:block;width:100%;max-width:42rem;height:auto;border:1px solid #c9d1d9;border-radius:6px;background:#eef2f5}
.legend{display:flex;flex-wrap:wrap;gap:.3rem .9rem;list-style:none;padding:0;margin:.5rem 0;font-size:.88rem}
.sw{display:inline-block;width:1.05rem;height:1.05rem;border-radius:50%;vertical-align:-.2rem;margin-right:.3rem;text-align:center;font-size:.7rem;line-height:1.05rem;font-weight:700}
ol.timeline{list-style:none;margin:.5rem 0 0;padding:0 0 0 .9rem;border-left:3px solid #d5dde5}
ol.timeline>li{margin:0 0 .8rem;position:relative}
ol.timeline>li::before{content:"";position:absolute;left:-1.35rem;top:.35rem;width:.7rem;height:.7rem;border-radius:50%;background:#1d4e89;border:2px solid #fff}
.when{font-weight:600;font-size:.9rem}
.who{color:#4a5866;font-size:.85rem}
.body{margin:.2rem 0;white-space:pre-line;overflow-wrap:anywhere}
.photos{display:flex;flex-wrap:wrap;gap:.45rem;margin:.35rem 0}
.photos figure{margin:0;width:8.5rem}
.photos img{width:8.5rem;height:6.4rem;object-fit:cover;border-radius:4px;display:block;background:#e6ebf0}
.photos figcaption{font-size:.78rem;color:#4a5866;overflow-wrap:anywhere}
.docs{font-size:.88rem;margin:.2rem 0;padding-left:1.1rem}
.ver{font-size:.85rem;margin:.15rem 0}
.ver.confirmed{color:#1a6b43}.ver.disputed{color:#9b1c2c}
footer.bottom{border-top:1px solid #d5dde5;color:#4a5866;font-size:.85rem;padding:1rem 0 2rem}
footer.bottom a{margin-right:1rem}
dl.src{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .8rem;margin:.4rem 0}
dl.src dt{font-weight:600}dl.src dd{margin:0;overflow-wrap:anywhere}
body.embed{background:#fff}body.embed main{padding-top:.4rem}
@media (max-width:30rem){h1{font-size:1.25rem}.card{padding:.7rem}.photos figure,.photos img{width:calc(50vw - 2rem)}.photos img{height:calc((50vw - 2rem)*.75)}}
`;

function chip(s: CommitmentStatus, lang: Lang, count?: number): string {
  const p = STATUS_PALETTE[s];
  return `<span class="chip" style="background:${p.color};color:${p.text}">${e(p.mark)} ${tx(STATUS_LABEL[s], lang)}${count === undefined ? '' : ` · ${num(count, lang, 0)}`}</span>`;
}

function chips(c: StatusCounts, lang: Lang): string {
  const items = STATUS_ORDER.filter((s) => c[s] > 0).map((s) => `<li>${chip(s, lang, c[s])}</li>`);
  return items.length ? `<ul class="chips">${items.join('')}</ul>` : '';
}

function legend(statuses: Set<CommitmentStatus>, lang: Lang): string {
  const items = STATUS_ORDER.filter((s) => statuses.has(s)).map((s) => {
    const p = STATUS_PALETTE[s];
    return `<li><span class="sw" style="background:${p.color};color:${p.text}" aria-hidden="true">${e(p.mark)}</span>${tx(STATUS_LABEL[s], lang)}</li>`;
  });
  return `<ul class="legend" aria-label="${tx(T.legend, lang)}">${items.join('')}</ul>`;
}

function mapFigure(statuses: Set<CommitmentStatus>, links: PageLinks): string {
  const { lang } = links;
  if (!links.mapUrl) return `<p class="meta">${tx(T.noPlace, lang)}</p>`;
  return `<figure class="map"><img src="${e(links.mapUrl)}" width="960" height="600" alt="${tx(T.mapAlt, lang)}" />`
    + `<figcaption>${legend(statuses, lang)}</figcaption></figure>`;
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));

function progressBar(c: Commitment, lang: Lang): string {
  const p = STATUS_PALETTE[c.status];
  const share = c.share === null ? 0 : clamp01(c.share);
  const planned = clamp01(c.planned);
  const label = c.share === null ? msg(T.noValue, lang) : msg(T.progressOf, lang, { share: pct(c.share, lang), baseline: withUnit(c.baseline, c.unit, lang), target: withUnit(c.target, c.unit, lang) });
  const plan = msg(T.plannedNow, lang, { share: pct(planned, lang) });
  return `<div class="bar" role="img" aria-label="${e(`${label}; ${plan}`)}"><div class="fill" style="width:${(share * 100).toFixed(1)}%;background:${p.color}"></div>`
    + `<div class="plan${planned > 0.9 ? ' end' : planned < 0.1 ? ' start' : ''}" style="left:${(planned * 100).toFixed(1)}%"><span>${tx(T.plannedMark, lang)}</span></div></div>`
    + `<p class="barnote">${e(label)} · ${e(plan)}</p>`;
}

function photoUrl(links: PageLinks, u: ProgressUpdate, p: Photo, thumb: boolean) {
  return links.photoUrl ? links.photoUrl(u.id, p, thumb) : thumb ? p.thumbUrl : p.url;
}

function update(u: ProgressUpdate, c: Commitment, links: PageLinks): string {
  const { lang } = links;
  const org = pick(u.organisation.names, lang);
  const who = u.author ? `${u.author} (${msg(u.source === 'official' ? T.sourceOfficial : T.sourceMonitor, lang, { org })})` : msg(u.source === 'official' ? T.sourceOfficial : T.sourceMonitor, lang, { org });
  const parts = [`<div class="when"><time datetime="${e(u.reportedOn)}">${e(fmtDay(u.reportedOn, lang))}</time>${u.value !== null ? ` · ${tx(T.value, lang, { value: withUnit(u.value, c.unit, lang) })}` : ''}</div>`];
  parts.push(`<div class="who">${tx(T.reportedBy, lang, { who })}</div>`);
  if (u.abandoned) parts.push(`<p class="body"><strong>${tx(T.abandoned, lang)}</strong></p>`);
  if (u.body) parts.push(`<p class="body"${u.lang ? ` lang="${e(u.lang)}"` : ''}>${e(u.body)}</p>`);
  if (u.photos.length) {
    parts.push(`<div class="photos">${u.photos.map((p) => {
      const cap = p.caption || msg(T.photo, lang);
      const date = ` · ${fmtDay(p.takenAt ?? u.reportedOn, lang)}`;
      return `<figure><a href="${e(photoUrl(links, u, p, false))}"><img src="${e(photoUrl(links, u, p, true))}" alt="${e(cap)}" loading="lazy" width="136" height="102" /></a><figcaption>${e(cap)}${e(date)}</figcaption></figure>`;
    }).join('')}</div>`);
  }
  if (u.documents.length) {
    parts.push(`<ul class="docs">${u.documents.map((d) => `<li><a href="${e(d.url)}" rel="noopener noreferrer nofollow">${e(d.label || d.url)}</a></li>`).join('')}</ul>`);
  }
  for (const v of u.verifications) {
    parts.push(`<p class="ver ${e(v.verdict)}">${tx(v.verdict === 'confirmed' ? T.confirmed : T.disputed, lang, { org: pick(v.organisation.names, lang) })}${v.note ? `: ${e(v.note)}` : ''}</p>`);
  }
  return `<li>${parts.join('')}</li>`;
}

function commitmentCard(c: Commitment, n: number, links: PageLinks): string {
  const { lang } = links;
  const title = pick(c.title, lang);
  const latest = c.latestValue === null ? '—' : withUnit(c.latestValue, c.unit, lang);
  const facts = [
    `<span>${tx(T.responsible, lang)}: ${e(pick(c.responsible, lang))}</span>`,
    `<span>${tx(T.dueOn, lang, { date: fmtDay(c.dueOn, lang) })}${c.daysLate > 0 && c.status !== 'done' ? ` (${tx(T.daysLate, lang, { n: c.daysLate })})` : ''}</span>`,
    `<span>${e(pick(c.indicator, lang))}: ${e(withUnit(c.baseline, c.unit, lang))} → ${e(latest)} → ${e(withUnit(c.target, c.unit, lang))}</span>`,
  ];
  const updates = c.updates.length
    ? `<ol class="timeline" aria-label="${tx(T.timeline, lang)}">${c.updates.map((u) => update(u, c, links)).join('')}</ol>`
    : `<p class="meta">${tx(T.noUpdates, lang)}</p>`;
  return `<article class="card" id="c-${e(c.id)}"><div class="cardhead"><h3><span class="no">${n}.</span> ${e(title)}</h3>${chip(c.status, lang)}</div>`
    + `<div class="facts">${facts.join('')}</div>${progressBar(c, lang)}${updates}</article>`;
}

function decisionMeta(d: Decision, lang: Lang, embed: boolean): string {
  const bits = [KIND_LABEL[d.kind][lang], `${pick(d.body, lang)}, ${fmtDay(d.decidedOn, lang)}`];
  if (d.number) bits.push(msg(T.number, lang, { number: d.number }));
  const doc = d.documentUrl ? ` · <a href="${e(d.documentUrl)}" rel="noopener noreferrer nofollow"${embed ? ' target="_blank"' : ''}>${tx(T.document, lang)}</a>` : '';
  return `<p class="meta">${e(bits.join(' · '))}${doc}</p>`;
}

function flag(lang: Lang): string {
  return `<div class="flag" role="note"><strong>${tx(T.illustrativeFlag, lang)}</strong>${tx(T.illustrative, lang)}</div>`;
}

function sources(ds: Decision[], lang: Lang): string {
  const rows = ds.map((d) => `<dl class="src"><dt>${tx(T.decision, lang)}</dt><dd>${e(pick(d.title, lang))}</dd>`
    + `<dt>${tx(T.source, lang)}</dt><dd>${e(d.source || pick(d.body, lang))}</dd>`
    + (d.licence ? `<dt>${tx(T.licence, lang)}</dt><dd>${e(d.licence)}</dd>` : '')
    + `<dt>${tx(T.provenance, lang)}</dt><dd>${tx(T.provenanceValue[d.provenance] ?? T.provenanceValue.real!, lang)}</dd></dl>`).join('');
  return `<section><h2>${tx(T.sources, lang)}</h2>${rows}</section>`;
}

function langSwitch(links: PageLinks): string {
  const names: Record<Lang, string> = { ky: 'Кыргызча', ru: 'Русский', en: 'English' };
  return `<nav class="langs" aria-label="${tx(T.languages, links.lang)}">${LANGS.map((l) => (l === links.lang
    ? `<strong lang="${l}">${names[l]}</strong>`
    : `<a href="${e(`${links.self}?lang=${l}${links.embed ? '&embed=1' : ''}`)}" lang="${l}" hreflang="${l}">${names[l]}</a>`)).join('')}</nav>`;
}

function shell(title: string, description: string, body: string, links: PageLinks): string {
  const { lang, embed } = links;
  const chrome = !embed;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="referrer" content="no-referrer" />
<link rel="icon" href="data:," />
<title>${e(title)}</title>
<meta name="description" content="${e(description)}" />
<meta property="og:type" content="website" />
<meta property="og:title" content="${e(title)}" />
<meta property="og:description" content="${e(description)}" />
${links.mapUrl ? `<meta property="og:image" content="${e(`${links.origin ?? ''}${links.mapUrl}`)}" />\n` : ''}<link rel="alternate" type="application/atom+xml" href="${e(links.feedUrl)}" title="${tx(T.feedLink, lang)}" />
${embed ? '<base target="_blank" />\n' : ''}<style>${STYLE}</style>
</head>
<body${embed ? ' class="embed"' : ''}>
${chrome ? `<header class="top"><div class="wrap"><span class="brand">${tx(T.tracker, lang)}</span>${langSwitch(links)}</div></header>\n` : ''}<main class="wrap">
${body}
</main>
${chrome ? `<footer class="bottom"><div class="wrap"><a href="${e(links.feedUrl)}">${tx(T.feedLink, lang)}</a>${links.reportUrl ? `<a href="${e(links.reportUrl)}">${tx(T.reportLink, lang)}</a>` : ''}<span>${tx(T.poweredBy, lang)}</span></div></footer>\n` : ''}</body>
</html>
`;
}

const statusesOf = (cs: Commitment[]) => new Set(cs.filter((c) => c.geometry !== null || c.links.length > 0).map((c) => c.status));

/** /tracker/decisions/{id}: one decision. */
export function decisionPage(d: DecisionDetail, links: PageLinks): string {
  const { lang } = links;
  const title = pick(d.title, lang);
  const summary = summarySentence(d.counts, d.indicators, lang, (x) => pick(x, lang));
  const intro = pick(d.summary, lang);
  const no = commitmentNumbers([d]);
  const body = [
    `<h1>${e(title)}</h1>`,
    decisionMeta(d, lang, links.embed),
    d.provenance === 'illustrative' ? flag(lang) : '',
    intro ? `<p>${e(intro)}</p>` : '',
    `<p class="summary">${e(summary)}</p>`,
    `<p class="meta">${tx(T.asOf, lang, { date: fmtDay(d.asOf, lang) })}</p>`,
    chips(d.counts, lang),
    `<h2>${tx(T.map, lang)}</h2>`,
    mapFigure(statusesOf(d.commitments), links),
    `<h2>${tx(T.commitments, lang)}</h2>`,
    d.commitments.map((c) => commitmentCard(c, no.get(c.id) ?? 0, links)).join('\n'),
    links.embed ? '' : sources([d], lang),
  ];
  return shell(title, summary, body.join('\n'), links);
}

/** /tracker/campaigns/{id} and /s/{token}/tracker: every published decision of a campaign. */
export function campaignPage(c: CampaignTracker, links: PageLinks): string {
  const { lang } = links;
  const title = `${msg(T.tracker, lang)}: ${pick(c.campaign.title, lang)}`;
  const summary = summarySentence(c.counts, c.indicators, lang, (x) => pick(x, lang));
  const all = c.decisions.flatMap((d) => d.commitments);
  const no = commitmentNumbers(c.decisions);
  const body: string[] = [`<h1>${e(pick(c.campaign.title, lang))}</h1>`, `<p class="meta">${tx(T.tracker, lang)} · ${tx(T.asOf, lang, { date: fmtDay(c.asOf, lang) })}</p>`];
  if (c.decisions.some((d) => d.provenance === 'illustrative')) body.push(flag(lang));
  if (!c.decisions.length) body.push(`<p>${tx(T.noDecisions, lang)}</p>`);
  else {
    body.push(`<p class="summary">${e(summary)}</p>`, chips(c.counts, lang), `<h2>${tx(T.map, lang)}</h2>`, mapFigure(statusesOf(all), links));
    for (const d of c.decisions) {
      const url = links.decisionUrl?.(d.id) ?? null;
      const h = url ? `<a href="${e(url)}">${e(pick(d.title, lang))}</a>` : e(pick(d.title, lang));
      body.push(`<section id="d-${e(d.id)}"><h2>${h}</h2>`, decisionMeta(d, lang, links.embed),
        c.decisions.length > 1 ? `<p class="summary">${e(summarySentence(d.counts, d.indicators, lang, (x) => pick(x, lang)))}</p>` : '',
        d.commitments.map((cm) => commitmentCard(cm, no.get(cm.id) ?? 0, links)).join('\n'), '</section>');
    }
    if (!links.embed) body.push(sources(c.decisions, lang));
  }
  return shell(title, summary, body.join('\n'), links);
}

const NOT_FOUND: Record<Lang, [string, string]> = {
  ky: ['Бул трекер барагы жок', 'Мындай чечим же кампания жок, же ал азырынча жарыялана элек (кара нуска). Шилтемени уюмдан сураңыз.'],
  ru: ['Такой страницы трекера нет', 'Такого решения или кампании нет, или оно ещё не опубликовано (черновик). Попросите ссылку у организации.'],
  en: ['There is no such tracker page', 'The decision or campaign does not exist, or it is not published yet (a draft). Ask the organisation for the link.'],
};

/** The page's 404 for people (the feed, map and report answer problem+json): the same text for missing and unpublished. */
export function notFoundPage(lang: Lang): string {
  const order = [lang, ...LANGS.filter((l) => l !== lang)];
  const blocks = order.map((l) => `<section lang="${l}"><h1>${e(NOT_FOUND[l][0])}</h1><p>${e(NOT_FOUND[l][1])}</p></section>`).join('\n');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="robots" content="noindex" />
<link rel="icon" href="data:," />
<title>${e(NOT_FOUND[lang][0])}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1b2733;line-height:1.5}h1{font-size:1.2rem;color:#1d4e89}</style>
</head>
<body>
${blocks}
</body>
</html>
`;
}
