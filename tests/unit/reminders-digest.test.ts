// The reminders' digest as a table: which commitments are "due soon" and which "late" at a day, at
// the window's edges, and how the e-mail words the days in ky/ru/en (Russian plural forms, "today").
import { describe, expect, it } from 'vitest';
import { digestOf } from '../../server/src/reminders/reminders.service.js';
import { composeDigestMail } from '../../server/src/reminders/reminders.mail.js';
import type { CommitmentFacts } from '../../server/src/reminders/reminders.repo.js';
import type { Update } from '../../server/src/commitments/commitments.rules.js';

const AS_OF = '2026-12-02';
const fact = (id: string, due: string, updates: Update[] = [], start = '2026-01-01'): CommitmentFacts => ({
  id, title: { ky: `${id} ky`, ru: `${id} ru`, en: id }, responsible: { ky: null, ru: null, en: 'City hall' }, start, due, baseline: 0, target: 10, updates,
  decision: { id: 'd1', title: { ky: 'Чечим', ru: 'Решение', en: 'Decision' }, status: 'published' },
  campaign: { id: 'c1', title: { ky: 'Кампания', ru: 'Кампания', en: 'Campaign' } }, organisationIds: ['o1'],
});

describe('reminders digest', () => {
  it.each([
    ['due today', fact('today', '2026-12-02'), 'dueSoon', 0],
    ['due on the window\'s last day (+14)', fact('edge', '2026-12-16'), 'dueSoon', 14],
    ['due the day after the window', fact('outside', '2026-12-17'), null, null],
    ['due yesterday, not done', fact('yesterday', '2026-12-01'), 'late', 1],
    ['past due by more than 180 days (broken)', fact('broken', '2026-05-01'), 'late', 215],
    ['past due but done', fact('done', '2026-11-01', [{ on: '2026-10-30', value: 10 }]), null, null],
    ['due soon but already done', fact('early', '2026-12-10', [{ on: '2026-11-30', value: 10 }]), null, null],
    ['due soon but declared abandoned (broken, not yet late)', fact('abandoned', '2026-12-10', [{ on: '2026-11-30', value: null, abandoned: true }]), null, null],
    ['done only after the day asked (an update not yet known)', fact('future', '2026-11-20', [{ on: '2026-12-05', value: 10 }]), 'late', 12],
  ] as const)('%s', (_label, f, list, days) => {
    const d = digestOf([f], AS_OF, 14);
    const soon = d.dueSoon.map((x) => x.daysLeft);
    const late = d.late.map((x) => x.daysLate);
    expect({ soon, late }).toEqual({ soon: list === 'dueSoon' ? [days] : [], late: list === 'late' ? [days] : [] });
  });

  it('orders due-soon by days left and late by days late (most first)', () => {
    const d = digestOf([fact('b', '2026-12-09'), fact('a', '2026-12-03'), fact('x', '2026-11-30'), fact('y', '2026-10-01')], AS_OF, 14);
    expect(d.dueSoon.map((x) => x.commitment.id)).toEqual(['a', 'b']);
    expect(d.late.map((x) => x.commitment.id)).toEqual(['y', 'x']);
  });

  it('words the days in each language', () => {
    const mail = composeDigestMail({ displayName: 'A' }, digestOf([fact('t', '2026-12-02'), fact('one', '2026-12-03'), fact('three', '2026-11-29'), fact('five', '2026-12-07'), fact('twentyone', '2026-11-11')], AS_OF, 14), 'https://x.example.org/', 14);
    for (const s of ['бүгүн', 'сегодня', 'today', 'осталось 1 день', 'in 1 day', 'просрочено на 3 дня', '3 days late', 'осталось 5 дней', '5 күн калды', 'просрочено на 21 день', '21 күн кечикти',
      'https://x.example.org/tracker/decisions/d1?lang=ru']) expect(mail.text, s).toContain(s);
  });
});
