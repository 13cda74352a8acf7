// The decision form's content as plain data (pure: unit-tested in tests/unit/web/tracker.test.ts):
// the draft loaded from a decision (or empty), the body of POST /api/decisions with its commitments
// inline, and for an edit only what changed (PATCH bodies for the decision and each commitment, new
// commitments to add).
// Types straight from the server (type-only, as api/wire.ts does) so that the Node type check of the unit
// test does not follow wire.ts's runtime re-exports.
import type { z } from 'zod';
import type { Commitment, DecisionDetail } from '../../../../server/src/commitments/commitments.types.ts';
import type { CommitmentInput, CommitmentPatch, DecisionCreate, DecisionKind, DecisionPatch, DecisionStatus, Unit } from '../../../../server/src/commitments/commitments.schema.ts';

type CommitmentBody = z.input<typeof CommitmentInput>;
type CommitmentPatchBody = z.input<typeof CommitmentPatch>;
type DecisionCreateBody = z.input<typeof DecisionCreate>;
type DecisionPatchBody = z.input<typeof DecisionPatch>;

export interface Texts { ky: string; ru: string; en: string }
export type Geometry = NonNullable<CommitmentBody['geometry']>;
export interface LinkedAnnotation { id: string; title: string }
export interface LinkedFeature { layer: string; id: number; label: string }

export interface CommitmentDraft {
  /** A stable key for the list (the id once saved). */
  key: string;
  id?: string;
  version?: number;
  title: Texts;
  responsible: Texts;
  dueOn: string;
  indicator: Texts;
  unit: Unit;
  baseline: number | null;
  target: number | null;
  budgetLineId: number | null;
  budgetAmount: number | null;
  geometry: Geometry | null;
  annotations: LinkedAnnotation[];
  features: LinkedFeature[];
}

export interface DecisionDraft {
  campaignId: string;
  kind: DecisionKind;
  body: Texts;
  decidedOn: string;
  number: string;
  documentUrl: string;
  title: Texts;
  summary: Texts;
  status: DecisionStatus;
  commitments: CommitmentDraft[];
}

const texts = (t: { ky: string | null; ru: string | null; en: string | null } | null | undefined): Texts => ({ ky: t?.ky ?? '', ru: t?.ru ?? '', en: t?.en ?? '' });
/** {ky, ru, en} with empty languages as null (the server wants at least one where a text is required). */
const i18nOf = (t: Texts) => ({ ky: t.ky.trim() || null, ru: t.ru.trim() || null, en: t.en.trim() || null });
const orNull = (s: string) => s.trim() || null;

let counter = 0;
export function emptyCommitment(): CommitmentDraft {
  return {
    key: `new-${++counter}`, title: texts(null), responsible: texts(null), dueOn: '', indicator: texts(null), unit: 'count',
    baseline: 0, target: null, budgetLineId: null, budgetAmount: null, geometry: null, annotations: [], features: [],
  };
}

function commitmentDraft(c: Commitment): CommitmentDraft {
  return {
    key: c.id, id: c.id, version: c.version, title: texts(c.title), responsible: texts(c.responsible), dueOn: c.dueOn, indicator: texts(c.indicator),
    unit: c.unit, baseline: c.baseline, target: c.target, budgetLineId: c.budgetLine?.id ?? null, budgetAmount: c.budgetAmount,
    geometry: (c.geometry as Geometry | null) ?? null,
    annotations: c.links.flatMap((l) => (l.annotation ? [{ id: l.annotation.id, title: l.annotation.title }] : [])),
    features: c.links.flatMap((l) => (l.feature ? [{ layer: l.feature.layer, id: l.feature.id, label: l.feature.name ?? `${l.feature.layer} #${l.feature.id}` }] : [])),
  };
}

/** The form's content for a decision (edit) or a new one of the campaign. */
export function draftOf(d: DecisionDetail | null, campaignId: string): DecisionDraft {
  return {
    campaignId: d?.campaign.id ?? campaignId,
    kind: d?.kind ?? 'council_resolution',
    body: texts(d?.body),
    decidedOn: d?.decidedOn ?? '',
    number: d?.number ?? '',
    documentUrl: d?.documentUrl ?? '',
    title: texts(d?.title),
    summary: texts(d?.summary),
    status: d?.status ?? 'draft',
    commitments: d ? d.commitments.map(commitmentDraft) : [emptyCommitment()],
  };
}

export function commitmentBody(c: CommitmentDraft, position: number): CommitmentBody {
  return {
    title: i18nOf(c.title), responsible: i18nOf(c.responsible), dueOn: c.dueOn, indicator: i18nOf(c.indicator), unit: c.unit,
    baseline: c.baseline ?? Number.NaN, target: c.target ?? Number.NaN,
    ...(c.budgetLineId ? { budgetLineId: c.budgetLineId } : {}),
    ...(c.budgetAmount !== null ? { budgetAmount: c.budgetAmount } : {}),
    geometry: c.geometry,
    links: { annotations: c.annotations.map((a) => a.id), features: c.features.map((f) => ({ layer: f.layer, id: f.id })) },
    position,
  };
}

export function createBody(d: DecisionDraft): DecisionCreateBody {
  return {
    campaignId: d.campaignId, kind: d.kind, body: i18nOf(d.body), decidedOn: d.decidedOn,
    number: orNull(d.number), documentUrl: orNull(d.documentUrl), title: i18nOf(d.title), summary: i18nOf(d.summary), status: d.status,
    commitments: d.commitments.map(commitmentBody),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What changed in the decision's own fields (an empty object: nothing). */
export function decisionPatch(before: DecisionDetail, d: DecisionDraft): DecisionPatchBody {
  const was = draftOf(before, before.campaign.id);
  const out: DecisionPatchBody = {};
  if (d.kind !== was.kind) out.kind = d.kind;
  if (!same(i18nOf(d.body), i18nOf(was.body))) out.body = i18nOf(d.body);
  if (d.decidedOn !== was.decidedOn) out.decidedOn = d.decidedOn;
  if (d.number.trim() !== was.number) out.number = orNull(d.number);
  if (d.documentUrl.trim() !== was.documentUrl) out.documentUrl = orNull(d.documentUrl);
  if (!same(i18nOf(d.title), i18nOf(was.title))) out.title = i18nOf(d.title);
  if (!same(i18nOf(d.summary), i18nOf(was.summary))) out.summary = i18nOf(d.summary);
  if (d.status !== was.status) out.status = d.status;
  return out;
}

/** What changed in one saved commitment. */
export function commitmentPatch(before: Commitment, c: CommitmentDraft, position: number): CommitmentPatchBody {
  const was = commitmentBody(commitmentDraft(before), before.position) as Record<string, unknown>;
  const now = commitmentBody(c, position) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(now)) if (!same(now[k], was[k])) out[k] = now[k];
  if (!c.budgetLineId && before.budgetLine) out.budgetLineId = null;
  if (c.budgetAmount === null && before.budgetAmount !== null) out.budgetAmount = null;
  return out as CommitmentPatchBody;
}

const DECISION_KEYS = ['kind', 'body', 'decidedOn', 'number', 'documentUrl', 'title', 'summary', 'status'] as const;
const COMMITMENT_KEYS = ['title', 'responsible', 'dueOn', 'indicator', 'unit', 'baseline', 'target', 'budgetLineId', 'budgetAmount', 'geometry', 'annotations', 'features'] as const;

/**
 * After a 412: the person's changes moved onto the latest version. A field the person did not touch
 * (equal to what they started from, `was`) takes the latest value (`now`); a field they changed keeps
 * their value. Versions become the latest; commitments someone else added are appended.
 */
export function rebase(d: DecisionDraft, was: DecisionDetail, now: DecisionDetail): DecisionDraft {
  const a = draftOf(was, was.campaign.id);
  const b = draftOf(now, now.campaign.id);
  const out: DecisionDraft = { ...d };
  for (const k of DECISION_KEYS) if (same(d[k], a[k])) (out as unknown as Record<string, unknown>)[k] = b[k];
  out.commitments = d.commitments.map((c) => {
    const ca = a.commitments.find((x) => x.id && x.id === c.id);
    const cb = b.commitments.find((x) => x.id && x.id === c.id);
    if (!ca || !cb) return c;
    const r: CommitmentDraft = { ...c, version: cb.version };
    for (const k of COMMITMENT_KEYS) if (same(c[k], ca[k])) (r as unknown as Record<string, unknown>)[k] = cb[k];
    return r;
  });
  for (const cb of b.commitments) if (!d.commitments.some((c) => c.id === cb.id)) out.commitments.push(cb);
  return out;
}

/** Problems the form can name before asking the server (message keys under tracker.form.check.). */
export function localProblems(d: DecisionDraft): string[] {
  const out: string[] = [];
  if (!d.title.ky.trim() && !d.title.ru.trim() && !d.title.en.trim()) out.push('title');
  if (!d.body.ky.trim() && !d.body.ru.trim() && !d.body.en.trim()) out.push('body');
  if (!d.decidedOn) out.push('decidedOn');
  for (const c of d.commitments) {
    if (!c.title.ky.trim() && !c.title.ru.trim() && !c.title.en.trim()) out.push('commitmentTitle');
    if (!c.indicator.ky.trim() && !c.indicator.ru.trim() && !c.indicator.en.trim()) out.push('indicator');
    if (!c.responsible.ky.trim() && !c.responsible.ru.trim() && !c.responsible.en.trim()) out.push('responsible');
    if (!c.dueOn) out.push('dueOn');
    else if (d.decidedOn && c.dueOn <= d.decidedOn) out.push('dueBeforeDecision');
    if (c.baseline === null || c.target === null || Number.isNaN(c.baseline) || Number.isNaN(c.target)) out.push('numbers');
    else if (c.baseline === c.target) out.push('targetEqualsBaseline');
  }
  return [...new Set(out)];
}
