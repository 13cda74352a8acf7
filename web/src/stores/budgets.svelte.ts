// The Budget tab's state: which documents (a demo project's, or all the reader may see), the chosen
// municipality / fiscal year / phase, the sector and measure the map and table use, the selected
// village, the lines shown (a figure's lines), and one loadable answer each for the list, the document,
// its analysis and the what-if allocation. The answers are exactly what /api/budgets/* said.
import { budgetsApi, type BudgetAnalysis, type BudgetDocument, type BudgetDocumentDetail, type BudgetList, type BudgetWhatIf, type Measure, type Sector } from '../api/budgets.ts';
import { Slot } from './analysis.svelte.ts';

/** The demo projects whose campaign holds budget documents (projects.json ids): GET /api/budgets?project=. */
export const BUDGET_PROJECTS = ['ak-dobo-budget', 'nookat-budgets'] as const;
const PHASE_ORDER = ['proposed', 'approved', 'revised', 'executed'];
export type SectorChoice = Sector | 'all';
/** The lines shown in the line list: all of the document's, or those behind one figure. */
export interface LineFilter { ids: number[]; label: string }

export class BudgetsState {
  /** '' = every document the reader may see; else a project id of BUDGET_PROJECTS. */
  project = $state<string>('');
  municipality = $state<string>('');
  year = $state<number | null>(null);
  documentId = $state<string>('');
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
  analysis = new Slot<BudgetAnalysis>();
  whatIf = new Slot<BudgetWhatIf>();

  get documents(): BudgetDocument[] { return this.list.data?.documents ?? []; }
  get municipalities(): string[] { return [...new Set(this.documents.map((d) => d.municipality))]; }
  get years(): number[] {
    return [...new Set(this.documents.filter((d) => d.municipality === this.municipality).map((d) => d.fiscalYear))].sort((a, b) => b - a);
  }
  /** The documents of the chosen municipality and year, in the order of the budget cycle. */
  get phases(): BudgetDocument[] {
    return this.documents.filter((d) => d.municipality === this.municipality && d.fiscalYear === this.year)
      .sort((a, b) => PHASE_ORDER.indexOf(a.phase) - PHASE_ORDER.indexOf(b.phase));
  }
  get document(): BudgetDocument | null { return this.documents.find((d) => d.id === this.documentId) ?? null; }

  /** A project opened elsewhere (the Projects tab): a budget project becomes the Budget tab's choice. */
  fromProject(id: string) {
    if ((BUDGET_PROJECTS as readonly string[]).includes(id) && id !== this.project) { this.project = id; this.clearChoice(); }
  }

  setProject(id: string) { this.project = id; this.clearChoice(); void this.loadList(); }

  private clearChoice() { this.municipality = ''; this.year = null; this.documentId = ''; this.selected = null; this.lineFilter = null; this.whatIf.reset(); }

  async loadList(force = false) {
    const project = this.project;
    await this.list.run(`list:${project}`, (signal) => budgetsApi.list(project ? { project } : {}, signal), force);
    this.pickDefaults();
  }

  /** Keep a valid choice: the first municipality, its latest year, and that year's plan (the approved or revised one, else the first). */
  pickDefaults() {
    const docs = this.documents;
    if (!docs.length) { this.municipality = ''; this.year = null; this.documentId = ''; return; }
    if (!this.municipalities.includes(this.municipality)) this.municipality = docs[0]!.municipality;
    if (this.year === null || !this.years.includes(this.year)) this.year = this.years[0] ?? null;
    if (!this.phases.some((d) => d.id === this.documentId)) {
      const p = this.phases;
      this.documentId = (p.find((d) => d.phase === 'revised') ?? p.find((d) => d.phase === 'approved') ?? p[0])?.id ?? '';
    }
  }

  choose(p: { municipality?: string; year?: number; documentId?: string }) {
    if (p.municipality !== undefined) { this.municipality = p.municipality; this.year = null; this.documentId = ''; }
    if (p.year !== undefined) { this.year = p.year; this.documentId = ''; }
    if (p.documentId !== undefined) this.documentId = p.documentId;
    this.selected = null; this.lineFilter = null; this.whatIf.reset();
    this.pickDefaults();
  }

  async loadDocument(force = false) {
    const id = this.documentId;
    if (!id) { this.detail.reset(); this.analysis.reset(); return; }
    const key = `${id}:${this.generation}`;
    await Promise.all([
      this.detail.run(key, (signal) => budgetsApi.get(id, signal), force),
      this.analysis.run(key, (signal) => budgetsApi.analysis(id, {}, signal), force),
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

  /** Show the lines behind a figure (every figure links to its lines). */
  showLines(ids: number[], label: string) { this.lineFilter = { ids: [...ids], label }; }
}

export const budgets = new BudgetsState();
