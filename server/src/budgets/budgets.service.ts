// Budget documents and their lines: who may read and edit them, and the checks a line, an allocation
// or a contribution must pass before anything is stored (one transaction per change). The analyses
// live in budgets.analysis.service.ts.
//
// Rules: the organisation's advocates and admins edit its documents; everyone else who can see a
// document (published, or its campaign shared with them) reads it; a document nobody may see is 404.
// Allocations stay inside the document's municipality and never place more than the line's amount.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { isEditorRole, readerOf, type SignedIn, type Viewer } from '../access/viewer.js';
import { HttpProblem, invalidParameter, notFound } from '../http/problem.js';
import { findLayer, LAYER_IDS } from '../layers/registry.js';
import * as repo from './budgets.repo.js';
import type {
  AllocationInputT, ContributionInputT, DocumentCreateInput, DocumentPatchInput, LineInputT, LinkInputT,
} from './budgets.schema.js';
import type { BudgetDocument, BudgetDocumentDetail, BudgetLine, BudgetList } from './budgets.types.js';

type Db = Kysely<DB>;
const NOTHING = 'Nothing was stored.';

export const notFoundBudget = (id: string) => notFound(`There is no budget document ${id} that you can see. It may not exist, or it is a draft of another organisation.`);

function editable(viewer: Viewer, d: repo.DocumentRow): boolean {
  return viewer.kind === 'user' && viewer.orgId === d.organisationId && isEditorRole(viewer.role);
}

function present(viewer: Viewer, d: repo.DocumentRow): BudgetDocument {
  const { organisationId: _o, ...rest } = d;
  return { ...rest, editable: editable(viewer, d) };
}

export class BudgetsService {
  constructor(private readonly db: Db) {}

  async list(viewer: Viewer, q: { municipality?: string; year?: number; campaign?: string; project?: string }): Promise<BudgetList> {
    let campaign = q.campaign;
    if (q.project) {
      campaign = await repo.campaignIdByRef(this.db, q.project);
      if (!campaign) return { documents: [] };
    }
    const rows = await repo.listDocuments(this.db, readerOf(viewer), { municipality: q.municipality, year: q.year, campaign });
    return { documents: rows.map((d) => present(viewer, d)) };
  }

  codes() {
    return repo.codes(this.db);
  }

  /** The document row (visible to the viewer), or 404. */
  async document(viewer: Viewer, id: string, db: Db = this.db): Promise<repo.DocumentRow> {
    const d = await repo.getDocument(db, readerOf(viewer), id);
    if (!d) throw notFoundBudget(id);
    return d;
  }

  async get(viewer: Viewer, id: string, db: Db = this.db): Promise<BudgetDocumentDetail> {
    const d = await this.document(viewer, id, db);
    const [lines, contributions, settlements] = await Promise.all([repo.lines(db, id), repo.contributions(db, id), repo.settlementsOf(db, d.municipality)]);
    return { ...present(viewer, d), lines, contributions, settlements };
  }

  /** The document for a change: visible, and the viewer one of its organisation's editors. */
  private async forEdit(trx: Db, viewer: SignedIn, id: string): Promise<repo.DocumentRow> {
    const d = await this.document(viewer, id, trx);
    if (!editable(viewer, d)) {
      throw new HttpProblem('forbidden', `Only advocates and admins of ${d.organisation.names.en ?? d.organisation.slug} change this budget document. ${NOTHING}`);
    }
    await repo.lockDocument(trx, id);
    return d;
  }

  private async checkDocument(trx: Db, viewer: SignedIn, v: { municipality: string; fiscal_year: number; phase: string; campaign_id?: string | null }, exceptId?: string) {
    if (!(await repo.municipalityExists(trx, v.municipality))) {
      throw invalidParameter(`municipality: no settlement belongs to '${v.municipality}'. Use the municipality name the settlements carry (GET /api/complete-areas/municipalities). ${NOTHING}`,
        [{ in: 'body', name: 'municipality', reason: 'no settlement has this municipality' }]);
    }
    if (v.campaign_id) {
      const c = await repo.campaignOf(trx, v.campaign_id);
      if (!c || c.organisation_id !== viewer.orgId) {
        throw invalidParameter(`campaign_id: there is no campaign ${v.campaign_id} of your organisation. ${NOTHING}`, [{ in: 'body', name: 'campaign_id', reason: 'not a campaign of your organisation' }]);
      }
    }
    if (await repo.documentExists(trx, viewer.orgId, v.municipality, v.fiscal_year, v.phase, exceptId)) {
      throw new HttpProblem('conflict', `Your organisation already has the ${v.phase} budget of ${v.municipality} for ${v.fiscal_year}. Correct its lines, or choose another phase or year. ${NOTHING}`);
    }
  }

  private requireEditor(viewer: SignedIn) {
    if (!isEditorRole(viewer.role)) throw new HttpProblem('forbidden', `Only advocates and admins enter budgets. ${NOTHING}`);
  }

  async create(viewer: SignedIn, b: DocumentCreateInput): Promise<BudgetDocumentDetail> {
    this.requireEditor(viewer);
    const id = await this.db.transaction().execute(async (trx) => {
      await this.checkDocument(trx, viewer, b);
      return repo.insertDocument(trx, { ...b, organisationId: viewer.orgId, createdBy: viewer.userId, importId: null });
    });
    return this.get(viewer, id);
  }

  async update(viewer: SignedIn, id: string, p: DocumentPatchInput): Promise<BudgetDocumentDetail> {
    await this.db.transaction().execute(async (trx) => {
      const d = await this.forEdit(trx, viewer, id);
      if (p.municipality !== undefined && p.municipality !== d.municipality) {
        throw invalidParameter(`municipality: a document's municipality cannot change once it has lines and allocations; create a new document. ${NOTHING}`, [{ in: 'body', name: 'municipality', reason: 'cannot change' }]);
      }
      await this.checkDocument(trx, viewer, {
        municipality: d.municipality, fiscal_year: p.fiscal_year ?? d.fiscalYear, phase: p.phase ?? d.phase,
        campaign_id: p.campaign_id === undefined ? null : p.campaign_id,
      }, id);
      await repo.updateDocument(trx, id, p);
    });
    return this.get(viewer, id);
  }

  async remove(viewer: SignedIn, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.forEdit(trx, viewer, id);
      await repo.deleteDocument(trx, id);
    });
  }

  private async oneLine(trx: Db, id: string, lineId: number) {
    const l = await repo.lineOf(trx, id, lineId);
    if (!l) throw notFound(`Budget document ${id} has no line ${lineId}.`);
    return l;
  }

  private async lineAnswer(id: string, lineId: number): Promise<BudgetLine> {
    return (await repo.lines(this.db, id, lineId))[0]!;
  }

  async addLine(viewer: SignedIn, id: string, l: LineInputT): Promise<BudgetLine> {
    const lineId = await this.db.transaction().execute(async (trx) => {
      await this.forEdit(trx, viewer, id);
      const key = l.line_key ?? repo.defaultLineKey(l);
      if (await repo.lineKeyTaken(trx, id, key)) {
        throw new HttpProblem('conflict', `This document already has the line '${l.description}' (key ${key}). Correct that line instead, or give this one its own line_key. ${NOTHING}`);
      }
      const lineId = await repo.insertLine(trx, id, { ...l, line_key: key });
      await repo.touchDocument(trx, id);
      return lineId;
    });
    return this.lineAnswer(id, lineId);
  }

  async updateLine(viewer: SignedIn, id: string, lineId: number, p: Partial<LineInputT>): Promise<BudgetLine> {
    await this.db.transaction().execute(async (trx) => {
      await this.forEdit(trx, viewer, id);
      await this.oneLine(trx, id, lineId);
      if (p.line_key !== undefined && await repo.lineKeyTaken(trx, id, p.line_key, lineId)) {
        throw new HttpProblem('conflict', `Another line of this document has the key ${p.line_key}. ${NOTHING}`);
      }
      await repo.updateLine(trx, lineId, p);
      // A smaller amount must still hold what is allocated.
      const current = (await repo.lines(trx, id, lineId))[0]!;
      this.checkAllocatedWithin(current.amount, current.allocations.filter((a) => a.method !== 'by_population').map((a) => a.allocated), 'amount');
      await repo.touchDocument(trx, id);
    });
    return this.lineAnswer(id, lineId);
  }

  async removeLine(viewer: SignedIn, id: string, lineId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.forEdit(trx, viewer, id);
      await this.oneLine(trx, id, lineId);
      await repo.deleteLine(trx, lineId);
      await repo.touchDocument(trx, id);
    });
  }

  private checkAllocatedWithin(amount: number, allocated: number[], field: string) {
    const total = allocated.reduce((a, b) => a + b, 0);
    if (total > amount + 0.005) {
      throw invalidParameter(`${field}: the allocations place ${total.toFixed(2)} KGS on villages, more than the line's ${amount.toFixed(2)} KGS. Lower an allocation or raise the line. ${NOTHING}`,
        [{ in: 'body', name: field, reason: 'allocations exceed the line amount' }]);
    }
  }

  private async checkAndAllocate(trx: Db, municipality: string, lineId: number, amount: number, list: AllocationInputT[], field: string) {
    const ids = list.map((a) => a.settlement_id);
    const dup = ids.find((x, i) => ids.indexOf(x) !== i);
    if (dup !== undefined) throw invalidParameter(`${field}: settlement ${dup} is listed twice. ${NOTHING}`, [{ in: 'body', name: field, reason: 'duplicate settlement' }]);
    const outside = await repo.outsideMunicipality(trx, municipality, ids);
    if (outside.length) {
      throw invalidParameter(`${field}: settlement ${outside.join(', ')} is not in ${municipality}. A budget's money goes to its own municipality's settlements. ${NOTHING}`,
        [{ in: 'body', name: field, reason: 'settlement outside the municipality' }]);
    }
    this.checkAllocatedWithin(amount, list.map((a) => a.amount ?? (a.share ?? 0) * amount), field);
    await repo.replaceAllocations(trx, lineId, list);
  }

  async putAllocations(viewer: SignedIn, id: string, lineId: number, list: AllocationInputT[]): Promise<BudgetLine> {
    await this.db.transaction().execute(async (trx) => {
      const d = await this.forEdit(trx, viewer, id);
      const l = await this.oneLine(trx, id, lineId);
      await this.checkAndAllocate(trx, d.municipality, lineId, Number(l.amount), list, 'allocations');
      await repo.touchDocument(trx, id);
    });
    return this.lineAnswer(id, lineId);
  }

  private async checkContributions(trx: Db, municipality: string, list: ContributionInputT[]) {
    const outside = await repo.outsideMunicipality(trx, municipality, [...new Set(list.map((c) => c.settlement_id))]);
    if (outside.length) {
      throw invalidParameter(`contributions: settlement ${outside.join(', ')} is not in ${municipality}. ${NOTHING}`, [{ in: 'body', name: 'contributions', reason: 'settlement outside the municipality' }]);
    }
    const seen = new Set<string>();
    for (const [i, c] of list.entries()) {
      const k = `${c.settlement_id}|${c.levy}|${c.year}`;
      if (seen.has(k)) throw invalidParameter(`contributions[${i}]: settlement ${c.settlement_id} has two ${c.levy} rows for ${c.year}. ${NOTHING}`, [{ in: 'body', name: `contributions[${i}]`, reason: 'duplicate' }]);
      seen.add(k);
    }
  }

  async putContributions(viewer: SignedIn, id: string, list: ContributionInputT[]): Promise<BudgetDocumentDetail> {
    await this.db.transaction().execute(async (trx) => {
      const d = await this.forEdit(trx, viewer, id);
      await this.checkContributions(trx, d.municipality, list);
      await repo.replaceContributions(trx, id, list);
      await repo.touchDocument(trx, id);
    });
    return this.get(viewer, id);
  }

  async addLink(viewer: SignedIn, id: string, lineId: number, l: LinkInputT): Promise<BudgetLine> {
    await this.db.transaction().execute(async (trx) => {
      await this.forEdit(trx, viewer, id);
      await this.oneLine(trx, id, lineId);
      if ('annotation_id' in l) {
        if (!(await repo.annotationSeen(trx, readerOf(viewer), l.annotation_id))) {
          throw invalidParameter(`annotation_id: there is no annotation ${l.annotation_id} that you can see. ${NOTHING}`, [{ in: 'body', name: 'annotation_id', reason: 'no such annotation' }]);
        }
        await repo.insertLink(trx, lineId, { annotationId: l.annotation_id });
      } else {
        const def = findLayer(l.layer);
        if (!def || !LAYER_IDS.includes(l.layer)) {
          throw invalidParameter(`layer: '${l.layer}' is not a layer (one of ${LAYER_IDS.join(', ')}). ${NOTHING}`, [{ in: 'body', name: 'layer', reason: 'unknown layer' }]);
        }
        if (!(await repo.featureExists(trx, def.table, l.feature_id))) {
          throw invalidParameter(`feature_id: layer ${l.layer} has no feature ${l.feature_id}. ${NOTHING}`, [{ in: 'body', name: 'feature_id', reason: 'no such feature' }]);
        }
        await repo.insertLink(trx, lineId, { layer: l.layer, featureId: l.feature_id });
      }
      await repo.touchDocument(trx, id);
    });
    return this.lineAnswer(id, lineId);
  }

  async removeLink(viewer: SignedIn, id: string, lineId: number, linkId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.forEdit(trx, viewer, id);
      await this.oneLine(trx, id, lineId);
      if (!(await repo.deleteLink(trx, lineId, linkId))) throw notFound(`Line ${lineId} has no link ${linkId}.`);
      await repo.touchDocument(trx, id);
    });
  }
}
