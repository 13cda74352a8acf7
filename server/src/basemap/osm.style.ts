// How the OpenStreetMap basemap of context looks, once, for the web map (MapLibre layers over the
// vector tiles /api/basemap/osm/{z}/{x}/{y}.mvt) and for paper (render/map-features.ts). Muted
// colours: the context sits under the advocacy layers and must not compete with them.
// No text labels: the web map has no glyph server (the tiles still carry place names for later).

export const OSM_SOURCE_ID = 'basemap-osm-vector';
export const OSM_ATTRIBUTION = { dataset: 'osm', attribution: '© OpenStreetMap contributors', licence: 'ODbL-1.0', url: 'https://www.openstreetmap.org/copyright' } as const;

export const OSM_LANDUSE_COLOURS: Readonly<Record<string, string>> = {
  residential: '#efe9e2', farmland: '#f1f0da', orchard: '#e1ecd0', meadow: '#e8f0d6', grass: '#e2efd2', forest: '#d3e5c2', park: '#d8ecc9',
  cemetery: '#dbe3d6', industrial: '#ebe3ea', commercial: '#f1e4e2', retail: '#f1e4e2', allotments: '#e6ecd4', quarry: '#e3e0dc',
  construction: '#ecebe4', scrub: '#e0e8cf', sand: '#f3ecd8', rock: '#e6e3df', bare: '#ebe8e3', wetland: '#dcebe6', glacier: '#f2f7fa',
};
export const OSM_LANDUSE_DEFAULT = '#eeece6';
export const OSM_WATER = { fill: '#b7d6ea', outline: '#8fbbd9' } as const;
export const OSM_BUILDING = { fill: '#ddd3ca', outline: '#c7b9ac' } as const;

/** Road colour and width (web pixels) at zoom stops, per basemap road class. */
export const OSM_ROADS: Readonly<Record<string, { color: string; widths: readonly [number, number][]; dash?: readonly [number, number] }>> = {
  motorway: { color: '#e0a58f', widths: [[6, 1], [10, 2.2], [14, 5], [18, 14]] },
  trunk: { color: '#e8b896', widths: [[6, 0.8], [10, 2], [14, 4.5], [18, 13]] },
  primary: { color: '#eccb9c', widths: [[8, 0.8], [10, 1.6], [14, 4], [18, 12]] },
  secondary: { color: '#f1dca8', widths: [[9, 0.7], [12, 1.6], [14, 3.2], [18, 10]] },
  tertiary: { color: '#ffffff', widths: [[11, 0.6], [14, 2.8], [18, 9]] },
  minor: { color: '#ffffff', widths: [[13, 0.6], [15, 2.2], [18, 7]] },
  service: { color: '#ffffff', widths: [[14, 0.5], [16, 1.4], [18, 4]] },
  track: { color: '#b89b74', widths: [[13, 0.5], [16, 1.2], [18, 2]], dash: [2, 1] },
  path: { color: '#a58f7a', widths: [[14, 0.5], [16, 0.9], [18, 1.5]], dash: [1.5, 1] },
};
export const OSM_ROAD_OUTLINE = '#cfc6bb';

/** A road class's width at a zoom (linear between stops, as the MapLibre layer interpolates). */
export function roadWidthAt(cls: string, zoom: number): number {
  const w = OSM_ROADS[cls]?.widths ?? OSM_ROADS.minor!.widths;
  if (zoom <= w[0]![0]) return w[0]![1];
  for (let i = 1; i < w.length; i++) {
    const [z1, v1] = w[i]!, [z0, v0] = w[i - 1]!;
    if (zoom <= z1) return v0 + ((v1 - v0) * (zoom - z0)) / (z1 - z0);
  }
  return w[w.length - 1]![1];
}

type Layer = Record<string, unknown> & { id: string };
const match = (table: Readonly<Record<string, string>>, fallback: string) => ['match', ['get', 'class'], ...Object.entries(table).flat(), fallback];

/** The MapLibre layers of the OSM context, bottom to top: landuse, water, roads, buildings. */
export function osmStyleLayers(): { below: Layer[]; above: Layer[] } {
  const src = { source: OSM_SOURCE_ID };
  const solid = Object.keys(OSM_ROADS).filter((c) => !OSM_ROADS[c]!.dash);
  const stops = [...new Set(Object.values(OSM_ROADS).flatMap((r) => r.widths.map(([z]) => z)))].sort((a, b) => a - b);
  const width = (classes: string[]) => ['interpolate', ['linear'], ['zoom'],
    ...stops.flatMap((z) => [z, ['match', ['get', 'class'], ...classes.flatMap((c) => [c, roadWidthAt(c, z)]), 1]])];
  const colour = match(Object.fromEntries(Object.entries(OSM_ROADS).map(([k, v]) => [k, v.color])), '#ffffff');
  return {
    // Under the reference lakes and rivers.
    below: [
      { id: 'basemap-osm-landuse', type: 'fill', ...src, 'source-layer': 'landuse', minzoom: 10, paint: { 'fill-color': match(OSM_LANDUSE_COLOURS, OSM_LANDUSE_DEFAULT), 'fill-opacity': 0.9 } },
      { id: 'basemap-osm-water', type: 'fill', ...src, 'source-layer': 'water', minzoom: 8, paint: { 'fill-color': OSM_WATER.fill, 'fill-outline-color': OSM_WATER.outline } },
    ],
    // Over them, under the country outline and the data layers.
    above: [
      { id: 'basemap-osm-roads-casing', type: 'line', ...src, 'source-layer': 'roads', minzoom: 12, filter: ['match', ['get', 'class'], solid, true, false],
        layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': OSM_ROAD_OUTLINE, 'line-gap-width': width(solid), 'line-width': 0.8 } },
      { id: 'basemap-osm-roads', type: 'line', ...src, 'source-layer': 'roads', filter: ['match', ['get', 'class'], solid, true, false],
        layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': colour, 'line-width': width(solid) } },
      ...Object.entries(OSM_ROADS).filter(([, r]) => r.dash).map(([cls, r]) => ({
        id: `basemap-osm-${cls}`, type: 'line', ...src, 'source-layer': 'roads', filter: ['==', ['get', 'class'], cls],
        paint: { 'line-color': r.color, 'line-width': ['interpolate', ['linear'], ['zoom'], ...r.widths.flat()], 'line-dasharray': [...r.dash!] },
      })),
      { id: 'basemap-osm-buildings', type: 'fill', ...src, 'source-layer': 'buildings', minzoom: 14, paint: { 'fill-color': OSM_BUILDING.fill, 'fill-outline-color': OSM_BUILDING.outline } },
    ],
  };
}
