// GeoJSON geometry → WKT (the CSV geometry column). Coordinates as the database gave them (7 decimals).
import { coords, type Geometry } from './table.js';

const pos = (p: number[]) => `${p[0]} ${p[1]}`;
const list = (ps: number[][]) => `(${ps.map(pos).join(', ')})`;
const rings = (rs: number[][][]) => `(${rs.map(list).join(', ')})`;

export function toWkt(g: Geometry): string {
  switch (g.type) {
    case 'Point': return `POINT (${pos(coords.point(g))})`;
    case 'LineString': return `LINESTRING ${list(coords.line(g))}`;
    case 'Polygon': return `POLYGON ${rings(coords.polygon(g))}`;
    case 'MultiPoint': return `MULTIPOINT (${coords.multiPoint(g).map((p) => `(${pos(p)})`).join(', ')})`;
    case 'MultiLineString': return `MULTILINESTRING ${rings(coords.multiLine(g))}`;
    case 'MultiPolygon': return `MULTIPOLYGON (${coords.multiPolygon(g).map(rings).join(', ')})`;
    default: throw new Error(`toWkt: unsupported geometry type ${g.type}`);
  }
}
