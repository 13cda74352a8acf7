import { CONDITION_VALUES, nameAttributes, provenanceAttributes, ref, t } from './common.js';
import type { LayerDef } from './types.js';

export const FACILITY_KINDS = [
  { value: 'clinic', label: t('clinic / health post', 'поликлиника / ФАП', 'клиника / ФАП'), color: '#0072b2', mark: '+' },
  { value: 'hospital', label: t('hospital', 'больница', 'оорукана'), color: '#004c7a', mark: 'H' },
  { value: 'oncology', label: t('oncology service', 'онкологическая служба', 'онкологиялык кызмат'), color: '#cc79a7', mark: 'O' },
  { value: 'school', label: t('school', 'школа', 'мектеп'), color: '#e69f00', mark: 'S' },
  { value: 'kindergarten', label: t('kindergarten', 'детский сад', 'бала бакча'), color: '#f0c400', mark: 'K' },
  { value: 'market', label: t('market (bazaar)', 'рынок (базар)', 'базар'), color: '#d55e00', mark: 'M' },
  { value: 'water_point', label: t('water point', 'водоразборная колонка', 'суу алуучу жай (колонка)'), color: '#56b4e9', mark: 'W' },
  { value: 'substation', label: t('electrical substation', 'электроподстанция', 'электр подстанциясы'), color: '#6a3d9a', mark: 'E' },
  { value: 'pump_station', label: t('pump station', 'насосная станция', 'насос станциясы'), color: '#009e73', mark: 'P' },
  { value: 'municipal_office', label: t('municipal office', 'айыл окмоту / мэрия', 'айыл өкмөтү / мэрия'), color: '#444444', mark: 'A' },
];

export const facilities: LayerDef = {
  id: 'facilities',
  table: 'facilities',
  title: t('Public facilities', 'Общественные (социальные) объекты', 'Коомдук (социалдык) объекттер'),
  description: t(
    'Clinics, hospitals, oncology services, schools, markets, water points, substations and municipal offices.',
    'Поликлиники, больницы, онкологические службы, школы, рынки, колонки, подстанции и органы МСУ.',
    'Клиникалар, ооруканалар, онкологиялык кызматтар, мектептер, базарлар, суу алуучу жайлар, подстанциялар жана айыл өкмөттөрү.',
  ),
  geometry: 'point',
  group: 'reference',
  minzoom: 0,
  maxzoom: 22,
  attributes: [
    ref,
    ...nameAttributes(),
    { name: 'kind', type: 'enum', label: t('Kind', 'Вид объекта', 'Объекттин түрү'), values: FACILITY_KINDS, filter: true, tile: true },
    { name: 'capacity', type: 'integer', label: t('Capacity', 'Вместимость', 'Сыйымдуулугу'), filter: true },
    {
      name: 'capacity_unit', type: 'enum', label: t('Capacity unit', 'Единица вместимости', 'Сыйымдуулук бирдиги'),
      values: [
        { value: 'beds', label: t('beds', 'коек', 'төшөк') },
        { value: 'pupils', label: t('pupils', 'учеников', 'окуучу') },
        { value: 'places', label: t('places', 'мест', 'орун') },
        { value: 'stalls', label: t('stalls', 'торговых мест', 'соода орду') },
        { value: 'lps', label: t('l/s', 'л/с', 'л/с') },
        { value: 'kva', label: t('kVA', 'кВА', 'кВА') },
        { value: 'visits_per_day', label: t('visits per day', 'посещений в день', 'күнүнө кабыл алуу') },
      ],
    },
    { name: 'condition', type: 'enum', label: t('Condition', 'Состояние', 'Абалы'), values: CONDITION_VALUES, filter: true, tile: true },
    { name: 'service_radius_m', type: 'integer', label: t('Service radius', 'Радиус обслуживания', 'Тейлөө радиусу'), unit: t('m', 'м', 'м'), filter: true },
    { name: 'operator', type: 'text', label: t('Operator', 'Балансодержатель', 'Ээси'), filter: true },
    { name: 'municipality', type: 'text', label: t('Municipality', 'Муниципалитет', 'Муниципалитет'), filter: true },
    ...provenanceAttributes(),
  ],
  style: {
    colorBy: 'kind',
    symbolBy: { attribute: 'kind', symbols: Object.fromEntries(FACILITY_KINDS.map((k) => [k.value, k.mark])) },
    defaultColor: '#444444',
  },
};
