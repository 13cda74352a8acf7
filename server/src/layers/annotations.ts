// Gaps (annotations) that organisations mark on the map, as one registry layer. Rows come from the
// view `annotation_layer` (sql/0007_annotation_layer.sql: the annotation with its organisation, latest
// council submission, evidence links and photo count, flat for GIS tables), under the ONE visibility
// rule (access/visibility.ts): published gaps for everyone, drafts only for their organisation and the
// organisations a campaign is shared with. The editing API stays /api/annotations (annotations/).
import { annotationVisible } from '../access/visibility.js';
import { t } from './common.js';
import type { EnumValue, LayerDef } from './types.js';

/** Category colours: the map, the legend, the print renderer and the web form use these. */
export const CATEGORY_VALUES: EnumValue[] = [
  { value: 'broken_canal', label: t('Broken canal', 'Разрушенный канал', 'Бузулган канал'), color: '#1f6fb4' },
  { value: 'drinking_water_irrigation', label: t('Drinking water used for irrigation', 'Питьевая вода идёт на полив', 'Ичүүчү суу сугатка колдонулат'), color: '#0f8a8a' },
  { value: 'no_electricity', label: t('No electricity', 'Нет электричества', 'Электр жок'), color: '#a8780a' },
  { value: 'no_road', label: t('No road', 'Нет дороги', 'Жол жок'), color: '#7a5230' },
  { value: 'service_out_of_reach', label: t('Service out of reach', 'Услуга недоступна', 'Кызмат жеткиликсиз'), color: '#7b3fa0' },
  { value: 'sanitation', label: t('Sanitation', 'Санитария', 'Санитария'), color: '#4f7a1a' },
  { value: 'fire_safety', label: t('Fire safety', 'Пожарная безопасность', 'Өрт коопсуздугу'), color: '#cc3324' },
  { value: 'budget_allocation', label: t('Budget allocation', 'Распределение бюджета', 'Бюджетти бөлүштүрүү'), color: '#c2185b' },
  { value: 'other', label: t('Other', 'Другое', 'Башка'), color: '#55606b' },
];

export const STATUS_VALUES: EnumValue[] = [
  { value: 'draft', label: t('Draft', 'Черновик', 'Кара нуска') },
  { value: 'published', label: t('Published', 'Опубликовано', 'Жарыяланган') },
  { value: 'submitted', label: t('Submitted to the council', 'Внесено в кенеш', 'Кеңешке тапшырылган') },
  { value: 'response_recorded', label: t('Official response recorded', 'Получен официальный ответ', 'Расмий жооп катталган') },
  { value: 'planned', label: t('Planned', 'Запланировано', 'Пландалган') },
  { value: 'resolved', label: t('Resolved', 'Решено', 'Чечилген') },
  { value: 'rejected', label: t('Rejected', 'Отклонено', 'Четке кагылган') },
  { value: 'reopened', label: t('Re-opened', 'Открыто повторно', 'Кайра ачылган') },
];

export const REVIEW_VALUES: EnumValue[] = [
  { value: 'unreviewed', label: t('Not reviewed', 'Не проверено', 'Текшерилген эмес') },
  { value: 'acknowledged', label: t('Acknowledged', 'Принято к сведению', 'Эске алынды') },
  { value: 'needs_information', label: t('Needs information', 'Нужны сведения', 'Маалымат керек') },
  { value: 'confirmed', label: t('Confirmed', 'Подтверждено', 'Ырасталды') },
  { value: 'disputed', label: t('Disputed', 'Оспорено', 'Талаштуу') },
];

const SEVERITY_VALUES: EnumValue[] = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: t(String(n), String(n), String(n)) }));

export const annotations: LayerDef = {
  id: 'annotations',
  table: 'annotation_layer',
  rows: { visible: annotationVisible, idType: 'uuid', draftWhen: ['==', ['get', 'status'], 'draft'] },
  title: t('Gaps marked by organisations', 'Проблемы, отмеченные организациями', 'Уюмдар белгилеген көйгөйлөр'),
  description: t(
    'Infrastructure gaps that civil-society organisations put on the map for their council: published ones for everyone; with a session, also what your organisation may see.',
    'Проблемы инфраструктуры, которые общественные организации отметили на карте для кенеша: опубликованные видны всем; после входа — также то, что может видеть ваша организация.',
    'Жарандык коом уюмдары кеңеш үчүн картага белгилеген инфраструктура көйгөйлөрү: жарыяланганын баары көрөт; кирген соң — уюмуңуз көрө алгандары да.',
  ),
  geometry: 'any',
  group: 'advocacy',
  minzoom: 0,
  maxzoom: 16,
  attributes: [
    { name: 'campaign_id', type: 'uuid', label: t('Campaign', 'Кампания', 'Кампания'), filter: true, tile: true, param: 'campaign' },
    { name: 'organisation', type: 'text', label: t('Organisation', 'Организация', 'Уюм'), computed: true },
    { name: 'title', type: 'text', label: t('Title', 'Заголовок', 'Аталышы'), tile: true },
    { name: 'description', type: 'text', label: t('Description', 'Описание', 'Сүрөттөмө') },
    { name: 'lang', type: 'text', label: t('Language of the text', 'Язык текста', 'Тексттин тили') },
    { name: 'category', type: 'enum', label: t('Category', 'Категория', 'Категория'), values: CATEGORY_VALUES, filter: true, tile: true },
    { name: 'severity', type: 'integer', label: t('Severity (1–5)', 'Серьёзность (1–5)', 'Оордугу (1–5)'), values: SEVERITY_VALUES, filter: true, tile: true },
    { name: 'affected_people', type: 'integer', label: t('People affected', 'Затронутые жители', 'Көйгөй тийген адамдар') },
    { name: 'affected_households', type: 'integer', label: t('Households', 'Домохозяйства', 'Үй чарбалары') },
    { name: 'status', type: 'enum', label: t('Status', 'Статус', 'Статусу'), values: STATUS_VALUES, filter: true, tile: true },
    { name: 'status_changed_at', type: 'text', label: t('Status changed', 'Статус изменён', 'Статусу өзгөргөн'), computed: true },
    { name: 'review_status', type: 'enum', label: t('Review', 'Проверка', 'Текшерүү'), values: REVIEW_VALUES, filter: true, tile: true, param: 'reviewStatus' },
    { name: 'rejection_reason', type: 'text', label: t('Reason for rejection', 'Причина отклонения', 'Четке кагуунун себеби') },
    { name: 'council', type: 'text', label: t('Council', 'Кенеш', 'Кеңеш'), computed: true },
    { name: 'council_reference', type: 'text', label: t('Council reference', 'Номер в кенеше', 'Кеңештеги номери'), computed: true },
    { name: 'submitted_on', type: 'date', label: t('Submitted on', 'Дата внесения', 'Тапшырылган күнү'), computed: true },
    { name: 'response_on', type: 'date', label: t('Response on', 'Дата ответа', 'Жооптун күнү'), computed: true },
    { name: 'response_days', type: 'integer', label: t('Days to response', 'Дней до ответа', 'Жоопко чейинки күндөр'), computed: true },
    { name: 'evidence_urls', type: 'text', label: t('Evidence links', 'Ссылки на доказательства', 'Далилдердин шилтемелери'), computed: true },
    { name: 'photos', type: 'integer', label: t('Photos', 'Фотографии', 'Сүрөттөр'), computed: true },
    { name: 'created_at', type: 'text', label: t('Created', 'Создано', 'Түзүлгөн'), computed: true },
    { name: 'updated_at', type: 'text', label: t('Updated', 'Изменено', 'Өзгөртүлгөн'), computed: true },
    { name: 'version', type: 'integer', label: t('Version', 'Версия', 'Версиясы'), computed: true },
  ],
  style: { colorBy: 'category', radiusBy: { attribute: 'severity', base: 5 }, defaultColor: '#55606b' },
};
