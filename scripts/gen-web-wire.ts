// Writes web/src/api/wire.gen.ts: the server's enum arrays (categories, statuses, review statuses,
// campaign statuses, services, photo types, download formats, import encodings, symbols, provenance classes, issue kinds, the layers with complete areas, the budget enums, the commitments enums) and the registry's category colours as runtime constants for the web app, which may import only types from
// server/. Run `npx tsx scripts/gen-web-wire.ts` after changing them; tests/unit/web-wire.test.ts fails
// while the committed file differs from what this writes.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CAMPAIGN_STATUSES, CATEGORIES, REVIEW_STATUSES, STATUSES } from '../server/src/annotations/annotations.rules.js';
import { SERVICES } from '../server/src/analysis/analysis.schema.js';
import { PHOTO_TYPES } from '../server/src/photos/photos.schema.js';
import { FORMATS as DATA_FORMATS } from '../server/src/exports/formats/index.js';
import { CATEGORY_VALUES } from '../server/src/layers/annotations.js';
import { ENCODINGS, ISSUE_KINDS, PROVENANCE_CLASSES, SYMBOLS } from '../server/src/imports/imports.schema.js';
import { COMPLETE_AREA_LAYERS } from '../server/src/complete-areas/complete-areas.schema.js';
import { ALLOCATION_METHODS, DIRECTIONS, FUNDING_SOURCES, LEVIES, MEASURES, NATURES, PHASES, SECTORS } from '../server/src/budgets/budgets.schema.js';
import { STATUS_PALETTE } from '../server/src/commitments/commitments.palette.js';
import { FALLBACK } from '../server/src/i18n/pick.js';
import { SOURCE_CREDITS } from '../server/src/render/credits.js';
import { COMMITMENT_STATUSES, DECISION_KINDS, DECISION_STATUSES, UNITS, UPDATE_SOURCES, VERDICTS } from '../server/src/commitments/commitments.schema.js';

export const WIRE_GEN_PATH = fileURLToPath(new URL('../web/src/api/wire.gen.ts', import.meta.url));

const constants: [name: string, values: readonly string[], source: string][] = [
  ['CATEGORIES', CATEGORIES, 'server/src/annotations/annotations.rules.ts'],
  ['STATUSES', STATUSES, 'server/src/annotations/annotations.rules.ts'],
  ['REVIEW_STATUSES', REVIEW_STATUSES, 'server/src/annotations/annotations.rules.ts'],
  ['CAMPAIGN_STATUSES', CAMPAIGN_STATUSES, 'server/src/annotations/annotations.rules.ts'],
  ['SERVICES', SERVICES, 'server/src/analysis/analysis.schema.ts'],
  ['PHOTO_TYPES', PHOTO_TYPES, 'server/src/photos/photos.schema.ts'],
  ['DATA_FORMATS', DATA_FORMATS, 'server/src/exports/formats/index.ts'],
  ['ENCODINGS', ENCODINGS, 'server/src/imports/imports.schema.ts'],
  ['SYMBOLS', SYMBOLS, 'server/src/imports/imports.schema.ts'],
  ['PROVENANCE_CLASSES', PROVENANCE_CLASSES, 'server/src/imports/imports.schema.ts'],
  ['ISSUE_KINDS', ISSUE_KINDS, 'server/src/imports/imports.schema.ts'],
  ['COMPLETE_AREA_LAYERS', COMPLETE_AREA_LAYERS, 'server/src/complete-areas/complete-areas.schema.ts'],
  ['BUDGET_PHASES', PHASES, 'server/src/budgets/budgets.schema.ts'],
  ['BUDGET_DIRECTIONS', DIRECTIONS, 'server/src/budgets/budgets.schema.ts'],
  ['FUNDING_SOURCES', FUNDING_SOURCES, 'server/src/budgets/budgets.schema.ts'],
  ['BUDGET_NATURES', NATURES, 'server/src/budgets/budgets.schema.ts'],
  ['SECTORS', SECTORS, 'server/src/budgets/budgets.schema.ts'],
  ['ALLOCATION_METHODS', ALLOCATION_METHODS, 'server/src/budgets/budgets.schema.ts'],
  ['LEVIES', LEVIES, 'server/src/budgets/budgets.schema.ts'],
  ['BUDGET_MEASURES', MEASURES, 'server/src/budgets/budgets.schema.ts'],
  ['COMMITMENT_STATUSES', COMMITMENT_STATUSES, 'server/src/commitments/commitments.rules.ts'],
  ['DECISION_KINDS', DECISION_KINDS, 'server/src/commitments/commitments.schema.ts'],
  ['DECISION_STATUSES', DECISION_STATUSES, 'server/src/commitments/commitments.schema.ts'],
  ['UNITS', UNITS, 'server/src/commitments/commitments.schema.ts'],
  ['UPDATE_SOURCES', UPDATE_SOURCES, 'server/src/commitments/commitments.schema.ts'],
  ['VERDICTS', VERDICTS, 'server/src/commitments/commitments.schema.ts'],
  // The order in which a text missing in the reader's language is shown in another (the server's pick()).
  ['FALLBACK_KY', FALLBACK.ky, 'server/src/i18n/pick.ts'],
  ['FALLBACK_RU', FALLBACK.ru, 'server/src/i18n/pick.ts'],
  ['FALLBACK_EN', FALLBACK.en, 'server/src/i18n/pick.ts'],
];

/** Colour maps: the registry's category colours (the map, the legend and the form use the same ones). */
const colours: [name: string, values: Record<string, string>, source: string][] = [
  ['CATEGORY_COLOURS', Object.fromEntries(CATEGORY_VALUES.map((v) => [v.value, v.color!])), 'server/src/layers/annotations.ts'],
  // One colour per commitment status everywhere: the tracker's chips, bars, map and legend in the web app as on the public page and in the report.
  ['COMMITMENT_STATUS_COLOURS', Object.fromEntries(Object.entries(STATUS_PALETTE).map(([k, v]) => [k, v.color])), 'server/src/commitments/commitments.palette.ts'],
  ['COMMITMENT_STATUS_INKS', Object.fromEntries(Object.entries(STATUS_PALETTE).map(([k, v]) => [k, v.text])), 'server/src/commitments/commitments.palette.ts'],
  ['COMMITMENT_STATUS_MARKS', Object.fromEntries(Object.entries(STATUS_PALETTE).map(([k, v]) => [k, v.mark])), 'server/src/commitments/commitments.palette.ts'],
];

export function generateWebWire(): string {
  const lines = [
    '// Generated by scripts/gen-web-wire.ts from the server\'s constants — do not edit.',
    '// Run `npx tsx scripts/gen-web-wire.ts` to regenerate; import these through ./wire.ts.',
    '',
  ];
  for (const [name, values, source] of constants) {
    lines.push(`/** ${source} */`);
    lines.push(`export const ${name} = [${values.map((v) => JSON.stringify(v).replaceAll('"', "'")).join(', ')}] as const;`);
  }
  // Texts in ky/ru/en by key: the datasets' credit lines.
  lines.push('/** server/src/render/credits.ts */');
  lines.push('export const SOURCE_CREDITS: Readonly<Record<string, { ky: string; ru: string; en: string }>> = {');
  for (const [k, v] of Object.entries(SOURCE_CREDITS)) lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify({ ky: v.ky, ru: v.ru, en: v.en })},`);
  lines.push('};');
  for (const [name, values, source] of colours) {
    lines.push(`/** ${source} */`);
    lines.push(`export const ${name} = {`);
    for (const [k, v] of Object.entries(values)) lines.push(`  ${k}: '${v}',`);
    lines.push('} as const;');
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(WIRE_GEN_PATH, generateWebWire());
  console.log(`wrote ${WIRE_GEN_PATH}`);
}
