// Which filters the filter panel offers (issue 3 §5). Labels and values come from /api/layers; this
// only says which attributes to offer and how. A `missing` filter offers one checkbox per service
// attribute meaning "this service is missing" (value 'none'), as the server counts services_missing.

export type FilterSpec =
  | { layer: string; kind: 'values'; attribute: string }
  | { layer: string; kind: 'missing'; attributes: string[]; missingValue: string };

export const FILTERS: FilterSpec[] = [
  { layer: 'canals', kind: 'values', attribute: 'condition' },
  { layer: 'canals', kind: 'values', attribute: 'class' },
  { layer: 'settlements', kind: 'missing', attributes: ['water', 'electricity', 'road', 'irrigation'], missingValue: 'none' },
  { layer: 'facilities', kind: 'values', attribute: 'kind' },
];

/** The layers shown when a link names none: the three layers of the advocacy story. */
export const DEFAULT_LAYERS = ['canals', 'settlements', 'facilities'];

/** The default view: all of Kyrgyzstan. */
export const KYRGYZSTAN_BOUNDS: [number, number, number, number] = [69.25, 39.15, 80.3, 43.28];
