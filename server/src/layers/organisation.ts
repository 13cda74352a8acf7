// An organisation layer (a file an organisation imported) as a registry layer, built from its record
// at run time. Its rows live in one shared table (organisation_features, sql/0008_imports.sql) with
// the source columns as JSON properties; the layer reads them through a sub-select that turns each
// property into a typed column, so tiles, features, OGC API, downloads and the legend read it like any
// other layer. Visibility is the annotations' rule (access/visibility.ts) on the layer's organisation,
// campaign and status.
import { sql, type RawBuilder } from 'kysely';
import { annotationVisible } from '../access/visibility.js';
import { provenanceAttributes, t } from './common.js';
import type { AttributeDef, EnumValue, I18n, LayerDef } from './types.js';

export type ColumnType = 'text' | 'integer' | 'number' | 'boolean' | 'date';
export interface OrganisationColumn { name: string; type: ColumnType; source: string }
export interface OrganisationLayerStyle {
  color: string;
  symbol: string;
  /** The legend swatch, from the geometry the layer holds (set when it is committed). */
  shape?: 'line' | 'circle' | 'fill';
  categoryAttribute?: string;
  categoryColors?: Record<string, string>;
}
export interface OrganisationLayerRecord {
  id: string;
  title: Partial<I18n>;
  description: Partial<I18n>;
  columns: OrganisationColumn[];
  style: OrganisationLayerStyle;
}

export const ORG_LAYER_ID = /^org-[0-9a-f]{8}$/;
/** The version key all organisation layers share (sql/0008_imports.sql). */
export const ORG_LAYERS_VERSION = 'organisation_layers';

/** Columns of the sub-select that are not source columns: a source column with one of these names is renamed. */
export const RESERVED_COLUMNS = new Set(['id', 'geom', 'geom_3857', 'layer_id', 'idx', 'properties', 'organisation_id', 'campaign_id',
  'status', 'deleted_at', 'source', 'source_date', 'licence', 'provenance']);

/** A title in every language: what is missing is filled from the others (asked, then ru, ky, en). */
export function fullI18n(x: Partial<I18n>): I18n {
  const any = x.ru || x.ky || x.en || '';
  return { en: x.en || any, ru: x.ru || any, ky: x.ky || any };
}

const cast = (c: OrganisationColumn): RawBuilder<unknown> => {
  const v = sql`(r.properties ->> ${c.name})`;
  switch (c.type) {
    case 'integer': return sql`${v}::bigint`;
    case 'number': return sql`${v}::float8`;
    case 'boolean': return sql`${v}::boolean`;
    default: return v; // text and dates travel as text (dates are ISO YYYY-MM-DD)
  }
};

const LABEL_NAMES = /^(name|title|название|наименование|аталышы|аты)$/i;

export function organisationLayerDef(rec: OrganisationLayerRecord): LayerDef {
  if (!ORG_LAYER_ID.test(rec.id)) throw new Error(`not an organisation layer id: ${rec.id}`);
  const cat = rec.style.categoryAttribute;
  const label = rec.columns.find((c) => c.type === 'text' && LABEL_NAMES.test(c.name));
  const attributes: AttributeDef[] = rec.columns.map((c): AttributeDef => {
    const base = { name: c.name, label: t(c.source, c.source, c.source), filter: true };
    if (c.name === cat) {
      const values: EnumValue[] = Object.entries(rec.style.categoryColors ?? {}).map(([value, color]) => ({ value, label: t(value, value, value), color }));
      return { ...base, type: 'enum', values, tile: true };
    }
    return { ...base, type: c.type === 'date' ? 'text' : c.type, ...(c === label ? { tile: true } : {}) };
  });
  attributes.push(
    { name: 'status', type: 'enum', label: t('Status', 'Статус', 'Статусу'), computed: true, tile: true, filter: true,
      values: [{ value: 'draft', label: t('Draft', 'Черновик', 'Кара нуска') }, { value: 'published', label: t('Published', 'Опубликовано', 'Жарыяланган') }] },
    // The layer's citation, the same on every row (chosen in the import wizard).
    ...provenanceAttributes().filter((a) => ['provenance', 'source', 'source_date', 'licence'].includes(a.name)).map((a) => ({ ...a, computed: true })),
  );
  const columns = rec.columns.map((c) => sql`${cast(c)} AS ${sql.id(c.name)}`);
  const source = sql`(SELECT r.id, r.geom, r.geom_3857, r.organisation_id, r.campaign_id, r.status, r.deleted_at,
      r.source, r.source_date, r.licence, r.provenance${columns.length ? sql`, ${sql.join(columns)}` : sql``}
    FROM organisation_layer_rows r WHERE r.layer_id = ${rec.id})`;
  return {
    id: rec.id,
    table: 'organisation_layer_rows',
    source,
    rows: { visible: annotationVisible, idType: 'uuid', draftWhen: ['==', ['get', 'status'], 'draft'] },
    title: fullI18n(rec.title),
    description: fullI18n(rec.description),
    geometry: 'any',
    group: 'advocacy',
    minzoom: 0,
    maxzoom: 22,
    attributes,
    style: { colorBy: cat ?? '', defaultColor: rec.style.color, ...(rec.style.shape ? { legendShape: rec.style.shape } : {}) },
  };
}
