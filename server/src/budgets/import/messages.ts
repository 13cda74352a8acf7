// What the check of a budget import says about a row, in Kyrgyz, Russian and English (one template
// per issue code, so a translator fixes a phrasing once). Terms follow docs GLOSSARY.md: budget line =
// статья бюджета = бюджеттин беренеси; execution = исполнение = аткарылышы; ayil okmotu = айыл
// өкмөтү. The Kyrgyz phrasings are suggestions and should be checked by a native speaker.
import type { I18n } from '../../layers/types.js';

export type IssueCode =
  | 'amount-text' | 'amount-missing' | 'amount-ambiguous' | 'amount-decimals' | 'amount-too-large' | 'amount-negative'
  | 'description-missing' | 'description-too-long' | 'code-invalid' | 'key-too-long'
  | 'direction-unknown' | 'direction-missing' | 'value-unknown'
  | 'duplicate-key' | 'duplicate-line' | 'total-mismatch'
  | 'village-suggested' | 'village-unmatched' | 'village-not-in-municipality' | 'no-lines';

export interface IssueArgs {
  value?: string;
  readings?: [string, string];
  field?: string;
  allowed?: string;
  otherRow?: number;
  stated?: string;
  sum?: string;
  from?: number;
  village?: string;
  suggestions?: string;
  municipality?: string;
}

type T = (a: IssueArgs) => string;
/** The names of the fields a value may be unknown for. */
const FIELD: Record<string, I18n> = {
  funding_source: { en: 'funding source', ru: 'Источник финансирования', ky: 'Каржылоо булагы' },
  nature: { en: 'nature (capital or current)', ru: 'Капитальные или текущие', ky: 'Капиталдык же учурдагы' },
  sector: { en: 'sector', ru: 'Отрасль', ky: 'Тармак' },
};
const M: Record<IssueCode, { en: T; ru: T; ky: T }> = {
  'amount-text': {
    en: (a) => `The amount cell holds text, not a number: “${a.value}”.`,
    ru: (a) => `В ячейке суммы текст, а не число: «${a.value}».`,
    ky: (a) => `Сумманын уячасында сан эмес, текст турат: «${a.value}».`,
  },
  'amount-missing': {
    en: () => 'The row has an executed amount but no amount: write the planned amount (0 if none).',
    ru: () => 'В строке есть сумма исполнения, но нет суммы: укажите плановую сумму (0, если её нет).',
    ky: () => 'Сапта аткарылган сумма бар, бирок сумма жок: пландалган сумманы жазыңыз (жок болсо 0).',
  },
  'amount-ambiguous': {
    en: (a) => `“${a.value}” reads two ways: ${a.readings![0]} or ${a.readings![1]} som. Write it without doubt (e.g. 1 234 or 1,23) and upload the file again.`,
    ru: (a) => `«${a.value}» читается двояко: ${a.readings![0]} или ${a.readings![1]} сом. Запишите сумму однозначно (например, 1 234 или 1,23) и загрузите файл снова.`,
    ky: (a) => `«${a.value}» эки түрдүү окулат: ${a.readings![0]} же ${a.readings![1]} сом. Сумманы так жазып (мисалы, 1 234 же 1,23), файлды кайра жүктөңүз.`,
  },
  'amount-decimals': {
    en: (a) => `“${a.value}” has more than 2 decimals; amounts are in som and tiyin.`,
    ru: (a) => `В «${a.value}» больше двух знаков после запятой; суммы указываются в сомах и тыйынах.`,
    ky: (a) => `«${a.value}» үтүрдөн кийин экиден ашык белгиге ээ; суммалар сом жана тыйын менен жазылат.`,
  },
  'amount-too-large': {
    en: (a) => `“${a.value}” is larger than any local budget (at most 1 000 000 000 000 som).`,
    ru: (a) => `«${a.value}» больше любого местного бюджета (не более 1 000 000 000 000 сом).`,
    ky: (a) => `«${a.value}» ар кандай жергиликтүү бюджеттен чоң (1 000 000 000 000 сомдон ашпашы керек).`,
  },
  'amount-negative': {
    en: (a) => `Negative amount ${a.value}: a budget line (revenue or expenditure) cannot be negative. Enter a refund or correction as its own line with a positive amount, or leave the row out.`,
    ru: (a) => `Отрицательная сумма ${a.value}: статья бюджета (доход или расход) не может быть отрицательной. Внесите возврат или поправку отдельной статьёй с положительной суммой или исключите строку.`,
    ky: (a) => `Терс сумма ${a.value}: бюджеттин беренеси (киреше же чыгаша) терс боло албайт. Кайтарууну же оңдоону оң суммасы бар өзүнчө берене катары жазыңыз же сапты чыгарыңыз.`,
  },
  'description-missing': {
    en: () => 'The row has an amount but no description (name of the budget line).',
    ru: () => 'В строке есть сумма, но нет наименования статьи бюджета.',
    ky: () => 'Сапта сумма бар, бирок бюджеттин беренесинин аталышы жок.',
  },
  'description-too-long': {
    en: () => 'The description is longer than 500 characters.',
    ru: () => 'Наименование длиннее 500 символов.',
    ky: () => 'Аталышы 500 белгиден узун.',
  },
  'code-invalid': {
    en: (a) => `“${a.value}” is not a budget classification code (letters, digits, '.', '-', at most 20).`,
    ru: (a) => `«${a.value}» не является кодом бюджетной классификации (буквы, цифры, «.», «-», не более 20).`,
    ky: (a) => `«${a.value}» бюджеттик классификациянын коду эмес (тамгалар, сандар, «.», «-», 20дан ашпайт).`,
  },
  'key-too-long': {
    en: () => 'The line key is longer than 120 characters.',
    ru: () => 'Ключ статьи длиннее 120 символов.',
    ky: () => 'Беренесинин ачкычы 120 белгиден узун.',
  },
  'direction-unknown': {
    en: (a) => `“${a.value}” is neither revenue nor expenditure (Доход/Расход, Киреше/Чыгаша).`,
    ru: (a) => `«${a.value}» — ни доход, ни расход (Доход/Расход, Киреше/Чыгаша).`,
    ky: (a) => `«${a.value}» киреше да, чыгаша да эмес (Доход/Расход, Киреше/Чыгаша).`,
  },
  'direction-missing': {
    en: () => 'Whether this line is revenue or expenditure is not known: map a column for it, choose one for the whole sheet, or put a heading “Доходы”/“Расходы” above it.',
    ru: () => 'Неизвестно, доход это или расход: укажите столбец, выберите одно значение для всего листа или поставьте над строкой заголовок «Доходы»/«Расходы».',
    ky: () => 'Бул берене киреше же чыгаша экени белгисиз: мамычаны көрсөтүңүз, бүт барак үчүн бирөөнү тандаңыз же саптын үстүнө «Кирешелер»/«Чыгашалар» деген баш сөз коюңуз.',
  },
  'value-unknown': {
    en: (a) => `“${a.value}” is not a known ${FIELD[a.field!]?.en ?? a.field} (${a.allowed}).`,
    ru: (a) => `«${a.value}» — неизвестное значение поля «${FIELD[a.field!]?.ru ?? a.field}» (допустимо: ${a.allowed}).`,
    ky: (a) => `«${a.value}» — «${FIELD[a.field!]?.ky ?? a.field}» талаасы үчүн белгисиз маани (уруксат: ${a.allowed}).`,
  },
  'duplicate-key': {
    en: (a) => `The line key “${a.value}” is already used in row ${a.otherRow}.`,
    ru: (a) => `Ключ статьи «${a.value}» уже есть в строке ${a.otherRow}.`,
    ky: (a) => `«${a.value}» ачкычы ${a.otherRow}-сапта мурунтан эле бар.`,
  },
  'duplicate-line': {
    en: (a) => `The same line (codes, description and village) as row ${a.otherRow}: counted twice? Leave one of them out.`,
    ru: (a) => `Та же статья (коды, наименование и село), что в строке ${a.otherRow}: учтена дважды? Исключите одну из строк.`,
    ky: (a) => `${a.otherRow}-саптагы эле берене (коддор, аталышы жана айыл): эки жолу эсептелдиби? Бирөөнү чыгарыңыз.`,
  },
  'total-mismatch': {
    en: (a) => `The total says ${a.stated} som but the lines from row ${a.from} add up to ${a.sum} som.`,
    ru: (a) => `В итоге указано ${a.stated} сом, а статьи начиная со строки ${a.from} в сумме дают ${a.sum} сом.`,
    ky: (a) => `Жыйынтыкта ${a.stated} сом жазылган, бирок ${a.from}-саптан баштаган беренелердин суммасы ${a.sum} сомду түзөт.`,
  },
  'village-suggested': {
    en: (a) => `The village “${a.village}” is not one of ${a.municipality}'s settlements as written; did you mean ${a.suggestions}? Confirm one, or choose the whole ayil okmotu.`,
    ru: (a) => `Села «${a.village}» в таком написании нет среди населённых пунктов «${a.municipality}»; имелось в виду ${a.suggestions}? Подтвердите одно или выберите весь айыл окмоту.`,
    ky: (a) => `«${a.village}» айылы мындай жазылышта «${a.municipality}» калктуу конуштарынын арасында жок; ${a.suggestions} дегениңизби? Бирөөнү ырастаңыз же бүт айыл өкмөтүн тандаңыз.`,
  },
  'village-unmatched': {
    en: (a) => `The village “${a.village}” matches none of ${a.municipality}'s settlements. Choose the settlement, or the whole ayil okmotu (unallocated).`,
    ru: (a) => `Село «${a.village}» не совпадает ни с одним населённым пунктом «${a.municipality}». Выберите населённый пункт или весь айыл окмоту (без распределения).`,
    ky: (a) => `«${a.village}» айылы «${a.municipality}» калктуу конуштарынын бирине да дал келбейт. Калктуу конушту же бүт айыл өкмөтүн (бөлүштүрүлбөгөн) тандаңыз.`,
  },
  'village-not-in-municipality': {
    en: (a) => `The settlement chosen for “${a.village}” is not in ${a.municipality}.`,
    ru: (a) => `Населённый пункт, выбранный для «${a.village}», не относится к «${a.municipality}».`,
    ky: (a) => `«${a.village}» үчүн тандалган калктуу конуш «${a.municipality}» курамында эмес.`,
  },
  'no-lines': {
    en: () => 'No budget line was read below the header row: check the sheet, the header row and the amount column.',
    ru: () => 'Под строкой заголовков не прочитано ни одной статьи бюджета: проверьте лист, строку заголовков и столбец суммы.',
    ky: () => 'Баш саптын астынан бюджеттин бир да беренеси окулган жок: баракты, баш сапты жана сумма мамычасын текшериңиз.',
  },
};

export function issueMessage(code: IssueCode, args: IssueArgs = {}): I18n {
  const m = M[code];
  return { en: m.en(args), ru: m.ru(args), ky: m.ky(args) };
}
