// Attribute values for people: enum values and attribute names from /api/layers in the current
// language, numbers and dates per locale (Intl), units from the layer definition.
import { i18n } from './i18n.svelte.ts';
import type { LayerAttribute, LayerInfo, Properties } from '../api/types.ts';

export type Value = string | number | boolean | null | undefined;

/** As many decimals as the size of a measured value deserves: 1,826 m, 12.5 l/s, 0.75. */
export function fractionDigits(attr: Pick<LayerAttribute, 'type'>, n: number): number {
  if (attr.type === 'integer') return 0;
  const a = Math.abs(n);
  return a >= 100 ? 0 : a >= 10 ? 1 : 2;
}

export function formatValue(attr: LayerAttribute | undefined, value: Value): string {
  if (value === null || value === undefined || value === '') return i18n.t('details.noValue');
  if (!attr) return String(value);
  switch (attr.type) {
    case 'enum': {
      const v = attr.values?.find((x) => x.value === value);
      return v ? i18n.pick(v.label) : String(value);
    }
    case 'boolean':
      return i18n.t(value === true || value === 'true' ? 'details.yes' : 'details.no');
    case 'integer':
    case 'number': {
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(n)) return String(value);
      // A year is a label, not a quantity: no digit grouping ("2005", not "2 005").
      const text = /year/.test(attr.name) ? String(n) : i18n.number(n, { maximumFractionDigits: fractionDigits(attr, n) });
      return attr.unit ? `${text} ${i18n.pick(attr.unit)}` : text;
    }
    case 'date':
      return i18n.date(String(value));
    default:
      return String(value);
  }
}

/** A feature's name in the current language (Russian, then English, as fallbacks). */
export function featureName(props: Properties | Record<string, unknown> | null | undefined): string {
  if (!props) return '';
  const pick = (k: string) => (typeof props[k] === 'string' && props[k] ? (props[k] as string) : '');
  return pick(`name_${i18n.lang}`) || pick('name_ru') || pick('name_en') || pick('ref');
}

export const attributeOf = (layer: LayerInfo | undefined, name: string) => layer?.attributes.find((a) => a.name === name);

/** Attributes shown as facts (not the names, not the provenance block). */
export const NAME_ATTRS = new Set(['name_ky', 'name_ru', 'name_en']);
export const PROVENANCE_ATTRS = ['provenance', 'source', 'source_date', 'licence', 'dataset_id', 'notes'];
