// The HTML of /s/{token} and /s/{token}/embed: the web app's own index.html with Open Graph tags (so a
// link pasted into a messenger shows the campaign), and for the embed a marker the app reads. A link
// that does not work gets a short page in ky, ru and en instead of the app. Also the fallback preview
// image (a title card drawn with resvg and the bundled Noto Sans) for when no map renderer is present.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { pick, type Lang } from '../i18n/pick.js';
import type { SharedCampaignRow } from './shares.repo.js';

export const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const MESSAGES = {
  gone: {
    ky: { title: 'Шилтеме иштебейт', body: 'Бул шилтеме жокко чыгарылган, мөөнөтү бүткөн же эч качан болгон эмес. Уюмдан жаңы шилтеме сураңыз.' },
    ru: { title: 'Ссылка не работает', body: 'Эта ссылка отозвана, её срок истёк или её никогда не было. Попросите у организации новую ссылку.' },
    en: { title: 'This link does not work', body: 'This link was revoked, has expired or never existed. Ask the organisation for a new link.' },
  },
  description: {
    ky: (org: string, council: string) => `${org} уюмунун картасы — ${council} үчүн.`,
    ru: (org: string, council: string) => `Карта кампании организации ${org} — для: ${council}.`,
    en: (org: string, council: string) => `Campaign map by ${org}, for ${council}.`,
  },
  card: {
    ky: 'Инфраструктура картасы · окуу үчүн гана',
    ru: 'Карта инфраструктуры · только просмотр',
    en: 'Infrastructure map · read-only',
  },
  to: { ky: 'Кимге', ru: 'Кому', en: 'To' },
  notBuilt: {
    ky: 'Веб-тиркеме али курула элек.', ru: 'Веб-приложение ещё не собрано.', en: 'The web app is not built yet.',
  },
} as const;

/** One line, at most n characters, cut at a word with an ellipsis. */
export function clip(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  if (one.length <= n) return one;
  const cut = one.slice(0, n - 1);
  const sp = cut.lastIndexOf(' ');
  return `${sp > n / 2 ? cut.slice(0, sp) : cut}…`;
}

export interface PageMeta { title: string; description: string; url: string; image: string; lang: Lang }

export function metaFor(c: SharedCampaignRow, lang: Lang, pageUrl: string, imageUrl: string): PageMeta {
  const title = pick({ ky: c.title_ky, ru: c.title_ru, en: c.title_en }, lang);
  const org = pick({ ky: c.org_name_ky, ru: c.org_name_ru, en: c.org_name_en }, lang);
  const description = pick({ ky: c.description_ky, ru: c.description_ru, en: c.description_en }, lang) || MESSAGES.description[lang](org, pick({ ky: c.target_council_ky, ru: c.target_council_ru, en: c.target_council_en }, lang));
  return { title: clip(title, 200), description: clip(description, 300), url: pageUrl, image: imageUrl, lang };
}

function tags(m: PageMeta, embed: boolean): string {
  const t = (p: string, v: string) => `<meta property="${p}" content="${html(v)}" />`;
  return [
    t('og:type', 'website'), t('og:title', m.title), t('og:description', m.description), t('og:url', m.url),
    t('og:image', m.image), t('og:image:width', '1200'), t('og:image:height', '630'), t('og:locale', { ky: 'ky_KG', ru: 'ru_RU', en: 'en_GB' }[m.lang]),
    `<meta name="twitter:card" content="summary_large_image" />`,
    `<meta name="description" content="${html(m.description)}" />`,
    `<meta name="referrer" content="no-referrer" />`,
    `<meta name="robots" content="noindex" />`,
    ...(embed ? ['<meta name="kg-embed" content="1" />'] : []),
  ].join('\n    ');
}

/** index.html of the web build with the tags added to <head> and the title set; a bare page when the app is not built. */
export async function sharedPage(webDist: string, m: PageMeta, embed: boolean): Promise<string> {
  let page: string;
  try {
    page = await fs.promises.readFile(path.join(webDist, 'index.html'), 'utf8');
  } catch {
    page = `<!doctype html>\n<html lang="${m.lang}">\n  <head>\n    <meta charset="utf-8" />\n    <title></title>\n  </head>\n  <body><p>${html(MESSAGES.notBuilt[m.lang])}</p></body>\n</html>\n`;
  }
  page = page.replace(/<meta name="description"[^>]*>\s*/i, ''); // ours replaces the app's generic one
  page = /<title>[\s\S]*?<\/title>/i.test(page) ? page.replace(/<title>[\s\S]*?<\/title>/i, `<title>${html(m.title)}</title>`) : page;
  return page.replace(/<\/head>/i, `  ${tags(m, embed)}\n  </head>`);
}

export function gonePage(): string {
  const langs: Lang[] = ['ky', 'ru', 'en'];
  const blocks = langs.map((l) => `<section lang="${l}"><h1>${html(MESSAGES.gone[l].title)}</h1><p>${html(MESSAGES.gone[l].body)}</p></section>`).join('\n');
  return `<!doctype html>
<html lang="ky">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="robots" content="noindex" />
<title>${html(MESSAGES.gone.ky.title)} · ${html(MESSAGES.gone.ru.title)} · ${html(MESSAGES.gone.en.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1b2733;line-height:1.5}h1{font-size:1.25rem;margin:1.5rem 0 .25rem;color:#1d4e89}section+section{border-top:1px solid #d5dde5}p{margin:0 0 1rem}</style>
</head>
<body>
${blocks}
</body>
</html>
`;
}

// --- fallback preview image -------------------------------------------------------------------

const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf');
const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf');

/** Greedy word wrap by an average glyph width; long words are cut; at most maxLines (the last with …). */
export function wrap(text: string, maxChars: number, maxLines: number): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').flatMap((w) => (w.length > maxChars ? w.match(new RegExp(`.{1,${maxChars}}`, 'gu')) ?? [w] : [w]));
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (!cur) cur = w;
    else if (cur.length + 1 + w.length <= maxChars) cur += ` ${w}`;
    else { lines.push(cur); cur = w; }
  }
  if (cur) lines.push(cur);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${clip(kept[maxLines - 1]!, maxChars - 1).replace(/…$/, '')}…`;
    return kept;
  }
  return lines;
}

/** A 1200×630 title card: the campaign title, organisation and target council. */
export function fallbackOgImage(c: SharedCampaignRow, lang: Lang): Buffer {
  // Bidirectional and zero-width controls would only confuse the layout of a picture: drop them.
  const clean = (s: string) => s.replace(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '');
  // Noto Sans Bold averages under 0.64 em per Cyrillic/Latin glyph: 60 px type fits 27 characters in the 1040 px measure.
  const title = wrap(clean(pick({ ky: c.title_ky, ru: c.title_ru, en: c.title_en }, lang)), 27, 3);
  const org = clip(clean(pick({ ky: c.org_name_ky, ru: c.org_name_ru, en: c.org_name_en }, lang)), 60);
  const council = clip(clean(pick({ ky: c.target_council_ky, ru: c.target_council_ru, en: c.target_council_en }, lang)), 60);
  const lines = title.map((l, i) => `<text x="80" y="${230 + i * 72}" font-size="60" font-weight="700" fill="#ffffff">${html(l)}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
  <rect width="1200" height="630" fill="#1d4e89"/>
  <rect y="560" width="1200" height="70" fill="#153a66"/>
  <g font-family="Noto Sans">
    <text x="80" y="120" font-size="30" fill="#cfe0f3">${html(MESSAGES.card[lang])}</text>
    ${lines}
    <text x="80" y="${230 + title.length * 72 + 20}" font-size="34" fill="#ffffff">${html(org)}</text>
    <text x="80" y="605" font-size="28" fill="#cfe0f3">${html(MESSAGES.to[lang])}: ${html(council)}</text>
  </g>
</svg>`;
  const r = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: [FONT_REGULAR, FONT_BOLD], defaultFontFamily: 'Noto Sans' }, fitTo: { mode: 'width', value: 1200 } });
  return Buffer.from(r.render().asPng());
}
