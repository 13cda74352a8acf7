// Population: where people live, as counts — the centres of a gridded population raster (WorldPop,
// GHSL: one row per populated cell) or the points/polygons of a file with a population column. The
// analyses count "people within reach" from it (analysis/reach.sql.ts); the map shows it as density.
import { provenanceAttributes, ref, t } from './common.js';
import type { LayerDef, StyleClass } from './types.js';

/** People per row, in classes (the legend's and the map's colours; a sequential, colour-blind-safe ramp). */
const DENSITY: { min: number; color: string; label: ReturnType<typeof t> }[] = [
  { min: 0, color: '#fff5eb', label: t('fewer than 5 people', 'меньше 5 человек', '5 кишиден аз') },
  { min: 5, color: '#fdd0a2', label: t('5–20 people', '5–20 человек', '5–20 киши') },
  { min: 20, color: '#fd8d3c', label: t('20–100 people', '20–100 человек', '20–100 киши') },
  { min: 100, color: '#d94801', label: t('100–500 people', '100–500 человек', '100–500 киши') },
  { min: 500, color: '#7f2704', label: t('500 people or more', '500 человек и больше', '500 жана андан көп киши') },
];

const classes: StyleClass[] = [...DENSITY].reverse().map((c) => ({
  id: `from-${c.min}`, label: c.label, color: c.color,
  when: ['>=', ['to-number', ['get', 'population'], 0], c.min],
  query: { population_min: String(c.min) },
}));

export const population: LayerDef = {
  id: 'population',
  table: 'population',
  title: t('Population', 'Население', 'Калк'),
  description: t(
    'Where people live: population per grid cell (WorldPop, GHSL) or per point or area of a loaded file. Coverage counts people from it.',
    'Где живут люди: население на ячейку сетки (WorldPop, GHSL) или на точку либо участок загруженного файла. По нему охват считает людей.',
    'Адамдар кайда жашайт: тордун ар бир уячасындагы калк (WorldPop, GHSL) же жүктөлгөн файлдын чекитиндеги же аянтындагы калк. Камтуу адамдарды ушул боюнча эсептейт.',
  ),
  geometry: 'area-or-point',
  group: 'reference',
  // From zoom 10: a 100 m grid is dense. Measured on a 300,000-cell synthetic grid (108,000 cells around
  // Bishkek): the tile over Bishkek is 6.6 MB (0.75 s) at z8, 4.1 MB at z10, 1.8 MB at z11, 0.36 MB at z12.
  minzoom: 10,
  maxzoom: 22,
  attributes: [
    ref,
    { name: 'population', type: 'number', label: t('Population', 'Население', 'Калкы'), unit: t('people', 'чел.', 'киши'), filter: true, tile: true },
    { name: 'year', type: 'integer', label: t('Year', 'Год', 'Жылы'), filter: true },
    { name: 'cell_m', type: 'number', label: t('Cell size', 'Размер ячейки', 'Уячанын өлчөмү'), unit: t('m', 'м', 'м') },
    ...provenanceAttributes(),
  ],
  // A 100 m cell (WorldPop, GHSL) is about 1 px wide at zoom 11 in Kyrgyzstan (~42° N) and doubles with each zoom:
  // the circle keeps roughly the cell's size, at least 1 px (linear between doubling stops: the print renderer's
  // expressions are linear only).
  style: { colorBy: 'population', classes, defaultColor: '#fdd0a2', cells: { radius: ['interpolate', ['linear'], ['zoom'], 10, 1, 11, 1, 12, 2, 13, 3.5, 14, 7, 15, 14, 16, 28, 17, 56, 18, 112] } },
};
