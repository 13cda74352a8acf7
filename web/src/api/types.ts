// Shapes of the API answers the web app reads. Layer-definition pieces are the server's own types
// (through wire.ts, type-only: nothing from the server is bundled).
import type { AttributeType, EnumValue, I18n, Lang, LegendItem, LegendSection } from './wire.ts';

export type { EnumValue, I18n, Lang, LegendItem, LegendSection };
export type BBox = [number, number, number, number];
export type LngLat = [number, number];

/** A MapLibre style layer as the server gives it (source and source-layer = the layer id). */
export type StyleLayerSpec = { id: string; type: string; source?: string; 'source-layer'?: string; filter?: unknown; minzoom?: number; maxzoom?: number; layout?: Record<string, unknown>; paint?: Record<string, unknown> };

export interface LayerAttribute {
  name: string;
  type: AttributeType;
  label: I18n;
  filterable: boolean;
  inTiles: boolean;
  unit?: I18n;
  values?: EnumValue[];
}

export interface Attribution { dataset?: string; attribution: string; licence: string; url: string | null }

export interface LayerInfo {
  id: string;
  title: I18n;
  description: I18n;
  group: 'reference' | 'network';
  geometryType: 'line' | 'point' | 'area-or-point';
  minzoom: number;
  maxzoom: number;
  featureCount: number;
  extent: BBox | null;
  attributes: LayerAttribute[];
  legend: LegendSection[];
  provenance: { summary: { provenance: string; dataset_id: string; count: number }[]; illustrativeCount: number; attribution: Attribution[] };
  style: { lang: Lang; layers: StyleLayerSpec[] };
  links: { features: string; tilejson: string; tiles: string };
}

export interface LayersResponse {
  languages: Lang[];
  layers: LayerInfo[];
  /** Layers whose rows organisations own (annotations): drawn by their own components, same description. */
  organisationLayers: LayerInfo[];
  attribution: Attribution[];
}

export interface BasemapResponse {
  sources: Record<string, Record<string, unknown> & { type: string }>;
  layers: StyleLayerSpec[];
  attribution: Attribution[];
  bounds: BBox;
}

export type Geometry =
  | { type: 'Point'; coordinates: LngLat }
  | { type: 'LineString' | 'MultiPoint'; coordinates: LngLat[] }
  | { type: 'Polygon' | 'MultiLineString'; coordinates: LngLat[][] }
  | { type: 'MultiPolygon'; coordinates: LngLat[][][] };

export type Properties = Record<string, string | number | boolean | null>;

export interface Feature { type: 'Feature'; id: number; geometry: Geometry | null; properties: Properties }

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
  numberMatched: number;
  numberReturned: number;
  links: { rel: string; href: string }[];
}

export interface SearchResult {
  type: 'settlement' | 'facility' | 'project';
  id: string | number;
  layer?: string;
  names: I18n;
  subtitle: I18n;
  center: LngLat;
  bbox?: BBox;
  zoom: number;
}

export interface Project {
  id: string;
  cso: I18n;
  title: I18n;
  summary: I18n;
  bbox: BBox;
  layers: string[];
  /** The story's features: a filter (comma-separated values) on one layer. */
  focus?: { layer: string; filter: Record<string, string> };
}

export type FacilityKind = 'clinic' | 'hospital' | 'oncology' | 'school' | 'kindergarten' | 'market' | 'water_point' | 'substation' | 'pump_station' | 'municipal_office';

export interface NearestResult { id: number; names: I18n; kind: FacilityKind; distance_m: number; center: LngLat; provenance: string }
export interface NearestResponse { kind: FacilityKind; origin: LngLat; results: NearestResult[] }
