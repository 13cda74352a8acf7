// Credit lines of the known datasets in Kyrgyz, Russian and English: the web app's attribution bar (through
// web/src/api/wire.gen.ts) and every printed map, brief and report use these, so a Kyrgyz brief credits its
// sources in Kyrgyz. A dataset without an entry (an organisation's import) shows its attribution as written.
import { pick, type Lang } from '../i18n/pick.js';
import type { I18n } from '../layers/types.js';

const t = (en: string, ru: string, ky: string): I18n => ({ en, ru, ky });

/** By dataset id (the datasets table, the basemap files, OpenStreetMap). */
export const SOURCE_CREDITS: Readonly<Record<string, I18n>> = {
  'demo-illustrative': t('Illustrative demo geometry (not surveyed)',
    'Иллюстративная демо-геометрия (не съёмка)',
    'Иллюстрациялык демо геометрия (өлчөнгөн эмес)'),
  'geonames': t('GeoNames (www.geonames.org), CC BY 4.0',
    'GeoNames (www.geonames.org), CC BY 4.0',
    'GeoNames (www.geonames.org), CC BY 4.0'),
  'grant-document': t('Founding grant document (Citizen Participation Grants)',
    'Основополагающий документ грантовой программы (гранты гражданского участия)',
    'Грант программасынын негизги документи (жарандык катышуу гранттары)'),
  'places-research': t('Places research: GeoNames (CC BY 4.0); Wikipedia; news sites (cited per feature)',
    'Исследование мест: GeoNames (CC BY 4.0); Википедия; новостные сайты (источник указан у каждого объекта)',
    'Жерлерди изилдөө: GeoNames (CC BY 4.0); Википедия; жаңылык сайттары (булагы ар бир объектте көрсөтүлгөн)'),
  'osm-geomaps': t('© OpenStreetMap contributors (ODbL)',
    '© участники OpenStreetMap (ODbL)',
    '© OpenStreetMap катышуучулары (ODbL)'),
  'gshhg': t('Rivers/lakes: GSHHG (Wessel & Smith, LGPL)',
    'Реки/озёра: GSHHG (Wessel & Smith, LGPL)',
    'Дарыялар/көлдөр: GSHHG (Wessel & Smith, LGPL)'),
  'naturalearth': t('Boundaries: Natural Earth (public domain)',
    'Границы: Natural Earth (общественное достояние)',
    'Чек аралар: Natural Earth (коомдук менчик)'),
  'basemap-lakes': t('Lakes: GSHHG (Wessel & Smith, LGPL)',
    'Озёра: GSHHG (Wessel & Smith, LGPL)',
    'Көлдөр: GSHHG (Wessel & Smith, LGPL)'),
  'basemap-rivers': t('Rivers: GSHHG/WDBII (Wessel & Smith, LGPL)',
    'Реки: GSHHG/WDBII (Wessel & Smith, LGPL)',
    'Дарыялар: GSHHG/WDBII (Wessel & Smith, LGPL)'),
  'osm': t('© OpenStreetMap contributors',
    '© участники OpenStreetMap',
    '© OpenStreetMap катышуучулары'),
};

/** The credit line of a dataset in `lang`, or its stored attribution where the dataset has none here. */
export const creditLine = (dataset: string | null | undefined, attribution: string, lang: Lang): string =>
  (dataset && SOURCE_CREDITS[dataset] ? pick(SOURCE_CREDITS[dataset], lang) : '') || attribution;
