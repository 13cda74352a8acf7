// The typed client of /api/visits/* on the one transport (client.ts): checklists, a feature's visits,
// the latest score per feature for the map, recording a visit, its photos (the image itself as the
// body, like an annotation's) and publishing. Shapes are the server's (wire.ts → visits.types.ts).
import { http } from './client.ts';
import type { ChecklistList, LatestScores, VisitCreateBody, VisitDetail, VisitForm, VisitList } from './wire.ts';

export type { Checklist, LatestScores, ScoreBand, VisitAnswer, VisitCreateBody, VisitDetail, VisitForm, VisitPhoto, VisitSummary } from './wire.ts';

type S = AbortSignal | undefined;
const one = (id: string) => `/api/visits/${encodeURIComponent(id)}`;

export const visitsApi = {
  checklists: (signal?: S) => http.get<ChecklistList>('/api/visits/checklists', { signal }),
  /** Visits of one feature (newest first), or of a campaign / demo project. */
  list: (f: { layer?: string; feature?: number; campaign?: string; project?: string }, signal?: S) =>
    http.get<VisitList>('/api/visits', { query: { layer: f.layer, feature: f.feature, campaign: f.campaign, project: f.project }, signal }),
  latest: (f: { campaign?: string; project?: string } = {}, signal?: S) => http.get<LatestScores>('/api/visits/latest.geojson', { query: f, signal }),
  form: (layer: string, feature: number, signal?: S) => http.get<VisitForm>('/api/visits/form', { query: { layer, feature }, signal }),
  get: (id: string, signal?: S) => http.get<VisitDetail>(one(id), { signal }),
  create: (body: VisitCreateBody, idempotencyKey: string) => http.post<VisitDetail>('/api/visits', body, { headers: { 'Idempotency-Key': idempotencyKey } }),
  addPhoto: (id: string, file: Blob, q: { item?: string; caption?: string }) => http.upload<VisitDetail>(`${one(id)}/photos`, file, { query: { item: q.item, caption: q.caption } }),
  publish: (id: string, version: number) => http.patch<VisitDetail>(one(id), { status: 'published' }, { ifMatch: version }),
};
