import { NETWORK_STATUS_VALUES, nameAttributes, provenanceAttributes, ref, t } from './common.js';
import type { LayerDef, EnumValue } from './types.js';

const statusColored = (base: string): EnumValue[] =>
  NETWORK_STATUS_VALUES.map((v) => ({
    ...v,
    color: v.value === 'operational' ? base : v.value === 'planned' ? '#1a9850' : v.value === 'out_of_service' ? '#b2182b' : '#8c8c8c',
    ...(v.value === 'out_of_service' ? { mark: '✕' } : v.value === 'planned' ? { mark: '+' } : {}),
  }));

const operatorAttr = { name: 'operator', type: 'text' as const, label: t('Operator', 'Оператор', 'Оператор'), filter: true };

export const powerLines: LayerDef = {
  id: 'power_lines',
  table: 'power_lines',
  title: t('Power lines', 'Линии электропередачи', 'Электр берүү линиялары'),
  description: t('Electricity network used to measure how far unserved settlements are from the grid.', 'Электросеть: по ней считается расстояние от населённых пунктов без света до сети.', 'Электр тармагы: жарыгы жок конуштардан тармакка чейинки аралык ушул боюнча эсептелет.'),
  geometry: 'line',
  group: 'network',
  minzoom: 0,
  maxzoom: 22,
  attributes: [
    ref,
    ...nameAttributes(),
    { name: 'voltage_kv', type: 'number', label: t('Voltage', 'Напряжение', 'Чыңалуу'), unit: t('kV', 'кВ', 'кВ'), filter: true, tile: true },
    { name: 'status', type: 'enum', label: t('Status', 'Статус', 'Статусу'), values: statusColored('#7b3294'), filter: true, tile: true },
    operatorAttr,
    ...provenanceAttributes(),
  ],
  style: { colorBy: 'status', defaultColor: '#7b3294' },
};

export const waterMains: LayerDef = {
  id: 'water_mains',
  table: 'water_mains',
  title: t('Water mains', 'Водопроводные магистрали', 'Суу түтүк магистралдары'),
  description: t('Drinking-water mains.', 'Магистрали питьевого водопровода.', 'Ичүүчү суу түтүгүнүн магистралдары.'),
  geometry: 'line',
  group: 'network',
  minzoom: 0,
  maxzoom: 22,
  attributes: [
    ref,
    ...nameAttributes(),
    { name: 'diameter_mm', type: 'integer', label: t('Diameter', 'Диаметр', 'Диаметри'), unit: t('mm', 'мм', 'мм'), filter: true, tile: true },
    { name: 'material', type: 'text', label: t('Material', 'Материал', 'Материалы'), filter: true },
    { name: 'status', type: 'enum', label: t('Status', 'Статус', 'Статусу'), values: statusColored('#0571b0'), filter: true, tile: true },
    operatorAttr,
    ...provenanceAttributes(),
  ],
  style: { colorBy: 'status', defaultColor: '#0571b0' },
};

export const roads: LayerDef = {
  id: 'roads',
  table: 'roads',
  title: t('Roads', 'Дороги', 'Жолдор'),
  description: t('Roads used to measure access to settlements.', 'Дороги: по ним оценивается доступ к населённым пунктам.', 'Жолдор: конуштарга жетүү мүмкүнчүлүгү ушул боюнча бааланат.'),
  geometry: 'line',
  group: 'network',
  minzoom: 0,
  maxzoom: 22,
  attributes: [
    ref,
    ...nameAttributes(),
    {
      name: 'road_class', type: 'enum', label: t('Road class', 'Класс дороги', 'Жолдун классы'), filter: true, tile: true,
      values: [
        { value: 'international', label: t('international', 'международная', 'эл аралык') },
        { value: 'national', label: t('national', 'республиканская', 'республикалык') },
        { value: 'regional', label: t('regional', 'областная', 'облустук') },
        { value: 'local', label: t('local', 'местная', 'жергиликтүү') },
        { value: 'street', label: t('street', 'улица', 'көчө') },
        { value: 'track', label: t('track', 'грунтовая колея', 'топурак жол') },
      ],
    },
    {
      name: 'surface', type: 'enum', label: t('Surface', 'Покрытие', 'Жабуусу'), filter: true, tile: true,
      values: [
        { value: 'paved', label: t('paved', 'асфальт', 'асфальт'), color: '#525252' },
        { value: 'gravel', label: t('gravel', 'гравий', 'шагыл'), color: '#969696' },
        { value: 'dirt', label: t('dirt', 'грунт', 'топурак'), color: '#bf812d' },
        { value: 'unknown', label: t('unknown', 'неизвестно', 'белгисиз'), color: '#bdbdbd' },
      ],
    },
    { name: 'status', type: 'enum', label: t('Status', 'Статус', 'Статусу'), values: NETWORK_STATUS_VALUES, filter: true, tile: true },
    ...provenanceAttributes(),
  ],
  zoomFilter: { attribute: 'road_class', minzoom: { international: 0, national: 0, regional: 6, local: 9, street: 11, track: 11 } },
  style: {
    colorBy: 'surface',
    widthBy: { attribute: 'road_class', widths: { international: 4, national: 3.5, regional: 3, local: 2, street: 1.5, track: 1 } },
    defaultColor: '#969696',
  },
};
