// The budget analysis of one document: which documents are compared (the plan and the executed budget
// of the same organisation, municipality and year), the people without each sector's service from the
// gap analyses, then the figures in SQL (budgets.analysis.repo.ts) and the ready sentences.
//
// People without a service, per sector (README "Budgets"):
//   drinking water, irrigation, electricity, roads — the settlement's service status, as in the
//     unserved-settlements analysis ('none': its people are without; 'partial': partly; 'unknown': no data);
//   health, education, markets — people not within reach of a clinic, school or market by the coverage
//     analysis's reach rule (population × (1 − share within reach)); outside the kind's complete area: no data;
//   other — not measured.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Viewer } from '../access/viewer.js';
import { readerOf } from '../access/viewer.js';
import type { Geometry } from '../geo/geometry.js';
import { coverageFigures } from '../analysis/coverage.repo.js';
import { coverageParams, facilityKind } from '../analysis/coverage.service.js';
import * as repo from './budgets.repo.js';
import * as figures from './budgets.analysis.repo.js';
import { PLAN_PHASES, SECTORS, UNDERSPENT_BELOW, type Sector, type WhatIfInput } from './budgets.schema.js';
import { fairnessSentence, underspentSentence, villageSentence, whatIfSentence } from './budgets.sentences.js';
import type { BudgetAnalysis, BudgetWhatIf, FairnessBasis, VillageFigures } from './budgets.types.js';
import type { BudgetsService } from './budgets.service.js';

type Db = Kysely<DB>;

export const STATUS_SECTORS = [
  { sector: 'drinking_water', column: 'water' },
  { sector: 'irrigation', column: 'irrigation' },
  { sector: 'electricity', column: 'electricity' },
  { sector: 'roads', column: 'road' },
] as const satisfies readonly { sector: Sector; column: 'water' | 'electricity' | 'road' | 'irrigation' }[];
export const COVERAGE_SECTORS = [
  { sector: 'health', kind: 'clinic' },
  { sector: 'education', kind: 'school' },
  { sector: 'markets', kind: 'market' },
] as const satisfies readonly { sector: Sector; kind: string }[];
/** The sectors whose unserved people are measured (every sector but 'other'). */
export const MEASURED_SECTORS: readonly Sector[] = [...STATUS_SECTORS.map((s) => s.sector), ...COVERAGE_SECTORS.map((s) => s.sector)];

const FROM: Record<Sector, string> = {
  drinking_water: 'settlement water status (unserved-settlements analysis)',
  irrigation: 'settlement irrigation status',
  electricity: 'settlement electricity status (unserved-settlements analysis)',
  roads: 'settlement road status (unserved-settlements analysis)',
  health: 'coverage analysis: clinic, reach rule',
  education: 'coverage analysis: school, reach rule',
  markets: 'coverage analysis: market, reach rule',
  other: 'not measured',
};

export class BudgetsAnalysisService {
  constructor(private readonly db: Db, private readonly documents: BudgetsService, private readonly config: { pointFlagPopulation: number }) {}

  /** People not within reach of each coverage sector's facility kind, for the municipality's settlements. */
  private async coverageUnserved(municipality: string): Promise<figures.UnservedRow[]> {
    const place = await figures.municipalityArea(this.db, municipality);
    if (!place) return [];
    const out: figures.UnservedRow[] = [];
    for (const c of COVERAGE_SECTORS) {
      const k = await facilityKind(this.db, c.kind).catch(() => null);
      if (!k) continue;
      const p = coverageParams(k, undefined, place.area as Geometry, [], 1000, 0, this.config.pointFlagPopulation);
      p.list = { ids: place.ids };
      const f = await coverageFigures(this.db, p);
      for (const s of f.settlements) {
        const noData = s.status === 'no-data' || s.population === null || s.reach === null;
        out.push({
          settlementId: s.id, sector: c.sector, basis: 'coverage',
          people: noData ? null : Math.round(s.population! * (1 - s.reach!.share)),
          partly: noData ? null : (s.status === 'partly' ? s.population! - Math.round(s.population! * (1 - s.reach!.share)) : 0),
          noData,
        });
      }
    }
    return out;
  }

  private async inputs(viewer: Viewer, id: string) {
    const d = await this.documents.document(viewer, id);
    const sibs = await repo.siblings(this.db, readerOf(viewer), d);
    const sameYear = sibs.filter((s) => s.fiscalYear === d.fiscalYear);
    const executed = d.phase === 'executed' ? d.id : sameYear.find((s) => s.phase === 'executed')?.id ?? null;
    let plan: { id: string; phase: BudgetAnalysis['document']['phase'] } | null = d.phase === 'executed' ? null : { id: d.id, phase: d.phase };
    if (!plan) {
      for (const ph of PLAN_PHASES) {
        const s = sameYear.find((x) => x.phase === ph);
        if (s) { plan = { id: s.id, phase: ph }; break; }
      }
    }
    const unserved = [
      ...(await figures.statusUnserved(this.db, d.municipality, [...STATUS_SECTORS])),
      ...(await this.coverageUnserved(d.municipality)),
    ];
    // Without a plan, the executed budget is what is shown as spending.
    const fi: figures.FigureInputs = { municipality: d.municipality, plan: plan?.id ?? executed, executed: plan ? executed : null, unserved };
    return { d, sibs, plan, executed, fi };
  }

  async analysis(viewer: Viewer, id: string, underspentBelow = UNDERSPENT_BELOW): Promise<BudgetAnalysis> {
    const { d, sibs, plan, executed, fi } = await this.inputs(viewer, id);
    const [villages, sectors, fairness, lines, trends, unallocated] = await Promise.all([
      figures.villages(this.db, fi),
      figures.sectors(this.db, fi),
      figures.fairness(this.db, fi, MEASURED_SECTORS).then((l) => l.filter((x) => x.basis !== 'unserved' || x.index !== null)),
      figures.lineExecution(this.db, plan?.id ?? null, plan ? executed : null, underspentBelow),
      // Trends: the plan (latest plan phase) and the executed budget of every year.
      figures.trends(this.db, trendDocuments(sibs)),
      fi.plan ? figures.unallocated(this.db, fi.plan) : Promise.resolve({ amount: 0, lineIds: [] }),
    ]);
    const document = (await this.documents.list(viewer, { municipality: d.municipality, year: d.fiscalYear })).documents.find((x) => x.id === d.id)!;
    const sentences = budgetSentences(villages, fairness, lines, underspentBelow, d.municipalityKind, topSector(sectors.map((s) => ({ sector: s.sector, capital: s.capital }))));
    const settlementsByClass: Record<string, number> = {};
    for (const v of villages) settlementsByClass[v.provenance] = (settlementsByClass[v.provenance] ?? 0) + 1;
    const docClasses: Record<string, number> = {};
    for (const x of [d.provenance]) docClasses[x] = (docClasses[x] ?? 0) + 1;
    const illustrative = d.provenance === 'illustrative' || villages.some((v) => v.provenance === 'illustrative');
    return {
      document,
      plan: plan ? { documentId: plan.id, phase: plan.phase } : null,
      executed: executed ? { documentId: executed } : null,
      villages, sectors, lines, fairness, trends, unallocated, sentences,
      underspentBelow,
      provenance: {
        documents: docClasses,
        settlements: settlementsByClass,
        illustrative,
        unservedFrom: Object.fromEntries(SECTORS.map((s) => [s, FROM[s]])),
        notices: [
          ...(illustrative ? [{ id: 'budget.illustrative', text: {
            en: 'Illustrative figures: the amounts (and village populations) are made up for the demo on the structure of a Kyrgyz local budget; they are not the municipality’s budget.',
            ru: 'Иллюстративные данные: суммы (и численность жителей сёл) придуманы для демонстрации по структуре местного бюджета Кыргызстана; это не бюджет муниципалитета.',
            ky: 'Иллюстрациялык маалыматтар: суммалар (жана айылдардын тургундарынын саны) Кыргызстандын жергиликтүү бюджетинин түзүмү боюнча демо үчүн ойдон чыгарылган; бул муниципалитеттин бюджети эмес.',
          } }] : []),
          { id: 'budget.allocation', text: {
            en: 'Official budgets stop at the ayil okmotu: what each village receives is the organisation’s own allocation of the lines, with its method and evidence shown on each line.',
            ru: 'Официальный бюджет заканчивается на уровне айыл окмоту: сколько получает каждое село — распределение статей самой организацией; метод и обоснование указаны у каждой статьи.',
            ky: 'Расмий бюджет айыл өкмөтүнүн деңгээлинде бүтөт: ар бир айыл канча алары — уюмдун өзү жасаган бюджетти бөлүштүрүү; ыкмасы жана негизи ар бир беренеде көрсөтүлгөн.',
          } },
          ...(villages.some((v) => v.displaced) ? [{ id: 'budget.displaced', text: {
            en: 'Several villages share one approximate point; the map spreads them on a small ring around it for legibility.',
            ru: 'Несколько сёл имеют одну приблизительную точку; на карте они разнесены по небольшому кругу вокруг неё для читаемости.',
            ky: 'Бир нече айылдын болжолдуу чекити бирдей; картада алар окууга ыңгайлуу болушу үчүн анын айланасына кичине тегерек боюнча жайгаштырылган.',
          } }] : []),
        ],
      },
    };
  }

  /**
   * Distribute an amount by weighted shares of population, people without the service and
   * contributions: share = Σ wₖ · shareₖ ÷ Σ wₖ; change against the same spending now (the sector's
   * capital spending, or all capital spending).
   */
  async whatIf(viewer: Viewer, id: string, body: WhatIfInput): Promise<BudgetWhatIf> {
    const { fi } = await this.inputs(viewer, id);
    const villages = await figures.villages(this.db, fi);
    const w = body.weights;
    const unservedShare = (v: VillageFigures): number | null => {
      if (body.sector) return v.shares.unserved[body.sector] ?? null;
      // All measured sectors: the village's share of every unserved person counted.
      const tot = (s: Sector) => villages.reduce((a, x) => a + (x.unserved[s]?.people ?? 0), 0);
      const all = MEASURED_SECTORS.reduce((a, s) => a + tot(s), 0);
      if (all === 0) return null;
      return MEASURED_SECTORS.reduce((a, s) => a + (v.unserved[s]?.people ?? 0), 0) / all;
    };
    const missing: BudgetWhatIf['missing'] = [];
    const rows = villages.map((v) => {
      const basis: Record<FairnessBasis, number | null> = { population: v.shares.population, unserved: unservedShare(v), contributions: v.shares.contributions };
      for (const b of ['population', 'unserved', 'contributions'] as const) if (w[b] > 0 && basis[b] === null) missing.push({ settlementId: v.settlementId, basis: b });
      const sum = w.population + w.unserved + w.contributions;
      const share = (w.population * (basis.population ?? 0) + w.unserved * (basis.unserved ?? 0) + w.contributions * (basis.contributions ?? 0)) / sum;
      return { v, share };
    });
    const total = rows.reduce((a, r) => a + r.share, 0);
    const out = rows.map(({ v, share }) => {
      const s = total > 0 ? share / total : 0;
      const amount = Math.round(body.amount * s * 100) / 100;
      const current = body.sector ? v.spending.bySector[body.sector] ?? 0 : v.spending.capital;
      return { settlementId: v.settlementId, names: v.names, share: Math.round(s * 1e6) / 1e6, amount, current, change: Math.round((amount - current) * 100) / 100 };
    });
    const sentence = whatIfSentence(out, body.amount);
    return { amount: body.amount, weights: { population: w.population, unserved: w.unserved, contributions: w.contributions }, sector: body.sector ?? null, villages: out, missing, sentences: sentence ? [sentence] : [] };
  }
}

function trendDocuments(sibs: { id: string; fiscalYear: number; phase: string }[]): string[] {
  const years = [...new Set(sibs.map((s) => s.fiscalYear))];
  return years.flatMap((y) => {
    const ofYear = sibs.filter((s) => s.fiscalYear === y);
    const plan = PLAN_PHASES.map((ph) => ofYear.find((s) => s.phase === ph)).find(Boolean);
    const exec = ofYear.find((s) => s.phase === 'executed');
    return [plan, exec].filter((x): x is NonNullable<typeof x> => Boolean(x)).map((x) => x.id);
  });
}

/** The sector with the most capital spending (the village sentences speak of its unserved people). */
function topSector(list: { sector: Sector; capital: number }[]): Sector | null {
  const measured = list.filter((s) => s.sector !== 'other' && s.capital > 0).sort((a, b) => b.capital - a.capital);
  return measured[0]?.sector ?? null;
}

export function budgetSentences(villages: VillageFigures[], fairness: BudgetAnalysis['fairness'], lines: BudgetAnalysis['lines'], below: number, kind: 'ayil_okmotu' | 'city', sector: Sector | null) {
  const out = [];
  // The villages whose share of contributions and of spending differ most (at most three).
  const ranked = villages.filter((v) => v.shareGap !== null).sort((a, b) => Math.abs(b.shareGap!) - Math.abs(a.shareGap!)).slice(0, 3);
  for (const v of ranked) {
    const s = villageSentence(v, kind, sector);
    if (s) out.push(s);
  }
  const allLines = [...new Set(villages.flatMap((v) => v.lineIds))];
  for (const f of fairness) {
    const s = fairnessSentence(f, allLines);
    if (s) out.push(s);
  }
  const u = underspentSentence(lines, below);
  if (u) out.push(u);
  return out;
}
