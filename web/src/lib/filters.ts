// Attribute filters (layer → attribute → allowed values) as MapLibre filter expressions and as
// features-API query parameters, so the map and the table always show the same features.

export type LayerFilters = Record<string, string[]>;

/** The user's filter for one layer as a MapLibre expression, or null when nothing is filtered. */
export function mapFilter(filters: LayerFilters | undefined): unknown[] | null {
  const parts = Object.entries(filters ?? {})
    .filter(([, values]) => values.length > 0)
    .map(([attr, values]) => ['in', ['get', attr], ['literal', values]]);
  if (!parts.length) return null;
  return parts.length === 1 ? parts[0]! : ['all', ...parts];
}

/** The server's own style-layer filter AND the user's filter. */
export function combineFilters(original: unknown, user: unknown[] | null): unknown {
  if (!user) return original ?? null;
  if (original === undefined || original === null) return user;
  return ['all', original, user];
}

/** Only filters that are non-empty, sorted for stable URLs and request keys. */
export function cleanFilters(filters: LayerFilters | undefined): LayerFilters {
  const out: LayerFilters = {};
  for (const [attr, values] of Object.entries(filters ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    if (values.length) out[attr] = [...values].sort();
  }
  return out;
}
