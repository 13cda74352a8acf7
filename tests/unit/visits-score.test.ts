// The visit score (server/src/visits/visits.score.ts): yes 1, partly ½, no 0, n/a left out of the
// denominator; 100 × Σ weight·value ÷ Σ weight, rounded half up. And the real checklists file: every
// checklist parses, has items in every section, texts in ky/ru/en, and the demo visits' scores.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bandOf, scoreOf, type Answer } from '../../server/src/visits/visits.score.js';
import { readChecklists, bishkekDate } from '../../server/src/visits/visits.service.js';
import { DEMO_DIR } from '../../server/src/data-paths.js';

const items = [{ code: 'a', weight: 3 }, { code: 'b', weight: 2 }, { code: 'c', weight: 1 }];

describe('scoreOf', () => {
  const cases: [string, Record<string, Answer>, number | null, number][] = [
    ['all yes', { a: 'yes', b: 'yes', c: 'yes' }, 100, 3],
    ['all no', { a: 'no', b: 'no', c: 'no' }, 0, 3],
    ['all partly', { a: 'partly', b: 'partly', c: 'partly' }, 50, 3],
    ['weights count: only the heaviest yes', { a: 'yes', b: 'no', c: 'no' }, 50, 3],
    ['only the lightest yes', { a: 'no', b: 'no', c: 'yes' }, 17, 3], // 100·1/6 = 16.67
    ['n/a leaves the denominator', { a: 'na', b: 'yes', c: 'no' }, 67, 2], // 100·2/3 = 66.67
    ['n/a of the heavy item, rest yes', { a: 'na', b: 'yes', c: 'yes' }, 100, 2],
    ['partly and no', { a: 'partly', b: 'no', c: 'na' }, 30, 2], // 100·1.5/5 = 30
    ['half rounds up', { a: 'na', b: 'partly', c: 'na' }, 50, 1],
    ['a missing answer counts as n/a', { a: 'yes' }, 100, 1],
    ['everything n/a: no score', { a: 'na', b: 'na', c: 'na' }, null, 0],
  ];
  it.each(cases)('%s', (_name, answers, score, applicable) => {
    const s = scoreOf(items, answers);
    if (score === null) expect(s).toBeNull();
    else expect(s).toEqual({ score, applicable });
  });

  it('rounds x.5 up exactly (no binary fraction decides)', () => {
    // weights 1 and 1: partly + no = 25; weights 1,1,1,1 with partly,no,no,no = 12.5 → 13
    expect(scoreOf([{ code: 'a', weight: 1 }, { code: 'b', weight: 1 }, { code: 'c', weight: 1 }, { code: 'd', weight: 1 }], { a: 'partly', b: 'no', c: 'no', d: 'no' })?.score).toBe(13);
  });

  it('bands: good from 80, fair from 50, poor below', () => {
    expect([100, 80, 79, 50, 49, 0].map(bandOf)).toEqual(['good', 'good', 'fair', 'fair', 'poor', 'poor']);
  });

  it('the date in Bishkek: a visit on the evening of a day is that day', () => {
    expect(bishkekDate(new Date('2026-06-20T17:59:00Z'))).toBe('2026-06-20');
    expect(bishkekDate(new Date('2026-06-20T18:00:00Z'))).toBe('2026-06-21');
  });
});

describe('data/checklists.json', () => {
  const f = readChecklists();
  it('has the market, clinic and canal-section checklists with the items the issue names', () => {
    expect(f.checklists.map((c) => c.code).sort()).toEqual(['canal_section', 'clinic', 'market']);
    const market = f.checklists.find((c) => c.code === 'market')!;
    expect(market.sections.map((s) => s.code)).toEqual(['sanitation', 'fire']);
    for (const code of ['toilets_available', 'handwashing', 'drinking_water', 'waste_containers', 'drainage', 'extinguishers', 'hydrants', 'exits', 'fire_lanes']) {
      expect(market.items.map((i) => i.code)).toContain(code);
    }
  });
  it('every section has items and every text is in ky, ru and en (Kyrgyz letters in ky, Cyrillic in ru)', () => {
    for (const c of f.checklists) {
      for (const s of c.sections) expect(c.items.some((i) => i.section === s.code), `${c.code}.${s.code}`).toBe(true);
      for (const i of c.items) {
        expect(i.ru, `${c.code}.${i.code}.ru`).toMatch(/[а-яё]/i);
        expect(i.ky, `${c.code}.${i.code}.ky`).toMatch(/[а-яөүң]/i);
        expect(i.en, `${c.code}.${i.code}.en`).toMatch(/^[\x20-\x7e–]+$/);
        expect(i.ky).not.toBe(i.ru);
      }
    }
  });
  it('the demo visits to Ak-Tilek improve: 23 → 62 → 82; the canal section scores 47', () => {
    const demo = JSON.parse(fs.readFileSync(path.join(DEMO_DIR, 'visits.json'), 'utf8')) as { visits: { ref: string; checklist: string; answers: { item: string; answer: Answer }[] }[] };
    const scores = demo.visits.map((v) => scoreOf(f.checklists.find((c) => c.code === v.checklist)!.items, Object.fromEntries(v.answers.map((a) => [a.item, a.answer])))!.score);
    expect(scores).toEqual([23, 62, 82, 47]);
  });
});
