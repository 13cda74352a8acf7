// Words of the public tracker pages, the Atom feed and the monitoring report, in Kyrgyz, Russian and
// English, and the two ready sentences they share: the counts ("6 of 14 commitments done, 5 late, 3 not
// started") and an indicator total ("4.5 of 12 km: main canal rehabilitated"). Kyrgyz takes its case
// endings after numbers from i18n/ky-grammar.ts; Russian avoids number agreement where it can (neuter
// "выполнено 6") and chooses the genitive after "из N" where it cannot. A translator edits this file only;
// Kyrgyz phrasings follow GLOSSARY.md (чечим, милдеттенме, аткарылышы, статусу, кара нуска).
import type { I18n, Lang } from '../i18n/pick.js';
import { caseAfterNumber, suffix } from '../i18n/ky-grammar.js';
import { fmtNumber } from '../render/messages.js';
import type { CommitmentStatus } from './commitments.rules.js';
import type { DecisionKind, Unit } from './commitments.schema.js';
import type { IndicatorTotal, StatusCounts } from './commitments.types.js';

const t = (en: string, ru: string, ky: string): I18n => ({ en, ru, ky });

export const STATUS_LABEL: Record<CommitmentStatus, I18n> = {
  not_started: t('Not started', 'Не начато', 'Башталган жок'),
  on_track: t('On track', 'В графике', 'График боюнча'),
  at_risk: t('At risk', 'Под угрозой', 'Коркунучта'),
  late: t('Late', 'Просрочено', 'Кечигүүдө'),
  done: t('Done', 'Выполнено', 'Аткарылды'),
  broken: t('Broken', 'Сорвано', 'Аткарылбай калды'),
};

export const KIND_LABEL: Record<DecisionKind, I18n> = {
  council_resolution: t('Council resolution', 'Постановление кенеша', 'Кеңештин токтому'),
  adopted_policy: t('Adopted policy', 'Принятая политика', 'Кабыл алынган саясат'),
  action_plan: t('Action plan', 'План действий', 'Иш-аракеттер планы'),
};

export const T = {
  tracker: t('Commitments tracker', 'Ход выполнения обязательств', 'Милдеттенмелердин аткарылышы'),
  report: t('Monitoring report', 'Отчёт мониторинга', 'Мониторинг отчёту'),
  decision: t('Decision', 'Решение', 'Чечим'),
  number: t('No. {number}', '№ {number}', '№ {number}'),
  document: t('The decision document', 'Документ решения', 'Чечимдин документи'),
  asOf: t('Status as of {date}', 'Статус на {date}', 'Статусу {date} күнгө карата'),
  commitments: t('Commitments', 'Обязательства', 'Милдеттенмелер'),
  commitment: t('Commitment', 'Обязательство', 'Милдеттенме'),
  responsible: t('Responsible', 'Ответственный', 'Жооптуу'),
  due: t('Due', 'Срок', 'Мөөнөтү'),
  dueOn: t('Due {date}', 'Срок: {date}', 'Мөөнөтү: {date}'),
  daysLate: t('{n} days late', 'Просрочено на {n} дн.', '{n} күн кечикти'),
  baselineLatestTarget: t('Indicator: baseline / latest / target', 'Показатель: исходное / последнее / цель', 'Көрсөткүч: баштапкы / акыркы / максат'),
  progressOf: t('{share} of the way from {baseline} to {target}', '{share} пути от {baseline} до {target}', '{baseline} → {target} жолунун {share}'),
  plannedNow: t('the plan expects {share} by now', 'по плану сейчас {share}', 'план боюнча азыр {share}'),
  barsNote: t(
    'Bars: the share of the way from the baseline to the target; dashed mark: where the straight-line plan expects it today.',
    'Полосы: доля пути от исходного значения до цели; пунктир: где по линейному плану показатель должен быть сегодня.',
    'Тилкелер: баштапкы мааниден максатка чейинки жолдун үлүшү; үзүк сызык: түз сызыктуу план боюнча бүгүн жетүүчү жер.',
  ),
  noValue: t('No value reported yet', 'Значений ещё нет', 'Азырынча маани жок'),
  status: t('Status', 'Статус', 'Статусу'),
  timeline: t('Progress updates', 'Ход выполнения: обновления', 'Аткарылышы: жаңылоолор'),
  noUpdates: t('No progress reported yet.', 'О ходе выполнения ещё не сообщали.', 'Аткарылышы тууралуу азырынча маалымат жок.'),
  value: t('Value: {value}', 'Значение: {value}', 'Маани: {value}'),
  abandoned: t('The responsible body declared it abandoned.', 'Ответственный орган заявил об отказе от выполнения.', 'Жооптуу орган аткаруудан баш тартты.'),
  reportedBy: t('Reported by {who}', 'Сообщил(а): {who}', 'Билдирген: {who}'),
  sourceMonitor: t('monitor of {org}', 'монитор {org}', '{org} мониторуу'),
  sourceOfficial: t('official, via {org}', 'должностное лицо, через {org}', 'расмий адам, {org} аркылуу'),
  confirmed: t('Confirmed by {org}', 'Подтверждено: {org}', 'Ырастаган: {org}'),
  disputed: t('Disputed by {org}', 'Оспорено: {org}', 'Талашкан: {org}'),
  photo: t('Photo', 'Фото', 'Сүрөт'),
  map: t('Map of commitments', 'Карта обязательств', 'Милдеттенмелердин картасы'),
  mapAlt: t('Map: commitments coloured by status', 'Карта: обязательства, окрашенные по статусу', 'Карта: милдеттенмелер статусу боюнча боёлгон'),
  mapLayer: t('Commitments by status', 'Обязательства по статусу', 'Милдеттенмелер статусу боюнча'),
  noPlace: t('No commitment has a place on the map yet.', 'Ни у одного обязательства пока нет места на карте.', 'Азырынча бир да милдеттенменин картада орду жок.'),
  legend: t('Legend', 'Условные обозначения', 'Шарттуу белгилер'),
  plannedMark: t('plan', 'план', 'план'),
  illustrative: t(
    'The figures and places of this decision were written for the demo from what the founding document says; they are not reported facts.',
    'Показатели и места этого решения составлены для демонстрации по тексту учредительного документа, это не сообщённые факты.',
    'Бул чечимдин көрсөткүчтөрү жана жерлери демо үчүн негизги документке таянып жазылган, булар билдирилген фактылар эмес.',
  ),
  illustrativeFlag: t('ILLUSTRATIVE DATA', 'ИЛЛЮСТРАТИВНЫЕ ДАННЫЕ', 'ИЛЛЮСТРАЦИЯЛЫК МААЛЫМАТ'),
  sources: t('Sources and provenance', 'Источники и происхождение данных', 'Булактар жана маалыматтын келип чыгышы'),
  source: t('Source', 'Источник', 'Булак'),
  licence: t('Licence', 'Лицензия', 'Лицензия'),
  provenance: t('Provenance', 'Происхождение', 'Келип чыгышы'),
  provenanceValue: {
    real: t('reported', 'сообщённые данные', 'билдирилген маалымат'),
    derived: t('derived from reported data', 'выведено из сообщённых данных', 'билдирилген маалыматтан алынган'),
    placeholder: t('placeholder', 'заглушка', 'убактылуу маани'),
    illustrative: t('illustrative (demo)', 'иллюстративные (демо)', 'иллюстрациялык (демо)'),
  } as Record<string, I18n>,
  generated: t('Generated {date} from the live tracker: {url}', 'Создано {date} по данным трекера: {url}', '{date} түзүлдү, трекердин маалыматы: {url}'),
  evidence: t('Evidence photos', 'Фото-доказательства', 'Далил сүрөттөр'),
  noPhotos: t('No evidence photos yet.', 'Фото-доказательств пока нет.', 'Азырынча далил сүрөттөр жок.'),
  visits: t('Monitoring visits', 'Мониторинговые визиты', 'Мониторинг сапарлары'),
  noVisits: t('No monitoring visits recorded.', 'Мониторинговые визиты не записаны.', 'Мониторинг сапарлары катталган эмес.'),
  colFacility: t('Facility', 'Объект', 'Объект'),
  colChecklist: t('Checklist', 'Чек-лист', 'Текшерүү тизмеси'),
  colVisits: t('Visits', 'Визиты', 'Сапарлар'),
  colScore: t('Latest score (0–100)', 'Последняя оценка (0–100)', 'Акыркы баа (0–100)'),
  colChange: t('Change since the visit before', 'Изменение с прошлого визита', 'Мурунку сапардан бери өзгөрүү'),
  colLastVisit: t('Last visit', 'Последний визит', 'Акыркы сапар'),
  firstVisit: t('first visit', 'первый визит', 'биринчи сапар'),
  feedTitle: t('Progress updates: {title}', 'Ход выполнения: {title}', 'Аткарылышы: {title}'),
  feedLink: t('Atom feed of updates', 'Лента обновлений (Atom)', 'Жаңылоолор тасмасы (Atom)'),
  reportLink: t('Monitoring report (PDF)', 'Отчёт мониторинга (PDF)', 'Мониторинг отчёту (PDF)'),
  languages: t('Language', 'Язык', 'Тил'),
  noDecisions: t('This campaign has no published decisions yet.', 'У этой кампании пока нет опубликованных решений.', 'Бул кампанияда азырынча жарыяланган чечимдер жок.'),
  poweredBy: t('Published with the infrastructure advocacy map', 'Опубликовано с помощью карты инфраструктуры', 'Инфраструктура картасы аркылуу жарыяланды'),
  continued: t('(continued)', '(продолжение)', '(уландысы)'),
  page: t('Page {n} of {total}', 'Страница {n} из {total}', '{total} беттин {n}-бети'),
  entryTitle: t('{commitment}: {status}', '{commitment}: {status}', '{commitment}: {status}'),
};

export function msg(m: I18n, lang: Lang, vars: Record<string, string | number> = {}): string {
  return m[lang].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

export const num = (n: number, lang: Lang, digits = 1) => fmtNumber(n, lang, digits);
export const pct = (share: number, lang: Lang) => `${fmtNumber(Math.round(share * 100), lang)}${lang === 'en' ? '%' : ' %'}`;

export function fmtDay(iso: string, lang: Lang): string {
  const d = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  return new Intl.DateTimeFormat({ en: 'en-GB', ru: 'ru-RU', ky: 'ky-KG' }[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

// --- units ---------------------------------------------------------------------------------

/** Short unit after a number (table cells: "4,5 км"). Empty for a plain count. */
export const UNIT_SHORT: Record<Unit, I18n> = {
  km: t('km', 'км', 'км'), m: t('m', 'м', 'м'), count: t('', '', ''), percent: t('%', '%', '%'),
  households: t('households', 'домохоз.', 'үй чарбасы'), people: t('people', 'чел.', 'адам'), kgs: t('KGS', 'сом', 'сом'),
  m3_per_day: t('m³/day', 'м³/сут.', 'м³/сутка'), kw: t('kW', 'кВт', 'кВт'),
};

/** Russian genitive after "из N": [one (1, 21 …), many]. */
const RU_OF: Record<Unit, [string, string]> = {
  km: ['км', 'км'], m: ['м', 'м'], count: ['', ''], percent: ['%', '%'], households: ['домохозяйства', 'домохозяйств'],
  people: ['человека', 'человек'], kgs: ['сом', 'сом'], m3_per_day: ['м³/сут.', 'м³/сут.'], kw: ['кВт', 'кВт'],
};
/** The Kyrgyz unit as read aloud (its last word takes the case suffix); '' for a plain count. */
const KY_WORD: Record<Unit, string> = {
  km: 'километр', m: 'метр', count: '', percent: 'пайыз', households: 'үй чарбасы', people: 'адам', kgs: 'сом', m3_per_day: 'куб метр/сутка', kw: 'киловатт',
};
const EN_UNIT: Record<Unit, [string, string]> = {
  km: ['km', 'km'], m: ['m', 'm'], count: ['', ''], percent: ['%', '%'], households: ['household', 'households'],
  people: ['person', 'people'], kgs: ['KGS', 'KGS'], m3_per_day: ['m³/day', 'm³/day'], kw: ['kW', 'kW'],
};

/** "4,5 км" — a value with its short unit. */
export function withUnit(v: number, unit: Unit, lang: Lang): string {
  const u = UNIT_SHORT[unit][lang];
  return u ? (unit === 'percent' ? `${num(v, lang)}${lang === 'en' ? '' : ' '}%` : `${num(v, lang)} ${u}`) : num(v, lang);
}

const ruOne = (n: number) => Number.isInteger(n) && n % 10 === 1 && n % 100 !== 11;

/** The Kyrgyz possessive after a number ("6сы", "5и", "4,5и"): "N of them". */
const kyPoss = (n: number, lang: Lang = 'ky') => `${num(n, lang)}${caseAfterNumber(num(n, lang), 'possessive3')}`;

/** "4.5 of 12 km: main canal rehabilitated" / "Магистралдык канал …: 12 километрдин 4,5и". */
export function indicatorSentence(i: Pick<IndicatorTotal, 'unit' | 'indicator' | 'current' | 'target' | 'baseline'>, lang: Lang, pickText: (x: IndicatorTotal['indicator']) => string): string {
  const what = pickText(i.indicator);
  const cur = i.current, tgt = i.target;
  if (lang === 'en') {
    const u = EN_UNIT[i.unit][tgt === 1 ? 0 : 1];
    return `${num(cur, lang)} of ${num(tgt, lang)}${u ? (i.unit === 'percent' ? '%' : ` ${u}`) : ''}${what ? `: ${what}` : ''}`;
  }
  if (lang === 'ru') {
    const u = RU_OF[i.unit][ruOne(tgt) ? 0 : 1];
    return `${num(cur, lang)} из ${num(tgt, lang)}${u ? ` ${u}` : ''}${what ? `: ${what}` : ''}`;
  }
  // ky: "12 километрдин 4,5и" — the genitive on the unit (or on the number for a plain count), then "N of it".
  const word = KY_WORD[i.unit];
  const whole = word
    ? `${num(tgt, lang)} ${word}${suffix(word.split(/[\s/]/).at(-1)!, 'genitive')}`
    : `${num(tgt, lang)}${caseAfterNumber(num(tgt, lang), 'genitive')}`;
  const part = kyPoss(cur);
  return what ? `${what}: ${whole} ${part}` : `${whole} ${part}`;
}

const KY_VERB: Record<CommitmentStatus, string> = {
  done: 'аткарылды', on_track: 'график боюнча жүрүүдө', at_risk: 'коркунучта', late: 'кечигүүдө', broken: 'аткарылбай калды', not_started: 'башталган жок',
};
const RU_VERB: Record<CommitmentStatus, string> = {
  done: 'выполнено', on_track: 'в графике', at_risk: 'под угрозой', late: 'просрочено', broken: 'сорвано', not_started: 'не начато',
};
const EN_WORD: Record<CommitmentStatus, string> = {
  done: 'done', on_track: 'on track', at_risk: 'at risk', late: 'late', broken: 'broken', not_started: 'not started',
};
/** After "done", in the order of the example sentence: what runs, then what is behind. */
const AFTER_DONE: CommitmentStatus[] = ['on_track', 'at_risk', 'late', 'broken', 'not_started'];

/** "6 of 14 commitments done, 5 late, 3 not started" in the language; zero counts other than "done" are left out. */
export function countsSentence(c: StatusCounts, lang: Lang): string {
  if (c.total === 0) return { en: 'No commitments yet.', ru: 'Обязательств пока нет.', ky: 'Азырынча милдеттенмелер жок.' }[lang];
  const rest = AFTER_DONE.filter((s) => c[s] > 0);
  const n = (x: number) => fmtNumber(x, lang);
  if (lang === 'en') {
    return [`${n(c.done)} of ${n(c.total)} ${c.total === 1 ? 'commitment' : 'commitments'} done`, ...rest.map((s) => `${n(c[s])} ${EN_WORD[s]}`)].join(', ');
  }
  if (lang === 'ru') {
    return [`${RU_VERB.done} ${n(c.done)} из ${n(c.total)} ${ruOne(c.total) ? 'обязательства' : 'обязательств'}`, ...rest.map((s) => `${RU_VERB[s]} ${n(c[s])}`)].join(', ').replace(/^./, (x) => x.toUpperCase());
  }
  // "14 милдеттенменин 6сы аткарылды, 5и кечигүүдө, 3ү башталган жок"
  return [`${n(c.total)} милдеттенменин ${kyPoss(c.done)} ${KY_VERB.done}`, ...rest.map((s) => `${kyPoss(c[s])} ${KY_VERB[s]}`)].join(', ');
}

/** The counts, then each indicator total: "6 of 14 commitments done, 5 late, 3 not started; 4.5 of 12 km: canal rehabilitated". */
export function summarySentence(c: StatusCounts, indicators: IndicatorTotal[], lang: Lang, pickText: (x: IndicatorTotal['indicator']) => string): string {
  const parts = [countsSentence(c, lang), ...indicators.map((i) => indicatorSentence(i, lang, pickText))];
  return `${parts.join('; ')}.`.replace(/\.\.$/, '.');
}
