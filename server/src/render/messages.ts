// Words printed on exported maps and briefs, in Kyrgyz, Russian and English. A translator edits this
// file only. Kyrgyz phrasings are suggestions to be checked by a native speaker (see GLOSSARY.md).
import type { I18n, Lang } from '../layers/types.js';

const t = (en: string, ru: string, ky: string): I18n => ({ en, ru, ky });

export const M = {
  defaultTitle: t('Infrastructure map', 'Карта инфраструктуры', 'Инфраструктура картасы'),
  forCouncil: t('For: {council}', 'Для: {council}', 'Кимге: {council}'),
  preparedBy: t('Prepared by {org}', 'Подготовлено: {org}', 'Даярдаган: {org}'),
  legend: t('Legend', 'Условные обозначения', 'Шарттуу белгилер'),
  annotations: t('Reported problems (numbered on the map)', 'Отмеченные проблемы (номера на карте)', 'Белгиленген көйгөйлөр (картадагы номерлер)'),
  annotationsShort: t('Reported problems', 'Отмеченные проблемы', 'Белгиленген көйгөйлөр'),
  sources: t('Sources and licences', 'Источники и лицензии', 'Булактар жана лицензиялар'),
  basemap: t('Basemap', 'Подложка', 'Негизги карта'),
  illustrative: t(
    'Illustrative data: some features on this map were drawn for the demo, not surveyed (dashed lines, black outlines). Do not use them as evidence.',
    'Иллюстративные данные: часть объектов на карте нарисована для демонстрации, а не снята на местности (пунктир, чёрная обводка). Не используйте их как доказательство.',
    'Иллюстрациялык маалымат: картадагы айрым объекттер демо үчүн тартылган, жерде өлчөнгөн эмес (үзүк сызык, кара контур). Аларды далил катары колдонбоңуз.',
  ),
  noFeatures: t('No features in this extent', 'В этом районе нет объектов', 'Бул аймакта объекттер жок'),
  noFeaturesHint: t('Choose a larger area or other layers.', 'Выберите район побольше или другие слои.', 'Чоңураак аймакты же башка катмарларды тандаңыз.'),
  liveMap: t('Live map', 'Интерактивная карта', 'Интерактивдүү карта'),
  scaleAt: t('Scale at {lat}° N', 'Масштаб на {lat}° с. ш.', 'Масштаб {lat}° т. к.'),
  north: t('N', 'С', 'Т'),
  locator: t('Location in Kyrgyzstan', 'Расположение в Кыргызстане', 'Кыргызстандагы орду'),
  km: t('km', 'км', 'км'),
  m: t('m', 'м', 'м'),
  page: t('Page {n} of {total}', 'Страница {n} из {total}', '{total} беттин {n}-бети'),
  generated: t('Generated {date}', 'Создано {date}', 'Түзүлгөн күнү: {date}'),
  // Brief
  briefFigures: t('Figures from the gap analysis', 'Показатели анализа пробелов в услугах', 'Кемчиликтерди талдоонун көрсөткүчтөрү'),
  figure: t('Figure', 'Показатель', 'Көрсөткүч'),
  value: t('Value', 'Значение', 'Маани'),
  settlements: t('Settlements in the area', 'Населённые пункты в районе', 'Аймактагы калктуу конуштар'),
  population: t('Population', 'Население', 'Калк'),
  households: t('Households', 'Домохозяйства', 'Үй чарбалары'),
  serviceNone: t('Settlements without {service} (people)', 'Нас. п. без услуги «{service}» (жителей)', '«{service}» жок конуштар (адам)'),
  coveredBy: t('People within reach: {kind}', 'Жителей охвачено: {kind}', 'Камтылган калк: {kind}'),
  notCoveredBy: t('People not within reach: {kind}', 'Жителей не охвачено: {kind}', 'Камтылбаган калк: {kind}'),
  noDataFor: t('No complete data on {kind}: settlements (people)', 'Нет полных данных ({kind}): нас. п. (жителей)', '«{kind}» боюнча толук маалымат жок: конуштар (адам)'),
  canalKm: t('Canals in the area, km', 'Каналы в районе, км', 'Аймактагы каналдар, км'),
  canalPoorKm: t('Canals in poor or broken condition, km', 'Каналы в плохом или аварийном состоянии, км', 'Начар же бузулган каналдар, км'),
  chartCanals: t('Canal length by condition, km', 'Длина каналов по состоянию, км', 'Каналдардын абалы боюнча узундугу, км'),
  chartNone: t('No canals in this area.', 'В этом районе нет каналов.', 'Бул аймакта каналдар жок.'),
  noAnnotations: t('No reported problems are visible in this campaign.', 'В этой кампании нет видимых отмеченных проблем.', 'Бул кампанияда көрүнгөн белгиленген көйгөйлөр жок.'),
  colNo: t('No.', '№', '№'),
  colTitle: t('Problem', 'Проблема', 'Көйгөй'),
  colCategory: t('Category', 'Категория', 'Категория'),
  colSeverity: t('Severity (1–5)', 'Серьёзность (1–5)', 'Оордугу (1–5)'),
  colStatus: t('Status', 'Статус', 'Статусу'),
  colPeople: t('People affected', 'Затронуто жителей', 'Көйгөй тийген адамдар'),
  recommendations: t('Recommendations', 'Рекомендации', 'Сунуштар'),
  noRecommendations: t('The campaign has no recommendations text yet.', 'Текст рекомендаций для этой кампании пока не добавлен.', 'Бул кампания үчүн сунуштардын тексти азырынча кошула элек.'),
  continued: t('(continued)', '(продолжение)', '(уландысы)'),
  notices: t('Notes on the data', 'Примечания к данным', 'Маалымат боюнча эскертүүлөр'),
  services: { water: t('water', 'вода', 'суу'), electricity: t('electricity', 'электричество', 'электр'), road: t('road', 'дорога', 'жол') } as Record<string, I18n>,
} as const;

export const CATEGORY: Record<string, I18n> = {
  broken_canal: t('broken canal', 'разрушенный канал', 'бузулган канал'),
  drinking_water_irrigation: t('drinking water used for irrigation', 'питьевая вода на полив', 'ичүүчү суу сугатка колдонулат'),
  no_electricity: t('no electricity', 'нет электричества', 'электр жок'),
  no_road: t('no road', 'нет дороги', 'жол жок'),
  service_out_of_reach: t('service out of reach', 'услуга недоступна', 'кызмат жеткиликсиз'),
  sanitation: t('sanitation', 'санитария', 'санитария'),
  fire_safety: t('fire safety', 'пожарная безопасность', 'өрт коопсуздугу'),
  budget_allocation: t('budget allocation', 'распределение бюджета', 'бюджетти бөлүштүрүү'),
  other: t('other', 'другое', 'башка'),
};

export const STATUS: Record<string, I18n> = {
  draft: t('draft', 'черновик', 'кара нуска'),
  published: t('published', 'опубликовано', 'жарыяланган'),
  submitted: t('submitted to the council', 'внесено в кенеш', 'кеңешке тапшырылган'),
  response_recorded: t('council responded', 'получен ответ', 'жооп алынган'),
  planned: t('planned', 'запланировано', 'пландалган'),
  resolved: t('resolved', 'решено', 'чечилген'),
  rejected: t('rejected', 'отклонено', 'четке кагылган'),
  reopened: t('reopened', 'открыто повторно', 'кайра ачылган'),
};

export const LOCALE: Record<Lang, string> = { en: 'en-GB', ru: 'ru-RU', ky: 'ky-KG' };

/** A message in `lang` with {placeholders} filled. */
export function msg(m: I18n, lang: Lang, vars: Record<string, string | number> = {}): string {
  return m[lang].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

export const label = (m: I18n | undefined, lang: Lang, fallback = ''): string => m?.[lang] ?? fallback;

export function fmtDate(d: Date, lang: Lang): string {
  return new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: 'long', timeZone: 'Asia/Bishkek' }).format(d);
}

export function fmtNumber(n: number, lang: Lang, digits = 0): string {
  return new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n);
}
