// Filters become MapLibre expressions ANDed with the server's own style-layer filter.
import { describe, expect, it } from 'vitest';
import { featureFilter } from '@maplibre/maplibre-gl-style-spec';
import { cleanFilters, combineFilters, mapFilter } from '../../../web/src/lib/filters.js';

describe('web map filters', () => {
  it('builds nothing for no filter, one `in` for one attribute, `all` for several', () => {
    expect(mapFilter(undefined)).toBeNull();
    expect(mapFilter({ condition: [] })).toBeNull();
    expect(mapFilter({ kind: ['clinic'] })).toEqual(['in', ['get', 'kind'], ['literal', ['clinic']]]);
    expect(mapFilter({ condition: ['poor'], class: ['main'] })).toEqual(['all', ['in', ['get', 'condition'], ['literal', ['poor']]], ['in', ['get', 'class'], ['literal', ['main']]]]);
  });

  it('keeps the server filter and ANDs the user filter with it; the result is a valid MapLibre filter', () => {
    const server = ['!=', ['get', 'provenance'], 'illustrative'];
    const user = mapFilter({ condition: ['poor', 'broken'] });
    expect(combineFilters(server, null)).toBe(server);
    expect(combineFilters(undefined, user)).toBe(user);
    const both = combineFilters(server, user);
    const f = featureFilter(both as never, 'filter');
    const feature = (props: Record<string, string>) => ({ type: 2, properties: props, geometry: [] }) as never;
    expect(f.filter({ zoom: 12 } as never, feature({ provenance: 'real', condition: 'poor' }))).toBe(true);
    expect(f.filter({ zoom: 12 } as never, feature({ provenance: 'real', condition: 'good' }))).toBe(false);
    expect(f.filter({ zoom: 12 } as never, feature({ provenance: 'illustrative', condition: 'poor' }))).toBe(false);
  });

  it('drops empty filters and sorts for stable links', () => {
    expect(cleanFilters({ kind: ['school', 'clinic'], class: [] })).toEqual({ kind: ['clinic', 'school'] });
  });
});
