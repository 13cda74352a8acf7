import { CONDITION_VALUES, nameAttributes, provenanceAttributes, ref, t } from './common.js';
import type { LayerDef } from './types.js';

export const canals: LayerDef = {
  id: 'canals',
  table: 'canals',
  title: t('Irrigation canals', 'Оросительные каналы', 'Сугат каналдары'),
  description: t(
    'Irrigation network by class and condition.',
    'Оросительная сеть по классу и техническому состоянию.',
    'Сугат тармагы, классы жана абалы боюнча.',
  ),
  geometry: 'line',
  group: 'reference',
  minzoom: 0,
  maxzoom: 22,
  attributes: [
    ref,
    ...nameAttributes(),
    {
      name: 'class', type: 'enum', label: t('Class', 'Класс канала', 'Каналдын классы'), filter: true, tile: true,
      values: [
        { value: 'main', label: t('main canal', 'магистральный канал', 'магистралдык канал') },
        { value: 'distributor', label: t('distributor (inter-farm) canal', 'межхозяйственный (распределительный) канал', 'чарба аралык суу бөлүштүрүүчү канал') },
        { value: 'on_farm', label: t('on-farm canal / aryk', 'внутрихозяйственный канал / арык', 'чарба ичиндеги канал / арык') },
        { value: 'drain', label: t('collector drain', 'коллекторно-дренажный канал', 'коллектордук-дренаждык канал') },
      ],
    },
    { name: 'condition', type: 'enum', label: t('Condition', 'Техническое состояние', 'Техникалык абалы'), values: CONDITION_VALUES, filter: true, tile: true },
    { name: 'lined', type: 'boolean', label: t('Lined', 'Облицован', 'Капталган'), filter: true },
    { name: 'capacity_lps', type: 'number', label: t('Capacity', 'Пропускная способность', 'Өткөрүү жөндөмдүүлүгү'), unit: t('l/s', 'л/с', 'л/с'), filter: true },
    { name: 'year_built', type: 'integer', label: t('Year built', 'Год постройки', 'Курулган жылы'), filter: true },
    { name: 'operator', type: 'text', label: t('Operator', 'Эксплуатирующая организация', 'Пайдалануучу уюм'), filter: true },
    { name: 'municipality', type: 'text', label: t('Municipality', 'Муниципалитет', 'Муниципалитет'), filter: true },
    { computed: true, name: 'length_m', type: 'number', label: t('Length', 'Длина', 'Узундугу'), unit: t('m', 'м', 'м') },
    ...provenanceAttributes(),
  ],
  zoomFilter: { attribute: 'class', minzoom: { main: 0, distributor: 9, drain: 10, on_farm: 11 } },
  style: {
    colorBy: 'condition',
    widthBy: { attribute: 'class', widths: { main: 4, distributor: 2.5, drain: 2, on_farm: 1.5 } },
    defaultColor: '#8c8c8c',
  },
};
