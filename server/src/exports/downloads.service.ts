// Data downloads: the rows come from the features service, the same path as the features API and the
// OGC API for every registry layer (so the one visibility rule applies to organisation-owned rows, and
// a filter means the same everywhere); here they become one ExportTable, then a file in the asked format.
import { HttpProblem } from '../http/problem.js';
import type { Reader } from '../access/viewer.js';
import type { LayerDef } from '../layers/types.js';
import type { FeaturesService } from '../features/features.service.js';
import type { FeatureQuery } from '../features/features.schema.js';
import { WRITERS, type CellValue, type ExportTable, type Format } from './formats/index.js';
import { MAX_DOWNLOAD_FEATURES } from './downloads.schema.js';

const COLUMN_TYPE = { text: 'text', date: 'text', enum: 'text', uuid: 'text', integer: 'integer', number: 'real', boolean: 'boolean' } as const;
const GEOMETRY = { point: 'point', line: 'line', 'area-or-point': 'mixed', any: 'mixed' } as const;
/** The attribute that names a feature in formats with a feature name (KML): the first one present. */
const NAMES = ['name_ky', 'name_ru', 'name_en', 'ref', 'title'];

const tooMany = (matched: number, max: number) => new HttpProblem('invalid-parameter',
  `This selection has ${matched} features; a download holds at most ${max}. Narrow it with bbox or the attribute filters, or download it in parts.`,
  { matched, maximum: max, errors: [{ in: 'query', name: 'bbox', reason: `more than ${max} features match` }] });

export interface DownloadFile { body: Buffer; contentType: string; filename: string; count: number }

const today = () => new Date().toISOString().slice(0, 10);

export class DownloadsService {
  constructor(
    private readonly features: FeaturesService,
    private readonly maxFeatures = MAX_DOWNLOAD_FEATURES,
  ) {}

  async layer(def: LayerDef, q: Omit<FeatureQuery, 'limit' | 'offset'>, format: Format, opts: { bom?: boolean } = {}, reader?: Reader): Promise<DownloadFile> {
    const page = await this.features.list(def, { ...q, limit: this.maxFeatures, offset: 0 }, reader);
    if (page.matched > this.maxFeatures) throw tooMany(page.matched, this.maxFeatures);
    const table: ExportTable = {
      name: def.id,
      title: def.title.en,
      geometry: GEOMETRY[def.geometry],
      columns: def.attributes.map((a) => ({ name: a.name, type: COLUMN_TYPE[a.type], label: a.label.en })),
      rows: page.features.map((f) => ({ id: f.id, geometry: f.geometry, values: f.properties as Record<string, CellValue> })),
      labelOf: (r) => String(NAMES.map((n) => r.values[n]).find((v) => typeof v === 'string' && v !== '') ?? `${def.id} ${r.id}`),
    };
    const w = WRITERS[format];
    return { body: await w.write(table, opts), contentType: w.contentType, filename: `${table.name}-${today()}.${format}`, count: table.rows.length };
  }
}
