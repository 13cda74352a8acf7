// The typed client of the commitments API on the one transport (client.ts): decisions of a campaign
// (or a demo project), one decision with its commitments, progress updates and their evidence photos,
// verification verdicts, reopening the gaps of a broken commitment, the tracker's map, and the
// reminders' digest. Creations carry an Idempotency-Key; edits of a versioned row carry If-Match
// (the server answers 428 without, 412 when stale). Shapes are the server's (wire.ts).
import { http } from './client.ts';
import { newUuid } from '../lib/uuid.ts';
import type {
  CampaignTracker, Commitment, CommitmentBody, CommitmentPatchBody, CommitmentsGeoJson, DecisionCreateBody, DecisionDetail, DecisionList,
  DecisionPatchBody, ProgressUpdate, ReminderDigest, ReopenAnswer, UpdateBody, VerificationBody,
} from './wire.ts';

export type {
  CampaignTracker, Commitment, CommitmentBody, CommitmentI18n, CommitmentLink, CommitmentPatchBody, CommitmentStatus, CommitmentsGeoJson, Decision,
  DecisionCreateBody, DecisionDetail, DecisionKind, DecisionList, DecisionPatchBody, DecisionStatus, IndicatorTotal, ProgressPhoto,
  ProgressUpdate, ReminderDigest, ReopenAnswer, StatusCounts, Unit, UpdateBody, UpdateSource, Verdict, Verification, VerificationBody,
} from './wire.ts';
export { COMMITMENT_STATUSES, DECISION_KINDS, DECISION_STATUSES, UNITS, UPDATE_SOURCES, VERDICTS } from './wire.ts';

type S = AbortSignal | undefined;
/** Whose decisions: a campaign (uuid) or a demo project (projects.json id). */
export interface DecisionScope { campaign?: string; project?: string }

const enc = encodeURIComponent;
const decision = (id: string) => `/api/decisions/${enc(id)}`;
const commitment = (id: string) => `/api/commitments/${enc(id)}`;
const idem = () => ({ 'Idempotency-Key': newUuid() });

export const commitmentsApi = {
  decisions: (scope: DecisionScope, signal?: S) => http.get<DecisionList>('/api/decisions', { query: { campaign: scope.campaign, project: scope.project }, signal }),
  /** A campaign's tracker: its decisions with their commitments, the counts and indicators summed. */
  campaignTracker: (campaignId: string, signal?: S) => http.get<CampaignTracker>(`/api/campaigns/${enc(campaignId)}/tracker`, { signal }),
  campaignGeojson: (campaignId: string, signal?: S) => http.get<CommitmentsGeoJson>(`/api/campaigns/${enc(campaignId)}/commitments.geojson`, { signal }),
  decision: (id: string, signal?: S) => http.get<DecisionDetail>(decision(id), { signal }),
  geojson: (id: string, signal?: S) => http.get<CommitmentsGeoJson>(`${decision(id)}/commitments.geojson`, { signal }),
  /** `key`: the Idempotency-Key (the same one when the person presses Save again after a network failure). */
  createDecision: (body: DecisionCreateBody, key = newUuid()) => http.post<DecisionDetail>('/api/decisions', body, { headers: { 'Idempotency-Key': key } }),
  patchDecision: (id: string, version: number, body: DecisionPatchBody) => http.patch<DecisionDetail>(decision(id), body, { ifMatch: version }),
  deleteDecision: (id: string, version: number) => http.delete(decision(id), { ifMatch: version }),
  addCommitment: (decisionId: string, body: CommitmentBody) => http.post<Commitment>(`${decision(decisionId)}/commitments`, body, { headers: idem() }),
  patchCommitment: (id: string, version: number, body: CommitmentPatchBody) => http.patch<Commitment>(commitment(id), body, { ifMatch: version }),
  addUpdate: (commitmentId: string, body: UpdateBody, key = newUuid()) => http.post<ProgressUpdate>(`${commitment(commitmentId)}/updates`, body, { headers: { 'Idempotency-Key': key } }),
  deleteUpdate: (id: string) => http.delete(`/api/progress-updates/${enc(id)}`),
  /** An evidence photo of an update: the image itself as the body (as for a gap's photos), its caption, whether to keep its GPS position. */
  addPhoto: (updateId: string, file: File, caption: string, keepLocation: boolean) =>
    http.upload<ProgressUpdate>(`/api/progress-updates/${enc(updateId)}/photos`, file, { query: { caption, keepLocation: String(keepLocation) } }),
  verify: (updateId: string, body: VerificationBody) => http.put<ProgressUpdate>(`/api/progress-updates/${enc(updateId)}/verification`, body),
  reopen: (commitmentId: string) => http.post<ReopenAnswer>(`${commitment(commitmentId)}/reopen-annotations`, {}),
  reminders: (signal?: S) => http.get<ReminderDigest>('/api/reminders', { signal }),
};
