// A layer is described once, as data. The features API, the tiles, /api/layers (legend and MapLibre
// styles for the web map) and the print renderer all read these descriptions.
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

export type AttributeType = 'text' | 'integer' | 'number' | 'boolean' | 'date' | 'enum';

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
  /** Computed by the database (generated column): read-only. */
  computed?: boolean;
}

export type GeometryKind = 'line' | 'point' | 'area-or-point';

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

export interface LayerDef {
  id: string;
  table: string;
  title: I18n;
  description: I18n;
  geometry: GeometryKind;
  group: 'reference' | 'network';
  minzoom: number;
  maxzoom: number;
  attributes: AttributeDef[];
  /** Features of some classes appear only from a zoom level on (tiles only; the features API returns all). */
  zoomFilter?: { attribute: string; minzoom: Record<string, number> };
  /** Colour attribute and (for lines) width attribute used by the style builder. */
  style: {
    colorBy: string;
    widthBy?: { attribute: string; widths: Record<string, number> };
    symbolBy?: { attribute: string; symbols: Record<string, string> };
    /** Explicit colour classes (MapLibre filter expressions), when colour is not one enum's values. */
    classes?: StyleClass[];
    defaultColor: string;
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
