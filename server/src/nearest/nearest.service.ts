// Nearest facilities of a kind to a point, as the API answers them.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { nearestFacilities } from './nearest.repo.js';
import type { NearestInput } from './nearest.schema.js';

export class NearestService {
  constructor(private readonly db: Kysely<DB>) {}

  async nearest(q: NearestInput) {
    const rows = await nearestFacilities(this.db, { lon: q.lon, lat: q.lat, kind: q.kind, limit: q.limit ?? 3 });
    return {
      kind: q.kind,
      origin: [q.lon, q.lat],
      results: rows.map((x) => ({
        id: Number(x.id), names: { ky: x.name_ky, ru: x.name_ru, en: x.name_en }, kind: x.kind,
        distance_m: Math.round(Number(x.d)), center: [Number(x.lon), Number(x.lat)], provenance: x.provenance,
      })),
    };
  }
}
