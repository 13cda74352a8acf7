// DrawEngine on terra-draw + its MapLibre adapter (loaded on first use: not in the main bundle).
// terra-draw is maintained, ships a MapLibre adapter, and has point/linestring/polygon modes plus a
// select mode that drags vertices, inserts midpoints and deletes points — see docs/architecture.md.
import type { Map as MlMap } from 'maplibre-gl';
import type { AnnotationGeometry } from '../../api/advocacy.ts';
import { roundGeometry, type DrawEngine, type DrawEngineFactory, type DrawHandlers, type DrawKind } from './draw.ts';

const ACCENT = '#c2410c';
const WHITE = '#ffffff';
const MODE: Record<DrawKind, string> = { point: 'point', line: 'linestring', polygon: 'polygon' };

export const createTerraDrawEngine: DrawEngineFactory = async (map: MlMap, handlers: DrawHandlers): Promise<DrawEngine> => {
  const [td, { TerraDrawMapLibreGLAdapter }] = await Promise.all([import('terra-draw'), import('terra-draw-maplibre-gl-adapter')]);
  const editable = { feature: { draggable: true, coordinates: { midpoints: true, draggable: true, deletable: true } } };
  const draw = new td.TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: 9, prefixId: 'kg-draw' }),
    modes: [
      new td.TerraDrawPointMode({ styles: { pointColor: ACCENT, pointWidth: 7, pointOutlineColor: WHITE, pointOutlineWidth: 2 } }),
      new td.TerraDrawLineStringMode({ styles: { lineStringColor: ACCENT, lineStringWidth: 3, closingPointColor: ACCENT, closingPointOutlineColor: WHITE, closingPointWidth: 6 } }),
      new td.TerraDrawPolygonMode({ styles: { fillColor: ACCENT, fillOpacity: 0.2, outlineColor: ACCENT, outlineWidth: 3, closingPointColor: ACCENT, closingPointOutlineColor: WHITE, closingPointWidth: 6 } }),
      new td.TerraDrawSelectMode({
        flags: { polygon: editable, linestring: editable, point: { feature: { draggable: true } } },
        styles: {
          selectedPolygonColor: ACCENT, selectedPolygonFillOpacity: 0.25, selectedPolygonOutlineColor: ACCENT, selectedPolygonOutlineWidth: 3,
          selectedLineStringColor: ACCENT, selectedLineStringWidth: 4, selectedPointColor: ACCENT, selectedPointWidth: 8, selectedPointOutlineColor: WHITE,
          selectionPointColor: WHITE, selectionPointOutlineColor: ACCENT, selectionPointWidth: 6, selectionPointOutlineWidth: 2,
          midPointColor: ACCENT, midPointOutlineColor: WHITE, midPointWidth: 4,
        },
      }),
    ],
  });
  let started = false;
  let id: string | number | null = null;

  const start = () => { if (!started) { draw.start(); started = true; } };
  const geometryOf = (): AnnotationGeometry | null => {
    if (id === null) return null;
    const f = draw.getSnapshotFeature(id);
    const g = f?.geometry;
    return g && (g.type === 'Point' || g.type === 'LineString' || g.type === 'Polygon') ? roundGeometry(g as AnnotationGeometry) : null;
  };
  const select = () => {
    if (id === null) return;
    draw.setMode('select');
    draw.selectFeature(id);
  };

  return {
    draw(kind) {
      start();
      draw.clear();
      id = null;
      draw.setMode(MODE[kind]);
      draw.on('finish', function finished(fid, ctx) {
        if (ctx.action !== 'draw') return;
        draw.off('finish', finished);
        id = fid;
        const g = geometryOf();
        // Keep the shape selected so it can be adjusted while the form is open.
        select();
        if (g) handlers.onfinish(g);
      });
    },
    edit(geometry) {
      start();
      draw.clear();
      draw.setMode('select');
      const [result] = draw.addFeatures([{ type: 'Feature', geometry, properties: { mode: MODE[geometry.type === 'Point' ? 'point' : geometry.type === 'LineString' ? 'line' : 'polygon'] } }]);
      if (!result?.valid) throw new Error(`the shape cannot be edited: ${result?.reason ?? 'invalid'}`);
      id = result.id as string | number;
      select();
      draw.on('change', (ids, type) => {
        if (id === null || type === 'delete' || !ids.includes(id)) return;
        const g = geometryOf();
        if (g) handlers.onchange?.(g);
      });
    },
    current: geometryOf,
    clear() {
      id = null;
      if (started) { draw.stop(); started = false; }
    },
    destroy() {
      id = null;
      if (started) { draw.stop(); started = false; }
    },
  };
};
