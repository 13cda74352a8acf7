// KML 2.2. No XML builder is installed, and KML is small: written by hand, every text through xml().
// Attributes travel as ExtendedData/SchemaData with a Schema, which GDAL (KML and LIBKML drivers),
// QGIS and Google Earth read as fields.
import { coords, type ExportTable, type FormatWriter, type Geometry } from './table.js';

// Characters XML 1.0 does not allow at all (C0 controls other than tab/newline/CR, lone surrogates, U+FFFE/F).
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xml(s: string): string {
  return s.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const pos = (p: number[]) => `${p[0]},${p[1]}`;
const line = (ps: number[][]) => `<coordinates>${ps.map(pos).join(' ')}</coordinates>`;
const polygon = (rings: number[][][]) =>
  `<Polygon><outerBoundaryIs><LinearRing>${line(rings[0] ?? [])}</LinearRing></outerBoundaryIs>${rings.slice(1).map((r) => `<innerBoundaryIs><LinearRing>${line(r)}</LinearRing></innerBoundaryIs>`).join('')}</Polygon>`;

function geometry(g: Geometry): string {
  switch (g.type) {
    case 'Point': return `<Point><coordinates>${pos(coords.point(g))}</coordinates></Point>`;
    case 'LineString': return `<LineString>${line(coords.line(g))}</LineString>`;
    case 'Polygon': return polygon(coords.polygon(g));
    case 'MultiPoint': return `<MultiGeometry>${coords.multiPoint(g).map((p) => `<Point><coordinates>${pos(p)}</coordinates></Point>`).join('')}</MultiGeometry>`;
    case 'MultiLineString': return `<MultiGeometry>${coords.multiLine(g).map((l) => `<LineString>${line(l)}</LineString>`).join('')}</MultiGeometry>`;
    case 'MultiPolygon': return `<MultiGeometry>${coords.multiPolygon(g).map(polygon).join('')}</MultiGeometry>`;
    default: throw new Error(`kml: unsupported geometry type ${g.type}`);
  }
}

const KML_TYPE = { text: 'string', integer: 'int', real: 'double', boolean: 'bool' } as const;

export const kmlWriter: FormatWriter = {
  format: 'kml',
  contentType: 'application/vnd.google-earth.kml+xml; charset=utf-8',
  async write(t: ExportTable) {
    const schemaId = xml(t.name);
    const out: string[] = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<kml xmlns="http://www.opengis.net/kml/2.2">',
      `<Document id="${schemaId}-doc"><name>${xml(t.title)}</name>`,
      `<Schema name="${schemaId}" id="${schemaId}">`,
      `<SimpleField name="id" type="${typeof t.rows[0]?.id === 'number' ? 'int' : 'string'}"></SimpleField>`,
      ...t.columns.map((c) => `<SimpleField name="${xml(c.name)}" type="${KML_TYPE[c.type]}"></SimpleField>`),
      '</Schema>',
      `<Folder><name>${xml(t.name)}</name>`,
    ];
    for (const r of t.rows) {
      const data = [`<SimpleData name="id">${xml(String(r.id))}</SimpleData>`];
      for (const c of t.columns) {
        const v = r.values[c.name];
        // Booleans as 1/0: what GDAL and Google Earth read for xsd:boolean fields.
        if (v !== null && v !== undefined) data.push(`<SimpleData name="${xml(c.name)}">${xml(typeof v === 'boolean' ? (v ? '1' : '0') : String(v))}</SimpleData>`);
      }
      out.push(`<Placemark id="${xml(`${t.name}.${r.id}`)}"><name>${xml(t.labelOf(r))}</name><ExtendedData><SchemaData schemaUrl="#${schemaId}">${data.join('')}</SchemaData></ExtendedData>${geometry(r.geometry)}</Placemark>`);
    }
    out.push('</Folder></Document></kml>', '');
    return Buffer.from(out.join('\n'), 'utf8');
  },
};
