// What the commitments API answers (JSON), and what the tracker pages, the Atom feed, the monitoring
// report and the reminders read through CommitmentsReader. camelCase, dates as YYYY-MM-DD, instants as
// ISO 8601. Texts in ky/ru/en are objects {ky, ru, en} with null where a language is missing; the
// reader picks with i18n/pick.ts.
//
// Routes (commitments.routes.ts; OpenAPI in commitments.openapi.ts):
//   GET    /api/decisions?campaign=|project=&as_of=        DecisionList
//   POST   /api/decisions                                   DecisionDetail (201; Idempotency-Key; commitments inline)
//   GET    /api/decisions/{id}?as_of=                       DecisionDetail (ETag = version)
//   PATCH  /api/decisions/{id}                              DecisionDetail (If-Match required: 428 / 412)
//   DELETE /api/decisions/{id}                              204 (drafts only; If-Match)
//   GET    /api/decisions/{id}/commitments.geojson?as_of=   CommitmentsGeoJson (the tracker's map)
//   POST   /api/decisions/{id}/commitments                  Commitment (201; Idempotency-Key)
//   GET    /api/commitments/{id}?as_of=                     Commitment
//   PATCH  /api/commitments/{id}                            Commitment (If-Match)
//   DELETE /api/commitments/{id}                            204 (If-Match; not once it has updates and the decision is published)
//   POST   /api/commitments/{id}/updates                    ProgressUpdate (201; Idempotency-Key)
//   POST   /api/commitments/{id}/reopen-annotations         ReopenAnswer (only when broken)
//   DELETE /api/progress-updates/{id}                       204 (its poster, or the campaign's editors)
//   POST   /api/progress-updates/{id}/photos                ProgressUpdate (201; the image itself as the body, ?caption=…&keepLocation=true)
//   GET    /api/progress-updates/{id}/photos/{photoId}[?size=thumb]   image/jpeg
//   PUT    /api/progress-updates/{id}/verification          ProgressUpdate (a shared-with organisation's member)
//   GET    /api/campaigns/{id}/tracker?as_of=               CampaignTracker
import type { I18nNullable } from '../i18n/pick.js';
import type { Viewer } from '../access/viewer.js';
import type { CommitmentStatus } from './commitments.rules.js';
import type { DecisionKind, DecisionStatus, Unit, UpdateSource, Verdict } from './commitments.schema.js';

export type I18n = I18nNullable;

export interface Org { id: string; slug: string; names: I18n }

export interface StatusCounts { not_started: number; on_track: number; at_risk: number; late: number; done: number; broken: number; total: number }

/** An indicator summed over the commitments that share its unit and wording (e.g. "4.5 of 12 km of canal rehabilitated"). */
export interface IndicatorTotal { unit: Unit; indicator: I18n; baseline: number; target: number; current: number; commitments: number }

export interface Photo { id: string; caption: string; width: number; height: number; url: string; thumbUrl: string; takenAt: string | null; location: [number, number] | null }

export interface Verification { organisation: Org; verdict: Verdict; note: string; verifiedAt: string }

export interface ProgressUpdate {
  id: string;
  commitmentId: string;
  reportedOn: string;
  value: number | null;
  abandoned: boolean;
  body: string;
  lang: 'ky' | 'ru' | 'en' | null;
  source: UpdateSource;
  documents: { url: string; label?: string }[];
  organisation: Org;
  /** The poster's display name when they chose to show it publicly (or the reader is of their organisation); null otherwise. */
  author: string | null;
  createdAt: string;
  photos: Photo[];
  verifications: Verification[];
  /** The reader may delete it (its poster, or the campaign's editors) / verify it (a shared-with organisation's member). */
  permissions: { delete: boolean; verify: boolean; addPhoto: boolean };
}

export interface CommitmentLink { annotation?: { id: string; title: string; status: string }; feature?: { layer: string; id: number; name: string | null } }

export interface Commitment {
  id: string;
  decisionId: string;
  position: number;
  title: I18n;
  /** The body responsible, named in each language it has a name in. */
  responsible: I18n;
  /** The plan's first day: startOn, or the decision's date. */
  startOn: string;
  dueOn: string;
  indicator: I18n;
  unit: Unit;
  baseline: number;
  target: number;
  budgetLine: { id: number; documentId: string; description: string; amount: number } | null;
  budgetAmount: number | null;
  /** Its own geometry, or null (then the tracker's map uses the linked features and annotations). */
  geometry: GeoJSON.Geometry | null;
  links: CommitmentLink[];
  version: number;
  /** Computed at asOf (commitments.rules.ts). */
  status: CommitmentStatus;
  /** Progress from baseline (0) to target (1) of the latest value; null before any value. */
  share: number | null;
  /** What the straight-line plan expects at asOf (0–1). */
  planned: number;
  latestValue: number | null;
  lastUpdate: string | null;
  daysLate: number;
  updates: ProgressUpdate[];      // newest first
  reopened: { annotationId: string; at: string }[];
  permissions: { edit: boolean; report: boolean; reopen: boolean };
}

export interface Decision {
  id: string;
  campaign: { id: string; ref: string | null; title: I18n };
  organisation: Org;
  kind: DecisionKind;
  /** The body that took the decision, named in each language it has a name in. */
  body: I18n;
  decidedOn: string;
  number: string | null;
  documentUrl: string | null;
  title: I18n;
  summary: I18n;
  status: DecisionStatus;
  source: string | null;
  licence: string | null;
  provenance: 'real' | 'derived' | 'placeholder' | 'illustrative';
  version: number;
  updatedAt: string;
  counts: StatusCounts;
  indicators: IndicatorTotal[];
  permissions: { edit: boolean };
}

export interface DecisionDetail extends Decision {
  asOf: string;
  commitments: Commitment[];
}

export interface DecisionList { asOf: string; decisions: Decision[] }

export interface CampaignTracker {
  asOf: string;
  campaign: { id: string; ref: string | null; title: I18n };
  counts: StatusCounts;
  indicators: IndicatorTotal[];
  decisions: DecisionDetail[];
}

/** The tracker's map: one feature per commitment with a place (own geometry, else its links' geometries as a collection). */
export interface CommitmentsGeoJson {
  type: 'FeatureCollection';
  asOf: string;
  features: {
    type: 'Feature';
    id: string;
    geometry: GeoJSON.Geometry;
    properties: { id: string; decisionId: string; title: I18n; status: CommitmentStatus; share: number | null; dueOn: string; responsible: I18n };
  }[];
}

export interface ReopenAnswer { reopened: { id: string; title: string }[]; skipped: { id: string; title: string; status: string; reason: string }[] }

/** One entry of the Atom feed and the reminders' digest: an update with what it updates. */
export interface FeedEntry { update: ProgressUpdate; commitment: { id: string; title: I18n; status: CommitmentStatus }; decision: { id: string; title: I18n; campaignId: string } }

/**
 * What the tracker pages, the Atom feed, the monitoring report and the reminders read. Every method
 * applies the visibility rule for `viewer` (the public sees published decisions only) and answers 404
 * (HttpProblem) for what the viewer cannot see. `asOf` defaults to the service's clock (today).
 */
export interface CommitmentsReader {
  today(): string;
  decision(viewer: Viewer, id: string, asOf?: string): Promise<DecisionDetail>;
  campaignTracker(viewer: Viewer, campaignId: string, asOf?: string): Promise<CampaignTracker>;
  geojson(viewer: Viewer, decisionId: string | null, campaignId: string | null, asOf?: string): Promise<CommitmentsGeoJson>;
  /** Newest first, at most `limit`. */
  feed(viewer: Viewer, scope: { decisionId?: string; campaignId?: string }, limit: number): Promise<FeedEntry[]>;
  photo(viewer: Viewer, updateId: string, photoId: string, size: 'full' | 'thumb'): Promise<{ mime: string; content: Buffer }>;
}

/**
 * A facility's monitoring visits as the monitoring report prints them (server/src/visits/ answers it;
 * the report only reads it): the latest score and its change since the visit before.
 */
export interface VisitChange {
  facility: { layer: string; id: number; name: I18n };
  checklist: { code: string; title: I18n };
  visits: { id: string; visitedOn: string; score: number; photos: number }[];   // oldest first
  latest: number;
  previous: number | null;
  /** latest − previous, in points of a 0–100 score; null with one visit. */
  change: number | null;
  commitmentIds: string[];
}

/** The reminders' digest for one person (GET /api/reminders; the e-mail has the same content). */
export interface ReminderDigest {
  asOf: string;
  /** Due within the window (14 days by default), soonest first. */
  dueSoon: { commitment: { id: string; title: I18n; dueOn: string; status: CommitmentStatus; responsible: I18n }; decision: { id: string; title: I18n }; campaign: { id: string; title: I18n }; daysLeft: number }[];
  /** Past their due date and not done (late or broken), most overdue first. */
  late: { commitment: { id: string; title: I18n; dueOn: string; status: CommitmentStatus; responsible: I18n }; decision: { id: string; title: I18n }; campaign: { id: string; title: I18n }; daysLate: number }[];
}
