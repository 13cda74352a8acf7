// GeoJSON (RFC 7946): a FeatureCollection with the same properties as the features API.
import type { ExportTable, FormatWriter } from './table.js';

export const geojsonWriter: FormatWriter = {
  format: 'geojson',
  contentType: 'application/geo+json',
  async write(t: ExportTable) {
    const fc = {
      type: 'FeatureCollection',
      name: t.name,
      features: t.rows.map((r) => ({ type: 'Feature', id: r.id, geometry: r.geometry, properties: r.values })),
    };
    return Buffer.from(JSON.stringify(fc), 'utf8');
  },
};
