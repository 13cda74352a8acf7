// What an answer says about its inputs: rows per provenance class, the datasets with their attribution,
// and the notices to print beside figures that rest on illustrative data or assumptions.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Provenance } from './analysis.types.js';
import { datasetsByIds } from './area.repo.js';
import { NOTICES } from './sentences.js';

export async function provenanceOf(
  db: Kysely<DB>,
  inputs: Record<string, Record<string, number>>,
  datasetIds: Iterable<string>,
  extra: { unitCost?: boolean; serviceRadius?: boolean } = {},
): Promise<Provenance> {
  const classes = [...new Set(Object.values(inputs).flatMap((x) => Object.entries(x).filter(([, n]) => n > 0).map(([k]) => k)))].sort();
  const datasets = await datasetsByIds(db, [...new Set(datasetIds)].sort());
  const notices: Provenance['notices'] = [];
  if (classes.includes('illustrative')) notices.push({ id: 'illustrative', text: NOTICES.illustrative });
  if (classes.includes('placeholder')) notices.push({ id: 'approximate', text: NOTICES.approximate });
  if (extra.unitCost) notices.push({ id: 'unit-cost', text: NOTICES.unitCost });
  if (extra.serviceRadius) notices.push({ id: 'service-radius', text: NOTICES.serviceRadius });
  return { inputs, classes, datasets, illustrative: classes.includes('illustrative'), approximate: classes.includes('placeholder'), notices };
}
