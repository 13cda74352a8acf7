import { SERVICE_VALUES, nameAttributes, provenanceAttributes, ref, t } from './common.js';
import type { LayerDef } from './types.js';

export const settlements: LayerDef = {
  id: 'settlements',
  table: 'settlements',
  title: t('Settlements and their services', 'Населённые пункты и их услуги', 'Калктуу конуштар жана алардын кызматтары'),
  description: t(
    'Towns, villages and new settlements (konush) with the status of drinking water, electricity, road and irrigation.',
    'Города, сёла и новостройки с состоянием питьевого водоснабжения, электричества, дорог и орошения.',
    'Шаарлар, айылдар жана жаңы конуштар: ичүүчү суу, электр, жол жана сугат кызматтарынын статусу менен.',
  ),
  geometry: 'area-or-point',
  group: 'reference',
  minzoom: 0,
  maxzoom: 22,
  attributes: [
    ref,
    ...nameAttributes(),
    {
      name: 'settlement_type', type: 'enum', label: t('Type', 'Тип', 'Түрү'), filter: true, tile: true,
      values: [
        { value: 'city', label: t('city', 'город', 'шаар') },
        { value: 'town', label: t('town', 'посёлок городского типа / райцентр', 'шаарча / райондун борбору') },
        { value: 'village', label: t('village', 'село', 'айыл') },
        { value: 'new_settlement', label: t('new settlement (konush)', 'новостройка (жилмассив)', 'жаңы конуш') },
      ],
    },
    {
      name: 'legal_status', type: 'enum', label: t('Legal status', 'Правовой статус', 'Укуктук статусу'), filter: true, tile: true,
      values: [
        { value: 'recognised', label: t('recognised', 'признан', 'таанылган') },
        { value: 'unregistered', label: t('unregistered (no legal status)', 'не зарегистрирован (без правового статуса)', 'катталган эмес (укуктук статусу жок)') },
        { value: 'legalisation_pending', label: t('legalisation pending', 'в процессе легализации', 'мыйзамдаштыруу жүрүп жатат') },
        { value: 'unknown', label: t('unknown', 'неизвестно', 'белгисиз') },
      ],
    },
    { name: 'population', type: 'integer', label: t('Population', 'Население', 'Калкы'), unit: t('people', 'чел.', 'адам'), filter: true, tile: true },
    { name: 'households', type: 'integer', label: t('Households', 'Домохозяйства', 'Үй чарбалары'), filter: true },
    { name: 'population_year', type: 'integer', label: t('Population year', 'Год данных о населении', 'Калктын маалыматынын жылы') },
    { name: 'water', type: 'enum', label: t('Drinking water', 'Питьевая вода', 'Ичүүчү суу'), values: SERVICE_VALUES, filter: true, tile: true },
    { name: 'electricity', type: 'enum', label: t('Electricity', 'Электричество', 'Электр энергиясы'), values: SERVICE_VALUES, filter: true, tile: true },
    { name: 'road', type: 'enum', label: t('Road', 'Дорога', 'Жол'), values: SERVICE_VALUES, filter: true, tile: true },
    { name: 'irrigation', type: 'enum', label: t('Irrigation', 'Орошение', 'Сугат'), values: SERVICE_VALUES, filter: true, tile: true },
    { computed: true, name: 'services_missing', type: 'integer', label: t('Services missing (water, power, road)', 'Нет услуг (вода, свет, дорога)', 'Жок кызматтар (суу, электр, жол)'), filter: true, tile: true },
    { name: 'municipality', type: 'text', label: t('Municipality', 'Муниципалитет (айыльный аймак)', 'Муниципалитет (айыл аймагы)'), filter: true },
    { name: 'district', type: 'text', label: t('District', 'Район', 'Район'), filter: true },
    { name: 'region', type: 'text', label: t('Region', 'Область', 'Облус'), filter: true },
    { name: 'soate', type: 'text', label: t('SOATE code', 'Код СОАТЕ', 'СОАТЕ коду'), filter: true },
    ...provenanceAttributes(),
  ],
  zoomFilter: { attribute: 'settlement_type', minzoom: { city: 0, town: 5, village: 8, new_settlement: 8 } },
  // At z8 a tile of the synthetic national data holds 4,400 settlements; three names each were 1.1 MB of its 1.4 MB.
  labelThinning: { attributes: ['name_ky', 'name_ru', 'name_en'], cellPx: 16, maxzoom: 10, rankBy: 'population' },
  style: {
    colorBy: 'services_missing',
    defaultColor: '#4393c3',
    classes: [
      { id: 'missing-3', label: t('no water, power or road', 'нет воды, света и дороги', 'суу, жарык жана жол жок'), color: '#67001f', when: ['>=', ['get', 'services_missing'], 3], query: { services_missing_min: '3' } },
      { id: 'missing-2', label: t('2 of 3 services missing', 'нет 2 из 3 услуг', '3 кызматтын экөө жок'), color: '#d6604d', when: ['==', ['get', 'services_missing'], 2], query: { services_missing_min: '2', services_missing_max: '2' } },
      { id: 'missing-1', label: t('1 of 3 services missing', 'нет 1 из 3 услуг', '3 кызматтын бирөө жок'), color: '#f4a582', when: ['==', ['get', 'services_missing'], 1], query: { services_missing_min: '1', services_missing_max: '1' } },
      {
        id: 'no-data', label: t('no service data yet', 'нет данных об услугах', 'кызматтар тууралуу маалымат жок'), color: '#bababa',
        when: ['all', ['==', ['get', 'water'], 'unknown'], ['==', ['get', 'electricity'], 'unknown'], ['==', ['get', 'road'], 'unknown']],
        query: { water: 'unknown', electricity: 'unknown', road: 'unknown' },
      },
      { id: 'no-gap', label: t('no gap recorded', 'проблем с услугами не отмечено', 'кемчилик белгиленген эмес'), color: '#4393c3', when: ['literal', true], query: { services_missing_max: '0' } },
    ],
  },
};
