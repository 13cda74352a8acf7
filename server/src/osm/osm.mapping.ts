// OpenStreetMap tags → our rows, as data and pure functions (no I/O). One OSM object may give rows in
// several tables (a school building: a facility point and a basemap building); each row names its
// table, its `ref` ('osm:way/45') and its column values. The tables and their columns are described
// here too (OSM_TABLES), so the repository writes only identifiers that come from this file.
// The rules are documented in docs/osm.md; tests/unit/osm-mapping.test.ts holds their table.
import type * as GeoJSON from 'geojson';

export type Tags = Record<string, string>;
export type OsmType = 'node' | 'way' | 'relation';
/** One feature as osmium export writes it (GeoJSON, `@type`/`@id` attributes, tags as properties). */
export interface OsmFeature { type: OsmType; id: number; geometry: GeoJSON.Geometry; tags: Tags }

export type Value = string | number | boolean | null;
/** How the table stores a geometry: a line, a polygon, or a point (areas become a point on their surface). */
export type GeomKind = 'line' | 'polygon' | 'point';
export type ColumnType = 'text' | 'integer' | 'numeric' | 'boolean' | 'smallint';

export interface OsmTableSpec {
  /** Table name (identifier from code). */
  table: OsmTable;
  geometry: GeomKind;
  /** A shared layer (rows carry dataset, source, licence, provenance; other datasets' rows live beside them). */
  shared: boolean;
  columns: Readonly<Record<string, ColumnType>>;
}

const NAMES = { name_ky: 'text', name_ru: 'text', name_en: 'text' } as const;

export const OSM_TABLES = {
  canals: { table: 'canals', geometry: 'line', shared: true, columns: { ...NAMES, class: 'text', condition: 'text', operator: 'text' } },
  power_lines: { table: 'power_lines', geometry: 'line', shared: true, columns: { ...NAMES, voltage_kv: 'numeric', status: 'text', operator: 'text' } },
  water_mains: { table: 'water_mains', geometry: 'line', shared: true, columns: { ...NAMES, diameter_mm: 'integer', material: 'text', status: 'text', operator: 'text' } },
  roads: { table: 'roads', geometry: 'line', shared: true, columns: { ...NAMES, road_class: 'text', surface: 'text', status: 'text' } },
  facilities: { table: 'facilities', geometry: 'point', shared: true, columns: { ...NAMES, kind: 'text', capacity: 'integer', capacity_unit: 'text', operator: 'text' } },
  settlements: { table: 'settlements', geometry: 'point', shared: true, columns: { ...NAMES, settlement_type: 'text', population: 'integer', population_year: 'integer' } },
  osm_buildings: { table: 'osm_buildings', geometry: 'polygon', shared: false, columns: { building: 'text', name: 'text', min_zoom: 'smallint' } },
  osm_landuse: { table: 'osm_landuse', geometry: 'polygon', shared: false, columns: { class: 'text', name: 'text', min_zoom: 'smallint' } },
  osm_water: { table: 'osm_water', geometry: 'polygon', shared: false, columns: { class: 'text', ...NAMES, min_zoom: 'smallint' } },
  osm_roads: { table: 'osm_roads', geometry: 'line', shared: false, columns: { class: 'text', ...NAMES, min_zoom: 'smallint' } },
  osm_places: { table: 'osm_places', geometry: 'point', shared: false, columns: { class: 'text', ...NAMES, population: 'integer', min_zoom: 'smallint' } },
} as const satisfies Record<string, OsmTableSpec>;

export type OsmTable = 'canals' | 'power_lines' | 'water_mains' | 'roads' | 'facilities' | 'settlements'
  | 'osm_buildings' | 'osm_landuse' | 'osm_water' | 'osm_roads' | 'osm_places';
export const OSM_TABLE_NAMES = Object.keys(OSM_TABLES) as OsmTable[];
export const SHARED_OSM_TABLES = OSM_TABLE_NAMES.filter((t) => OSM_TABLES[t].shared);
export const BASEMAP_OSM_TABLES = OSM_TABLE_NAMES.filter((t) => !OSM_TABLES[t].shared);

export interface MappedRow { table: OsmTable; ref: string; geometry: GeoJSON.Geometry; values: Record<string, Value> }

/** What osmium keeps (`osmium tags-filter` expressions): only objects with these tags reach the mapping. */
export const TAG_FILTERS = [
  'nwr/waterway=canal,ditch,drain,riverbank',
  'w/power=line,minor_line',
  'nwr/power=substation',
  'w/man_made=pipeline',
  'nwr/man_made=water_tap',
  'w/highway',
  'nwr/amenity=clinic,doctors,hospital,school,kindergarten,marketplace,townhall,water_point,grave_yard',
  'nwr/healthcare',
  'nwr/place=city,town,village,hamlet,suburb,neighbourhood,locality',
  'wr/building',
  'wr/landuse',
  'wr/natural=water,wood,scrub,grassland,heath,sand,beach,bare_rock,scree,rock,wetland,glacier',
  'wr/leisure=park',
] as const;

/**
 * osmium export's area rules: a closed way (or multipolygon) with one of `area_tags` becomes a
 * (Multi)Polygon, with one of `linear_tags` a LineString (both when both match).
 */
export const EXPORT_CONFIG = {
  attributes: { type: true, id: true },
  linear_tags: ['highway', 'waterway=canal', 'waterway=ditch', 'waterway=drain', 'power=line', 'power=minor_line', 'man_made=pipeline'],
  area_tags: ['building', 'landuse', 'natural', 'leisure', 'amenity', 'healthcare', 'place', 'power=substation', 'waterway=riverbank', 'man_made=water_tap'],
} as const;

// ─── names ──────────────────────────────────────────────────────────────────────────────────────
const KYRGYZ_LETTERS = /[ҢңӨөҮү]/;
const CYRILLIC = /[\u0400-\u04FF]/;
const LATIN = /[A-Za-z]/;
const clean = (s: string | undefined) => {
  const v = s?.normalize('NFC').trim();
  return v ? v : null;
};

/**
 * name:ky, name:ru, name:en as tagged; `name` fills a missing one by its script: with a Kyrgyz
 * letter (ң ө ү) → ky; other Cyrillic → ru, or ky when name:ru is there and differs; Latin → en.
 */
export function osmNames(tags: Tags): { name_ky: string | null; name_ru: string | null; name_en: string | null } {
  const out = { name_ky: clean(tags['name:ky']), name_ru: clean(tags['name:ru']), name_en: clean(tags['name:en']) };
  const name = clean(tags.name);
  if (!name) return out;
  if (KYRGYZ_LETTERS.test(name)) out.name_ky ??= name;
  else if (CYRILLIC.test(name)) {
    if (!out.name_ru) out.name_ru = name;
    else if (!out.name_ky && out.name_ru !== name) out.name_ky = name;
  } else if (LATIN.test(name)) out.name_en ??= name;
  return out;
}

/** One name for a basemap feature without language columns: `name`, else ru, ky, en. */
const oneName = (tags: Tags) => clean(tags.name) ?? clean(tags['name:ru']) ?? clean(tags['name:ky']) ?? clean(tags['name:en']);

// ─── numbers ────────────────────────────────────────────────────────────────────────────────────
/** A whole number as OSM writes it ("84351", "84 351"); anything else (≈, ranges, words) → null. */
export function osmInteger(v: string | undefined, min = 0, max = 2_000_000_000): number | null {
  if (!v) return null;
  const s = v.replace(/[\s\u00a0\u202f]/g, '');
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return n >= min && n <= max ? n : null;
}

/** Highest voltage of a `voltage` tag in kV ("110000;10000" → 110); null when unreadable or out of range. */
export function voltageKv(v: string | undefined): number | null {
  if (!v) return null;
  const volts = v.split(';').map((x) => osmInteger(x.trim(), 1)).filter((x): x is number => x !== null);
  if (!volts.length) return null;
  const kv = Math.max(...volts) / 1000;
  return kv > 0 && kv <= 1150 ? kv : null;
}

/** `diameter` in millimetres ("300", "300 mm"); metres or inches are not guessed. */
export function diameterMm(v: string | undefined): number | null {
  if (!v) return null;
  const m = /^\s*(\d+)\s*(mm)?\s*$/.exec(v);
  return m ? osmInteger(m[1], 1, 5000) : null;
}

const year = (v: string | undefined) => {
  const m = v ? /^(\d{4})/.exec(v.trim()) : null;
  return m ? osmInteger(m[1], 1900, 2100) : null;
};

// ─── the shared layers ──────────────────────────────────────────────────────────────────────────
/**
 * Canal class. OSM has no hierarchy tag for irrigation canals, so: waterway=ditch → on_farm,
 * waterway=drain → drain, waterway=canal → main when any of its names calls it a main canal
 * (ru «магистральный», ky «магистралдуу»/«башкы», en "main", БЧК/БУК), else distributor.
 */
export const MAIN_CANAL_NAME = /магистрал|башкы\s+канал|\bmain\b|(^|[^\p{L}])(БЧК|БУК)([^\p{L}]|$)/iu;
export function canalClass(tags: Tags): 'main' | 'distributor' | 'on_farm' | 'drain' | null {
  switch (tags.waterway) {
    case 'ditch': return 'on_farm';
    case 'drain': return 'drain';
    case 'canal': {
      const names = [tags.name, tags['name:ky'], tags['name:ru'], tags['name:en'], tags.official_name].filter(Boolean).join(' | ');
      return MAIN_CANAL_NAME.test(names) ? 'main' : 'distributor';
    }
    default: return null;
  }
}

/** highway=* → the roads layer's class; paths, steps, platforms, construction: not a road for the analyses. */
export const ROAD_CLASS: Readonly<Record<string, 'international' | 'national' | 'regional' | 'local' | 'street' | 'track'>> = {
  motorway: 'international', motorway_link: 'international', trunk: 'international', trunk_link: 'international',
  primary: 'national', primary_link: 'national',
  secondary: 'regional', secondary_link: 'regional',
  tertiary: 'local', tertiary_link: 'local', unclassified: 'local',
  residential: 'street', living_street: 'street', service: 'street', road: 'street',
  track: 'track',
};
/** service=* values that are not a way to a place (parking aisles, driveways) stay out of the roads layer. */
const MINOR_SERVICE = new Set(['parking_aisle', 'driveway', 'drive-through']);

export const SURFACE: Readonly<Record<string, 'paved' | 'gravel' | 'dirt'>> = {
  paved: 'paved', asphalt: 'paved', concrete: 'paved', 'concrete:plates': 'paved', 'concrete:lanes': 'paved', paving_stones: 'paved', sett: 'paved', cobblestone: 'paved', chipseal: 'paved',
  gravel: 'gravel', fine_gravel: 'gravel', compacted: 'gravel', pebblestone: 'gravel',
  unpaved: 'dirt', dirt: 'dirt', ground: 'dirt', earth: 'dirt', mud: 'dirt', sand: 'dirt', grass: 'dirt',
};

/** Facility kind (facility_kinds rows): amenity first, then healthcare, power, water. */
export const AMENITY_KIND: Readonly<Record<string, string>> = {
  clinic: 'clinic', doctors: 'clinic', hospital: 'hospital', school: 'school', kindergarten: 'kindergarten',
  marketplace: 'market', townhall: 'municipal_office', water_point: 'water_point',
};
/** healthcare=* that is a place to see a health worker; pharmacies, labs, opticians etc. are not mapped. */
export const HEALTHCARE_KIND: Readonly<Record<string, string>> = {
  hospital: 'hospital', clinic: 'clinic', doctor: 'clinic', centre: 'clinic', birthing_centre: 'clinic', midwife: 'clinic', nurse: 'clinic',
};
export function facilityKind(tags: Tags): string | null {
  return (tags.amenity && AMENITY_KIND[tags.amenity])
    ?? (tags.healthcare && HEALTHCARE_KIND[tags.healthcare])
    ?? (tags.power === 'substation' ? 'substation' : null)
    ?? (tags.man_made === 'water_tap' ? 'water_point' : null);
}
/** The facility kinds the import needs in facility_kinds (inserted from data/demo/facility_kinds.json when missing). */
export const FACILITY_KINDS_USED = [...new Set([...Object.values(AMENITY_KIND), ...Object.values(HEALTHCARE_KIND), 'substation', 'water_point'])].sort();

function capacity(kind: string, tags: Tags): { capacity: number | null; capacity_unit: string | null } {
  const n = (v: string | undefined, unit: string) => {
    const c = osmInteger(v, 0, 1_000_000);
    return c === null ? { capacity: null, capacity_unit: null } : { capacity: c, capacity_unit: unit };
  };
  if (kind === 'hospital') return n(tags.beds ?? tags.capacity, 'beds');
  if (kind === 'school') return n(tags.capacity, 'pupils');
  if (kind === 'kindergarten') return n(tags.capacity, 'places');
  return { capacity: null, capacity_unit: null };
}

/**
 * place=* → settlement_type; a hamlet is a village (the layer has no smaller type). A place drawn as
 * an area (a town's outline) is kept as a point on its surface: the layer's polygons are outlines of
 * new settlements to be served, and a town-wide polygon would cover the map and put every distance in
 * the gap analyses at zero.
 */
export const SETTLEMENT_TYPE: Readonly<Record<string, 'city' | 'town' | 'village'>> = { city: 'city', town: 'town', village: 'village', hamlet: 'village' };

// ─── the basemap ────────────────────────────────────────────────────────────────────────────────
/** highway=* → basemap road class and the first zoom it is drawn at (minor roads from z13, paths from z14). */
export const BASEMAP_ROAD: Readonly<Record<string, { class: string; minZoom: number }>> = {
  motorway: { class: 'motorway', minZoom: 5 }, motorway_link: { class: 'motorway', minZoom: 10 },
  trunk: { class: 'trunk', minZoom: 6 }, trunk_link: { class: 'trunk', minZoom: 10 },
  primary: { class: 'primary', minZoom: 8 }, primary_link: { class: 'primary', minZoom: 11 },
  secondary: { class: 'secondary', minZoom: 9 }, secondary_link: { class: 'secondary', minZoom: 12 },
  tertiary: { class: 'tertiary', minZoom: 11 }, tertiary_link: { class: 'tertiary', minZoom: 12 },
  unclassified: { class: 'minor', minZoom: 13 }, residential: { class: 'minor', minZoom: 13 }, living_street: { class: 'minor', minZoom: 13 },
  road: { class: 'minor', minZoom: 13 }, pedestrian: { class: 'minor', minZoom: 14 },
  service: { class: 'service', minZoom: 14 },
  track: { class: 'track', minZoom: 13 },
  footway: { class: 'path', minZoom: 14 }, path: { class: 'path', minZoom: 14 }, cycleway: { class: 'path', minZoom: 14 },
  bridleway: { class: 'path', minZoom: 14 }, steps: { class: 'path', minZoom: 15 },
};

/** landuse / natural / leisure → landuse class (water areas go to osm_water instead). */
export const LANDUSE_CLASS: Readonly<Record<string, string>> = {
  'landuse=residential': 'residential', 'landuse=farmland': 'farmland', 'landuse=farmyard': 'farmland', 'landuse=orchard': 'orchard',
  'landuse=vineyard': 'orchard', 'landuse=meadow': 'meadow', 'landuse=grass': 'grass', 'landuse=village_green': 'grass',
  'landuse=recreation_ground': 'grass', 'landuse=forest': 'forest', 'landuse=cemetery': 'cemetery', 'landuse=industrial': 'industrial',
  'landuse=railway': 'industrial', 'landuse=commercial': 'commercial', 'landuse=retail': 'retail', 'landuse=allotments': 'allotments',
  'landuse=quarry': 'quarry', 'landuse=construction': 'construction', 'landuse=brownfield': 'construction', 'landuse=greenfield': 'construction',
  'natural=wood': 'forest', 'natural=scrub': 'scrub', 'natural=grassland': 'grass', 'natural=heath': 'grass', 'natural=sand': 'sand',
  'natural=beach': 'sand', 'natural=bare_rock': 'rock', 'natural=scree': 'rock', 'natural=rock': 'rock', 'natural=wetland': 'wetland',
  'natural=glacier': 'glacier', 'leisure=park': 'park', 'amenity=grave_yard': 'cemetery',
};
const WATER_LANDUSE = new Set(['reservoir', 'basin']);

export function landuseClass(tags: Tags): string | null {
  for (const key of ['landuse', 'natural', 'leisure', 'amenity']) {
    const v = tags[key];
    if (!v) continue;
    const c = LANDUSE_CLASS[`${key}=${v}`];
    if (c) return c;
    if (key === 'landuse' && !WATER_LANDUSE.has(v)) return 'other';
  }
  return null;
}

/** Water areas: natural=water (class from water=*), landuse=reservoir|basin, waterway=riverbank. */
export function waterClass(tags: Tags): string | null {
  if (tags.natural === 'water') {
    const w = tags.water;
    if (w === 'lake' || w === 'oxbow' || w === 'lagoon') return 'lake';
    if (w === 'reservoir') return 'reservoir';
    if (w === 'river' || w === 'canal' || w === 'stream') return 'river';
    if (w === 'pond') return 'pond';
    if (w === 'basin' || w === 'wastewater') return 'basin';
    return 'other';
  }
  if (tags.landuse === 'reservoir') return 'reservoir';
  if (tags.landuse === 'basin') return 'basin';
  if (tags.waterway === 'riverbank') return 'river';
  return null;
}

export const PLACE_MIN_ZOOM: Readonly<Record<string, number>> = { city: 5, town: 8, village: 10, hamlet: 12, suburb: 12, neighbourhood: 14, locality: 14 };
export const MIN_ZOOM = { building: 14, landuse: 10, water: 8 } as const;

// ─── one feature → rows ─────────────────────────────────────────────────────────────────────────
const kindOf = (g: GeoJSON.Geometry): 'point' | 'line' | 'area' | null =>
  g.type === 'Point' ? 'point'
  : g.type === 'LineString' || g.type === 'MultiLineString' ? 'line'
  : g.type === 'Polygon' || g.type === 'MultiPolygon' ? 'area'
  : null;

export const osmRef = (type: OsmType, id: number) => `osm:${type}/${id}`;

/** The rows one OSM feature gives, in our tables with our enums; [] when nothing of it is kept. */
export function mapFeature(f: OsmFeature): MappedRow[] {
  const t = f.tags;
  const kind = kindOf(f.geometry);
  if (!kind) return [];
  const ref = osmRef(f.type, f.id);
  const rows: MappedRow[] = [];
  const add = (table: OsmTable, values: Record<string, Value>) => rows.push({ table, ref, geometry: f.geometry, values });
  const names = () => osmNames(t);
  const operator = clean(t.operator);

  if (kind === 'line') {
    const cls = canalClass(t);
    if (cls) add('canals', { ...names(), class: cls, condition: 'unknown', operator });
    if (t.power === 'line' || t.power === 'minor_line') add('power_lines', { ...names(), voltage_kv: voltageKv(t.voltage), status: 'operational', operator });
    if (t.man_made === 'pipeline' && t.substance === 'water') {
      add('water_mains', { ...names(), diameter_mm: diameterMm(t.diameter), material: clean(t.material), status: 'operational', operator });
    }
    if (t.highway) {
      const rc = ROAD_CLASS[t.highway];
      if (rc && !(t.highway === 'service' && t.service && MINOR_SERVICE.has(t.service))) {
        add('roads', { ...names(), road_class: rc, surface: (t.surface && SURFACE[t.surface]) ?? 'unknown', status: 'operational' });
      }
      const b = BASEMAP_ROAD[t.highway];
      if (b) add('osm_roads', { class: b.class, ...names(), min_zoom: b.minZoom });
    }
    return rows;
  }

  // Points and areas.
  const fk = facilityKind(t);
  if (fk) add('facilities', { ...names(), kind: fk, ...capacity(fk, t), operator });
  if (t.place) {
    const st = SETTLEMENT_TYPE[t.place];
    const population = osmInteger(t.population);
    if (st) add('settlements', { ...names(), settlement_type: st, population, population_year: population === null ? null : year(t['population:date']) });
    const pz = PLACE_MIN_ZOOM[t.place];
    if (pz !== undefined) add('osm_places', { class: t.place, ...names(), population, min_zoom: pz });
  }
  if (kind === 'area') {
    if (t.building && t.building !== 'no') add('osm_buildings', { building: t.building.slice(0, 64), name: oneName(t), min_zoom: MIN_ZOOM.building });
    const wc = waterClass(t);
    if (wc) add('osm_water', { class: wc, ...names(), min_zoom: MIN_ZOOM.water });
    else {
      const lc = landuseClass(t);
      if (lc) add('osm_landuse', { class: lc, name: oneName(t), min_zoom: MIN_ZOOM.landuse });
    }
  }
  return rows;
}

/** A line of `osmium export -f geojsonseq -a type,id` → the feature, or null when it is not one. */
export function parseExportLine(line: string): OsmFeature | null {
  const s = line.charCodeAt(0) === 0x1e ? line.slice(1) : line; // RFC 8142 record separator, if any
  if (!s.trim()) return null;
  const j = JSON.parse(s) as { geometry?: GeoJSON.Geometry | null; properties?: Record<string, unknown> };
  const p = j.properties ?? {};
  const type = p['@type'], id = p['@id'];
  if (!j.geometry || (type !== 'node' && type !== 'way' && type !== 'relation') || typeof id !== 'number') return null;
  const tags: Tags = {};
  for (const [k, v] of Object.entries(p)) if (!k.startsWith('@') && typeof v === 'string') tags[k] = v;
  return { type, id, geometry: j.geometry, tags };
}
