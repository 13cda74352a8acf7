// Exports: which dialog is open, the print options, the campaigns the person can see (for a
// campaign extent and for sharing), and a busy/elapsed indicator for renders and downloads.
import { ApiError, asApiError, isAbort } from '../api/client.ts';
import * as ex from '../api/exports.ts';
import type { BBox, Lang } from '../api/types.ts';

export type ExportDialog = 'print' | 'download' | 'share' | null;
export type Extent = 'view' | 'campaign';

export { asApiError };

/** A running job (a preview render or a download) with the seconds it has taken so far. */
export class Busy {
  what = $state<string | null>(null);
  elapsed = $state(0);
  private timer: ReturnType<typeof setInterval> | null = null;
  private started = 0;

  start(what: string) {
    this.stop();
    this.what = what;
    this.started = performance.now();
    this.elapsed = 0;
    this.timer = setInterval(() => { this.elapsed = (performance.now() - this.started) / 1000; }, 100);
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.what = null;
  }

  get active() { return this.what !== null; }
}

export class ExportState {
  dialog = $state<ExportDialog>(null);

  // Print options.
  paper = $state<ex.Paper>('a4');
  orientation = $state<ex.Orientation>('landscape');
  title = $state('');
  subtitle = $state('');
  lang = $state<Lang>('en');
  layers = $state<string[]>([]);
  extent = $state<Extent>('view');
  campaign = $state<string | null>(null);
  bbox = $state.raw<BBox | null>(null);
  annotations = $state(true);
  recommendations = $state('');

  campaigns = $state.raw<ex.CampaignSummary[] | null>(null);
  campaignsError = $state.raw<ApiError | null>(null);
  private campaignsCtrl: AbortController | null = null;

  /** Open the print dialog with the map's current state as its defaults. */
  openPrint(init: { layers: string[]; bbox: BBox | null; lang: Lang }) {
    this.layers = [...init.layers];
    this.bbox = init.bbox;
    this.lang = init.lang;
    if (this.extent === 'view' || !this.campaign) this.extent = 'view';
    this.dialog = 'print';
    void this.loadCampaigns(true); // who is signed in may have changed
  }

  options(): ex.MapExportOptions {
    return {
      campaign: this.extent === 'campaign' ? this.campaign : null,
      bbox: this.extent === 'view' ? this.bbox : null,
      paper: this.paper, orientation: this.orientation, lang: this.lang,
      title: this.title, subtitle: this.subtitle, layers: this.layers, annotations: this.annotations,
    };
  }

  async loadCampaigns(force = false) {
    if (this.campaigns && !force) return;
    this.campaignsCtrl?.abort();
    const ctrl = new AbortController();
    this.campaignsCtrl = ctrl;
    try {
      this.campaigns = await ex.campaigns(ctrl.signal);
      this.campaignsError = null;
    } catch (err) {
      if (isAbort(err)) return;
      this.campaignsError = asApiError(err);
    }
  }

  /** Campaigns the person may share (the campaign JSON's own permissions say so). */
  get editableCampaigns(): ex.CampaignSummary[] { return (this.campaigns ?? []).filter((c) => c.permissions?.edit); }

  /** The campaign the share dialog opens with (e.g. from a campaign's own panel). */
  shareCampaign = $state<string | null>(null);

  openShare(campaign: string | null = null) {
    this.shareCampaign = campaign;
    this.dialog = 'share';
  }

  close() { this.dialog = null; }
}

export const exportState = new ExportState();
