// The OSM tag → row mapping as a table: tags and geometry kind in, table + values out.
import { describe, expect, it } from 'vitest';
import type * as GeoJSON from 'geojson';
import { diameterMm, mapFeature, osmInteger, osmNames, parseExportLine, voltageKv, type Tags } from '../../server/src/osm/osm.mapping.js';

const LINE: GeoJSON.Geometry = { type: 'LineString', coordinates: [[78.39, 42.49], [78.4, 42.49]] };
const POINT: GeoJSON.Geometry = { type: 'Point', coordinates: [78.39, 42.49] };
const AREA: GeoJSON.Geometry = { type: 'MultiPolygon', coordinates: [[[[78.39, 42.49], [78.4, 42.49], [78.4, 42.5], [78.39, 42.49]]]] };
const GEOM = { line: LINE, point: POINT, area: AREA };

/** [tags, geometry, expected rows as "table key=value …" (only the listed keys are checked)] */
const CASES: [Tags, keyof typeof GEOM, string[]][] = [
  [{ waterway: 'canal' }, 'line', ['canals class=distributor condition=unknown']],
  [{ waterway: 'canal', name: 'Магистральный канал' }, 'line', ['canals class=main']],
  [{ waterway: 'canal', 'name:ky': 'Чоң-Кемин магистралдуу каналы' }, 'line', ['canals class=main']],
  [{ waterway: 'canal', name: 'БЧК' }, 'line', ['canals class=main']],
  [{ waterway: 'canal', usage: 'irrigation', name: 'Арык' }, 'line', ['canals class=distributor']],
  [{ waterway: 'ditch' }, 'line', ['canals class=on_farm']],
  [{ waterway: 'drain' }, 'line', ['canals class=drain']],
  [{ waterway: 'river' }, 'line', []],
  [{ power: 'line', voltage: '220000;110000' }, 'line', ['power_lines voltage_kv=220 status=operational']],
  [{ power: 'minor_line', voltage: '0.4' }, 'line', ['power_lines voltage_kv=null']],
  [{ man_made: 'pipeline', substance: 'water', diameter: '300 mm' }, 'line', ['water_mains diameter_mm=300']],
  [{ man_made: 'pipeline', substance: 'gas' }, 'line', []],
  [{ highway: 'trunk', surface: 'asphalt' }, 'line', ['roads road_class=international surface=paved', 'osm_roads class=trunk min_zoom=6']],
  [{ highway: 'primary' }, 'line', ['roads road_class=national surface=unknown', 'osm_roads class=primary']],
  [{ highway: 'secondary', surface: 'compacted' }, 'line', ['roads road_class=regional surface=gravel', 'osm_roads class=secondary']],
  [{ highway: 'unclassified', surface: 'ground' }, 'line', ['roads road_class=local surface=dirt', 'osm_roads class=minor min_zoom=13']],
  [{ highway: 'residential' }, 'line', ['roads road_class=street', 'osm_roads class=minor']],
  [{ highway: 'service', service: 'parking_aisle' }, 'line', ['osm_roads class=service min_zoom=14']],
  [{ highway: 'track' }, 'line', ['roads road_class=track', 'osm_roads class=track']],
  [{ highway: 'footway' }, 'line', ['osm_roads class=path']],
  [{ highway: 'construction' }, 'line', []],
  [{ amenity: 'clinic' }, 'point', ['facilities kind=clinic']],
  [{ amenity: 'doctors' }, 'point', ['facilities kind=clinic']],
  [{ amenity: 'hospital', beds: '120' }, 'area', ['facilities kind=hospital capacity=120 capacity_unit=beds']],
  [{ amenity: 'school', building: 'school', capacity: '900' }, 'area', ['facilities kind=school capacity=900 capacity_unit=pupils', 'osm_buildings building=school min_zoom=14']],
  [{ amenity: 'kindergarten' }, 'point', ['facilities kind=kindergarten capacity=null']],
  [{ amenity: 'marketplace' }, 'area', ['facilities kind=market']],
  [{ amenity: 'townhall' }, 'point', ['facilities kind=municipal_office']],
  [{ healthcare: 'centre' }, 'point', ['facilities kind=clinic']],
  [{ healthcare: 'hospital' }, 'point', ['facilities kind=hospital']],
  [{ healthcare: 'pharmacy', amenity: 'pharmacy' }, 'point', []],
  [{ power: 'substation' }, 'area', ['facilities kind=substation']],
  [{ man_made: 'water_tap' }, 'point', ['facilities kind=water_point']],
  [{ place: 'city', population: '1 074 075' }, 'point', ['settlements settlement_type=city population=1074075', 'osm_places class=city population=1074075 min_zoom=5']],
  [{ place: 'town', population: '84351', 'population:date': '2021-01-01' }, 'area', ['settlements settlement_type=town population=84351 population_year=2021', 'osm_places class=town']],
  [{ place: 'hamlet', population: '~300' }, 'point', ['settlements settlement_type=village population=null', 'osm_places class=hamlet']],
  [{ place: 'suburb' }, 'point', ['osm_places class=suburb']],
  [{ building: 'yes' }, 'area', ['osm_buildings building=yes']],
  [{ building: 'no' }, 'area', []],
  [{ building: 'yes' }, 'line', []],
  [{ landuse: 'farmland' }, 'area', ['osm_landuse class=farmland min_zoom=10']],
  [{ landuse: 'military' }, 'area', ['osm_landuse class=other']],
  [{ natural: 'wood' }, 'area', ['osm_landuse class=forest']],
  [{ leisure: 'park' }, 'area', ['osm_landuse class=park']],
  [{ natural: 'water', water: 'lake' }, 'area', ['osm_water class=lake min_zoom=8']],
  [{ natural: 'water' }, 'area', ['osm_water class=other']],
  [{ landuse: 'reservoir' }, 'area', ['osm_water class=reservoir']],
  [{ waterway: 'riverbank' }, 'area', ['osm_water class=river']],
];

describe('OSM tags → rows', () => {
  it.each(CASES)('%j as %s', (tags, kind, expected) => {
    const rows = mapFeature({ type: 'way', id: 45, geometry: GEOM[kind], tags });
    expect(rows.map((r) => r.table)).toEqual(expected.map((e) => e.split(' ')[0]));
    rows.forEach((r, i) => {
      expect(r.ref).toBe('osm:way/45');
      for (const kv of expected[i]!.split(' ').slice(1)) {
        const [k, v] = kv.split('=') as [string, string];
        expect(r.values[k], `${r.table}.${k}`).toBe(v === 'null' ? null : /^\d+$/.test(v) ? Number(v) : v);
      }
    });
  });

  it.each([
    // tags → [ky, ru, en]
    [{ name: 'Каракол' }, [null, 'Каракол', null]],
    [{ name: 'Өрүктү', 'name:ru': 'Орюкты' }, ['Өрүктү', 'Орюкты', null]],
    [{ name: 'Каракол', 'name:ru': 'Каракол', 'name:ky': 'Каракол' }, ['Каракол', 'Каракол', null]],
    [{ name: 'Жети-Огуз', 'name:ru': 'Джети-Огуз' }, ['Жети-Огуз', 'Джети-Огуз', null]],
    [{ name: 'Karakol' }, [null, null, 'Karakol']],
    [{ name: 'Karakol', 'name:en': 'Karakol town' }, [null, null, 'Karakol town']],
    [{ 'name:ky': '  Тоң  ' }, ['Тоң', null, null]],
    [{ name: '' }, [null, null, null]],
  ] as [Tags, (string | null)[]][])('names of %j', (tags, [ky, ru, en]) => {
    expect(osmNames(tags)).toEqual({ name_ky: ky, name_ru: ru, name_en: en });
  });

  it('reads numbers the way OSM writes them, and nothing else', () => {
    expect(osmInteger('84351')).toBe(84351);
    expect(osmInteger('84 351')).toBe(84351);
    expect(osmInteger('около 300')).toBeNull();
    expect(osmInteger('12.5')).toBeNull();
    expect(voltageKv('110000;35000;10000')).toBe(110);
    expect(voltageKv('medium')).toBeNull();
    expect(voltageKv('2000000')).toBeNull(); // 2000 kV: out of the column's range
    expect(diameterMm('300')).toBe(300);
    expect(diameterMm('0.3 m')).toBeNull();
  });

  it('parses osmium export lines (with or without the RFC 8142 separator), skipping untagged geometry-less ones', () => {
    const line = JSON.stringify({ type: 'Feature', geometry: POINT, properties: { '@type': 'node', '@id': 7, amenity: 'clinic', name: 'ФАП' } });
    expect(parseExportLine(line)).toEqual({ type: 'node', id: 7, geometry: POINT, tags: { amenity: 'clinic', name: 'ФАП' } });
    expect(parseExportLine(`\u001e${line}`)?.id).toBe(7);
    expect(parseExportLine('')).toBeNull();
    expect(parseExportLine(JSON.stringify({ type: 'Feature', geometry: null, properties: { '@type': 'way', '@id': 1 } }))).toBeNull();
  });
});
