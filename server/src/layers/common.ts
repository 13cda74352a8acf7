import type { AttributeDef, EnumValue, I18n } from './types.js';

export const t = (en: string, ru: string, ky: string): I18n => ({ en, ru, ky });

export const PROVENANCE_VALUES: EnumValue[] = [
  { value: 'real', label: t('Real (from a cited dataset)', 'Реальные (из указанного источника)', 'Чыныгы (көрсөтүлгөн булактан)') },
  { value: 'derived', label: t('Derived from real data', 'Получены из реальных данных', 'Чыныгы маалыматтан эсептелген') },
  { value: 'placeholder', label: t('Real place, approximate point', 'Реальное место, приблизительная точка', 'Чыныгы жер, болжолдуу чекит') },
  { value: 'illustrative', label: t('Illustrative (drawn for the demo, not surveyed)', 'Иллюстративные (нарисованы для демонстрации, не съёмка)', 'Иллюстрациялык (демо үчүн тартылган, өлчөнгөн эмес)') },
];

export const CONDITION_VALUES: EnumValue[] = [
  { value: 'good', label: t('good', 'хорошее', 'жакшы'), color: '#2166ac' },
  { value: 'fair', label: t('fair', 'удовлетворительное', 'канааттандырарлык'), color: '#67a9cf' },
  { value: 'poor', label: t('poor', 'плохое', 'начар'), color: '#ef8a62', mark: '!' },
  { value: 'broken', label: t('broken', 'аварийное (разрушен)', 'бузулган'), color: '#b2182b', mark: '✕' },
  { value: 'unknown', label: t('unknown', 'неизвестно', 'белгисиз'), color: '#8c8c8c', mark: '?' },
];

export const SERVICE_VALUES: EnumValue[] = [
  { value: 'connected', label: t('connected', 'подключено', 'туташтырылган') },
  { value: 'partial', label: t('partial', 'частично', 'жарым-жартылай') },
  { value: 'none', label: t('none', 'нет', 'жок') },
  { value: 'unknown', label: t('unknown', 'неизвестно', 'белгисиз') },
];

export const NETWORK_STATUS_VALUES: EnumValue[] = [
  { value: 'operational', label: t('operational', 'действующая', 'иштеп жаткан') },
  { value: 'planned', label: t('planned', 'планируемая', 'пландалган') },
  { value: 'out_of_service', label: t('out of service', 'не работает', 'иштебейт') },
  { value: 'unknown', label: t('unknown', 'неизвестно', 'белгисиз') },
];

export function nameAttributes(): AttributeDef[] {
  return [
    { name: 'name_ky', type: 'text', label: t('Name (Kyrgyz)', 'Название (кыргызское)', 'Аталышы (кыргызча)'), tile: true },
    { name: 'name_ru', type: 'text', label: t('Name (Russian)', 'Название (русское)', 'Аталышы (орусча)'), tile: true },
    { name: 'name_en', type: 'text', label: t('Name (English)', 'Название (английское)', 'Аталышы (англисче)'), tile: true },
  ];
}

export function provenanceAttributes(): AttributeDef[] {
  return [
    { name: 'provenance', type: 'enum', label: t('Provenance', 'Происхождение данных', 'Маалыматтын келип чыгышы'), values: PROVENANCE_VALUES, filter: true, tile: true },
    { name: 'dataset_id', type: 'text', label: t('Dataset', 'Набор данных', 'Маалымат топтому'), filter: true },
    { name: 'source', type: 'text', label: t('Source', 'Источник', 'Булак') },
    { name: 'source_date', type: 'date', label: t('Source date', 'Дата источника', 'Булактын күнү') },
    { name: 'licence', type: 'text', label: t('Licence', 'Лицензия', 'Лицензия') },
    { name: 'notes', type: 'text', label: t('Notes', 'Примечания', 'Эскертүүлөр') },
  ];
}

export const ref: AttributeDef = { name: 'ref', type: 'text', label: t('Reference', 'Код', 'Код'), filter: true };
