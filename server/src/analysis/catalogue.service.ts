// What the gap analysis offers and assumes (GET /api/analysis): for a panel's settings and an export's
// footnotes. No express here.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { AnalysisConfig } from '../config.js';
import type { Project } from '../projects/projects.js';
import { DEFAULT_CANAL_DISTANCE_M, DEFAULT_TOLERANCE_M, KNN_CANDIDATES, SERVICES } from './analysis.schema.js';
import type { AnalysisCatalogue } from './analysis.types.js';
import { listKinds } from './area.repo.js';
import { kindLabel } from './coverage.service.js';
import { METHOD, NOTICES } from './sentences.js';
import { SOURCES } from './unserved.repo.js';

export class CatalogueService {
  constructor(private readonly db: Kysely<DB>, private readonly config: AnalysisConfig, private readonly projects: Project[]) {}

  async describe(): Promise<AnalysisCatalogue> {
    const kinds = await listKinds(this.db);
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
