// What the visits API answers (JSON): camelCase, dates YYYY-MM-DD, instants ISO 8601, texts in ky/ru/en
// as {ky, ru, en}. Routes (visits.routes.ts; OpenAPI in visits.openapi.ts):
//   GET    /api/visits/checklists                        ChecklistList (current versions)
//   GET    /api/visits/form?layer=&feature=              VisitForm (signed in: checklists, campaigns, commitments for one feature)
//   GET    /api/visits?campaign=|project=&layer=&feature=   VisitList (newest first)
//   POST   /api/visits                                   VisitDetail (201; Idempotency-Key)
//   GET    /api/visits/latest.geojson?campaign=|project= LatestScores (one point per feature: its latest visit)
//   GET    /api/visits/changes?campaign=                 { changes: VisitChange[] } (commitments.types.ts)
//   GET    /api/visits/{id}                              VisitDetail (ETag = version)
//   PATCH  /api/visits/{id}                              VisitDetail (If-Match: 428 / 412; status, commitmentIds)
//   DELETE /api/visits/{id}                              204 (drafts only; If-Match)
//   POST   /api/visits/{id}/photos?item=&caption=&keepLocation=   VisitDetail (201; the image itself as the body)
//   GET    /api/visits/{id}/photos/{photoId}[?size=thumb]          image/jpeg
import type { I18nNullable } from '../i18n/pick.js';
import type { Answer, ScoreBand } from './visits.score.js';
import type { VisitStatus } from './visits.schema.js';

export type I18n = I18nNullable;
export type { Answer, ScoreBand, VisitStatus };
export type Provenance = 'real' | 'derived' | 'placeholder' | 'illustrative';

export interface ChecklistItem { code: string; section: string; weight: number; text: I18n }
export interface Checklist {
  code: string; version: number; layer: string; kind: string | null; title: I18n; source: string;
  sections: { code: string; title: I18n }[];
  items: ChecklistItem[];
}
export interface ChecklistList { checklists: Checklist[] }

export interface VisitPhoto { id: string; item: string | null; caption: string; width: number; height: number; url: string; thumbUrl: string; takenAt: string | null; location: [number, number] | null }

export interface VisitFeatureRef { layer: string; id: number; name: I18n; kind: string | null }

export interface VisitSummary {
  id: string;
  campaign: { id: string; title: I18n };
  organisation: { id: string; slug: string; names: I18n };
  feature: VisitFeatureRef;
  checklist: { code: string; version: number; title: I18n };
  visitedOn: string;
  score: number;
  band: ScoreBand;
  /** Items answered other than n/a. */
  applicable: number;
  /** The score of the visit before this one (same feature and checklist, visible to the reader); null for the first. */
  previousScore: number | null;
  status: VisitStatus;
  provenance: Provenance;
  source: string | null;
  sourceDate: string | null;
  licence: string | null;
  photos: number;
  version: number;
  createdAt: string;
}

export interface VisitDetail extends VisitSummary {
  note: string;
  lang: 'ky' | 'ru' | 'en' | null;
  /** In the checklist's order; every item of the visit's checklist version. */
  answers: { item: string; section: string; weight: number; text: I18n; answer: Answer; note: string }[];
  sections: { code: string; title: I18n }[];
  photoList: VisitPhoto[];
  commitments: { id: string; title: I18n }[];
  permissions: { edit: boolean; addPhoto: boolean; delete: boolean };
}

export interface VisitList { visits: VisitSummary[] }

export interface VisitForm {
  feature: VisitFeatureRef;
  checklists: Checklist[];
  /** Campaigns of your organisation you may record a visit in. */
  campaigns: { id: string; title: I18n; status: string }[];
  /** Commitments of those campaigns a visit may check. */
  commitments: { id: string; campaignId: string; title: I18n }[];
}

export interface LatestScores {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    id: string;
    geometry: GeoJSON.Point;
    properties: {
      layer: string; featureId: number; name: I18n; visitId: string; visitedOn: string; score: number; band: ScoreBand;
      previousScore: number | null; change: number | null; visits: number; checklist: string; provenance: Provenance; status: VisitStatus;
    };
  }[];
}
