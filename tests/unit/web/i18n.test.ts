// The message files a translator edits: same keys in ky, ru and en (plural forms aside), and every
// key the code asks for exists.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMITMENT_STATUSES, DECISION_KINDS, UNITS, UPDATE_SOURCES, VERDICTS } from '../../../server/src/commitments/commitments.schema.js';
import { KIND_LABEL, STATUS_LABEL } from '../../../server/src/commitments/tracker.messages.js';
import { ALLOCATION_METHODS, DIRECTIONS as BUDGET_DIRECTIONS, MEASURES as BUDGET_MEASURES, NATURES as BUDGET_NATURES, PHASES as BUDGET_PHASES, FUNDING_SOURCES, SECTORS } from '../../../server/src/budgets/budgets.schema.js';

const DIR = path.resolve('web/src/i18n');
type Tree = { [k: string]: string | string[] | Tree };
const load = (lang: string) => JSON.parse(fs.readFileSync(path.join(DIR, `${lang}.json`), 'utf8')) as Tree;

function keys(t: Tree, prefix = ''): string[] {
  return Object.entries(t).flatMap(([k, v]) => (typeof v === 'object' && !Array.isArray(v) ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
const base = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, '');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : /\.(svelte|ts)$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

describe('web message files', () => {
  const files = { en: load('en'), ru: load('ru'), ky: load('ky') };

  it('have the same keys in all three languages', () => {
    const en = new Set(keys(files.en).map(base));
    for (const lang of ['ru', 'ky'] as const) expect(new Set(keys(files[lang]).map(base))).toEqual(en);
  });

  it('say a commitment\'s status and a decision\'s kind in the words of the public page, the report and the reminder mail (server/src/commitments/tracker.messages.ts)', () => {
    for (const lang of ['ky', 'ru', 'en'] as const) {
      const tracker = files[lang].tracker as Tree;
      for (const [status, words] of Object.entries(STATUS_LABEL)) expect((tracker.status as Tree)[status], `${lang} ${status}`).toBe(words[lang]);
      for (const [kind, words] of Object.entries(KIND_LABEL)) expect((tracker.kind as Tree)[kind], `${lang} ${kind}`).toBe(words[lang]);
    }
  });

  it('have no empty strings', () => {
    for (const [lang, t] of Object.entries(files)) {
      const empty = keys(t).filter((k) => k.split('.').reduce<unknown>((o, p) => (o as Tree)[p], t) === '');
      expect(empty, lang).toEqual([]);
    }
  });

  it('hold every key the code uses (static keys, and every member of the dynamic families)', () => {
    const en = new Set(keys(files.en).map(base));
    const missing: string[] = [];
    for (const file of sourceFiles(path.resolve('web/src'))) {
      const src = fs.readFileSync(file, 'utf8');
      for (const m of src.matchAll(/i18n\.t\(\s*'([a-zA-Z0-9_.-]+)'/g)) if (!en.has(m[1]!)) missing.push(`${path.basename(file)}: ${m[1]}`);
    }
    const families: Record<string, string[]> = {
      'errors.': ['network', 'not-found', 'invalid', 'server', 'unavailable', 'other'],
      'errors.part.': ['layers', 'basemap', 'projects'],
      'provenance.': ['real', 'derived', 'placeholder', 'illustrative'],
      'resident.locateError.': ['denied', 'unavailable', 'none-near'],
      'resident.kind.': ['clinic', 'water_point', 'school'],
      'analysis.coverage.status.': ['covered', 'partly', 'not-covered', 'no-data'],
      'analysis.coverage.rule.': ['cells', 'buildings', 'area', 'point'],
      'analysis.coverage.ruleHelp.': ['cells', 'buildings', 'area', 'point'],
      'budgets.phase.': [...BUDGET_PHASES],
      'budgets.sector.': [...SECTORS],
      'budgets.measure.': [...BUDGET_MEASURES],
      'budgets.direction.': [...BUDGET_DIRECTIONS],
      'budgets.nature.': [...BUDGET_NATURES],
      'budgets.funding.': [...FUNDING_SOURCES],
      'budgets.method.': [...ALLOCATION_METHODS],
      'budgets.fair.by.': ['contributions', 'population', 'unserved'],
      'budgets.fair.basisName.': ['contributions', 'population', 'unserved'],
      'budgets.fair.shareOf.': ['contributions', 'population', 'unserved'],
      'budgets.fair.index.': ['contributions', 'population', 'unserved'],
      'budgets.fair.long.': ['contributions', 'population', 'unserved'],
      'budgets.view.': ['villages', 'plan', 'whatif', 'lines'],
      'budgets.trend.': ['revenue', 'expenditure', 'capital'],
      'budgets.whatif.w.': ['population', 'unserved', 'contributions'],
      'tracker.status.': [...COMMITMENT_STATUSES],
      'tracker.kind.': [...DECISION_KINDS],
      'tracker.unit.': [...UNITS],
      'tracker.unitName.': [...UNITS],
      'tracker.source.': [...UPDATE_SOURCES],
      'tracker.verdict.': [...VERDICTS],
      'tracker.form.shape.': ['Point', 'LineString', 'Polygon'],
      'tracker.form.check.': ['title', 'body', 'decidedOn', 'commitmentTitle', 'indicator', 'responsible', 'dueOn', 'dueBeforeDecision', 'numbers', 'targetEqualsBaseline'],
    };
    for (const [prefix, members] of Object.entries(families)) for (const m of members) if (!en.has(prefix + m)) missing.push(prefix + m);
    expect(missing).toEqual([]);
  });
});
