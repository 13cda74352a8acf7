// The Budget tab's state: which documents (a demo project's, or all the reader may see), the chosen
// municipality (or all of them side by side) / fiscal year / phase, the sector and measure the map and table use, the selected
// village, the lines shown (a figure's lines), and one loadable answer each for the list, the document,
// its analysis and the what-if allocation. The answers are exactly what /api/budgets/* said.
import { budgetsApi, type BudgetAnalysis, type BudgetDocument, type BudgetDocumentDetail, type BudgetList, type BudgetWhatIf, type Measure, type Phase, type Sector } from '../api/budgets.ts';
import { nameOf, Slot } from './analysis.svelte.ts';

/** The demo projects whose campaign holds budget documents (projects.json ids): GET /api/budgets?project=. */
export const BUDGET_PROJECTS = ['ak-dobo-budget', 'nookat-budgets'] as const;
const PHASE_ORDER = ['proposed', 'approved', 'revised', 'executed'];
export type SectorChoice = Sector | 'all';
/** The lines shown in the line list: all of the document's, or those behind one figure. */
export interface LineFilter { ids: number[]; label: string }

/** The municipality choice that compares every municipality of the documents (e.g. Nookat's three ayil aymaks, nine villages). */
export const ALL = '*';

export class BudgetsState {
  /** '' = every document the reader may see; else a project id of BUDGET_PROJECTS. */
  project = $state<string>('');
  /** A municipality, or ALL to compare them side by side (same year and phase). */
  municipality = $state<string>('');
  year = $state<number | null>(null);
  phase = $state<Phase | ''>('');
  sector = $state<SectorChoice>('all');
  measure = $state<Measure>('spending_per_resident');
  /** The village chosen in the table or on the map (settlement id). */
  selected = $state<number | null>(null);
  lineFilter = $state.raw<LineFilter | null>(null);
  importOpen = $state(false);
  /** Bumped after a change to the document (a line added or corrected): the analysis is asked again. */
  generation = $state(0);

  list = new Slot<BudgetList>();
  detail = new Slot<BudgetDocumentDetail>();
  /** The analyses of the chosen documents (one, or one per municipality when comparing). */
  analyses = new Slot<BudgetAnalysis[]>();
  whatIf = new Slot<BudgetWhatIf>();

  get documents(): BudgetDocument[] { return this.list.data?.documents ?? []; }
  get municipalities(): string[] { return [...new Set(this.documents.map((d) => d.municipality))].sort(); }
  /** A municipality's name in the reader's language (the documents carry it), else its key. */
  municipalityLabel(m: string): string {
    const d = this.documents.find((x) => x.municipality === m);
    return nameOf(d?.municipalityNames, m);
  }
  get multi(): boolean { return this.municipality === ALL; }
  private inScope(d: BudgetDocument) { return this.multi || d.municipality === this.municipality; }
  get years(): number[] { return [...new Set(this.documents.filter((d) => this.inScope(d)).map((d) => d.fiscalYear))].sort((a, b) => b - a); }
  /** The phases loaded for the chosen municipality (or any of them) and year, in the order of the budget cycle. */
  get phases(): Phase[] {
    return [...new Set(this.documents.filter((d) => this.inScope(d) && d.fiscalYear === this.year).map((d) => d.phase))]
      .sort((a, b) => PHASE_ORDER.indexOf(a) - PHASE_ORDER.indexOf(b));
  }
  /** The chosen documents: one per municipality in scope that has the year and phase (published before a draft). */
  get chosen(): BudgetDocument[] {
    const out: BudgetDocument[] = [];
    for (const m of this.multi ? this.municipalities : [this.municipality]) {
      const ds = this.documents.filter((d) => d.municipality === m && d.fiscalYear === this.year && d.phase === this.phase);
      const d = ds.find((x) => x.status === 'published') ?? ds[0];
      if (d) out.push(d);
    }
    return out;
  }
  /** The one document (lines, what-if), when one is chosen (or comparing finds only one for the year and phase). */
  get document(): BudgetDocument | null { const c = this.chosen; return c.length === 1 ? c[0]! : null; }
  get documentId(): string { return this.document?.id ?? ''; }

  /** A project opened elsewhere (the Projects tab): a budget project becomes the Budget tab's choice. */
  fromProject(id: string) {
    if ((BUDGET_PROJECTS as readonly string[]).includes(id) && id !== this.project) { this.project = id; this.clearChoice(); }
  }

  setProject(id: string) { this.project = id; this.clearChoice(); void this.loadList(); }

  private clearChoice() { this.municipality = ''; this.year = null; this.phase = ''; this.selected = null; this.lineFilter = null; this.whatIf.reset(); }

  async loadList(force = false) {
    const project = this.project;
    await this.list.run(`list:${project}`, (signal) => budgetsApi.list(project ? { project } : {}, signal), force);
    this.pickDefaults();
  }

  /** Keep a valid choice: a project's municipalities side by side when it has several (else the first), the latest year, and its plan (revised, else approved, else the first phase). */
  pickDefaults() {
    if (!this.documents.length) { this.municipality = ''; this.year = null; this.phase = ''; return; }
    if (this.municipality === ALL && this.municipalities.length < 2) this.municipality = '';
    if (this.municipality !== ALL && !this.municipalities.includes(this.municipality)) this.municipality = this.project && this.municipalities.length > 1 ? ALL : this.municipalities[0]!;
    if (this.year === null || !this.years.includes(this.year)) this.year = this.years[0] ?? null;
    if (!this.phase || !this.phases.includes(this.phase)) {
      const p = this.phases;
      this.phase = p.includes('revised') ? 'revised' : p.includes('approved') ? 'approved' : p[0] ?? '';
    }
  }

  choose(p: { municipality?: string; year?: number; phase?: Phase }) {
    if (p.municipality !== undefined) this.municipality = p.municipality;
    if (p.year !== undefined) this.year = p.year;
    if (p.phase !== undefined) this.phase = p.phase;
    this.selected = null; this.lineFilter = null; this.whatIf.reset();
    this.pickDefaults();
  }

  async loadDocument(force = false) {
    const ids = this.chosen.map((d) => d.id);
    const one = this.documentId;
    if (!ids.length) { this.detail.reset(); this.analyses.reset(); return; }
    const g = this.generation;
    await Promise.all([
      one ? this.detail.run(`${one}:${g}`, (signal) => budgetsApi.get(one, signal), force) : Promise.resolve(this.detail.reset()),
      this.analyses.run(`${ids.join(',')}:${g}`, (signal) => Promise.all(ids.map((id) => budgetsApi.analysis(id, {}, signal))), force),
    ]);
  }

  /** After a hand edit: the document and its analysis again, and the list (totals changed). */
  async changed() {
    this.generation++;
    await Promise.all([this.loadDocument(), this.list.run(`list:${this.project}:${this.generation}`, (signal) => budgetsApi.list(this.project ? { project: this.project } : {}, signal))]);
  }

  async runWhatIf(body: { amount: number; sector?: Sector; weights: { population: number; unserved: number; contributions: number } }) {
    const id = this.documentId;
    if (!id) return;
    await this.whatIf.run(`${id}:${JSON.stringify(body)}`, (signal) => budgetsApi.whatIf(id, body, signal), true);
  }

  /** Show the lines behind a figure (every figure links to its lines); comparing, the figure's municipality is chosen first. */
  showLines(ids: number[], label: string, municipality?: string) {
    if (this.multi && municipality) { const sel = this.selected; this.choose({ municipality }); this.selected = sel; }
    this.lineFilter = { ids: [...ids], label };
  }
}

export const budgets = new BudgetsState();
