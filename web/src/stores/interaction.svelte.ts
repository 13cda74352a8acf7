// What a click on the map means right now: one interaction mode for the whole app, asked and set by
// the components and stores instead of a priority chain. Exactly one mode is active. Each mode belongs
// to an owner (annotations, campaigns, the what-if, the tracker's decision form); entering a mode of another owner ends the current
// one first through the cleanup its owner gave (so only one drawing engine draws at a time), while an
// owner moving between its own modes (drawing → picking a link) keeps its work.
import type { DrawKind } from '../map/draw/draw.ts';

export type InteractionMode =
  /** Clicks select features, open annotations, choose a place (resident view). */
  | { kind: 'browse' }
  /** The annotation drawing engine has the map: a new shape, or the shape adjusted while the form is open. */
  | { kind: 'annotation-draw'; shape: DrawKind | 'edit' }
  /** The annotation form waits for a click on a map feature to link it (`shape`: the drawing underneath). */
  | { kind: 'annotation-link'; shape: DrawKind | 'edit' | null }
  /** The campaign form is open: clicks draw or adjust its area of interest. */
  | { kind: 'campaign-area' }
  /** The what-if (Analysis tab): place a proposed facility, draw a network line, pick canals to repair. */
  | { kind: 'whatif-facility' }
  | { kind: 'whatif-line' }
  | { kind: 'whatif-canals' }
  /** The decision form (Tracker tab): a commitment's place is being drawn / a feature or gap clicked to link it. */
  | { kind: 'tracker-draw' }
  | { kind: 'tracker-link' };

export type InteractionKind = InteractionMode['kind'];
export type Owner = 'annotation' | 'campaign' | 'whatif' | 'tracker';

const BROWSE: InteractionMode = { kind: 'browse' };
const ownerOf = (k: InteractionKind) => k.split('-')[0];

export class InteractionState {
  mode = $state.raw<InteractionMode>(BROWSE);
  private end: (() => void) | null = null;

  get kind(): InteractionKind { return this.mode.kind; }
  is(kind: InteractionKind): boolean { return this.mode.kind === kind; }
  /** The active mode belongs to this owner. */
  owns(owner: Owner): boolean { return ownerOf(this.mode.kind) === owner; }

  /**
   * Make `mode` the active one. `end` is how its owner stops it when another owner's mode takes over.
   * The previous mode's cleanup runs after the switch (it only tidies its own state).
   */
  enter(mode: InteractionMode, end: () => void) {
    const prev = this.end;
    const other = ownerOf(this.mode.kind) !== ownerOf(mode.kind);
    this.mode = mode;
    this.end = end;
    if (other) prev?.();
  }

  /** An owner stopped its own interaction (already tidied up): back to browsing, if it still had the map. */
  leave(owner: Owner) {
    if (!this.owns(owner)) return;
    this.mode = BROWSE;
    this.end = null;
  }
}

export const interaction = new InteractionState();
