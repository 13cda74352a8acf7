// Gap analysis: the rules. Resolves the area (project, bbox, campaign, drawn polygon), checks the
// inputs, runs the repositories in one read-only transaction with a statement timeout, and shapes
// JSON answers that a panel or a PDF brief renders directly: numbers, lists, provenance of the
// inputs, and ready sentences in ky/ru/en. No express here.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { AnalysisConfig } from '../config.js';
import { isTimeoutError } from '../db/connect.js';
import { HttpProblem, invalidParameter } from '../http/problem.js';
import type { Geometry } from '../geo/geometry.js';
import type { Viewer } from '../access/viewer.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { FACILITY_KINDS } from '../layers/facilities.js';
import type { I18n } from '../layers/types.js';
import type { Project } from '../projects/projects.js';
import {
  DEFAULT_CANAL_DISTANCE_M, DEFAULT_TOLERANCE_M, SERVICES,
  type AreaSelector, type CanalsRequest, type CoverageRequest, type FiguresRequest, type Service, type UnservedRequest, type WhatIfRequest,
} from './analysis.schema.js';
import { KG_EXTENT, KNN_CANDIDATES } from './analysis.sql.js';
import * as areaRepo from './area.repo.js';
import { coverageArea, coverageFigures, type CoverageFigures, type CoverageParams, type ProposedFacility } from './coverage.repo.js';
import { MAX_LINK_M, SOURCES, distanceToNetwork, unservedFigures, type ProposedLine, type UnservedFigures, type UnservedParams } from './unserved.repo.js';
import {
  CLASSES, CONDITIONS, DRINKING_WATER_CATEGORY, FUNCTIONING,
  annotationSummary, canalComponents, canalCount, canalEnds, canalInputs, canalLengths, settlementsFarFromCanals,
  type FarFigures, type FarParams, type LengthCell,
} from './canals.repo.js';
import { AREA_NAMES, NOTICES, say, sentence, type ElementKind, type Sentence } from './sentences.js';

type Names = { ky: string | null; ru: string | null; en: string | null };

/** A proposed line within this distance of the existing network counts as starting from it. */
const CONNECT_TOLERANCE_M = 50;
/**
 * The figures summarise connectivity (components, gaps) only up to this many canals in the area unless
 * asked (connectivity=true): the whole synthetic national network (200,000 canals) takes about a minute.
 */
export const FIGURES_CONNECTIVITY_MAX_CANALS = 20_000;

/** The area an answer is about (echoed in every answer). */
export interface AreaInfo {
  source: 'country' | 'project' | 'bbox' | 'polygon' | 'campaign';
  id: string | null;
  title: I18n;
  bbox: [number, number, number, number];
  areaKm2: number | null;
}

interface Scope { info: Omit<AreaInfo, 'bbox' | 'areaKm2'>; geometry: Geometry | null; field: string }

export interface Provenance {
  /** Input rows per provenance class, per input. */
  inputs: Record<string, Record<string, number>>;
  classes: string[];
  datasets: areaRepo.DatasetRow[];
  illustrative: boolean;
  approximate: boolean;
  /** What to print beside the figures (null when every input is real, surveyed data). */
  notices: { id: string; text: I18n }[];
}

const KIND_LABEL = new Map(FACILITY_KINDS.map((k) => [k.value, k.label]));
const kindLabel = (kind: string): I18n => KIND_LABEL.get(kind) ?? { ky: kind, ru: kind, en: kind };
const fill = (n: Names, fallback: string): I18n => {
  const any = n.en ?? n.ru ?? n.ky ?? fallback;
  return { ky: n.ky ?? n.ru ?? any, ru: n.ru ?? n.en ?? any, en: n.en ?? n.ru ?? any };
};
const bboxPolygon = (b: [number, number, number, number]): Geometry => ({
  type: 'Polygon', coordinates: [[[b[0], b[1]], [b[2], b[1]], [b[2], b[3]], [b[0], b[3]], [b[0], b[1]]]],
});

export const METHOD = {
  coverage: {
    en: 'A settlement is covered when the geodesic distance (WGS84 spheroid, metres) from its nearest point — a point settlement itself, or the nearest edge of a settlement outline — to a facility of the kind that is not broken is at most the threshold (distances rounded to 0.1 m). Its whole population then counts as covered. Candidates come from a KNN search on the spatial index; the coverage area is the union of geodesic buffers, drawn for the map only.',
    ru: 'Населённый пункт считается охваченным, если геодезическое расстояние (эллипсоид WGS84, метры) от его ближайшей точки — самой точки или ближайшего края контура — до исправного объекта данного вида (не в аварийном состоянии) не больше порога (с точностью 0,1 м). Тогда охваченным считается всё его население. Кандидаты находятся KNN-поиском по пространственному индексу; зона охвата — объединение геодезических буферов, только для карты.',
    ky: 'Калктуу конуш камтылган деп эсептелет, эгер анын эң жакын чекитинен (чекиттин өзүнөн же контурдун эң жакын четинен) ошол түрдөгү бузулбаган объектке чейинки геодезиялык аралык (WGS84 эллипсоиди, метр) босогодон ашпаса (0,1 м тактык менен). Анда анын бүт калкы камтылган деп эсептелет. Талапкерлер мейкиндик индекси боюнча KNN издөө менен табылат; камтуу аймагы — геодезиялык буферлердин бирикмеси, карта үчүн гана.',
  },
  unserved: {
    en: "Settlements whose service status is 'none' or 'partial' (reported separately). Distance: geodesic, from the settlement's nearest point to the nearest element that could serve it (electricity: an operational power line or a substation that is not broken; water: an operational water main or a water point that is not broken; road: an operational road). Cost = distance in km × an assumed unit cost per km; it covers the link only, not the network inside the settlement.",
    ru: "Населённые пункты со статусом услуги «нет» или «частично» (отдельно). Расстояние — геодезическое, от ближайшей точки пункта до ближайшего элемента сети, который может его обслужить (электричество: действующая линия или исправная подстанция; вода: действующий водопровод или исправная колонка; дорога: действующая дорога). Стоимость = расстояние в км × допущение о цене 1 км; только подводка, без сети внутри пункта.",
    ky: "Кызмат статусу «жок» же «жарым-жартылай» болгон калктуу конуштар (өзүнчө). Аралык — геодезиялык, конуштун эң жакын чекитинен аны тейлей турган эң жакын тармак элементине чейин (электр: иштеп жаткан линия же бузук эмес подстанция; суу: иштеп жаткан суу түтүгү же бузук эмес колонка; жол: иштеп жаткан жол). Нарк = км аралык × 1 км үчүн божомолдуу баа; конуштун ичиндеги тармак кирбейт.",
  },
  canals: {
    en: 'Lengths are geodesic, clipped to the area. Components: ST_ClusterDBSCAN over the canals intersecting the area, in EPSG:3857 with the tolerance scaled by 1/cos(mid-latitude). A dangling end is a line end with no other canal within the tolerance (geodesic); the head of a main canal that no other canal feeds is an intake, not a gap; lines are taken to be drawn in the direction of flow. Functioning canal: condition good or fair.',
    ru: 'Длины геодезические, в пределах территории. Связность: ST_ClusterDBSCAN по каналам, пересекающим территорию, в EPSG:3857 с допуском, умноженным на 1/cos(средней широты). Висячий конец — конец линии, в пределах допуска от которого нет другого канала; начало магистрального канала, которое не питается от другого канала, — водозабор, а не разрыв; линии считаются нарисованными по течению. Действующий канал — в хорошем или удовлетворительном состоянии.',
    ky: 'Узундуктар геодезиялык, аймактын ичинде. Байланыш: аймакты кесип өткөн каналдар боюнча ST_ClusterDBSCAN, EPSG:3857 системасында, чек 1/cos(орточо кеңдик) менен. Асылып калган учу — чек ичинде башка канал жок сызык учу; башка каналдан суу албаган магистралдык каналдын башы — суу алгыч, үзүлүү эмес; сызыктар агым боюнча тартылган деп эсептелет. Иштеп жаткан канал — абалы жакшы же канааттандырарлык.',
  },
} satisfies Record<string, I18n>;

export type CampaignLookup = (viewer: Viewer, id: string) => Promise<{ title: Names; geometry: Geometry }>;

export class AnalysisService {
  private readonly campaigns: CampaignLookup;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly config: AnalysisConfig,
    private readonly projects: Project[],
    campaigns?: CampaignLookup,
  ) {
    // The campaign's visibility rule is the campaigns module's: a campaign the viewer cannot see is a 404.
    this.campaigns = campaigns ?? (async (viewer, id) => {
      const f = await new CampaignsService(db).get(viewer, id);
      return { title: f.properties.title, geometry: f.geometry as Geometry };
    });
  }

  // ---- Plumbing -------------------------------------------------------------------------------

  /** One read-only transaction with a statement timeout (SET LOCAL; the embedded database cannot enforce it). */
  private async run<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
    const ms = this.config.statementTimeoutMs;
    try {
      return await this.db.transaction().setAccessMode('read only').execute(async (trx) => {
        await areaRepo.limitTransaction(trx, ms);
        return fn(trx);
      });
    } catch (err) {
      if (isTimeoutError(err)) {
        throw new HttpProblem('query-timeout',
          `The analysis took longer than ${ms / 1000} s and was stopped. Choose a smaller area (a project, a bbox or a drawn polygon), ` +
          'turn off connectivity for the whole national canal network (connectivity=false), or try again later.',
          { timeoutMs: ms }, { 'Retry-After': '30' });
      }
      throw err;
    }
  }

  private async scope(sel: AreaSelector, viewer: Viewer): Promise<Scope> {
    if (sel.project !== undefined) {
      const p = this.projects.find((x) => x.id === sel.project);
      if (!p) throw invalidParameter(`project: there is no project '${sel.project}'; use one of ${this.projects.map((x) => x.id).join(', ')}`, [{ in: 'query', name: 'project', reason: 'unknown project' }]);
      return { info: { source: 'project', id: p.id, title: p.title }, geometry: bboxPolygon(p.bbox), field: 'project' };
    }
    if (sel.bbox !== undefined) {
      const b = sel.bbox;
      if (b[0] === b[2] || b[1] === b[3]) throw invalidParameter('bbox: the box has no area (minLon = maxLon or minLat = maxLat)', [{ in: 'query', name: 'bbox', reason: 'empty box' }]);
      return { info: { source: 'bbox', id: null, title: AREA_NAMES.selected }, geometry: bboxPolygon(b), field: 'bbox' };
    }
    if (sel.campaign !== undefined) {
      const c = await this.campaigns(viewer, sel.campaign);
      return { info: { source: 'campaign', id: sel.campaign, title: fill(c.title, 'Campaign') }, geometry: c.geometry, field: 'campaign' };
    }
    if (sel.area !== undefined) return { info: { source: 'polygon', id: null, title: AREA_NAMES.selected }, geometry: sel.area as Geometry, field: 'area' };
    return { info: { source: 'country', id: null, title: AREA_NAMES.country }, geometry: null, field: '' };
  }

  /** PostGIS checks the area: valid, not larger than Kyrgyzstan's extent, overlapping it. */
  private async checkArea(db: Kysely<DB>, s: Scope): Promise<AreaInfo> {
    if (!s.geometry) return { ...s.info, bbox: KG_EXTENT, areaKm2: null };
    const f = await areaRepo.areaFacts(db, s.geometry);
    const where = s.field === 'area' ? 'body' : 'query';
    if (!f.valid) {
      throw new HttpProblem('invalid-geometry', `${s.field}: the area is not a valid polygon: ${f.reason}`, { errors: [{ in: where, name: s.field, reason: f.reason }] });
    }
    if (f.areaKm2 > f.maxKm2) {
      const reason = `the area is ${Math.round(f.areaKm2).toLocaleString('en')} km², larger than Kyrgyzstan (its bounding box, the largest area accepted, is ${Math.round(f.maxKm2).toLocaleString('en')} km²); draw a smaller area, or give none for the whole country`;
      throw new HttpProblem('invalid-geometry', `${s.field}: ${reason}`, { errors: [{ in: where, name: s.field, reason }] });
    }
    if (!f.overlapsCountry) {
      const reason = `the area lies outside Kyrgyzstan (lon ${KG_EXTENT[0]}–${KG_EXTENT[2]}, lat ${KG_EXTENT[1]}–${KG_EXTENT[3]}); positions are [longitude, latitude]`;
      throw new HttpProblem('invalid-geometry', `${s.field}: ${reason}`, { errors: [{ in: where, name: s.field, reason }] });
    }
    return { ...s.info, bbox: f.bbox!, areaKm2: f.areaKm2 };
  }

  private async kind(db: Kysely<DB>, kind: string): Promise<areaRepo.KindFacts> {
    const k = await areaRepo.kindFacts(db, kind);
    if (!k) throw invalidParameter(`kind: '${kind}' has no default service radius in this database (facility_kinds); load the demo data or add the kind`, [{ in: 'query', name: 'kind', reason: 'unknown facility kind' }]);
    return k;
  }

  private async provenance(db: Kysely<DB>, inputs: Record<string, Record<string, number>>, datasetIds: Iterable<string>, extra: { unitCost?: boolean; serviceRadius?: boolean } = {}): Promise<Provenance> {
    const classes = [...new Set(Object.values(inputs).flatMap((x) => Object.entries(x).filter(([, n]) => n > 0).map(([k]) => k)))].sort();
    const datasets = await areaRepo.datasetsByIds(db, [...new Set(datasetIds)].sort());
    const notices: Provenance['notices'] = [];
    if (classes.includes('illustrative')) notices.push({ id: 'illustrative', text: NOTICES.illustrative });
    if (classes.includes('placeholder')) notices.push({ id: 'approximate', text: NOTICES.approximate });
    if (extra.unitCost) notices.push({ id: 'unit-cost', text: NOTICES.unitCost });
    if (extra.serviceRadius) notices.push({ id: 'service-radius', text: NOTICES.serviceRadius });
    return { inputs, classes, datasets, illustrative: classes.includes('illustrative'), approximate: classes.includes('placeholder'), notices };
  }

  // ---- Coverage -------------------------------------------------------------------------------

  private coverageParams(k: areaRepo.KindFacts, thresholdM: number | undefined, area: Geometry | null, proposals: ProposedFacility[], limit: number, offset: number): CoverageParams {
    const own = [k.maxServiceRadiusM, ...proposals.map((p) => p.radiusM)].filter((x): x is number => x !== null);
    // Every facility at the kind's default radius: one fixed threshold (cheaper, and the same verdict).
    const fixed = thresholdM ?? (own.length ? null : k.defaultRadiusM);
    return {
      kind: k.kind, defaultRadiusM: k.defaultRadiusM, thresholdM: fixed, maxRadiusM: Math.max(k.defaultRadiusM, ...own),
      area, proposals, limit, offset,
    };
  }

  async coverage(req: CoverageRequest, viewer: Viewer) {
    const s = await this.scope(req, viewer);
    return this.run(async (db) => {
      const area = await this.checkArea(db, s);
      const k = await this.kind(db, req.kind);
      const p = this.coverageParams(k, req.threshold_m, s.geometry, [], req.limit ?? 1000, req.offset ?? 0);
      if (req.settlement !== undefined) p.settlementId = req.settlement;
      const figures = await coverageFigures(db, p);
      if (req.settlement !== undefined && figures.totals.settlements === 0) {
        throw new HttpProblem('not-found', `There is no settlement ${req.settlement}${s.geometry ? ' in this area' : ''}.`);
      }
      const shape = req.geometry === false ? null : await coverageArea(db, p);
      const provenance = await this.provenance(db, { settlements: figures.inputs.settlements, facilities: figures.inputs.facilities }, figures.inputs.datasets, { serviceRadius: req.threshold_m === undefined && /assumption/i.test(k.basis) });
      return {
        analysis: 'coverage' as const,
        area,
        kind: { kind: k.kind, label: kindLabel(k.kind), facilities: k.facilities, brokenFacilitiesIgnored: k.brokenFacilities, defaultRadiusM: k.defaultRadiusM, radiusBasis: k.basis },
        threshold: this.thresholdInfo(req.threshold_m, k, p),
        method: METHOD.coverage,
        totals: figures.totals,
        municipalities: figures.municipalities,
        settlements: { total: figures.totals.settlements, offset: p.offset, limit: p.limit, items: figures.settlements },
        coverage: shape && { type: 'Feature' as const, geometry: shape.geometry, properties: { kind: k.kind, areaKm2: shape.areaKm2, facilities: shape.facilities, clippedToArea: s.geometry !== null } },
        sentences: this.coverageSentences(area, k, p, figures, req.settlement !== undefined, req.threshold_m === undefined),
        provenance,
      };
    });
  }

  private thresholdInfo(requested: number | undefined, k: areaRepo.KindFacts, p: CoverageParams) {
    return requested !== undefined
      ? { mode: 'request' as const, metres: requested }
      : p.thresholdM !== null
        ? { mode: 'kind-default' as const, metres: p.thresholdM }
        : { mode: 'per-facility' as const, metres: null, note: `each facility's service_radius_m, else ${k.defaultRadiusM} m` };
  }

  private coverageSentences(area: AreaInfo, k: areaRepo.KindFacts, p: CoverageParams, f: CoverageFigures, oneSettlement: boolean, radiusAssumed: boolean): Sentence[] {
    const assumptions = radiusAssumed && /assumption/i.test(k.basis) ? ['service-radius'] : [];
    const out: Sentence[] = [];
    const provenance = [...Object.keys(f.inputs.settlements), ...Object.keys(f.inputs.facilities)];
    if (!oneSettlement && f.totals.settlements > 0) {
      out.push(sentence(`coverage.${k.kind}`, 'coverage', say('coverage', {
        area: area.title, kind: kindLabel(k.kind), radiusM: p.thresholdM,
        coveredPopulation: f.totals.covered.population, notCoveredPopulation: f.totals.notCovered.population,
        notCoveredSettlements: f.totals.notCovered.settlements, populationUnknown: f.totals.populationUnknown,
      }), {
        kind: k.kind, radiusM: p.thresholdM, coveredPopulation: f.totals.covered.population, notCoveredPopulation: f.totals.notCovered.population,
        notCoveredSettlements: f.totals.notCovered.settlements, populationUnknown: f.totals.populationUnknown,
      }, provenance, f.inputs.datasets, assumptions));
    }
    if (oneSettlement) {
      for (const s of f.settlements) {
        const name = fill(s.names, `#${s.id}`);
        out.push(sentence(`coverage.${k.kind}.settlement.${s.id}`, 'coverage', say('settlementCoverage', {
          name, kind: kindLabel(k.kind), facility: s.nearest ? fill(s.nearest.names, '') : null,
          distanceM: s.nearest ? s.distanceM : null, radiusM: s.nearest?.radiusM ?? p.thresholdM ?? k.defaultRadiusM, covered: s.covered,
        }), { settlement: s.id, covered: s.covered, distanceM: s.distanceM, radiusM: s.nearest?.radiusM ?? null, population: s.population },
        [s.provenance, s.nearest?.provenance ?? ''], [s.datasetId, s.nearest?.datasetId ?? ''], assumptions));
      }
    }
    return out;
  }

  // ---- Unserved -------------------------------------------------------------------------------

  private unservedParams(service: Service, area: Geometry | null, proposals: ProposedLine[], limit: number, offset: number): UnservedParams {
    return { service, area, proposals, costPerKm: this.config.costPerKm[service], limit, offset };
  }

  private serviceBlock(service: Service, f: UnservedFigures) {
    return {
      service,
      sources: SOURCES[service].map((x) => ({ element: x.element, layer: x.layer })),
      unitCostPerKm: this.config.costPerKm[service],
      currency: this.config.currency,
      maxLinkM: MAX_LINK_M,
      statusCounts: f.statusCounts,
      none: f.none,
      partial: f.partial,
      settlements: f.settlements.map((s) => ({ ...s, cost: s.cost === null ? null : { amount: s.cost, currency: this.config.currency, assumption: true } })),
    };
  }

  async unserved(req: UnservedRequest, viewer: Viewer) {
    const s = await this.scope(req, viewer);
    return this.run(async (db) => {
      const area = await this.checkArea(db, s);
      const services = req.service ?? [...SERVICES];
      const blocks: Record<string, ReturnType<AnalysisService['serviceBlock']>> = {};
      const sentences: Sentence[] = [];
      const inputs: Record<string, Record<string, number>> = {};
      const datasets: string[] = [];
      for (const service of services) {
        const f = await unservedFigures(db, this.unservedParams(service, s.geometry, [], req.limit ?? 200, req.offset ?? 0));
        blocks[service] = this.serviceBlock(service, f);
        sentences.push(...this.serviceSentences(area, service, f, 3));
        inputs[`${service}.settlements`] = f.inputs.settlements;
        inputs[`${service}.network`] = f.inputs.elements;
        datasets.push(...f.inputs.datasets);
      }
      return {
        analysis: 'unserved' as const,
        area,
        method: METHOD.unserved,
        costAssumptions: { currency: this.config.currency, perKm: this.config.costPerKm, note: NOTICES.unitCost },
        services: blocks,
        sentences,
        provenance: await this.provenance(db, inputs, datasets, { unitCost: true }),
      };
    });
  }

  private serviceSentences(area: AreaInfo, service: Service, f: UnservedFigures, top: number): Sentence[] {
    const out: Sentence[] = [];
    if (f.none.settlements || f.partial.settlements) {
      out.push(sentence(`service.${service}`, 'service', say('serviceTotals', {
        area: area.title, service, currency: this.config.currency,
        none: { settlements: f.none.settlements, population: f.none.population, households: f.none.households, cost: f.none.cost, outOfRange: f.none.outOfRange },
        partial: { settlements: f.partial.settlements, population: f.partial.population },
      }), {
        service, settlementsNone: f.none.settlements, populationNone: f.none.population, householdsNone: f.none.households, costNone: f.none.cost,
        settlementsPartial: f.partial.settlements, populationPartial: f.partial.population, currency: this.config.currency,
      }, [...Object.keys(f.inputs.settlements), ...Object.keys(f.inputs.elements)], f.inputs.datasets, f.none.settlements ? ['unit-cost'] : []));
    }
    for (const st of f.settlements.slice(0, top)) out.push(this.settlementGapSentence(service, st));
    return out;
  }

  private settlementGapSentence(service: Service, st: UnservedFigures['settlements'][number]): Sentence {
    const n = st.nearest;
    const elementKind: ElementKind | null = n ? (n.element as ElementKind) : null;
    return sentence(`service.${service}.settlement.${st.id}`, 'service', say('settlementGap', {
      name: fill(st.names, `#${st.id}`), service, status: st.status, maxLinkM: MAX_LINK_M, population: st.population, households: st.households,
      element: elementKind, voltageKv: n?.voltageKv ?? null, distanceM: n?.distanceM ?? null,
      cost: st.cost, currency: this.config.currency, unitCost: this.config.costPerKm[service],
    }), {
      settlement: st.id, service, status: st.status, population: st.population, households: st.households,
      element: n?.element ?? null, elementId: n?.id ?? null, voltageKv: n?.voltageKv ?? null, distanceM: n?.distanceM ?? null,
      cost: st.cost, currency: this.config.currency,
    }, [st.provenance, n?.provenance ?? ''], [st.datasetId, n?.datasetId ?? ''], st.cost !== null && st.status === 'none' ? ['unit-cost'] : []);
  }

  // ---- Canals ---------------------------------------------------------------------------------

  private lengths(cells: LengthCell[]) {
    const find = (cls: string | null, cond: string | null) => cells.find((c) => c.class === cls && c.condition === cond);
    const cell = (cls: string | null, cond: string | null) => { const c = find(cls, cond); return { segments: c?.segments ?? 0, km: c?.km ?? 0 }; };
    return {
      total: cell(null, null),
      byCondition: CONDITIONS.map((condition) => ({ condition, ...cell(null, condition) })),
      byClass: CLASSES.map((cls) => ({ class: cls, ...cell(cls, null), byCondition: CONDITIONS.map((condition) => ({ condition, ...cell(cls, condition) })) })),
    };
  }

  async canals(req: CanalsRequest, viewer: Viewer) {
    const s = await this.scope(req, viewer);
    return this.run(async (db) => {
      const area = await this.checkArea(db, s);
      return this.canalsIn(db, area, s.geometry, req, []);
    });
  }

  private async canalsIn(db: Kysely<DB>, area: AreaInfo, geometry: Geometry | null, req: CanalsRequest, repairedIds: number[]) {
    const tol = req.tolerance_m ?? DEFAULT_TOLERANCE_M;
    const thr = req.settlement_threshold_m ?? DEFAULT_CANAL_DISTANCE_M;
    const limit = req.limit ?? 200;
    const connectivity = req.connectivity !== false;
    const lengths = this.lengths(await canalLengths(db, { area: geometry, repairedIds }));
    const components = connectivity ? await canalComponents(db, { area: geometry, toleranceM: tol, limit }) : null;
    const ends = connectivity ? await canalEnds(db, { area: geometry, toleranceM: tol, limit }) : null;
    const far = await settlementsFarFromCanals(db, { area: geometry, thresholdM: thr, repairedIds, limit });
    const annotations = await this.annotations(db, geometry);
    const canalProv = await canalInputs(db, { area: geometry });
    const badKm = lengths.byCondition.filter((c) => c.condition === 'poor' || c.condition === 'broken').reduce((a, c) => a + c.km, 0);
    const sentences: Sentence[] = [];
    const canalClasses = Object.keys(canalProv.canals);
    if (lengths.total.segments > 0) {
      sentences.push(sentence('canals.condition', 'canals', say('canals', {
        area: area.title, totalKm: lengths.total.km, badKm, toleranceM: tol,
        gaps: ends ? ends.dangling.gaps : null, withoutMainSegments: components ? components.withoutMain.segments : null,
      }), { totalKm: lengths.total.km, poorOrBrokenKm: Math.round(badKm * 1000) / 1000, gaps: ends?.dangling.gaps ?? null, withoutMainSegments: components?.withoutMain.segments ?? null, toleranceM: tol },
      canalClasses, canalProv.datasets));
      sentences.push(sentence('canals.far', 'canals', say('far', { thresholdM: thr, settlements: far.far.settlements, population: far.far.population }),
        { thresholdM: thr, settlements: far.far.settlements, population: far.far.population },
        [...canalClasses, ...Object.keys(far.inputs.settlements)], [...canalProv.datasets, ...far.inputs.datasets]));
    }
    if (annotations.available && annotations.count > 0) {
      sentences.push(sentence('annotations.drinking_water_irrigation', 'annotations', say('annotations', annotations.count, annotations.affectedPeople),
        { count: annotations.count, affectedPeople: annotations.affectedPeople }, ['real'], []));
    }
    return {
      analysis: 'canals' as const,
      area,
      parameters: { toleranceM: tol, settlementThresholdM: thr, functioning: FUNCTIONING, connectivity, repairedIds },
      method: METHOD.canals,
      length: lengths,
      connectivity: components && ends ? {
        toleranceM: tol,
        epsMercator: components.epsMercator,
        components: { count: components.count, withoutMain: components.withoutMain, items: components.list },
        unconnectedSegments: components.unconnected,
        intakes: { count: ends.intakeCount, items: ends.intakes },
        danglingEnds: { total: ends.dangling.total, gaps: ends.dangling.gaps, tails: ends.dangling.tails, items: ends.dangling.list },
      } : null,
      settlementsFarFromCanal: { thresholdM: thr, settlements: far.settlements, far: far.far, near: far.near, noFunctioningCanal: far.noFunctioningCanal, items: far.list },
      annotations,
      sentences,
      provenance: await this.provenance(db, { canals: canalProv.canals, settlements: far.inputs.settlements }, [...canalProv.datasets, ...far.inputs.datasets]),
    };
  }

  private async annotations(db: Kysely<DB>, geometry: Geometry | null) {
    const category = DRINKING_WATER_CATEGORY;
    if (!(await areaRepo.tableExists(db, 'annotations'))) {
      return { available: false as const, category, reason: 'The annotations table does not exist yet (migration 0003 not applied).', count: 0, affectedPeople: 0, affectedHouseholds: 0, byStatus: {}, bySeverity: {} };
    }
    return { available: true as const, category, rule: 'public annotations only: past the draft stage, not deleted (server/src/access/visibility.ts)', ...(await annotationSummary(db, { area: geometry, category })) };
  }

  // ---- Figures --------------------------------------------------------------------------------

  async figures(req: FiguresRequest, viewer: Viewer) {
    const s = await this.scope(req, viewer);
    return this.run(async (db) => {
      const area = await this.checkArea(db, s);
      const pop = await areaRepo.areaPopulation(db, s.geometry);
      const kinds = req.kinds ?? (await areaRepo.kindsWithFacilities(db));
      const coverage = [];
      const sentences: Sentence[] = [];
      const inputs: Record<string, Record<string, number>> = { settlements: pop.provenance };
      const datasets = [...pop.datasets];
      let radiusAssumed = false;
      for (const kind of kinds) {
        const k = await this.kind(db, kind);
        const p = this.coverageParams(k, undefined, s.geometry, [], 0, 0);
        const f = await coverageFigures(db, p);
        coverage.push({ kind, label: kindLabel(kind), radiusM: p.thresholdM, radiusBasis: k.basis, facilities: k.facilities, covered: f.totals.covered, notCovered: f.totals.notCovered, populationUnknown: f.totals.populationUnknown });
        if (f.totals.notCovered.settlements > 0) sentences.push(...this.coverageSentences(area, k, p, f, false, true));
        inputs[`coverage.${kind}.facilities`] = f.inputs.facilities;
        datasets.push(...f.inputs.datasets);
        radiusAssumed ||= /assumption/i.test(k.basis);
      }
      const services: Record<string, unknown> = {};
      for (const service of SERVICES) {
        const f = await unservedFigures(db, this.unservedParams(service, s.geometry, [], 3, 0));
        const b = this.serviceBlock(service, f);
        services[service] = { statusCounts: b.statusCounts, none: b.none, partial: b.partial, unitCostPerKm: b.unitCostPerKm, currency: b.currency, top: b.settlements };
        sentences.push(...this.serviceSentences(area, service, f, 1));
        inputs[`${service}.network`] = f.inputs.elements;
        datasets.push(...f.inputs.datasets);
      }
      const canalsInArea = req.connectivity === undefined ? await canalCount(db, s.geometry) : null;
      const connectivity = req.connectivity ?? (canalsInArea! <= FIGURES_CONNECTIVITY_MAX_CANALS);
      const canals = await this.canalsIn(db, area, s.geometry, { tolerance_m: req.tolerance_m, settlement_threshold_m: req.settlement_threshold_m, connectivity, limit: 0 }, []);
      sentences.push(...canals.sentences);
      Object.assign(inputs, { canals: canals.provenance.inputs.canals ?? {} });
      datasets.push(...canals.provenance.datasets.map((d) => d.id));
      // Order for a slide: services first (the gaps people live with), then coverage, canals, reports.
      const order = { service: 0, coverage: 1, canals: 2, annotations: 3, area: 4, 'what-if': 5 } as const;
      sentences.sort((a, b) => order[a.topic] - order[b.topic]);
      return {
        analysis: 'figures' as const,
        area,
        population: { settlements: pop.settlements, population: pop.population, households: pop.households, populationUnknown: pop.populationUnknown },
        services,
        coverage,
        canals: {
          length: canals.length,
          poorOrBrokenKm: Math.round(canals.length.byCondition.filter((c) => c.condition === 'poor' || c.condition === 'broken').reduce((a, c) => a + c.km, 0) * 1000) / 1000,
          connectivitySkipped: connectivity ? null : {
            canals: canalsInArea, limit: FIGURES_CONNECTIVITY_MAX_CANALS,
            reason: req.connectivity === false ? 'connectivity=false' : `${canalsInArea} canals in the area (more than ${FIGURES_CONNECTIVITY_MAX_CANALS}): ask /api/analysis/canals for a smaller area, or connectivity=true`,
          },
          connectivity: canals.connectivity && {
            toleranceM: canals.connectivity.toleranceM, components: canals.connectivity.components.count,
            componentsWithoutMain: canals.connectivity.components.withoutMain, intakes: canals.connectivity.intakes.count,
            gaps: canals.connectivity.danglingEnds.gaps, tails: canals.connectivity.danglingEnds.tails,
          },
          settlementsFarFromCanal: { thresholdM: canals.settlementsFarFromCanal.thresholdM, far: canals.settlementsFarFromCanal.far, noFunctioningCanal: canals.settlementsFarFromCanal.noFunctioningCanal },
        },
        annotations: canals.annotations,
        costAssumptions: { currency: this.config.currency, perKm: this.config.costPerKm, note: NOTICES.unitCost },
        sentences,
        provenance: await this.provenance(db, inputs, datasets, { unitCost: true, serviceRadius: radiusAssumed }),
      };
    });
  }

  // ---- What-if --------------------------------------------------------------------------------

  async whatIf(req: WhatIfRequest, viewer: Viewer) {
    const s = await this.scope(req, viewer);
    const proposal = req.proposal;
    return this.run(async (db) => {
      const area = await this.checkArea(db, s);
      if (proposal.type === 'facility') return this.whatIfFacility(db, area, s.geometry, req, proposal);
      if (proposal.type === 'network') return this.whatIfNetwork(db, area, s.geometry, req, proposal);
      return this.whatIfRepair(db, area, s.geometry, req, proposal);
    });
  }

  private async whatIfFacility(db: Kysely<DB>, area: AreaInfo, geometry: Geometry | null, req: WhatIfRequest, proposal: Extract<WhatIfRequest['proposal'], { type: 'facility' }>) {
    const k = await this.kind(db, proposal.kind);
    const prop: ProposedFacility = { id: -1, geometry: proposal.geometry as Geometry, radiusM: proposal.service_radius_m ?? null, name: proposal.name ?? null };
    const limit = req.limit ?? 200;
    const after = await coverageFigures(db, { ...this.coverageParams(k, req.threshold_m, geometry, [prop], 25_000, 0), list: { proposedNearest: true } });
    const ids = after.settlements.map((x) => x.id);
    const before = await coverageFigures(db, { ...this.coverageParams(k, req.threshold_m, geometry, [], 25_000, 0), list: { ids } });
    const was = new Map(before.settlements.map((x) => [x.id, x]));
    const changed = after.settlements
      .map((a) => ({ a, b: was.get(a.id) }))
      .filter(({ a, b }) => a.covered && b && !b.covered)
      .map(({ a, b }) => ({ id: a.id, names: a.names, population: a.population, households: a.households, provenance: a.provenance, center: a.center, distanceM: a.distanceM, before: { covered: false, distanceM: b!.distanceM }, after: { covered: true, distanceM: a.distanceM } }));
    const closer = after.settlements.filter((a) => { const b = was.get(a.id); return b && a.distanceM !== null && (b.distanceM === null || a.distanceM < b.distanceM); }).length;
    const delta = {
      coveredSettlements: after.totals.covered.settlements - before.totals.covered.settlements,
      coveredPopulation: after.totals.covered.population - before.totals.covered.population,
      coveredHouseholds: after.totals.covered.households - before.totals.covered.households,
      settlementsCloser: closer,
    };
    const radiusM = req.threshold_m ?? proposal.service_radius_m ?? k.defaultRadiusM;
    const label = kindLabel(k.kind);
    const text = say('whatIfFacility', { kind: label, radiusM, residents: delta.coveredPopulation, settlements: delta.coveredSettlements });
    const prov = [...changed.map((c) => c.provenance), 'proposed'];
    const assumptions = req.threshold_m === undefined && proposal.service_radius_m === undefined && /assumption/i.test(k.basis) ? ['service-radius'] : [];
    return {
      analysis: 'what-if' as const,
      area,
      proposal: { ...proposal, radiusM, saved: false },
      basedOn: 'coverage' as const,
      threshold: this.thresholdInfo(req.threshold_m, k, this.coverageParams(k, req.threshold_m, geometry, [prop], 0, 0)),
      before: { totals: before.totals },
      after: { totals: after.totals },
      change: delta,
      changedSettlements: { total: changed.length, items: changed.slice(0, limit) },
      sentences: [sentence(`what-if.facility.${k.kind}`, 'what-if', text, { kind: k.kind, radiusM, residents: delta.coveredPopulation, households: delta.coveredHouseholds, settlements: delta.coveredSettlements }, prov, after.inputs.datasets, assumptions)],
      provenance: await this.provenance(db, { settlements: after.inputs.settlements, facilities: after.inputs.facilities }, after.inputs.datasets, { serviceRadius: assumptions.length > 0 }),
    };
  }

  private async whatIfNetwork(db: Kysely<DB>, area: AreaInfo, geometry: Geometry | null, req: WhatIfRequest, proposal: Extract<WhatIfRequest['proposal'], { type: 'network' }>) {
    const line = await areaRepo.lineFacts(db, proposal.geometry as Geometry);
    if (!line.valid) throw new HttpProblem('invalid-geometry', `proposal.geometry: the line is not valid: ${line.reason}`, { errors: [{ in: 'body', name: 'proposal.geometry', reason: line.reason }] });
    if (line.lengthM > 200_000) throw invalidParameter(`proposal.geometry: the line is ${Math.round(line.lengthM / 1000)} km long; at most 200 km`, [{ in: 'body', name: 'proposal.geometry', reason: 'too long' }]);
    const service = proposal.service;
    const network = await distanceToNetwork(db, service, proposal.geometry as Geometry);
    const prop: ProposedLine = { service, geometry: proposal.geometry as Geometry, voltageKv: service === 'electricity' ? proposal.voltage_kv ?? null : null, name: proposal.name ?? null };
    const after = await unservedFigures(db, { ...this.unservedParams(service, geometry, [prop], 25_000, 0), list: { proposedNearest: true } });
    const ids = after.settlements.map((x) => x.id);
    const before = await unservedFigures(db, { ...this.unservedParams(service, geometry, [], 25_000, 0), list: { ids } });
    const was = new Map(before.settlements.map((x) => [x.id, x]));
    const changed = after.settlements.map((a) => {
      const b = was.get(a.id)!;
      return {
        id: a.id, names: a.names, status: a.status, population: a.population, households: a.households, provenance: a.provenance, center: a.center,
        before: { distanceM: b?.nearest?.distanceM ?? null, element: b?.nearest?.element ?? null, cost: b?.cost ?? null },
        after: { distanceM: a.nearest?.distanceM ?? null, element: 'proposed' as const, cost: a.cost },
      };
    }).sort((x, y) => ((y.before.distanceM ?? Infinity) - (y.after.distanceM ?? 0)) - ((x.before.distanceM ?? Infinity) - (x.after.distanceM ?? 0)) || x.id - y.id);
    const lineCost = Math.round((line.lengthM / 1000) * this.config.costPerKm[service]);
    // Totals always cover every settlement in the area, whatever the listing filter.
    const totalBefore = before.none.cost + before.partial.cost;
    const costAfterAll = after.none.cost + after.partial.cost;
    const top = changed.find((c) => c.status === 'none') ?? changed[0];
    const element: ElementKind = service === 'electricity' ? 'power_line' : service === 'water' ? 'water_main' : 'road';
    const text = say('whatIfNetwork', {
      lengthM: line.lengthM, element, voltageKv: prop.voltageKv, name: top ? fill(top.names, `#${top.id}`) : null, population: top?.population ?? null,
      beforeM: top?.before.distanceM ?? null, afterM: top?.after.distanceM ?? 0, costBefore: totalBefore, costAfter: costAfterAll, lineCost,
      currency: this.config.currency, improved: changed.length,
    });
    return {
      analysis: 'what-if' as const,
      area,
      proposal: {
        ...proposal, lengthM: line.lengthM,
        // An extension should start from the existing network; if it does not, the link to it is extra.
        existingNetwork: network && { ...network, touches: network.distanceM <= CONNECT_TOLERANCE_M, toleranceM: CONNECT_TOLERANCE_M },
        lineCost: { amount: lineCost, currency: this.config.currency, unitCostPerKm: this.config.costPerKm[service], assumption: true }, saved: false },
      basedOn: 'unserved' as const,
      before: { none: before.none, partial: before.partial, linkCost: totalBefore },
      after: { none: after.none, partial: after.partial, linkCost: costAfterAll },
      change: { settlementsCloser: changed.length, linkCost: costAfterAll - totalBefore, lineCost, net: costAfterAll + lineCost - totalBefore },
      changedSettlements: { total: changed.length, items: changed.slice(0, req.limit ?? 200) },
      sentences: [sentence(`what-if.network.${service}`, 'what-if', text, {
        service, lengthM: line.lengthM, settlementsCloser: changed.length, settlement: top?.id ?? null, beforeM: top?.before.distanceM ?? null, afterM: top?.after.distanceM ?? null,
        costBefore: totalBefore, costAfter: costAfterAll, lineCost, currency: this.config.currency,
      }, [...changed.map((c) => c.provenance), 'proposed'], after.inputs.datasets, ['unit-cost'])],
      provenance: await this.provenance(db, { settlements: after.inputs.settlements, network: before.inputs.elements }, [...after.inputs.datasets, ...before.inputs.datasets], { unitCost: true }),
    };
  }

  private async whatIfRepair(db: Kysely<DB>, area: AreaInfo, geometry: Geometry | null, req: WhatIfRequest, proposal: Extract<WhatIfRequest['proposal'], { type: 'canal_repair' }>) {
    const ids = [...new Set(proposal.canal_ids)].sort((a, b) => a - b);
    const facts = await areaRepo.repairFacts(db, ids);
    if (facts.missing.length) throw invalidParameter(`proposal.canal_ids: no canal with id ${facts.missing.join(', ')}`, [{ in: 'body', name: 'proposal.canal_ids', reason: `unknown canal ids ${facts.missing.join(', ')}` }]);
    const thr = req.settlement_threshold_m ?? DEFAULT_CANAL_DISTANCE_M;
    const base: FarParams = { area: geometry, thresholdM: thr, repairedIds: [], limit: 25_000 };
    const after = await settlementsFarFromCanals(db, { ...base, repairedIds: ids, list: { proposedNearest: true } });
    const before = await settlementsFarFromCanals(db, { ...base, list: { ids: after.list.map((x) => x.id) } });
    const was = new Map(before.list.map((x) => [x.id, x]));
    const changed = after.list
      .filter((a) => { const b = was.get(a.id); const farB = !b || b.distanceM === null || b.distanceM > thr; const farA = a.distanceM === null || a.distanceM > thr; return farB && !farA; })
      .map((a) => ({ id: a.id, names: a.names, population: a.population, households: a.households, irrigation: a.irrigation, provenance: a.provenance, center: a.center, before: { distanceM: was.get(a.id)?.distanceM ?? null }, after: { distanceM: a.distanceM, canal: a.nearestCanal?.id ?? null } }));
    const lengthsBefore = this.lengths(await canalLengths(db, { area: geometry, repairedIds: [] }));
    const lengthsAfter = this.lengths(await canalLengths(db, { area: geometry, repairedIds: ids }));
    const delta = { settlements: after.far.settlements - before.far.settlements, population: after.far.population - before.far.population, households: after.far.households - before.far.households };
    const text = say('whatIfRepair', { canals: ids.length, km: facts.km, thresholdM: thr, settlements: -delta.settlements, population: -delta.population });
    return {
      analysis: 'what-if' as const,
      area,
      proposal: { ...proposal, canal_ids: ids, km: facts.km, saved: false },
      basedOn: 'canals' as const,
      parameters: { settlementThresholdM: thr, functioning: FUNCTIONING },
      before: { length: lengthsBefore, settlementsFarFromCanal: before.far },
      after: { length: lengthsAfter, settlementsFarFromCanal: after.far },
      change: { farSettlements: delta.settlements, farPopulation: delta.population, farHouseholds: delta.households },
      changedSettlements: { total: changed.length, items: changed.slice(0, req.limit ?? 200) },
      sentences: [sentence('what-if.canal_repair', 'what-if', text, { canals: ids.length, km: facts.km, thresholdM: thr, settlements: -delta.settlements, population: -delta.population },
        [...facts.provenance, ...changed.map((c) => c.provenance)], [...facts.datasets, ...after.inputs.datasets])],
      provenance: await this.provenance(db, { canals: Object.fromEntries(facts.provenance.map((p) => [p, 1])), settlements: after.inputs.settlements }, [...facts.datasets, ...after.inputs.datasets]),
    };
  }

  // ---- Index ------------------------------------------------------------------------------------

  /** What the analysis offers and assumes (for a panel's settings and an export's footnotes). */
  async describe() {
    const kinds = await areaRepo.listKinds(this.db);
    return {
      endpoints: {
        coverage: '/api/analysis/coverage', unserved: '/api/analysis/unserved', canals: '/api/analysis/canals',
        figures: '/api/analysis/figures', whatIf: '/api/analysis/what-if',
      },
      kinds: kinds.map((k) => ({ kind: k.kind, label: kindLabel(k.kind), defaultRadiusM: Number(k.default_service_radius_m), radiusBasis: k.radius_basis })),
      services: SERVICES.map((s) => ({ service: s, sources: SOURCES[s].map((x) => ({ element: x.element, layer: x.layer })), unitCostPerKm: this.config.costPerKm[s] })),
      costAssumptions: { currency: this.config.currency, perKm: this.config.costPerKm, note: NOTICES.unitCost },
      defaults: { toleranceM: DEFAULT_TOLERANCE_M, settlementThresholdM: DEFAULT_CANAL_DISTANCE_M, knnCandidates: KNN_CANDIDATES, statementTimeoutMs: this.config.statementTimeoutMs },
      method: METHOD,
      notices: NOTICES,
      projects: this.projects.map((p) => ({ id: p.id, title: p.title, bbox: p.bbox })),
    };
  }
}

