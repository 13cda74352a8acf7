// Shapes of the API answers the web app reads. Layer-definition pieces are the server's own types
// (through wire.ts, type-only: nothing from the server is bundled).
import type { EnumValue, I18n, Lang, LayerInfo, LayersResponse, LegendItem, LegendSection, StyleLayerSpec } from './wire.ts';

export type { EnumValue, I18n, Lang, LegendItem, LegendSection };
export type BBox = [number, number, number, number];
export type LngLat = [number, number];

// The layer descriptions are the server's own (LayersService through wire.ts).
export type { LayerInfo, LayersResponse, StyleLayerSpec } from './wire.ts';
export type LayerAttribute = LayerInfo['attributes'][number];
export type Attribution = LayersResponse['attribution'][number];

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

export type { Project } from './wire.ts';

export type FacilityKind = 'clinic' | 'hospital' | 'oncology' | 'school' | 'kindergarten' | 'market' | 'water_point' | 'substation' | 'pump_station' | 'municipal_office';

export interface NearestResult { id: number; names: I18n; kind: FacilityKind; distance_m: number; center: LngLat; provenance: string }
export interface NearestResponse { kind: FacilityKind; origin: LngLat; results: NearestResult[] }
