// Features of any registry layer, read for a reader (the visibility rule applies to layers whose rows
// an organisation owns; the shared layers are the same for everyone).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { LayerDef } from '../layers/types.js';
import { PUBLIC_READER, type Reader } from '../access/viewer.js';
import { getFeature, listFeatures } from './features.repo.js';
import type { FeatureQuery } from './features.schema.js';

export class FeaturesService {
  constructor(private readonly db: Kysely<DB>) {}
  list(def: LayerDef, q: FeatureQuery, reader: Reader = PUBLIC_READER) { return listFeatures(this.db, def, q, reader); }
  get(def: LayerDef, id: number | string, reader: Reader = PUBLIC_READER) { return getFeature(this.db, def, id, reader); }
}
