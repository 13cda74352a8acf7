// The rules of annotations, as pure functions: categories, the status workflow that follows the
// council process, and who may do what. The service applies them; the tests read them as a table.
import { isEditorRole, isReviewerRole, type Viewer } from '../access/viewer.js';

export const CATEGORIES = [
  'broken_canal', 'drinking_water_irrigation', 'no_electricity', 'no_road', 'service_out_of_reach',
  'sanitation', 'fire_safety', 'budget_allocation', 'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const STATUSES = ['draft', 'published', 'submitted', 'response_recorded', 'planned', 'resolved', 'rejected', 'reopened'] as const;
export type Status = (typeof STATUSES)[number];

export const REVIEW_STATUSES = ['unreviewed', 'acknowledged', 'needs_information', 'confirmed', 'disputed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/**
 * The workflow: draft → published → submitted to the council → official response recorded → planned
 * → resolved; rejected (with a reason) after submission or response; re-opened when a promise is not
 * kept (from planned, resolved or rejected), then submitted again.
 */
export const TRANSITIONS: Record<Status, readonly Status[]> = {
  draft: ['published'],
  published: ['submitted'],
  submitted: ['response_recorded', 'rejected'],
  response_recorded: ['planned', 'resolved', 'rejected'],
  planned: ['resolved', 'reopened'],
  resolved: ['reopened'],
  rejected: ['reopened'],
  reopened: ['submitted'],
};

/** Steps the owning organisation takes (publish, submit, re-open); the council-side steps may also be recorded by reviewers. */
export const OWNER_STEPS: ReadonlySet<Status> = new Set<Status>(['published', 'submitted', 'reopened']);

export type Relation = 'owner' | 'reviewer' | 'outsider';

export interface Permissions {
  edit: boolean;
  delete: boolean;
  restore: boolean;
  comment: boolean;
  review: boolean;
  transitions: Status[];
}

const NONE: Permissions = { edit: false, delete: false, restore: false, comment: false, review: false, transitions: [] };

/** Advocates/admins of the owning organisation. */
export const isOwnerEditor = (v: Viewer, rel: Relation) => v.kind === 'user' && rel === 'owner' && isEditorRole(v.role);
/** Engineers/admins of the owning organisation or of one the campaign is shared with. */
export const isReviewer = (v: Viewer, rel: Relation) => v.kind === 'user' && (rel === 'owner' || rel === 'reviewer') && isReviewerRole(v.role);
/** Members of the owning or a sharing organisation take part in the discussion. */
export const isParticipant = (v: Viewer, rel: Relation) => v.kind === 'user' && (rel === 'owner' || rel === 'reviewer');

export function mayTransition(v: Viewer, rel: Relation, to: Status): boolean {
  return isOwnerEditor(v, rel) || (!OWNER_STEPS.has(to) && isReviewer(v, rel));
}

export function permissionsFor(v: Viewer, rel: Relation, status: Status, deleted: boolean): Permissions {
  if (v.kind !== 'user') return NONE;
  if (deleted) return { ...NONE, restore: isOwnerEditor(v, rel) };
  return {
    edit: isOwnerEditor(v, rel),
    delete: isOwnerEditor(v, rel),
    restore: false,
    comment: isParticipant(v, rel),
    review: isReviewer(v, rel),
    transitions: TRANSITIONS[status].filter((to) => mayTransition(v, rel, to)),
  };
}

export type TransitionCheck = { ok: true } | { ok: false; why: 'not-in-workflow' | 'not-allowed-for-role' };

export function checkTransition(v: Viewer, rel: Relation, from: Status, to: Status): TransitionCheck {
  if (!TRANSITIONS[from].includes(to)) return { ok: false, why: 'not-in-workflow' };
  if (!mayTransition(v, rel, to)) return { ok: false, why: 'not-allowed-for-role' };
  return { ok: true };
}

export const CAMPAIGN_STATUSES = ['draft', 'active', 'completed', 'archived'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
/** New annotations go into draft or active campaigns only. */
export const CAMPAIGN_OPEN: ReadonlySet<CampaignStatus> = new Set<CampaignStatus>(['draft', 'active']);
