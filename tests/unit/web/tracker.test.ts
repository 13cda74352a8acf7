// The Tracker tab's pure parts: the one status palette (every status, readable text on each colour, a
// mark as the second cue, the map's colour expression from the same table), the progress bar's
// geometry, the summary's order, the picked photo's checks, and the decision form's request bodies
// (POST with commitments inline; an edit sends only what changed).
import { describe, expect, it } from 'vitest';
import { barGeometry, countEntries, STATUS_ORDER, STATUS_STYLE, statusColorExpression } from '../../../web/src/lib/commitment-status.js';
import { photoProblem } from '../../../web/src/lib/photo-file.js';
import { commitmentPatch, createBody, rebase, decisionPatch, draftOf, emptyCommitment, localProblems, type DecisionDraft } from '../../../web/src/components/tracker/decision-form.js';
import { COMMITMENT_STATUSES } from '../../../server/src/commitments/commitments.rules.js';
import { PHOTO_TYPES } from '../../../server/src/photos/photos.schema.js';
import { DecisionCreate } from '../../../server/src/commitments/commitments.schema.js';
import type { Commitment, DecisionDetail } from '../../../server/src/commitments/commitments.types.js';

/** WCAG contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

describe('the status palette', () => {
  it('has a colour, a readable ink and a distinct mark for every computed status', () => {
    expect(Object.keys(STATUS_STYLE).sort()).toEqual([...COMMITMENT_STATUSES].sort());
    expect([...STATUS_ORDER].sort()).toEqual([...COMMITMENT_STATUSES].sort());
    for (const s of COMMITMENT_STATUSES) expect(contrast(STATUS_STYLE[s].color, STATUS_STYLE[s].ink), s).toBeGreaterThanOrEqual(4.5);
    expect(new Set(COMMITMENT_STATUSES.map((s) => STATUS_STYLE[s].color)).size).toBe(COMMITMENT_STATUSES.length);
    expect(new Set(COMMITMENT_STATUSES.map((s) => STATUS_STYLE[s].mark)).size).toBe(COMMITMENT_STATUSES.length);
  });
  it('colours the map from the same table', () => {
    const e = statusColorExpression();
    expect(e.slice(0, 2)).toEqual(['match', ['get', 'status']]);
    for (const s of COMMITMENT_STATUSES) expect(e[e.indexOf(s) + 1]).toBe(STATUS_STYLE[s].color);
  });
  it('lists the statuses present, what needs attention first', () => {
    expect(countEntries({ not_started: 3, on_track: 0, at_risk: 1, late: 5, done: 6, broken: 0, total: 15 }))
      .toEqual([{ status: 'late', n: 5 }, { status: 'at_risk', n: 1 }, { status: 'not_started', n: 3 }, { status: 'done', n: 6 }]);
  });
});

describe('the progress bar', () => {
  it('fills to the share and marks the plan', () => {
    expect(barGeometry(0.375, 0.5)).toEqual({ fill: 37.5, plan: 50, over: false, under: false, label: 38 });
  });
  it('is empty before any value, and says so with no label', () => {
    expect(barGeometry(null, 0.2)).toEqual({ fill: 0, plan: 20, over: false, under: false, label: null });
  });
  it('clamps the bar but not the label past either end', () => {
    expect(barGeometry(1.25, 1)).toMatchObject({ fill: 100, plan: 100, over: true, label: 125 });
    expect(barGeometry(-0.1, 0)).toMatchObject({ fill: 0, under: true, label: -10 });
  });
});

describe('a picked photo', () => {
  it('must be an image type the server takes, at most 10 MB', () => {
    expect(photoProblem({ type: 'image/jpeg', size: 3_000_000 }, PHOTO_TYPES)).toBeNull();
    expect(photoProblem({ type: 'image/heic', size: 3_000_000 }, PHOTO_TYPES)).toBe('wrongType');
    expect(photoProblem({ type: 'image/png', size: 11 * 1024 * 1024 }, PHOTO_TYPES)).toBe('tooLarge');
  });
});

const CAMPAIGN = '6f1c7c52-7b8e-4d0e-9a52-2a4f1c1d2e3f';
function filled(): DecisionDraft {
  const d = draftOf(null, CAMPAIGN);
  Object.assign(d, { body: { ky: 'Каракол шаардык кеңеши', ru: '', en: 'Karakol city council' }, decidedOn: '2025-03-14', number: '12-3', documentUrl: 'https://karakol.example/decision-12-3.pdf' });
  d.title.ky = 'Сугат тармагын жаңылоо стратегиясы';
  d.title.en = 'Irrigation renewal strategy';
  const c = d.commitments[0]!;
  Object.assign(c, { responsible: { ky: '', ru: '', en: 'Vodokanal' }, dueOn: '2026-10-01', unit: 'km', baseline: 0, target: 12, geometry: { type: 'LineString', coordinates: [[78.38, 42.49], [78.4, 42.5]] } });
  c.title.en = 'Rehabilitate the main canal';
  c.indicator.en = 'km of main canal rehabilitated';
  c.features.push({ layer: 'canals', id: 42, label: 'Canals: Main' });
  return d;
}

describe('the decision form', () => {
  it('posts the decision with its commitments inline, in a shape the server takes', () => {
    const body = createBody(filled());
    expect(DecisionCreate.safeParse(body).success).toBe(true);
    expect(body.title).toEqual({ ky: 'Сугат тармагын жаңылоо стратегиясы', ru: null, en: 'Irrigation renewal strategy' });
    expect(body.body).toEqual({ ky: 'Каракол шаардык кеңеши', ru: null, en: 'Karakol city council' });
    expect(body.commitments![0]!.responsible).toEqual({ ky: null, ru: null, en: 'Vodokanal' });
    expect(body.commitments![0]).toMatchObject({ unit: 'km', baseline: 0, target: 12, links: { annotations: [], features: [{ layer: 'canals', id: 42 }] }, position: 0 });
    expect(body.commitments![0]!.budgetLineId).toBeUndefined();
  });
  it('names what is missing before asking the server', () => {
    expect(localProblems(filled())).toEqual([]);
    const d = filled();
    d.commitments[0]!.target = 0;
    d.commitments[0]!.dueOn = '2025-03-01';
    d.title = { ky: '', ru: ' ', en: '' };
    d.body = { ky: ' ', ru: '', en: '' };
    d.commitments.push(emptyCommitment());
    expect(localProblems(d)).toEqual(expect.arrayContaining(['title', 'body', 'dueBeforeDecision', 'targetEqualsBaseline', 'commitmentTitle', 'indicator', 'responsible', 'dueOn', 'numbers']));
  });
  it('sends only what changed on an edit', () => {
    const body = createBody(filled());
    const c0: Commitment = {
      id: 'c1', decisionId: 'd1', position: 0, title: { ky: null, ru: null, en: 'Rehabilitate the main canal' }, responsible: { ky: null, ru: null, en: 'Vodokanal' }, startOn: '2025-03-14', dueOn: '2026-10-01',
      indicator: { ky: null, ru: null, en: 'km of main canal rehabilitated' }, unit: 'km', baseline: 0, target: 12, budgetLine: null, budgetAmount: null,
      geometry: body.commitments![0]!.geometry as Commitment['geometry'], links: [{ feature: { layer: 'canals', id: 42, name: 'Main' } }], version: 3, status: 'on_track', share: 0.4, planned: 0.5,
      latestValue: 4.8, lastUpdate: '2025-09-01', daysLate: 0, updates: [], reopened: [], permissions: { edit: true, report: true, reopen: false },
    };
    const before = {
      id: 'd1', campaign: { id: CAMPAIGN, ref: null, title: { ky: null, ru: null, en: 'x' } }, kind: 'council_resolution', body: { ky: 'Каракол шаардык кеңеши', ru: null, en: 'Karakol city council' }, decidedOn: '2025-03-14',
      number: '12-3', documentUrl: 'https://karakol.example/decision-12-3.pdf', title: body.title, summary: { ky: null, ru: null, en: null }, status: 'draft', version: 7, commitments: [c0],
    } as unknown as DecisionDetail;
    const d = draftOf(before, CAMPAIGN);
    expect(decisionPatch(before, d)).toEqual({});
    expect(commitmentPatch(c0, d.commitments[0]!, 0)).toEqual({});
    d.status = 'published';
    d.title.ru = 'Стратегия обновления ирригации';
    d.commitments[0]!.target = 14;
    expect(decisionPatch(before, d)).toEqual({ status: 'published', title: { ky: 'Сугат тармагын жаңылоо стратегиясы', ru: 'Стратегия обновления ирригации', en: 'Irrigation renewal strategy' } });
    expect(commitmentPatch(c0, d.commitments[0]!, 0)).toEqual({ target: 14 });

    // Someone else changed the number and the commitment's responsible body first (412): the person's
    // changes move onto the latest version, theirs stay.
    const now = { ...before, number: '12-3a', version: 8, commitments: [{ ...c0, responsible: { ky: null, ru: null, en: 'Karakol city hall' }, version: 4 }] } as DecisionDetail;
    const r = rebase(d, before, now);
    expect(decisionPatch(now, r)).toEqual({ status: 'published', title: { ky: 'Сугат тармагын жаңылоо стратегиясы', ru: 'Стратегия обновления ирригации', en: 'Irrigation renewal strategy' } });
    expect(r.number).toBe('12-3a');
    expect(r.commitments[0]).toMatchObject({ responsible: { ky: '', ru: '', en: 'Karakol city hall' }, target: 14, version: 4 });
    expect(commitmentPatch(now.commitments[0]!, r.commitments[0]!, 0)).toEqual({ target: 14 });
  });
});
