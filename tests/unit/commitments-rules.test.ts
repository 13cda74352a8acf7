// The computed status of a council commitment as a table: each status reached, the boundaries at the
// due date, the straight-line plan, indicators that go down, abandoned commitments, stale updates.
import { describe, expect, it } from 'vitest';
import {
  BROKEN_AFTER_DAYS, COMMITMENT_STATUSES, commitmentStatus, daysBetween, plannedShare, STALE_DAYS, type CommitmentFacts, type CommitmentStatus, type Update,
} from '../../server/src/commitments/commitments.rules.js';

// "km of main canal rehabilitated: 0 → 12", decided 2026-01-01, due 2026-12-31 (364 days).
const canal = (updates: Update[]): CommitmentFacts => ({ start: '2026-01-01', due: '2026-12-31', indicator: { baseline: 0, target: 12 }, updates });
// "households without drinking water: 120 → 0" (the indicator goes down).
const water = (updates: Update[]): CommitmentFacts => ({ start: '2026-01-01', due: '2026-12-31', indicator: { baseline: 120, target: 0 }, updates });

const TABLE: [string, CommitmentFacts, string, CommitmentStatus][] = [
  ['no update, early in the plan', canal([]), '2026-02-01', 'not_started'],
  ['a zero update early counts as not started', canal([{ on: '2026-02-01', value: 0 }]), '2026-03-01', 'not_started'],
  ['no progress a third of the way in: behind the line', canal([{ on: '2026-03-01', value: 0 }]), '2026-05-01', 'at_risk'],
  ['4.5 km by 1 June: the line expects 5.0 (41.5 %), 37.5 % is within 10 points', canal([{ on: '2026-06-01', value: 4.5 }]), '2026-06-01', 'on_track'],
  ['3 km by 1 July: 25 % against 49.5 %', canal([{ on: '2026-07-01', value: 3 }]), '2026-07-01', 'at_risk'],
  ['on the line but the last update is more than 90 days old', canal([{ on: '2026-03-01', value: 2 }]), '2026-06-15', 'at_risk'],
  ['12 km reached before the due date', canal([{ on: '2026-10-01', value: 12 }]), '2026-10-02', 'done'],
  ['more than the target is done', canal([{ on: '2026-10-01', value: 13 }]), '2026-10-02', 'done'],
  ['on the due date itself, not yet reached: not late', canal([{ on: '2026-12-20', value: 11 }]), '2026-12-31', 'on_track'],
  ['the day after the due date, not reached: late', canal([{ on: '2026-12-20', value: 11 }]), '2027-01-01', 'late'],
  [`${BROKEN_AFTER_DAYS} days late: still late`, canal([{ on: '2026-12-20', value: 11 }]), '2027-06-29', 'late'],
  [`${BROKEN_AFTER_DAYS + 1} days late: broken`, canal([{ on: '2026-12-20', value: 11 }]), '2027-06-30', 'broken'],
  ['done late is still done', canal([{ on: '2027-03-01', value: 12 }]), '2027-09-01', 'done'],
  ['declared abandoned: broken before the due date', canal([{ on: '2026-04-01', value: 1 }, { on: '2026-05-01', value: null, abandoned: true }]), '2026-05-02', 'broken'],
  ['two updates on one day: the one posted later counts (updates are passed oldest first)', canal([{ on: '2026-06-01', value: 12 }, { on: '2026-06-01', value: 6 }]), '2026-06-02', 'on_track'],
  ['an update after the clock is not known yet', canal([{ on: '2026-10-01', value: 12 }]), '2026-09-30', 'at_risk'],
  ['a falling indicator: 120 → 60 households by 1 July is on the line', water([{ on: '2026-07-01', value: 60 }]), '2026-07-01', 'on_track'],
  ['a falling indicator reaches 0: done', water([{ on: '2026-08-01', value: 0 }]), '2026-08-02', 'done'],
  ['a falling indicator that rose: behind', water([{ on: '2026-07-01', value: 130 }]), '2026-07-01', 'at_risk'],
];

describe('commitment status at a fixed clock', () => {
  for (const [what, facts, today, status] of TABLE) {
    it(`${what} → ${status}`, () => expect(commitmentStatus(facts, today).status).toBe(status));
  }

  it('every status is reached by the table', () => {
    expect(new Set(TABLE.map((r) => r[3]))).toEqual(new Set(COMMITMENT_STATUSES));
  });

  it('the straight-line plan and the figures behind a status', () => {
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(plannedShare('2026-01-01', '2026-12-31', '2025-12-01')).toBe(0);
    expect(plannedShare('2026-01-01', '2026-12-31', '2026-07-02')).toBeCloseTo(182 / 364, 9);
    expect(plannedShare('2026-01-01', '2026-12-31', '2027-02-01')).toBe(1);
    const a = commitmentStatus(canal([{ on: '2026-06-01', value: 4.5 }, { on: '2026-06-20', value: null }]), '2026-07-01');
    expect(a).toMatchObject({ share: 0.375, latestValue: 4.5, lastUpdate: '2026-06-20', daysLate: 0 });
    expect(commitmentStatus(canal([]), '2027-01-11').daysLate).toBe(11);
    expect(STALE_DAYS).toBe(90);
  });
});
