// Pure rules of an import's mapping: how a source value becomes a target attribute's value (numbers
// with comma decimals, yes/no in three languages, dates, enum values by value, label or the user's
// choice), how source columns become organisation-layer columns, and which source column and enum
// values to suggest for a shared layer's attributes. No I/O: imports.service.ts applies them while
// staging; imports.mapping.test.ts is their table.
import type { AttributeDef, LayerDef } from '../layers/types.js';
import { RESERVED_COLUMNS, type ColumnType, type OrganisationColumn } from '../layers/organisation.js';
import type { FieldType, SourceField } from './formats/types.js';
import type { FieldSuggestion, IssueKind, MappingInput } from './imports.schema.js';

export type Value = string | number | boolean | null;
export interface Issue { kind: IssueKind; detail: string }

const TRUE = new Set(['true', 'yes', 'y', '1', 'да', 'д', 'ооба', 'бар', 't']);
const FALSE = new Set(['false', 'no', 'n', '0', 'нет', 'н', 'жок', 'f']);

const isBlank = (v: Value | undefined) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** A number from a source value: "1 234,5" and "1234.5" both read as 1234.5; null if it is not one. */
export function toNumber(v: Value): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean' || v === null) return null;
  const s = v.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (!/^[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?$/.test(s)) return null;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

export function toBoolean(v: Value): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : null;
  if (v === null) return null;
  const s = v.trim().toLowerCase();
  return TRUE.has(s) ? true : FALSE.has(s) ? false : null;
}

/** ISO YYYY-MM-DD from YYYY-MM-DD, YYYY/MM/DD or DD.MM.YYYY (the Russian and Kyrgyz way); null otherwise. */
export function toDate(v: Value): string | null {
  if (typeof v !== 'string') return null;
  const s = v.trim();
  let m = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ].*)?$/.exec(s);
  let y: number, mo: number, d: number;
  if (m) { y = +m[1]!; mo = +m[2]!; d = +m[3]!; } else {
    m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(s);
    if (!m) return null;
    d = +m[1]!; mo = +m[2]!; y = +m[3]!;
  }
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

const norm = (s: string) => s.normalize('NFC').trim().toLowerCase().replace(/[\s_-]+/g, ' ');

/** The enum value a source value stands for: the user's choice, else the value itself or one of its labels. */
export function toEnum(v: Value, attr: AttributeDef, chosen: Record<string, string> = {}): string | null {
  if (isBlank(v)) return null;
  const s = String(v);
  if (s in chosen) return chosen[s]!;
  const n = norm(s);
  for (const e of attr.values ?? []) {
    if (norm(e.value) === n || Object.values(e.label).some((l) => norm(l) === n)) return e.value;
  }
  return null;
}

/** One target attribute's value from its mapping, or the issue that stops it. */
export function mapValue(attr: AttributeDef, raw: Value | undefined, values?: Record<string, string>): { value: Value } | { issue: Issue } {
  if (isBlank(raw)) return { value: null };
  const v = raw as Value;
  const bad = (what: string): { issue: Issue } => ({ issue: { kind: 'bad-value', detail: `${attr.name}: '${String(v).slice(0, 80)}' is not ${what}` } });
  switch (attr.type) {
    case 'integer': {
      const n = toNumber(v);
      return n !== null && Number.isInteger(n) ? { value: n } : bad('a whole number');
    }
    case 'number': {
      const n = toNumber(v);
      return n !== null ? { value: n } : bad('a number');
    }
    case 'boolean': {
      const b = toBoolean(v);
      return b !== null ? { value: b } : bad('yes or no');
    }
    case 'date': {
      const d = toDate(v);
      return d ? { value: d } : bad('a date (YYYY-MM-DD or DD.MM.YYYY)');
    }
    case 'enum': {
      const e = toEnum(v, attr, values);
      return e !== null ? { value: e } : bad(`one of ${(attr.values ?? []).map((x) => x.value).join(', ')} (map it to one in the wizard)`);
    }
    default:
      return { value: typeof v === 'string' ? v.normalize('NFC') : String(v) };
  }
}

/** The attributes of a shared layer that an import may fill (not computed, not the citation, which the mapping gives). */
export const CITATION = ['provenance', 'dataset_id', 'source', 'source_date', 'licence'] as const;
export const importableAttributes = (def: LayerDef) => def.attributes.filter((a) => !a.computed && !(CITATION as readonly string[]).includes(a.name));

/** The row for a shared layer's table from one source feature, with the issues that block it. */
export function mapRow(def: LayerDef, mapping: MappingInput, source: Record<string, Value>, required: ReadonlySet<string>): { row: Record<string, Value>; issues: Issue[] } {
  const row: Record<string, Value> = {};
  const issues: Issue[] = [];
  for (const attr of importableAttributes(def)) {
    const m = mapping.fields[attr.name];
    if (!m) continue;
    const raw = 'constant' in m ? m.constant : source[m.source];
    const r = mapValue(attr, raw, 'constant' in m ? undefined : m.values);
    if ('issue' in r) issues.push(r.issue);
    else if (r.value !== null) row[attr.name] = r.value;
  }
  for (const name of required) {
    if (row[name] === undefined && !issues.some((i) => i.detail.startsWith(`${name}:`))) {
      issues.push({ kind: 'missing-value', detail: `${name}: a value is required (map a column or set a constant)` });
    }
  }
  const t = mapping.target;
  if (t.kind === 'layer') Object.assign(row, { dataset_id: t.dataset });
  Object.assign(row, { source: mapping.provenance.source, source_date: mapping.provenance.date, licence: mapping.provenance.licence, provenance: mapping.provenance.provenance });
  return { row, issues };
}

const MAX_COLUMN_BYTES = 60; // PostgreSQL names are cut at 63 bytes; Cyrillic letters take two

/**
 * Source columns as organisation-layer columns: NFC, trimmed, cut to what PostgreSQL keeps, made unique,
 * and renamed when they clash with the layer's own columns (id, status, …). `source` keeps the file's name.
 */
export function organisationColumns(fields: SourceField[], exclude: readonly string[] = []): OrganisationColumn[] {
  const used = new Set<string>();
  const out: OrganisationColumn[] = [];
  for (const f of fields) {
    if (exclude.includes(f.name)) continue;
    let base = f.name.normalize('NFC').replace(/[\u0000-\u001f"]/g, '').trim() || 'column';
    if (RESERVED_COLUMNS.has(base.toLowerCase())) base = `${base}_src`;
    while (Buffer.byteLength(base) > MAX_COLUMN_BYTES) base = [...base].slice(0, -1).join('');
    let name = base, n = 2;
    while (used.has(name.toLowerCase())) name = `${base}_${n++}`;
    used.add(name.toLowerCase());
    out.push({ name, type: f.type as ColumnType, source: f.name });
  }
  return out;
}

/** Whether a value fits a column type (else the column is kept as text: nothing is dropped). */
export function fitsType(type: FieldType, v: Value): boolean {
  if (isBlank(v)) return true;
  switch (type) {
    case 'integer': { const n = typeof v === 'number' ? v : null; return n !== null && Number.isInteger(n); }
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'boolean': return typeof v === 'boolean';
    case 'date': return typeof v === 'string' && toDate(v) === v;
    default: return true;
  }
}

/** Names a source column may have for a target attribute, in en/ru/ky. */
const SYNONYMS: Record<string, string[]> = {
  ref: ['ref', 'id', 'code', 'код', 'номер', 'no', 'fid'],
  name_ky: ['name ky', 'name:ky', 'аталышы', 'аты', 'name kg'],
  name_ru: ['name ru', 'name:ru', 'название', 'наименование', 'name'],
  name_en: ['name en', 'name:en', 'name english'],
  class: ['class', 'type', 'класс', 'тип', 'классы', 'түрү'],
  condition: ['condition', 'state', 'состояние', 'техническое состояние', 'абалы'],
  population: ['population', 'pop', 'население', 'калкы', 'калк'],
  households: ['households', 'hh', 'домохозяйства', 'дворы', 'үй чарбалары'],
  municipality: ['municipality', 'ayil okmotu', 'муниципалитет', 'айыл өкмөтү', 'ао'],
  operator: ['operator', 'owner', 'оператор', 'балансодержатель', 'ээси'],
  year_built: ['year built', 'year', 'год постройки', 'год', 'курулган жылы'],
  kind: ['kind', 'type', 'вид', 'тип', 'түрү'],
  lined: ['lined', 'облицован', 'облицовка', 'капталган'],
};

/** For each importable attribute of a shared layer: the best source column, and enum value suggestions from its samples. */
export function suggestFields(def: LayerDef, fields: SourceField[]): FieldSuggestion[] {
  return importableAttributes(def).map((attr) => {
    const names = [norm(attr.name), ...(SYNONYMS[attr.name] ?? []).map(norm), ...Object.values(attr.label).map(norm)];
    const field = fields.find((f) => names.includes(norm(f.name)));
    if (!field) return { attribute: attr.name, source: null };
    if (attr.type !== 'enum') return { attribute: attr.name, source: field.name };
    const values: Record<string, string> = {};
    for (const s of field.samples) {
      const e = toEnum(s, attr);
      if (e) values[s] = e;
    }
    return { attribute: attr.name, source: field.name, values };
  });
}
