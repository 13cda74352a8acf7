// Typed client for imports (/api/imports) and organisation layers (/api/organisation-layers), on the one
// transport (client.ts): the upload reports progress, the commit carries an Idempotency-Key, every
// failure is an ApiError (413, 415, 400 problems keep their `detail` for the person to read).
import { http, uploadWithProgress, type UploadProgress } from './client.ts';
import type { FeatureCollection } from './types.ts';
import type { CompleteAreaChoice, FieldSuggestion, ImportEncoding, ImportView, MappingRequest, OrgLayerPatch } from './wire.ts';

export type {
  CrsCandidate, Detection, FormatId, FieldSuggestion, ImportEncoding, ImportStatus, ImportView, IssueKind, MappingRequest, OrgLayerPatch,
  OrganisationTargetInput, LayerTargetInput, FieldMappingInput, ProvenanceClass, ImportSymbol, SourceField, SourceLayer, ValidationIssue, ValidationReport,
} from './wire.ts';
export { COMPLETE_AREA_LAYERS, ENCODINGS, ISSUE_KINDS, PROVENANCE_CLASSES, SYMBOLS } from './wire.ts';
export type { CompleteAreaChoice } from './wire.ts';
export type { UploadProgress };

type S = AbortSignal | undefined;
const enc = encodeURIComponent;

/** What the preview reads: a sub-layer, an encoding and a CRS other than the detected ones. */
export interface ReadChoice { layer?: string; encoding?: ImportEncoding; srs?: string }

export const imports = {
  upload: (file: File, onprogress: (p: UploadProgress) => void, signal?: S) =>
    uploadWithProgress<ImportView>('/api/imports', file, { query: { filename: file.name }, onprogress, signal }),
  get: (id: string, signal?: S) => http.get<ImportView>(`/api/imports/${enc(id)}`, { signal, cache: 'no-store' }),
  list: (signal?: S) => http.get<{ imports: ImportView[] }>('/api/imports', { signal, cache: 'no-store' }),
  preview: (id: string, choice: ReadChoice & { limit?: number; offset?: number }, signal?: S) =>
    http.get<FeatureCollection>(`/api/imports/${enc(id)}/preview`, { query: { ...choice }, signal }),
  suggestions: (id: string, target: string, signal?: S) =>
    http.get<{ fields: FieldSuggestion[] }>(`/api/imports/${enc(id)}/suggestions`, { query: { target }, signal }),
  mapping: (id: string, body: MappingRequest, signal?: S) => http.put<ImportView>(`/api/imports/${enc(id)}/mapping`, body, { signal }),
  /** The same key for retries of one commit: the server commits once. `completeArea`: where a shared layer's data is complete. */
  commit: (id: string, idempotencyKey: string, completeArea?: CompleteAreaChoice, signal?: S) =>
    http.post<ImportView>(`/api/imports/${enc(id)}/commit`, completeArea ? { completeArea } : undefined, { signal, headers: { 'Idempotency-Key': idempotencyKey } }),
  /** The municipality names the settlements carry (what a complete area may list). */
  municipalities: (signal?: S) => http.get<{ municipalities: { name: string; settlements: number }[] }>('/api/complete-areas/municipalities', { signal }),
  /** Discard before the commit; undo after it. */
  remove: (id: string, signal?: S) => http.delete(`/api/imports/${enc(id)}`, { signal }),
};

export const organisationLayers = {
  update: (id: string, patch: OrgLayerPatch, signal?: S) => http.patch<unknown>(`/api/organisation-layers/${enc(id)}`, patch, { signal }),
  remove: (id: string, signal?: S) => http.delete(`/api/organisation-layers/${enc(id)}`, { signal }),
};
