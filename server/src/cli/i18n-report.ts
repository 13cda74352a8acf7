// npm run i18n:report — a translator's view of every string a person reads, in ky, ru and en: the web
// message files (web/src/i18n/{ky,ru,en}.json) and the server's printed and shown texts (print messages,
// share pages, analysis and budget sentences, layer labels). Per language it lists missing keys, keys
// identical to English (for information: "км", "GeoJSON" are meant to be), forms the glossary avoids
// (web/src/i18n/forbidden.json, with the term to use) and {{placeholders}} that differ from English.
// tests/unit/i18n-report.test.ts fails on missing keys, differing placeholders and forbidden forms.
//
// The server files are read with the TypeScript parser, not imported: a text's language is the property
// it is written under (`ky: '…'`), its argument position in `t(en, ru, ky)`, or the file's name
// (sentences.ky.ts); its key is the chain of property names around it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const REPORT_LANGS = ['ky', 'ru', 'en'] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

/** The server files whose strings a person reads (relative to the repository root); a directory means its *.ts files. */
export const SERVER_SOURCES = [
  'server/src/render/messages.ts',
  'server/src/render/credits.ts',
  'server/src/render/budget-messages.ts',
  'server/src/shares/shares.pages.ts',
  'server/src/commitments/tracker.messages.ts',
  'server/src/commitments/tracker.pages.ts',
  'server/src/reminders/reminders.mail.ts',
  'server/src/analysis/sentences.ts',
  'server/src/analysis/sentences.common.ts',
  'server/src/analysis/sentences.ky.ts',
  'server/src/analysis/sentences.ru.ts',
  'server/src/analysis/sentences.en.ts',
  'server/src/analysis/format.ts',
  'server/src/budgets/budgets.sentences.ts',
  'server/src/budgets/budgets.analysis.service.ts',
  'server/src/budgets/import/messages.ts',
  'server/src/layers',
];

/** One rule of web/src/i18n/forbidden.json (see web/src/i18n/README.md). */
export interface ForbiddenRule {
  /** The avoided form, lower case: a word, the start of a word (match "stem") or several words. */
  form: string;
  /** "word": the whole word only; "stem": any word that begins with the form (its case endings too). */
  match: 'word' | 'stem';
  /** The glossary's term to write instead. */
  use: string;
  /** Why (shown in the report). */
  why?: string;
  /** Only where the English of the same key matches this regular expression (case-insensitive), e.g. "\\bdraft". */
  whenEnglish?: string;
  /** Not when the form is directly followed by this text (case-insensitive), e.g. " в услуг". */
  unlessFollowedBy?: string;
}
export type ForbiddenList = Partial<Record<Exclude<ReportLang, 'en'>, ForbiddenRule[]>>;

/** One string as a person reads it. Template literals keep their `${…}` as written. */
export interface Entry { file: string; key: string; lang: ReportLang; text: string; plain: boolean }

export interface Finding { file: string; key: string; text: string; form: string; use: string; why?: string }
export interface PlaceholderMismatch { file: string; key: string; en: string[]; found: string[] }
export interface LangReport {
  lang: ReportLang;
  strings: number;
  missing: string[];
  identical: string[];
  forbidden: Finding[];
  placeholders: PlaceholderMismatch[];
}
export interface I18nReport { root: string; languages: LangReport[]; failures: number }

type Tree = { [k: string]: string | string[] | Tree };
const base = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, '');

function flatten(t: Tree, prefix = ''): [string, string][] {
  return Object.entries(t).flatMap(([k, v]): [string, string][] =>
    typeof v === 'string' ? [[`${prefix}${k}`, v]] : Array.isArray(v) ? v.map((s, i): [string, string] => [`${prefix}${k}.${i}`, s]) : flatten(v, `${prefix}${k}.`));
}

/** The web message files as entries (plural forms under their own keys: "x_one", "x_few"). */
export function webEntries(root: string): Entry[] {
  return REPORT_LANGS.flatMap((lang) => {
    const file = `web/src/i18n/${lang}.json`;
    const tree = JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Tree;
    return flatten(tree).map(([key, text]) => ({ file, key, lang, text, plain: true }));
  });
}

function propName(n: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (!n) return undefined;
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n) || ts.isPrivateIdentifier(n)) return n.text;
  return undefined;
}
const isLang = (s: string | undefined): s is ReportLang => s === 'ky' || s === 'ru' || s === 'en';

/** "value" or "name" of an object literal, to tell array members apart in a key ("settlement_type.city"). */
function objectTag(o: ts.ObjectLiteralExpression): string | undefined {
  for (const p of o.properties) {
    if (ts.isPropertyAssignment(p) && (propName(p.name) === 'value' || propName(p.name) === 'name' || propName(p.name) === 'id') && ts.isStringLiteralLike(p.initializer)) return p.initializer.text;
  }
  return undefined;
}

/** The strings of one server file with their language and key. */
export function serverEntries(root: string, file: string): Entry[] {
  const src = fs.readFileSync(path.join(root, file), 'utf8');
  const sf = ts.createSourceFile(file, src, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const fileLang = /\.(ky|ru|en)\.ts$/.exec(file)?.[1] as ReportLang | undefined;
  const out: Entry[] = [];

  const locate = (node: ts.Node): { lang?: ReportLang; key: string; explicit: boolean } => {
    let lang: ReportLang | undefined;
    const parts: string[] = [];
    let child: ts.Node = node;
    for (let p: ts.Node | undefined = node.parent; p; child = p, p = p.parent) {
      if (!lang && ts.isCallExpression(p) && ts.isIdentifier(p.expression) && p.expression.text === 't' && p.arguments.length === 3) {
        const i = p.arguments.indexOf(child as ts.Expression);
        if (i >= 0) lang = (['en', 'ru', 'ky'] as const)[i];
      }
      if (ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isShorthandPropertyAssignment(p)) {
        const n = propName(p.name);
        if (n !== undefined) {
          if (!lang && isLang(n)) lang = n;
          else if (!isLang(n)) parts.unshift(n);
        }
      } else if (ts.isObjectLiteralExpression(p) && p.parent && ts.isArrayLiteralExpression(p.parent)) {
        const tag = objectTag(p);
        if (tag !== undefined) parts.unshift(tag);
      } else if (ts.isVariableDeclaration(p) || ts.isFunctionDeclaration(p)) {
        const n = p.name && ts.isIdentifier(p.name) ? p.name.text : undefined;
        if (n) parts.unshift(n);
      }
    }
    return { lang: lang ?? fileLang, key: parts.join('.') || '(top)', explicit: lang !== undefined };
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    const isStr = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
    if (isStr || ts.isTemplateExpression(node)) {
      const text = isStr ? (node as ts.StringLiteral).text : node.getText(sf).slice(1, -1);
      // Keys, property names and identifiers-like strings are not prose: only texts with a letter outside ${…}.
      // A text under a language (t(en, ru, ky), `ky: …`) counts even without a letter ("№").
      const prose = text.replace(/\$\{[^}]*\}/g, '');
      if (!(ts.isElementAccessExpression(node.parent) || ts.isLiteralTypeNode(node.parent))) {
        const { lang, key, explicit } = locate(node);
        if (lang && (/\p{L}/u.test(prose) || (explicit && prose.trim()))) out.push({ file, key, lang, text, plain: isStr });
      }
      if (isStr) return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function serverFiles(root: string): string[] {
  return SERVER_SOURCES.flatMap((p) => {
    const abs = path.join(root, p);
    return fs.statSync(abs).isDirectory() ? fs.readdirSync(abs).filter((f) => f.endsWith('.ts')).sort().map((f) => `${p}/${f}`) : [p];
  });
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const L = '\\p{L}\\p{M}';

/** Where a rule matches in a text (its English beside it for the context rules); the matched words. */
export function matchRule(rule: ForbiddenRule, text: string, english: string | undefined): string[] {
  if (rule.whenEnglish && !(english !== undefined && new RegExp(rule.whenEnglish, 'iu').test(english))) return [];
  const tail = rule.match === 'stem' ? `[${L}-]*` : `(?![${L}])`;
  const re = new RegExp(`(?<![${L}])${escape(rule.form)}${tail}`, 'giu');
  const found: string[] = [];
  for (const m of text.matchAll(re)) {
    if (rule.unlessFollowedBy && text.slice(m.index + m[0].length).toLowerCase().startsWith(rule.unlessFollowedBy.toLowerCase())) continue;
    found.push(m[0]);
  }
  return found;
}

/**
 * Web {{name}} and server {name} placeholders, sorted (a template literal's ${…} is code, not compared).
 * "xLower" is the same value as "x" in lower case (a language that starts the sentence with it takes "x").
 */
export function placeholders(text: string, web: boolean): string[] {
  const re = web ? /\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g : /(?<![{$])\{(\w+)\}(?!\})/g;
  return [...new Set([...text.matchAll(re)].map((m) => m[1]!.replace(/(?<=.)(Lower|Upper)$/, '')))].sort();
}

export function loadForbidden(root: string): ForbiddenList {
  return JSON.parse(fs.readFileSync(path.join(root, 'web/src/i18n/forbidden.json'), 'utf8')) as ForbiddenList;
}

/** The report over the repository at `root` (the web files, SERVER_SOURCES and forbidden.json). */
export function i18nReport(root: string, entries?: Entry[], forbidden?: ForbiddenList): I18nReport {
  const all = entries ?? [...webEntries(root), ...serverFiles(root).flatMap((f) => serverEntries(root, f))];
  const rules = forbidden ?? loadForbidden(root);
  const group = new Map<string, Entry[]>();
  for (const e of all) {
    const id = `${e.file.replace(/\/(ky|ru|en)\.json$/, '/*.json')}\u0000${e.key}`;
    const g = group.get(id) ?? [];
    g.push(e);
    group.set(id, g);
  }
  // The web files are compared by base key (plural forms aside), the server texts by file and key.
  const webKeys = (lang: ReportLang) => new Set(all.filter((e) => e.lang === lang && e.file.endsWith('.json')).map((e) => base(e.key)));
  const enWeb = webKeys('en');
  const english = (e: Entry): string | undefined => {
    if (e.file.endsWith('.json')) {
      const enEntries = all.filter((x) => x.lang === 'en' && x.file.endsWith('.json') && (x.key === e.key || base(x.key) === base(e.key)));
      return enEntries.map((x) => x.text).join(' ');
    }
    const g = group.get(`${e.file}\u0000${e.key}`) ?? [];
    const en = g.filter((x) => x.lang === 'en');
    return en.length ? en.map((x) => x.text).join(' ') : undefined;
  };

  const languages = REPORT_LANGS.map((lang): LangReport => {
    const mine = all.filter((e) => e.lang === lang);
    const missing: string[] = [];
    if (lang !== 'en') {
      const have = webKeys(lang);
      for (const k of enWeb) if (!have.has(k)) missing.push(`web/src/i18n/${lang}.json ${k}`);
      // A counted key needs every plural form of the language (ru: one, few, many, other; ky: one, other).
      const forms = new Intl.PluralRules(lang).resolvedOptions().pluralCategories.filter((c) => c !== 'zero' && c !== 'two');
      const keysHere = new Set(mine.filter((e) => e.file.endsWith('.json')).map((e) => e.key));
      const plural = new Set([...keysHere].filter((k) => /_(one|few|many|other)$/.test(k)).map(base));
      for (const b of plural) for (const f of forms) if (!keysHere.has(`${b}_${f}`)) missing.push(`web/src/i18n/${lang}.json ${b}_${f} (plural form)`);
      for (const [id, g] of group) {
        // Per-language files (sentences.ky.ts) are complete by their type (Messages), not by key.
        if (id.includes('*.json') || /\.(ky|ru|en)\.ts\u0000/.test(id)) continue;
        if (g.some((x) => x.lang === 'en') && !g.some((x) => x.lang === lang)) missing.push(`${g[0]!.file} ${g[0]!.key}`);
      }
    } else {
      for (const other of ['ky', 'ru'] as const) for (const k of webKeys(other)) if (!enWeb.has(k)) missing.push(`web/src/i18n/en.json ${k} (in ${other}.json)`);
    }
    const identical: string[] = [];
    const forbiddenFound: Finding[] = [];
    const mismatched: PlaceholderMismatch[] = [];
    for (const e of mine) {
      if (lang === 'en') continue;
      const en = english(e);
      if (en !== undefined && e.text === en && /\p{L}{2}/u.test(e.text)) identical.push(`${e.file} ${e.key}: ${e.text}`);
      for (const rule of rules[lang] ?? []) {
        for (const w of matchRule(rule, e.text, en)) forbiddenFound.push({ file: e.file, key: e.key, text: w, form: rule.form, use: rule.use, ...(rule.why ? { why: rule.why } : {}) });
      }
    }
    // Placeholders: every web key (by base key, each plural form against English's) and every server
    // key written as one plain string per language.
    if (lang !== 'en') {
      for (const e of mine) {
        const web = e.file.endsWith('.json');
        if (!e.plain) continue;
        let enText: string | undefined;
        if (web) {
          const enE = all.filter((x) => x.lang === 'en' && x.file.endsWith('.json') && base(x.key) === base(e.key));
          const exact = enE.find((x) => x.key === e.key) ?? enE.find((x) => x.key.endsWith('_other')) ?? enE[0];
          enText = exact?.text;
        } else {
          const g = group.get(`${e.file}\u0000${e.key}`) ?? [];
          const en = g.filter((x) => x.lang === 'en');
          const same = g.filter((x) => x.lang === lang);
          if (en.length !== 1 || same.length !== 1 || !en[0]!.plain) continue;
          enText = en[0]!.text;
        }
        if (enText === undefined) continue;
        const a = placeholders(enText, web), b = placeholders(e.text, web);
        // "count" may be left out of a singular form ("one day"); any other difference is a mismatch.
        const bad = a.filter((x) => !b.includes(x) && !(x === 'count' && /_(one|zero)$/.test(e.key))).length + b.filter((x) => !a.includes(x)).length;
        if (bad) mismatched.push({ file: e.file, key: e.key, en: a, found: b });
      }
    }
    return { lang, strings: mine.length, missing, identical, forbidden: forbiddenFound, placeholders: mismatched };
  });
  const failures = languages.reduce((n, l) => n + l.missing.length + l.forbidden.length + l.placeholders.length, 0);
  return { root, languages, failures };
}

/** The report as text for a translator. */
export function formatReport(r: I18nReport, { identicalLimit = 40 } = {}): string {
  const lines: string[] = [];
  for (const l of r.languages) {
    lines.push(`== ${l.lang} (${l.strings} strings) ==`);
    lines.push(`missing keys: ${l.missing.length}`);
    for (const m of l.missing) lines.push(`  ${m}`);
    if (l.lang !== 'en') {
      lines.push(`identical to English (for information): ${l.identical.length}`);
      for (const m of l.identical.slice(0, identicalLimit)) lines.push(`  ${m}`);
      if (l.identical.length > identicalLimit) lines.push(`  … and ${l.identical.length - identicalLimit} more`);
      lines.push(`forbidden forms: ${l.forbidden.length}`);
      for (const f of l.forbidden) lines.push(`  ${f.file} ${f.key}: "${f.text}" → use "${f.use}"${f.why ? ` (${f.why})` : ''}`);
      lines.push(`placeholders differing from English: ${l.placeholders.length}`);
      for (const p of l.placeholders) lines.push(`  ${p.file} ${p.key}: en {${p.en.join(', ')}} vs {${p.found.join(', ')}}`);
    }
    lines.push('');
  }
  lines.push(r.failures ? `${r.failures} problem(s) to fix (missing keys, forbidden forms, placeholders).` : 'No missing keys, forbidden forms or differing placeholders.');
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const all = process.argv.includes('--all');
  const r = i18nReport(root);
  console.log(formatReport(r, { identicalLimit: all ? Infinity : 40 }));
  process.exitCode = r.failures ? 1 : 0;
}
