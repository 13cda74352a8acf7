// Words printed on the "Budget and gaps" page of the council brief, the budget hearing pack and the
// budget table downloads, in Kyrgyz, Russian and English, beside messages.ts (a translator edits these
// two files only). Terms follow GLOSSARY.md: ky "кемчилик" for a gap, "бюджеттин беренеси" for a
// budget line, "аткарылышы" for execution, "маалымкат" for the brief. Kyrgyz phrasings are suggestions
// to be checked by a native speaker; after a number a Kyrgyz sentence keeps its case ending and verb,
// or the number stands after a colon as a label's value.
import type { I18n, Lang } from '../layers/types.js';
import type { Phase, Sector } from '../budgets/budgets.schema.js';
import type { ProvenanceClass } from '../budgets/budgets.types.js';

const t = (en: string, ru: string, ky: string): I18n => ({ en, ru, ky });

export const B = {
  pageTitle: t('Budget and gaps', 'Бюджет и пробелы в услугах', 'Бюджет жана кызматтардагы кемчиликтер'),
  /** "{municipality}: {phase} budget {year}" */
  documentLine: t('{municipality}: {phase} budget for {year}', '{municipality}: бюджет на {year} год ({phase})', '{municipality}: {year}-жылдын бюджети ({phase})'),
  /** The flag on every page that uses illustrative figures. */
  illustrativeFlag: t('ILLUSTRATIVE FIGURES — NOT THE REAL BUDGET', 'ИЛЛЮСТРАТИВНЫЕ ЦИФРЫ — НЕ РЕАЛЬНЫЙ БЮДЖЕТ', 'ИЛЛЮСТРАЦИЯЛЫК САНДАР — ЧЫНЫГЫ БЮДЖЕТ ЭМЕС'),
  illustrativeText: t(
    'The amounts on this page were made up for the demo with the real structure of a Kyrgyz local budget. Do not quote them as the municipality\'s budget.',
    'Суммы на этой странице придуманы для демонстрации по реальной структуре местного бюджета Кыргызстана. Не приводите их как бюджет муниципалитета.',
    'Бул беттеги суммалар демо үчүн Кыргызстандын жергиликтүү бюджетинин чыныгы түзүмү боюнча ойлоп табылган. Аларды муниципалитеттин бюджети катары келтирбеңиз.',
  ),
  chartPlanActual: t('Plan and execution by sector, KGS', 'План и исполнение по отраслям, сом', 'Тармактар боюнча план жана аткарылышы, сом'),
  chartShares: t('Share of local contributions and share of spending, by village', 'Доля местных взносов и доля расходов по сёлам', 'Айылдар боюнча жергиликтүү салымдардын үлүшү жана чыгымдардын үлүшү'),
  planned: t('Planned', 'План', 'План'),
  executed: t('Executed', 'Исполнено', 'Аткарылды'),
  shareContributions: t('Share of contributions', 'Доля взносов', 'Салымдардын үлүшү'),
  shareSpending: t('Share of spending', 'Доля расходов', 'Чыгымдардын үлүшү'),
  noExecuted: t('No executed budget of this year is loaded: the chart shows the plan only.', 'Отчёт об исполнении бюджета за этот год не загружен: на графике только план.', 'Бул жылдын бюджетинин аткарылышы жүктөлгөн эмес: диаграммада план гана көрсөтүлөт.'),
  noSectors: t('No expenditure lines yet.', 'Статей расходов пока нет.', 'Чыгым беренелери азырынча жок.'),
  noVillages: t('No villages of this municipality are on the map.', 'На карте нет сёл этого муниципалитета.', 'Картада бул муниципалитеттин айылдары жок.'),
  tableTitle: t('Villages', 'Сёла', 'Айылдар'),
  colVillage: t('Village', 'Село', 'Айыл'),
  colPopulation: t('Population', 'Население', 'Калкы'),
  colCapital: t('Capital spending, KGS', 'Капитальные расходы, сом', 'Капиталдык чыгымдар, сом'),
  colPerResident: t('Spending per resident, KGS', 'Расходы на жителя, сом', 'Бир тургунга чыгым, сом'),
  colPerUnserved: t('Per resident without {sector}, KGS', 'На жителя без услуги «{sector}», сом', '«{sector}» жок бир тургунга, сом'),
  colShareContrib: t('Share of contributions', 'Доля взносов', 'Салымдардын үлүшү'),
  colShareSpending: t('Share of spending', 'Доля расходов', 'Чыгымдардын үлүшү'),
  colShareUnserved: t('Share of people without {sector}', 'Доля жителей без услуги «{sector}»', '«{sector}» жок адамдардын үлүшү'),
  colContributions: t('Local contributions, KGS', 'Местные взносы, сом', 'Жергиликтүү салымдар, сом'),
  colSpending: t('Spending, KGS', 'Расходы, сом', 'Чыгымдар, сом'),
  colUnserved: t('People without {sector}', 'Жителей без услуги «{sector}»', '«{sector}» жок адамдар'),
  colProvenance: t('Data class', 'Класс данных', 'Маалыматтын классы'),
  sentencesTitle: t('What the figures say', 'Что говорят цифры', 'Сандар эмнени көрсөтөт'),
  unallocated: t('Not placed on any village (the municipality as a whole): {amount}.', 'Не отнесено ни к одному селу (муниципалитет в целом): {amount}.', 'Эч бир айылга бөлүштүрүлбөгөн сумма (муниципалитет бүтүндөй): {amount}.'),
  fairness: t('Fair share', 'Справедливая доля', 'Адилеттүү үлүш'),
  fairnessExplain: t(
    'The fairness index is the share of the spending that would have to move between villages for each village to get the same share of spending as its share of the basis (contributions, population or people without the service): 0 % is proportional; 100 % means all the money goes where none of the basis is.',
    'Индекс справедливости — доля расходов, которую пришлось бы перераспределить между сёлами, чтобы доля каждого села в расходах равнялась его доле в базе сравнения (взносы, население или жители без услуги): 0 % — пропорционально; 100 % — все деньги идут туда, где базы сравнения нет.',
    'Адилеттүүлүк индекси — ар бир айылдын чыгымдардагы үлүшү анын салыштыруу негизиндеги (салымдар, калк же кызматы жок адамдар) үлүшүнө барабар болушу үчүн айылдар арасында которулушу керек болгон чыгымдардын үлүшү: 0 % — пропорционалдуу; 100 % — бардык акча салыштыруу негизи жок жерге кетет.',
  ),
  toMove: t('Would have to move, KGS', 'Пришлось бы перераспределить, сом', 'Которулушу керек, сом'),
  largestGap: t('Largest gap', 'Наибольший разрыв', 'Эң чоң ажырым'),
  largestGapValue: t('{village}: {basis} {basisShare}, spending {spendingShare}', '{village}: {basis} {basisShare}, расходы {spendingShare}', '{village}: {basis} {basisShare}, чыгымдар {spendingShare}'),
  basis: {
    contributions: t('local contributions', 'местные взносы', 'жергиликтүү салымдар'),
    population: t('population', 'население', 'калк'),
    unserved: t('people without the service', 'жители без услуги', 'кызматы жок адамдар'),
  } as Record<'contributions' | 'population' | 'unserved', I18n>,
  // Hearing pack
  hearingTitle: t('Budget hearing pack', 'Материалы к публичным слушаниям по бюджету', 'Бюджет боюнча коомдук угуулар үчүн материалдар'),
  hearingSubtitle: t('The proposed budget set against the mapped gaps', 'Проект бюджета в сравнении с проблемами, отмеченными на карте', 'Сунушталган бюджет картада белгиленген көйгөйлөр менен салыштырылды'),
  mapLayer: t('People without {sector}', 'Жители без услуги «{sector}»', '«{sector}» жок адамдар'),
  mapClassNone: t('nobody without the service', 'все обеспечены', 'баары камтылган'),
  mapClassFew: t('1–99 people', '1–99 жителей', '1–99 адам'),
  mapClassSome: t('100–499 people', '100–499 жителей', '100–499 адам'),
  mapClassMany: t('500 people or more', '500 жителей и больше', '500 жана андан көп адам'),
  mapClassPartly: t('only partly served', 'обеспечены частично', 'жарым-жартылай гана камтылган'),
  mapClassNoData: t('no complete data', 'нет полных данных', 'толук маалымат жок'),
  linesTitle: t('Proposed capital lines and the villages they go to', 'Предлагаемые капитальные статьи и сёла, куда они направлены', 'Сунушталган капиталдык беренелер жана алар багытталган айылдар'),
  colLine: t('Budget line', 'Статья бюджета', 'Бюджеттин беренеси'),
  colSector: t('Sector', 'Отрасль', 'Тармак'),
  colAmount: t('Amount, KGS', 'Сумма, сом', 'Суммасы, сом'),
  colVillages: t('Villages (share)', 'Сёла (доля)', 'Айылдар (үлүшү)'),
  colUnservedThere: t('People without the service there', 'Жителей без этой услуги там', 'Ал жерде бул кызматы жок адамдар'),
  wholeMunicipality: t('the municipality as a whole', 'муниципалитет в целом', 'муниципалитет бүтүндөй'),
  capitalTotal: t('Proposed capital spending in all: {amount}', 'Всего предлагаемых капитальных расходов: {amount}', 'Сунушталган капиталдык чыгымдардын жалпы суммасы: {amount}'),
  noCapitalLines: t('The proposed budget has no capital lines.', 'В проекте бюджета нет капитальных статей.', 'Сунушталган бюджетте капиталдык беренелер жок.'),
  notProposed: t('This document is the {phase} budget; the hearing pack is made for a proposed budget, and the figures are those of this document.', 'Этот документ — бюджет в статусе «{phase}»; материалы к слушаниям готовятся для проекта бюджета, цифры взяты из этого документа.', 'Бул документ — «{phase}» бюджети; угуулар үчүн материалдар сунушталган бюджет үчүн даярдалат, сандар ушул документтен алынды.'),
  sourcesTitle: t('Sources and provenance', 'Источники и происхождение данных', 'Булактар жана маалыматтын теги'),
  sourceLine: t('Budget: {source}', 'Бюджет: {source}', 'Бюджет: {source}'),
  labelSource: t('Source', 'Источник', 'Булак'),
  colBasis: t('Compared with', 'База сравнения', 'Салыштыруу негизи'),
  colIndex: t('Fairness index', 'Индекс справедливости', 'Адилеттүүлүк индекси'),
  labelSourceDate: t('Date of the source', 'Дата источника', 'Булактын датасы'),
  labelLicence: t('Licence', 'Лицензия', 'Лицензия'),
  labelProvenance: t('Data class of the budget', 'Класс данных бюджета', 'Бюджеттин маалымат классы'),
  labelDocumentsProvenance: t('Budget documents by data class', 'Документы бюджета по классу данных', 'Бюджет документтери маалымат классы боюнча'),
  labelSettlementsProvenance: t('Villages by data class of their population', 'Сёла по классу данных о населении', 'Калкы тууралуу маалыматтын классы боюнча айылдар'),
  labelGenerated: t('Generated', 'Создано', 'Түзүлгөн күнү'),
  // Table download
  sheetVillages: t('Villages', 'Сёла', 'Айылдар'),
  sheetLines: t('Lines', 'Статьи', 'Беренелер'),
  sheetSources: t('Sources', 'Источники', 'Булактар'),
  colLineKey: t('Line key', 'Ключ статьи', 'Беренинин ачкычы'),
  colDirection: t('Revenue or expenditure', 'Доход или расход', 'Киреше же чыгаша'),
  colFunctional: t('Functional code', 'Функциональный код', 'Функционалдык код'),
  colEconomic: t('Economic code', 'Экономический код', 'Экономикалык код'),
  colFunding: t('Funding source', 'Источник финансирования', 'Каржылоо булагы'),
  colNature: t('Capital or current', 'Капитальные или текущие', 'Капиталдык же учурдагы'),
  colAllocations: t('Villages (KGS)', 'Сёла (сом)', 'Айылдар (сом)'),
  colDescription: t('Description', 'Описание', 'Сыпаттамасы'),
  field: t('Field', 'Поле', 'Талаа'),
  value: t('Value', 'Значение', 'Маани'),
  document: t('Document', 'Документ', 'Документ'),
  notice: t('Notice', 'Примечание', 'Эскертүү'),
} as const;

export const SECTOR: Record<Sector, I18n> = {
  drinking_water: t('drinking water', 'питьевая вода', 'ичүүчү суу'),
  irrigation: t('irrigation', 'орошение', 'сугат'),
  electricity: t('electricity', 'электричество', 'электр'),
  roads: t('roads', 'дороги', 'жолдор'),
  health: t('health', 'здравоохранение', 'саламаттык сактоо'),
  education: t('education', 'образование', 'билим берүү'),
  markets: t('markets', 'рынки', 'базарлар'),
  other: t('other', 'другое', 'башка'),
};

/** Where the people without each sector's service come from (BudgetAnalysis.provenance.unservedFrom, said in the reader's language). */
export const UNSERVED_FROM: Record<Sector, I18n> = {
  drinking_water: t('the water status of each settlement (unserved-settlements analysis)', 'статус водоснабжения каждого населённого пункта (анализ населённых пунктов без услуг)', 'ар бир калктуу конуштун суу менен камсыздоо статусу (кызматсыз конуштарды талдоо)'),
  irrigation: t('the irrigation status of each settlement', 'статус орошения каждого населённого пункта', 'ар бир калктуу конуштун сугат статусу'),
  electricity: t('the electricity status of each settlement (unserved-settlements analysis)', 'статус электроснабжения каждого населённого пункта (анализ населённых пунктов без услуг)', 'ар бир калктуу конуштун электр менен камсыздоо статусу (кызматсыз конуштарды талдоо)'),
  roads: t('the road status of each settlement (unserved-settlements analysis)', 'статус дороги каждого населённого пункта (анализ населённых пунктов без услуг)', 'ар бир калктуу конуштун жол статусу (кызматсыз конуштарды талдоо)'),
  health: t('coverage analysis: clinics within reach', 'анализ охвата: медпункты в пределах досягаемости', 'камтуу талдоосу: жеткиликтүү аралыктагы медпункттар'),
  education: t('coverage analysis: schools within reach', 'анализ охвата: школы в пределах досягаемости', 'камтуу талдоосу: жеткиликтүү аралыктагы мектептер'),
  markets: t('coverage analysis: markets within reach', 'анализ охвата: рынки в пределах досягаемости', 'камтуу талдоосу: жеткиликтүү аралыктагы базарлар'),
  other: t('not measured', 'не измеряется', 'өлчөнбөйт'),
};

export const PHASE: Record<Phase, I18n> = {
  proposed: t('proposed', 'проект', 'сунушталган'),
  approved: t('approved', 'утверждённый', 'бекитилген'),
  revised: t('revised', 'уточнённый', 'такталган'),
  executed: t('executed', 'исполнение', 'аткарылышы'),
};

export const FUNDING: Record<string, I18n> = {
  own_revenue: t('own revenue', 'собственные доходы', 'өз кирешелери'),
  equalisation_grant: t('equalisation grant', 'выравнивающий грант', 'теңдештирүүчү грант'),
  categorical_grant: t('categorical grant', 'категориальный грант', 'категориялык грант'),
  local_contributions: t('local contributions', 'местные взносы', 'жергиликтүү салымдар'),
  donor: t('donor', 'донор', 'донор'),
};

export const DIRECTION: Record<string, I18n> = { revenue: t('revenue', 'доход', 'киреше'), expenditure: t('expenditure', 'расход', 'чыгаша') };
export const NATURE: Record<string, I18n> = { capital: t('capital', 'капитальные', 'капиталдык'), current: t('current', 'текущие', 'учурдагы') };

export const PROVENANCE: Record<ProvenanceClass, I18n> = {
  real: t('real (published)', 'реальные (опубликованы)', 'чыныгы (жарыяланган)'),
  derived: t('derived', 'производные', 'туунду'),
  placeholder: t('placeholder (approximate)', 'заглушка (приблизительно)', 'убактылуу (болжолдуу)'),
  illustrative: t('illustrative (made up for the demo)', 'иллюстративные (придуманы для демо)', 'иллюстрациялык (демо үчүн ойлоп табылган)'),
};

const LOCALE: Record<Lang, string> = { en: 'en-GB', ru: 'ru-RU', ky: 'ru-RU' };
const NBSP = '\u00a0';

/**
 * An amount in KGS for print: ky/ru "1 234 567 сом" (no-break spaces between the groups and before the
 * unit, so the figure never breaks over two lines), en "KGS 1,234,567". Whole som unless `decimals`.
 * Kyrgyz groups digits like Russian (Intl's ky-KG does too); its own locale data is used for nothing else.
 */
export function fmtKgs(n: number, lang: Lang, decimals = 0): string {
  const s = fmtNum(n, lang, decimals);
  return lang === 'en' ? `KGS${NBSP}${s}` : `${s}${NBSP}сом`;
}

/** A number with the locale's grouping (no-break spaces in ky/ru). */
export function fmtNum(n: number, lang: Lang, decimals = 0): string {
  return new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: decimals, minimumFractionDigits: 0 }).format(n).replace(/[\u202f ]/g, NBSP);
}

/** A share 0–1 as a percentage: ky/ru "4 %" (no-break space), en "4%"; one decimal below 10 %. */
export function fmtShare(share: number | null | undefined, lang: Lang): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  const pct = share * 100;
  const digits = pct !== 0 && Math.abs(pct) < 10 ? 1 : 0;
  const s = new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: digits }).format(pct).replace(/[\u202f ]/g, NBSP);
  return lang === 'en' ? `${s}%` : `${s}${NBSP}%`;
}

/** A message in `lang` with {placeholders} filled. */
export function bmsg(m: I18n, lang: Lang, vars: Record<string, string | number> = {}): string {
  return m[lang].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}
