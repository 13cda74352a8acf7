// A layer is described once, as data. The features API, the tiles, the OGC API, the downloads,
// /api/layers (legend and MapLibre styles for the web map) and the print renderer all read these
// descriptions. Adding a layer = one file here + its entry in registry.ts + a migration.
import { sql, type RawBuilder } from 'kysely';
import type { Reader } from '../access/viewer.js';
import type { I18n } from '../i18n/pick.js';
// The languages live in i18n/pick.ts; re-exported here for the layer code that imports them from this file.
export { LANGS, type Lang, type I18n } from '../i18n/pick.js';

export interface EnumValue {
  value: string;
  label: I18n;
  /** Legend / map colour for this value when the layer is coloured by this attribute. */
  color?: string;
  /** Second visual cue for colour-blind readers (a mark drawn along lines or inside symbols). */
  mark?: string;
}

export type AttributeType = 'text' | 'integer' | 'number' | 'boolean' | 'date' | 'enum' | 'uuid';

export interface AttributeDef {
  name: string;
  type: AttributeType;
  label: I18n;
  values?: EnumValue[];
  unit?: I18n;
  /** May be used as a query filter on the features API (enum: list of values, boolean, text: equality, numbers: _min/_max). */
  filter?: boolean;
  /** Carried in vector tiles (needed for styling or labels). */
  tile?: boolean;
  /** Computed by the database (generated column or a view's expression): read-only. */
  computed?: boolean;
  /** The query parameter that filters by this attribute, when it is not the attribute's name. */
  param?: string;
}

/** 'any': points, lines and polygons in one layer (annotations drawn by people). */
export type GeometryKind = 'line' | 'point' | 'area-or-point' | 'any';

export interface LegendItem {
  label: I18n;
  color: string;
  shape: 'line' | 'circle' | 'fill';
  width?: number;
  dashed?: boolean;
  mark?: string;
  /** The attribute value(s) this item stands for, so a legend click can filter. */
  attribute?: string;
  value?: string | number;
}

export interface LegendSection {
  title: I18n;
  items: LegendItem[];
}

/**
 * Where a layer's rows come from, when they are not a shared table that everyone reads in full.
 * Rows owned by an organisation (annotations, organisation layers) carry the ONE visibility predicate
 * of access/visibility.ts; every read path — tiles, features, OGC API, downloads, layer facts —
 * applies it for the reader, and the tile cache keeps only the public variant.
 */
export interface RowSource {
  /** The visibility predicate on the row alias, for the reader (null organisation = the public). */
  visible: (reader: Reader, alias: string) => RawBuilder<boolean>;
  /** Ids are uuids: in vector tiles they travel as an `id` property (MVT feature ids are integers). */
  idType: 'uuid';
  /** Columns that tell whether a row is drafted or published, so the legend can show both. */
  draftWhen?: unknown[];
}

/** What a read of the layer selects FROM (alias it): its sub-select, or its table. */
export const layerFrom = (def: Pick<LayerDef, 'table' | 'source'>): RawBuilder<unknown> => def.source ?? sql.table(def.table);

/** Whether answers about a layer depend on who asks (its rows carry a visibility rule). */
export const perViewer = (def: LayerDef): boolean => !!def.rows;

export interface LayerDef {
  id: string;
  /** The table (or view) with `id`, `geom` (EPSG:4326) and `geom_3857`; attributes are its columns. */
  table: string;
  /** Rows read from this sub-select instead of `table` (an organisation layer: its rows of a shared table, properties as columns). */
  source?: RawBuilder<unknown>;
  /** Absent: a shared table, every row public, integer ids, provenance columns on every row. */
  rows?: RowSource;
  title: I18n;
  description: I18n;
  geometry: GeometryKind;
  group: 'reference' | 'network' | 'advocacy';
  minzoom: number;
  maxzoom: number;
  attributes: AttributeDef[];
  /** Features of some classes appear only from a zoom level on (tiles only; the features API returns all). */
  zoomFilter?: { attribute: string; minzoom: Record<string, number> };
  /**
   * Labels thinned where the map could show only one of them (tiles only): up to `maxzoom`, the world is
   * cut into squares of `cellPx` map pixels (512 per tile, so a square never straddles two tiles) and of
   * the features whose label point falls in one square only the first carries the `attributes` (the
   * names): first by the zoom filter's class order (lower minzoom first), then `rankBy` descending,
   * then id. Labels closer than a square always collide at that zoom; every feature is still in the
   * tile, with its other attributes, and is drawn as before. Above `maxzoom` every feature carries them.
   */
  labelThinning?: { attributes: string[]; cellPx: number; maxzoom: number; rankBy?: string };
  /** Colour attribute and (for lines) width attribute used by the style builder. */
  style: {
    colorBy: string;
    widthBy?: { attribute: string; widths: Record<string, number> };
    symbolBy?: { attribute: string; symbols: Record<string, string> };
    /** Points are cells of a density grid (population): circles of this radius (a MapLibre expression, px, about the cell's size) with a hairline stroke that only marks illustrative and placeholder rows. */
    cells?: { radius: unknown[] };
    /** Circle radius in pixels = base + the attribute's value (e.g. severity 1–5). */
    radiusBy?: { attribute: string; base: number };
    /** Explicit colour classes (MapLibre filter expressions), when colour is not one enum's values. */
    classes?: StyleClass[];
    defaultColor: string;
    /** The legend's swatch when the geometry kind does not tell (a layer of any geometry that holds only lines). */
    legendShape?: 'line' | 'circle' | 'fill';
  };
}

export interface StyleClass {
  id: string;
  label: I18n;
  color: string;
  /** MapLibre expression that selects the features of this class (first match wins). */
  when: unknown[];
  /** The feature-API filter that selects the same features, for legend clicks. */
  query?: Record<string, string>;
}
