// The area of an analysis: turns a request's area (a grant project, the map view's bbox, a campaign, a
// drawn polygon, or none for the whole country) into the geometry the repositories take, checks it
// with PostGIS (valid, not larger than Kyrgyzstan, overlapping it), and runs an analysis in one
// read-only transaction with a statement timeout. Every analysis service goes through `within`.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { AnalysisConfig } from '../config.js';
import { isTimeoutError } from '../db/connect.js';
import { HttpProblem, invalidParameter } from '../http/problem.js';
import type { Geometry } from '../geo/geometry.js';
import { DEFAULT_SERVICE_REGION, outsideRegion, outsideRegionReason } from '../geo/region.js';
import type { Viewer } from '../access/viewer.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import type { Project } from '../projects/projects.js';
import { KG_EXTENT, type AreaSelector } from './analysis.schema.js';
import type { AreaInfo, Bbox, Names } from './analysis.types.js';
import { areaFacts, readOnlyTransaction } from './area.repo.js';
import { fillNames } from './format.js';
import { AREA_NAMES } from './sentences.js';

export type CampaignLookup = (viewer: Viewer, id: string) => Promise<{ title: Names; geometry: Geometry }>;

/** A resolved area before PostGIS has checked it: what the answer says, the geometry (null: the whole country), the request field. */
export interface AreaScope { info: Omit<AreaInfo, 'bbox' | 'areaKm2'>; geometry: Geometry | null; field: string }

const bboxPolygon = (b: Bbox): Geometry => ({
  type: 'Polygon', coordinates: [[[b[0], b[1]], [b[2], b[1]], [b[2], b[3]], [b[0], b[3]], [b[0], b[1]]]],
});

export class AreaService {
  private readonly campaigns: CampaignLookup;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly config: Pick<AnalysisConfig, 'statementTimeoutMs'> & Partial<Pick<AnalysisConfig, 'serviceRegion'>>,
    private readonly projects: Project[],
    campaigns?: CampaignLookup,
  ) {
    // The campaign's visibility rule is the campaigns module's: a campaign the viewer cannot see is a 404.
    this.campaigns = campaigns ?? (async (viewer, id) => {
      const f = await new CampaignsService(db).get(viewer, id);
      return { title: f.properties.title, geometry: f.geometry as Geometry };
    });
  }

  /** Resolves the area, then runs `fn` in one read-only transaction with the checked area. */
  async within<T>(sel: AreaSelector, viewer: Viewer, fn: (db: Kysely<DB>, area: AreaInfo, geometry: Geometry | null) => Promise<T>): Promise<T> {
    const s = await this.resolve(sel, viewer);
    return this.run(async (db) => fn(db, await this.check(db, s), s.geometry));
  }

  /** One read-only transaction with a statement timeout (SET LOCAL; the embedded database cannot enforce it). */
  async run<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
    const ms = this.config.statementTimeoutMs;
    try {
      return await readOnlyTransaction(this.db, ms, fn);
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

  /** The area a request names: at most one of project, bbox, campaign and area (the schema checks that). */
  async resolve(sel: AreaSelector, viewer: Viewer): Promise<AreaScope> {
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
      return { info: { source: 'campaign', id: sel.campaign, title: fillNames(c.title, 'Campaign') }, geometry: c.geometry, field: 'campaign' };
    }
    if (sel.area !== undefined) return { info: { source: 'polygon', id: null, title: AREA_NAMES.selected }, geometry: sel.area as Geometry, field: 'area' };
    return { info: { source: 'country', id: null, title: AREA_NAMES.country }, geometry: null, field: '' };
  }

  /** A shape sent with a request (an area, a what-if site or line) must lie in the service region. */
  requireInRegion(g: Geometry, field: string, where: 'body' | 'query') {
    const region = this.config.serviceRegion ?? DEFAULT_SERVICE_REGION;
    const out = outsideRegion(g, region);
    if (!out) return;
    const reason = outsideRegionReason(out, region);
    throw new HttpProblem('invalid-geometry', `${field}: ${reason}`, { errors: [{ in: where, name: field, reason }] });
  }

  /** PostGIS checks the area: valid, not larger than Kyrgyzstan's extent, overlapping it, inside the service region. */
  async check(db: Kysely<DB>, s: AreaScope): Promise<AreaInfo> {
    if (!s.geometry) return { ...s.info, bbox: KG_EXTENT, areaKm2: null };
    const f = await areaFacts(db, s.geometry);
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
    // On the flat map too: a ring from -179.9° to 179.9° is small on the sphere and overlaps the country.
    this.requireInRegion(s.geometry, s.field, where);
    return { ...s.info, bbox: f.bbox!, areaKm2: f.areaKm2 };
  }
}
