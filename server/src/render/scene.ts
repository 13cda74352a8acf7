// What a printed map page shows, as plain data (the exports service fills it from PostGIS; the SVG
// builders draw it). Coordinates are page points; path data comes projected from SQL.
import type { Lang, LayerDef } from '../layers/types.js';
import type { PageSize } from './output.js';
import type { MapView } from './projection.js';

export type GeomType = 'Point' | 'LineString' | 'Polygon';

export interface PrintFeature {
  /** SVG path data of the (clipped, simplified) geometry on the page; null for points. */
  d: string | null;
  geometryType: GeomType;
  /** The point itself, a label point for areas, the middle of a line. */
  x: number; y: number;
  props: Record<string, unknown>;
}

export interface PrintLayer { def: LayerDef; features: PrintFeature[]; truncated: boolean }

export interface PrintAnnotation {
  n: number;
  title: string;
  category: string;
  severity: number;
  status: string;
  affectedPeople: number | null;
  d: string | null;
  geometryType: GeomType;
  x: number; y: number;
}

export interface SourceLine { attribution: string; licence: string }

/** The imported OpenStreetMap context in the frame (page path data), drawn under the layers. */
export interface OsmContext {
  landuse: { cls: string; d: string }[];
  water: { d: string }[];
  roads: { cls: string; d: string }[];
  buildings: { d: string }[];
}

export interface MapScene {
  lang: Lang;
  size: PageSize;
  title: string;
  subtitle: string;
  organisation: string;
  date: Date;
  view: MapView;
  layers: PrintLayer[];
  annotations: PrintAnnotation[];
  showAnnotations: boolean;
  /** Web pixels → points for strokes, symbols and labels (paper scale × print weight). */
  ink: number;
  sources: SourceLine[];
  basemapSources: SourceLine[];
  /** The OSM basemap of context, when one was imported and has rows in the frame. */
  osm?: OsmContext;
  illustrative: boolean;
  link: string;
  /** "Page 1 of 3" in a brief. */
  pageLabel?: string;
}
