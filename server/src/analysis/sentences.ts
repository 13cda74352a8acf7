// Ready-made sentences for a council slide or a PDF brief, in Kyrgyz, Russian and English, with the
// numbers formatted per locale (Intl.NumberFormat). Every template lives in one file per language
// (sentences.en.ts, sentences.ru.ts, sentences.ky.ts, all of the shape Messages in sentences.common.ts),
// so that a translator fixes a phrasing in one place. The Kyrgyz phrasings are suggestions and should
// be checked by a native speaker (as GLOSSARY.md says of its own).
import type { I18n, Lang } from '../layers/types.js';
import type { Sentence } from './analysis.types.js';
import { i18n } from './format.js';
import type { Messages } from './sentences.common.js';
import { en } from './sentences.en.js';
import { ky } from './sentences.ky.js';
import { ru } from './sentences.ru.js';

export type { SentenceElement } from './sentences.common.js';

/** All templates, one block per language. */
export const MESSAGES: Record<Lang, Messages> = { en, ru, ky };

/** The same template in the three languages. */
export function say<K extends keyof (typeof MESSAGES)['en']>(key: K, ...args: Parameters<(typeof MESSAGES)['en'][K]>): I18n {
  return i18n((lang) => (MESSAGES[lang][key] as (...a: typeof args) => string)(...args));
}

/** The notices a UI or an export prints beside figures whose inputs are not surveyed data. */
export const NOTICES = {
  illustrative: {
    en: 'Illustrative data: some inputs were drawn for the demo and not surveyed — do not cite these figures as facts.',
    ru: 'Иллюстративные данные: часть исходных данных нарисована для демонстрации и не является съёмкой — не приводите эти цифры как факты.',
    ky: 'Иллюстрациялык маалымат: булактардын бир бөлүгү демо үчүн тартылган, өлчөнгөн эмес — бул сандарды факт катары келтирбеңиз.',
  },
  approximate: {
    en: 'Some places are shown at an approximate point (a real place without a surveyed position).',
    ru: 'Некоторые объекты показаны в приблизительной точке (реальное место без точных координат).',
    ky: 'Айрым объекттер болжолдуу чекитте көрсөтүлгөн (так координаттары жок чыныгы жер).',
  },
  unitCost: {
    en: 'Costs use assumed unit costs per km (configurable), not quotes: replace them with local prices before citing them.',
    ru: 'Стоимость рассчитана по допущениям о цене 1 км (настраиваются), а не по сметам: замените их местными ценами, прежде чем приводить.',
    ky: 'Нарк 1 км үчүн божомолдуу баа менен эсептелген (өзгөртүүгө болот), смета эмес: келтирүүдөн мурун жергиликтүү баалар менен алмаштырыңыз.',
  },
  serviceRadius: {
    en: 'Service radii are assumptions for the demo (no cited norm): replace them with a sourced national standard.',
    ru: 'Радиусы обслуживания — допущения для демонстрации (норматив не найден): замените их нормативом с источником.',
    ky: 'Тейлөө радиустары — демо үчүн божомол (булагы бар норматив жок): аларды расмий норматив менен алмаштырыңыз.',
  },
} satisfies Record<string, I18n>;

export const AREA_NAMES = {
  country: { en: 'Kyrgyzstan', ru: 'Кыргызстан', ky: 'Кыргызстан' },
  selected: { en: 'The selected area', ru: 'Выбранная территория', ky: 'Тандалган аймак' },
} satisfies Record<string, I18n>;

/** The rule of each analysis, printed beside its figures. */
export const METHOD = {
  coverage: {
    en: 'Distances are geodesic (WGS84 spheroid, metres, rounded to 0.1 m) to the nearest facility of the kind that is not broken, found by a KNN search on the spatial index. People within reach are counted per settlement by the best data present: population grid cells assigned to it (each cell counts when its centre is within the facility\'s radius; the cells are scaled to the settlement\'s recorded population); else its buildings (its population shared by footprint area, a building counts when its point is within reach); else its outline (population × the share of its area within reach, uniform density); else its point (all or nothing; a point holding 5,000 people or more is flagged). Settlements outside the area where the facility data is declared complete get no distance and no verdict and are counted in no figure. The coverage area is the union of geodesic buffers, drawn for the map only.',
    ru: 'Расстояния — геодезические (эллипсоид WGS84, метры, с точностью 0,1 м) до ближайшего исправного объекта данного вида, найденного KNN-поиском по пространственному индексу. Жители в пределах досягаемости считаются по каждому населённому пункту по лучшим имеющимся данным: ячейки сетки населения, отнесённые к пункту (ячейка учитывается, если её центр в пределах радиуса объекта; ячейки приводятся к учтённой численности пункта); иначе — его здания (население делится по площади застройки; здание учитывается, если его точка в пределах досягаемости); иначе — его контур (население × доля площади в пределах досягаемости, равномерная плотность); иначе — его точка (всё или ничего; точка с 5 000 и более жителей отмечается). Населённые пункты вне территории, где данные об объектах объявлены полными, не получают ни расстояния, ни вывода об охвате и не входят ни в одну цифру. Зона охвата — объединение геодезических буферов, только для карты.',
    ky: 'Аралыктар геодезиялык (WGS84 эллипсоиди, метр, 0,1 м тактык менен) — ошол түрдөгү бузулбаган эң жакынкы объектке чейин; объект мейкиндик индекси боюнча KNN издөө менен табылат. Жетүүгө мүмкүн болгон тургундар ар бир калктуу конуш боюнча колдо болгон эң жакшы маалымат менен эсептелет: конушка таандык калк торчосунун уячалары (уячанын борбору объекттин радиусунун ичинде болсо, ал эсепке кирет; уячалар конуштун катталган калкына келтирилет); андай болбосо — анын имараттары (калк имараттардын аянтына жараша бөлүштүрүлөт); андай болбосо — анын контуру (калк × аянтынын радиус ичиндеги үлүшү, тыгыздык бирдей); андай болбосо — анын чекити (баары же эч ким; 5 000 жана андан көп тургуну бар чекит белгиленет). Объекттер боюнча маалымат толук деп жарыяланган аймактын сыртындагы конуштарга аралык да, камтуу да берилбейт жана алар эч бир санга кирбейт. Камтуу аймагы — геодезиялык буферлердин бирикмеси, карта үчүн гана.',
  },
  unserved: {
    en: "Settlements whose service status is 'none' or 'partial' (reported separately). Distance: geodesic, from the settlement's nearest point to the nearest element that could serve it (electricity: an operational power line or a substation that is not broken; water: an operational water main or a water point that is not broken; road: an operational road). Cost = distance in km × an assumed unit cost per km; it covers the link only, not the network inside the settlement.",
    ru: "Населённые пункты со статусом услуги «нет» или «частично» (отдельно). Расстояние — геодезическое, от ближайшей точки пункта до ближайшего элемента сети, который может его обслужить (электричество: действующая линия или исправная подстанция; вода: действующий водопровод или исправная колонка; дорога: действующая дорога). Стоимость = расстояние в км × допущение о цене 1 км; только подводка, без сети внутри пункта.",
    ky: "Кызмат статусу «жок» же «жарым-жартылай» болгон калктуу конуштар (өзүнчө). Аралык — геодезиялык, конуштун эң жакын чекитинен аны тейлей турган эң жакын тармак элементине чейин (электр: иштеп жаткан линия же бузук эмес подстанция; суу: иштеп жаткан суу түтүгү же бузук эмес колонка; жол: иштеп жаткан жол). Нарк = км аралык × 1 км үчүн божомолдуу баа; конуштун ичиндеги тармак кирбейт.",
  },
  canals: {
    en: 'Lengths are geodesic, clipped to the area. Components: ST_ClusterDBSCAN over the canals intersecting the area, in EPSG:3857 with the tolerance scaled by 1/cos(mid-latitude). A dangling end is a line end with no other canal within the tolerance (geodesic); the head of a main canal that no other canal feeds is an intake, not a gap; lines are taken to be drawn in the direction of flow. Functioning canal: condition good or fair.',
    ru: 'Длины геодезические, в пределах территории. Связность: ST_ClusterDBSCAN по каналам, пересекающим территорию, в EPSG:3857 с допуском, умноженным на 1/cos(средней широты). Висячий конец — конец линии, в пределах допуска от которого нет другого канала; начало магистрального канала, которое не питается от другого канала, — водозабор, а не разрыв; линии считаются нарисованными по течению. Действующий канал — в хорошем или удовлетворительном состоянии.',
    ky: 'Узундуктар геодезиялык, аймактын ичинде. Байланыш: аймакты кесип өткөн каналдар боюнча ST_ClusterDBSCAN, EPSG:3857 системасында, чек 1/cos(орточо кеңдик) менен. Асылып калган учу — чек ичинде башка канал жок сызык учу; башка каналдан суу албаган магистралдык каналдын башы — суу алгыч, үзүлүү эмес; сызыктар агым боюнча тартылган деп эсептелет. Иштеп жаткан канал — абалы жакшы же канааттандырарлык.',
  },
} satisfies Record<string, I18n>;

/** Build a sentence record from its text and the rows behind it. */
export function sentence(id: string, topic: Sentence['topic'], text: I18n, values: Sentence['values'], provenance: Iterable<string>, datasets: Iterable<string>, assumptions: string[] = []): Sentence {
  const p = [...new Set(provenance)].filter(Boolean).sort();
  return {
    id, topic, text, values,
    inputs: { provenance: p, datasets: [...new Set(datasets)].filter(Boolean).sort() },
    illustrative: p.includes('illustrative'),
    approximate: p.includes('placeholder'),
    assumptions,
  };
}

