// Campaigns in the web app (the "Campaigns" section at the top of the Gaps tab): the chosen campaign
// with its history, and the form to create or edit one — titles/descriptions/recommendations in
// ky/ru/en, target council, status, the organisations it is shared with, and the area of interest
// drawn on the map (the same drawing seam as annotations) or taken from the current map view.
// Saving sends only what changed, with If-Match; a 412 keeps mine and the server's for the user to choose.
import { advocacy, type Campaign, type CampaignContent, type CampaignGeometry, type CampaignHistoryItem, type Organisation } from '../api/advocacy.ts';
import { ApiError } from '../api/client.ts';
import type { MapContext } from '../map/map-context.svelte.ts';
import type { DrawEngine } from '../map/draw/draw.ts';
import { createTerraDrawEngine } from '../map/draw/terra-draw.engine.ts';
import type { BBox } from '../api/types.ts';
import { bboxOf } from '../lib/geo.ts';
import { annotations } from './annotations.svelte.ts';
import { app } from './app.svelte.ts';
import { interaction } from './interaction.svelte.ts';

export type CampaignFormMode = { kind: 'new' } | { kind: 'edit'; id: string };
export type CampaignChange = Partial<CampaignContent> & { geometry?: CampaignGeometry };
export interface CampaignConflict { mine: CampaignChange; server: Campaign }

/** The map view as a rectangle (closed ring, counter-clockwise). */
export function rectangleOf(b: BBox): CampaignGeometry {
  const r = (v: number) => Math.round(v * 1e7) / 1e7;
  const [w, s, e, n] = b.map(r) as [number, number, number, number];
  return { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] };
}

const emptyI18n = () => ({ ky: null, ru: null, en: null });
const norm = (v: Record<string, string | null | undefined> | undefined) =>
  ({ ky: v?.ky?.trim() || null, ru: v?.ru?.trim() || null, en: v?.en?.trim() || null });

/** The form's content as loaded from a campaign (or empty for a new one). */
export function contentOf(c: Campaign | null): CampaignContent {
  const p = c?.properties;
  return {
    title: norm(p?.title as Record<string, string | null>),
    description: p?.description ? norm(p.description as Record<string, string | null>) : emptyI18n(),
    recommendations: p?.recommendations ? norm(p.recommendations as Record<string, string | null>) : emptyI18n(),
    targetCouncil: norm(p?.targetCouncil as Record<string, string | null> | undefined),
    status: p?.status ?? 'draft',
    sharedWith: (p?.sharedWith ?? []).map((o) => o.id).sort(),
  };
}

const KEYS = ['title', 'description', 'recommendations', 'targetCouncil', 'status', 'sharedWith'] as const;

export function diffCampaign(c: Campaign, next: CampaignContent): Partial<CampaignContent> {
  const before = contentOf(c);
  const out: Record<string, unknown> = {};
  for (const k of KEYS) if (JSON.stringify(before[k]) !== JSON.stringify(next[k])) out[k] = next[k];
  return out as Partial<CampaignContent>;
}

export class CampaignsState {
  selectedId = $state('');
  current = $state.raw<Campaign | null>(null);
  history = $state.raw<CampaignHistoryItem[]>([]);
  loadError = $state.raw<ApiError | null>(null);
  organisations = $state.raw<Organisation[]>([]);

  form = $state.raw<CampaignFormMode | null>(null);
  formError = $state.raw<ApiError | null>(null);
  busy = $state(false);
  /** The area of interest in the form. */
  area = $state.raw<CampaignGeometry | null>(null);
  /** A polygon is being drawn: map clicks belong to it. */
  drawing = $state(false);
  conflict = $state.raw<CampaignConflict | null>(null);
  /** Shown after a save ("Saved, version N"). */
  saved = $state<number | null>(null);

  private ctx: MapContext | null = null;
  private engine: DrawEngine | null = null;

  attach(ctx: MapContext) { this.ctx = ctx; }

  get list(): Campaign[] { return annotations.campaigns; }

  async loadOrganisations() {
    if (this.organisations.length) return;
    try { this.organisations = (await advocacy.organisations()).organisations; } catch { this.organisations = []; }
  }

  async select(id: string) {
    this.cancelForm();
    this.selectedId = id;
    this.saved = null;
    this.loadError = null;
    if (!id) { this.current = null; this.history = []; return; }
    try {
      const [c, h] = await Promise.all([advocacy.campaign(id), advocacy.campaignHistory(id)]);
      if (this.selectedId !== id) return;
      this.current = c;
      this.history = h.items;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.current = null;
      this.history = [];
      this.loadError = err;
    }
  }

  /** After sign-in/out the campaigns that may be seen change. */
  async reload() {
    const id = this.selectedId;
    if (id && !annotations.campaigns.some((c) => c.id === id)) { await this.select(''); return; }
    if (id) await this.select(id);
  }

  showArea() {
    const g = this.area ?? this.current?.geometry;
    if (g) this.ctx?.fitBounds(bboxOf(g)!, { maxZoom: 14 });
  }

  /** The form is open: map clicks belong to its area (interaction mode campaign-area). */
  private takeMap() { if (!interaction.is('campaign-area')) interaction.enter({ kind: 'campaign-area' }, () => this.stopDrawing()); }

  startNew() {
    annotations.close();
    this.stopDrawing();
    this.form = { kind: 'new' };
    this.takeMap();
    this.formError = null;
    this.conflict = null;
    this.saved = null;
    this.area = null;
    void this.loadOrganisations();
  }

  async startEdit() {
    const c = this.current;
    if (!c?.properties.permissions.edit) return;
    annotations.close();
    this.form = { kind: 'edit', id: c.id };
    this.takeMap();
    this.formError = null;
    this.conflict = null;
    this.saved = null;
    this.area = c.geometry ?? null;
    void this.loadOrganisations();
    this.showArea();
    await this.editArea();
  }

  private async engineFor(): Promise<DrawEngine | null> {
    const map = this.ctx?.map;
    if (!map) return null;
    this.takeMap(); // one drawing on the map at a time: the annotation drawing stops
    this.engine ??= await createTerraDrawEngine(map, {
      onfinish: (g) => { if (g.type === 'Polygon') this.area = g; this.drawing = false; },
      onchange: (g) => { if (g.type === 'Polygon') this.area = g; },
    });
    return this.engine;
  }

  /** Draw a new polygon (click the corners, click the first one again to close it). */
  async drawArea() {
    const e = await this.engineFor();
    if (!e) return;
    this.drawing = true;
    app.drawerOpen = false; // narrow screens: the map must be free to tap
    e.draw('polygon');
  }

  /** Show the current area with handles to adjust it (a multipolygon can only be replaced). */
  async editArea() {
    const g = this.area;
    if (!g || g.type !== 'Polygon') return;
    const e = await this.engineFor();
    if (!e) return;
    try { e.edit(g); } catch { /* it can still be redrawn */ }
  }

  /** The current map view as a rectangle, then adjustable like a drawn polygon. */
  async useView() {
    const b = this.ctx?.view?.bounds;
    if (!b) return;
    this.drawing = false;
    this.area = rectangleOf(b);
    await this.editArea();
  }

  stopDrawing() {
    this.engine?.clear();
    this.drawing = false;
  }

  cancelForm() {
    this.stopDrawing();
    interaction.leave('campaign');
    this.form = null;
    this.formError = null;
    this.conflict = null;
    this.area = null;
  }

  private currentArea(): CampaignGeometry | null {
    const g = this.engine?.current();
    return g && g.type === 'Polygon' ? g : this.area;
  }

  async save(content: CampaignContent) {
    const form = this.form;
    if (!form) return;
    this.busy = true;
    this.formError = null;
    const geometry = this.currentArea();
    try {
      if (form.kind === 'new') {
        if (!geometry) return;
        const c = await advocacy.createCampaign(geometry, content);
        await this.afterSave(c);
      } else {
        const before = this.current!;
        const properties = diffCampaign(before, content);
        const geometryChanged = !!geometry && JSON.stringify(geometry) !== JSON.stringify(before.geometry);
        if (!geometryChanged && !Object.keys(properties).length) { this.cancelForm(); return; }
        await this.patch(before, { ...properties, ...(geometryChanged ? { geometry } : {}) });
      }
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.formError = err;
    } finally {
      this.busy = false;
    }
  }

  private async patch(base: Campaign, mine: CampaignChange) {
    const { geometry, ...properties } = mine;
    try {
      const c = await advocacy.updateCampaign(base.id, base.properties.version ?? 1, {
        ...(geometry ? { geometry } : {}), ...(Object.keys(properties).length ? { properties } : {}),
      });
      await this.afterSave(c);
    } catch (err) {
      const server = err instanceof ApiError ? (err.problem.current as Campaign | undefined) : undefined;
      if (err instanceof ApiError && err.status === 412 && server) { this.conflict = { mine, server }; return; }
      throw err;
    }
  }

  private async afterSave(c: Campaign) {
    this.cancelForm();
    await annotations.loadCampaigns(); // first: the picker must list it before it is chosen
    this.selectedId = c.id;
    this.current = c;
    this.saved = c.properties.version ?? null;
    try { this.history = (await advocacy.campaignHistory(c.id)).items; } catch { /* the campaign is saved; the history shows next time */ }
  }

  /** 412 → "Reload (discard mine)": the server's campaign, editing ends. */
  async discardMine() {
    const c = this.conflict;
    if (!c) return;
    this.cancelForm();
    await this.select(c.server.id);
  }

  /** 412 → apply my change again on the server's current version. */
  async applyMine() {
    const c = this.conflict;
    if (!c) return;
    this.busy = true;
    this.current = c.server;
    this.conflict = null;
    try { await this.patch(c.server, c.mine); } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.formError = err;
    } finally { this.busy = false; }
  }
}

export const campaigns = new CampaignsState();
