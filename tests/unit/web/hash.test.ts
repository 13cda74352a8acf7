// The URL hash of the web app: what parses, what is dropped, and that formatting round-trips.
import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from '../../../web/src/lib/hash.js';

describe('web URL hash', () => {
  it('round-trips view, layers, filters, language, view mode and selection', () => {
    const h = '#map=12.5/42.48/78.38&layers=canals,settlements&f.canals.condition=broken,poor&f.facilities.kind=clinic&lang=ky&view=resident&sel=canals/7&place=4';
    const s = parseHash(h);
    expect(s).toEqual({
      view: { zoom: 12.5, lat: 42.48, lon: 78.38 },
      layers: ['canals', 'settlements'],
      filters: { canals: { condition: ['broken', 'poor'] }, facilities: { kind: ['clinic'] } },
      lang: 'ky', mode: 'resident', sel: { layer: 'canals', id: 7 }, place: 4,
    });
    expect(formatHash(s)).toBe(h);
  });

  it('drops what does not parse and keeps the rest', () => {
    expect(parseHash('#map=99/abc/1&layers=canals,%3Cscript%3E&lang=klingon&sel=x/y')).toEqual({ layers: ['canals'] });
    expect(parseHash('#map=8/0/0')).toEqual({}); // a view far from Kyrgyzstan is not ours
    expect(parseHash('#map=23/42/75')).toEqual({}); // zoom out of range
    expect(parseHash('#%%%garbage')).toEqual({});
    expect(parseHash('')).toEqual({});
    expect(parseHash('#f.canals.condition=%3Cb%3E,poor&f.x=1&f.Canals.y=z')).toEqual({ filters: { canals: { condition: ['poor'] } } });
  });

  it('keeps an explicitly empty layer list (all layers off) apart from a missing one', () => {
    expect(parseHash('#layers=')).toEqual({ layers: [] });
    expect(parseHash('#lang=en')).toEqual({ lang: 'en' });
  });

  it('rounds the view to a precision that suits the zoom', () => {
    expect(formatHash({ view: { zoom: 6.0812345, lat: 41.2476123456, lon: 74.775987654 } })).toBe('#map=6.08/41.2476/74.776');
    expect(formatHash({ view: { zoom: 15.2, lat: 42.4906812345, lon: 78.3936212345 } })).toBe('#map=15.2/42.490681/78.393621');
  });
});
