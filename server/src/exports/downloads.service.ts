// Data downloads: the rows come from the same services as the features API and the annotations list
// (so the one visibility rule applies, and a filter means the same everywhere); here they become one
// ExportTable, then a file in the asked format.
import { HttpProblem } from '../http/problem.js';
import type { Viewer } from '../access/viewer.js';
import type { LayerDef } from '../layers/types.js';
import type { FeaturesService } from '../features/features.service.js';
import type { FeatureQuery } from '../features/features.schema.js';
import type { AnnotationsService, AnnotationFeature } from '../annotations/annotations.service.js';
import type { AnnotationFilters } from '../annotations/annotations.repo.js';
import { WRITERS, type CellValue, type Column, type ExportTable, type Format } from './formats/index.js';
import { ANNOTATIONS_LAYER, MAX_DOWNLOAD_FEATURES } from './downloads.schema.js';

const COLUMN_TYPE = { text: 'text', date: 'text', enum: 'text', integer: 'integer', number: 'real', boolean: 'boolean' } as const;

/** Annotation fields in a download: content and workflow; never who wrote it (people are not data). */
const ANNOTATION_COLUMNS: Column[] = [
  { name: 'campaign_id', type: 'text' },
  { name: 'organisation', type: 'text' },
  { name: 'title', type: 'text' },
  { name: 'description', type: 'text' },
  { name: 'lang', type: 'text' },
  { name: 'category', type: 'text' },
  { name: 'severity', type: 'integer' },
  { name: 'affected_people', type: 'integer' },
  { name: 'affected_households', type: 'integer' },
  { name: 'status', type: 'text' },
  { name: 'status_changed_at', type: 'text' },
  { name: 'review_status', type: 'text' },
  { name: 'rejection_reason', type: 'text' },
  { name: 'council', type: 'text' },
  { name: 'council_reference', type: 'text' },
  { name: 'submitted_on', type: 'text' },
  { name: 'response_on', type: 'text' },
  { name: 'evidence_urls', type: 'text' },
  { name: 'created_at', type: 'text' },
  { name: 'updated_at', type: 'text' },
];

function annotationValues(f: AnnotationFeature): Record<string, CellValue> {
  const p = f.properties;
  const org = p.organisation.name;
  return {
    campaign_id: p.campaignId,
    organisation: org.en ?? org.ru ?? org.ky ?? null,
    title: p.title,
    description: p.description,
    lang: p.lang,
    category: p.category,
    severity: p.severity,
    affected_people: p.affectedPeople,
    affected_households: p.affectedHouseholds,
    status: p.status,
    status_changed_at: p.statusChangedAt,
    review_status: p.reviewStatus,
    rejection_reason: p.rejectionReason,
    council: p.submission?.council ?? null,
    council_reference: p.submission?.reference ?? null,
    submitted_on: p.submission?.submittedOn ?? null,
    response_on: p.submission?.response?.date ?? null,
    evidence_urls: p.evidence.length ? p.evidence.map((e) => e.url).join(' ') : null,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

const tooMany = (matched: number, max: number) => new HttpProblem('invalid-parameter',
  `This selection has ${matched} features; a download holds at most ${max}. Narrow it with bbox or the attribute filters, or download it in parts.`,
  { matched, maximum: max, errors: [{ in: 'query', name: 'bbox', reason: `more than ${max} features match` }] });

export interface DownloadFile { body: Buffer; contentType: string; filename: string; count: number }

const today = () => new Date().toISOString().slice(0, 10);

export class DownloadsService {
  constructor(
    private readonly features: FeaturesService,
    private readonly annotations: AnnotationsService,
    private readonly maxFeatures = MAX_DOWNLOAD_FEATURES,
  ) {}

  async layer(def: LayerDef, q: Omit<FeatureQuery, 'limit' | 'offset'>, format: Format, opts: { bom?: boolean } = {}): Promise<DownloadFile> {
    const page = await this.features.list(def, { ...q, limit: this.maxFeatures, offset: 0 });
    if (page.matched > this.maxFeatures) throw tooMany(page.matched, this.maxFeatures);
    const names = ['name_ky', 'name_ru', 'name_en', 'ref'];
    const table: ExportTable = {
      name: def.id,
      title: def.title.en,
      geometry: def.geometry === 'point' ? 'point' : def.geometry === 'line' ? 'line' : 'mixed',
      columns: def.attributes.map((a) => ({ name: a.name, type: COLUMN_TYPE[a.type], label: a.label.en })),
      rows: page.features.map((f) => ({ id: f.id, geometry: f.geometry, values: f.properties as Record<string, CellValue> })),
      labelOf: (r) => String(names.map((n) => r.values[n]).find((v) => typeof v === 'string' && v !== '') ?? `${def.id} ${r.id}`),
    };
    return this.file(table, format, opts);
  }

  async annotationLayer(viewer: Viewer, f: Omit<AnnotationFilters, 'deleted'>, format: Format, opts: { bom?: boolean } = {}): Promise<DownloadFile> {
    const page = await this.annotations.list(viewer, { ...f, deleted: false }, this.maxFeatures, 0);
    if (page.matched > this.maxFeatures) throw tooMany(page.matched, this.maxFeatures);
    const table: ExportTable = {
      name: ANNOTATIONS_LAYER,
      title: 'Annotations',
      geometry: 'mixed',
      columns: ANNOTATION_COLUMNS,
      rows: page.features.map((a) => ({ id: a.id, geometry: a.geometry, values: annotationValues(a) })),
      labelOf: (r) => String(r.values.title ?? r.id),
    };
    return this.file(table, format, opts);
  }

  private async file(table: ExportTable, format: Format, opts: { bom?: boolean }): Promise<DownloadFile> {
    const w = WRITERS[format];
    return { body: await w.write(table, opts), contentType: w.contentType, filename: `${table.name}-${today()}.${format}`, count: table.rows.length };
  }
}
