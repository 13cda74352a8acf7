// Gap analysis: one service per analysis (coverage, unserved settlements, canals, figures, what-if,
// and the catalogue of what it offers), all over one area resolver (area.service.ts) that turns a
// request's area into geometry, checks it and runs the analysis in a read-only transaction with a
// statement timeout. Each service: rules and answers (analysis.types.ts); SQL only in *.repo.ts;
// sentences in ky/ru/en in sentences*.ts. No express here.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { AnalysisConfig } from '../config.js';
import type { Project } from '../projects/projects.js';
import { AreaService, type CampaignLookup } from './area.service.js';
import { CanalsService } from './canals.service.js';
import { CatalogueService } from './catalogue.service.js';
import { CoverageService } from './coverage.service.js';
import { FiguresService } from './figures.service.js';
import { UnservedService } from './unserved.service.js';
import { WhatIfService } from './whatif.service.js';

export interface AnalysisServices {
  areas: AreaService;
  coverage: CoverageService;
  unserved: UnservedService;
  canals: CanalsService;
  figures: FiguresService;
  whatIf: WhatIfService;
  catalogue: CatalogueService;
}

/** The analysis services of one app, sharing one area resolver. `campaigns`: how a campaign's area is found (default: the campaigns module's rule). */
export function analysisServices(db: Kysely<DB>, config: AnalysisConfig, projects: Project[], campaigns?: CampaignLookup): AnalysisServices {
  const areas = new AreaService(db, config, projects, campaigns);
  return {
    areas,
    coverage: new CoverageService(areas, config),
    unserved: new UnservedService(areas, config),
    canals: new CanalsService(areas),
    figures: new FiguresService(areas, config),
    whatIf: new WhatIfService(areas, config),
    catalogue: new CatalogueService(db, config, projects),
  };
}
