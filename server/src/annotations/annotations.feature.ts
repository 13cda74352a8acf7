// An annotation as clients see it (a GeoJSON Feature with its permissions) and as history keeps it
// (a snapshot without personal data): pure shaping of the repository's rows, no database here.
import type { Viewer } from '../access/viewer.js';
import { personFor, type PersonRef } from '../access/people.js';
import { permissionsFor, type Relation } from './annotations.rules.js';
import type { CommentRow } from './comments.repo.js';
import type * as repo from './annotations.repo.js';

export const iso = (d: Date | string) => new Date(d).toISOString();

const personOf = (viewer: Viewer, p: repo.PersonJson) => {
  return personFor(viewer, { name: p.name, showPublicly: p.public, orgId: p.org, orgName: { ky: p.ky, ru: p.ru, en: p.en } });
};

/** The latest council submission, as the service reads it. */
export const submissionOf = (r: repo.AnnotationRow) => r.submission;

/** Evidence photos as clients see them: the image and thumbnail URLs are relative to the API. */
export const photosOf = (r: repo.AnnotationRow) => r.photos.map((p) => ({
  id: p.id, caption: p.caption, width: p.width, height: p.height, bytes: p.bytes,
  location: p.lon !== null && p.lat !== null ? { lon: p.lon, lat: p.lat } : null,
  takenAt: p.taken_at ? iso(p.taken_at) : null, createdAt: iso(p.created_at),
  url: `/api/annotations/${r.id}/photos/${p.id}`, thumbnailUrl: `/api/annotations/${r.id}/photos/${p.id}?size=thumb`,
}));

export function annotationFeature(viewer: Viewer, r: repo.AnnotationRow) {
  const deleted = r.deleted_at !== null;
  const sub = submissionOf(r);
  return {
    type: 'Feature' as const,
    id: r.id,
    geometry: r.geometry,
    properties: {
      id: r.id,
      campaignId: r.campaign_id,
      organisation: { id: r.organisation_id, name: { ky: r.org_name_ky, ru: r.org_name_ru, en: r.org_name_en } },
      title: r.title,
      description: r.description,
      lang: r.lang,
      category: r.category,
      severity: Number(r.severity),
      affectedPeople: r.affected_people,
      affectedHouseholds: r.affected_households,
      evidence: r.evidence,
      photos: photosOf(r),
      linkedFeatures: r.linked_features,
      status: r.status,
      statusChangedAt: iso(r.status_changed_at),
      reviewStatus: r.review_status,
      rejectionReason: r.rejection_reason,
      submission: sub ? {
        council: sub.council,
        reference: sub.reference,
        submittedOn: sub.submitted_on,
        response: sub.response_on ? { text: sub.response_text, date: sub.response_on, documentUrl: sub.response_document_url, days: sub.response_days } : null,
      } : null,
      version: r.version,
      deleted,
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
      createdBy: personOf(viewer, r.created_by),
      updatedBy: personOf(viewer, r.updated_by),
      permissions: permissionsFor(viewer, r.relation, r.status, deleted),
    },
  };
}
export type AnnotationFeature = ReturnType<typeof annotationFeature>;

/** The stored state, for history: content and workflow, no personal data. */
export function snapshot(r: repo.AnnotationRow) {
  return {
    title: r.title, description: r.description, lang: r.lang, category: r.category, severity: Number(r.severity),
    affectedPeople: r.affected_people, affectedHouseholds: r.affected_households,
    evidence: r.evidence, linkedFeatures: r.linked_features,
    photos: r.photos.map((p) => ({ id: p.id, caption: p.caption })),
    status: r.status, reviewStatus: r.review_status, rejectionReason: r.rejection_reason,
    deleted: r.deleted_at !== null, geometry: r.geometry,
  };
}
export type Snapshot = ReturnType<typeof snapshot>;


/** How the author of a history entry or a comment appears to this reader. */
export function actorOf(viewer: Viewer, h: { actor_name: string; actor_public: boolean; actor_org: string; actor_org_ky: string | null; actor_org_ru: string | null; actor_org_en: string | null }): PersonRef {
  return personFor(viewer, { name: h.actor_name, showPublicly: h.actor_public, orgId: h.actor_org, orgName: { ky: h.actor_org_ky, ru: h.actor_org_ru, en: h.actor_org_en } });
}

/** A comment as this reader sees it: a deleted one keeps its place without its text. */
export function commentOf(viewer: Viewer, c: CommentRow, relation: Relation) {
  const deleted = c.deleted_at !== null;
  const mine = viewer.kind === 'user' && viewer.userId === c.author_id;
  return {
    id: c.id,
    annotationId: c.annotation_id,
    body: deleted ? null : c.body,
    deleted,
    createdAt: iso(c.created_at),
    author: actorOf(viewer, { actor_name: c.author_name, actor_public: c.author_public, actor_org: c.author_org, actor_org_ky: c.author_org_ky, actor_org_ru: c.author_org_ru, actor_org_en: c.author_org_en }),
    permissions: { delete: !deleted && (mine || (viewer.kind === 'user' && viewer.role === 'admin' && relation === 'owner')) },
  };
}


export function changedFields(before: Snapshot | null, after: Snapshot): string[] {
  if (!before) return Object.keys(after);
  return (Object.keys(after) as (keyof Snapshot)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
