// The sentence templates in Kyrgyz (the shape and the shared phrases: sentences.common.ts). The phrasings
// are suggestions and should be checked by a native speaker (as GLOSSARY.md says of its own).
import { count, fmtDistance, fmtInt, fmtKm, fmtMoney, fmtPercent, kyDistanceIn, NOUNS } from './format.js';
import type { Service } from './analysis.schema.js';
import { element, SERVICE_NONE, SERVICE_PARTIAL, SERVICE_NETWORK, NO_SOURCE, type Messages } from './sentences.common.js';

// Each sentence has its possessor and its verb (GLOSSARY.md, the grammar paragraph): "1 240 тургун ичүүчү
// суусуз жашашат"; "1 240 тургундун ичүүчү суусу жарым-жартылай гана бар"; after a number or unit the case
// ending follows how it is read aloud (kyDistanceIn: "2 километрден ашык").
/** What people have only in part, possessed ("тургундун … суусу"). */
const PARTIAL_POSSESSED: Record<Service, string> = {
  electricity: 'электр энергиясы жарым-жартылай гана бар',
  water: 'ичүүчү суусу жарым-жартылай гана бар',
  road: 'жолу жарым-жартылай гана бар',
};

export const ky: Messages = {
  settlementGap(g) {
    const hh = g.households !== null ? ` (${count('ky', g.households, NOUNS.household)})` : '';
    const none = `${SERVICE_NONE[g.service].ky} жашашат`, partial = PARTIAL_POSSESSED[g.service];
    const head = g.population === null
      ? `${g.name.ky}: ${g.status === 'none' ? `тургундар ${none}` : `тургундардын ${partial}`} (калкынын саны белгисиз)`
      : `${g.name.ky}: ${count('ky', g.population, NOUNS.resident)}${g.status === 'none' ? '' : 'дун'}${hh} ${g.status === 'none' ? none : partial}`;
    if (!g.complete) return `${head}; бул жерде ${SERVICE_NETWORK[g.service].ky} боюнча толук маалымат жок, ошондуктан аралык да, нарк да көрсөтүлбөйт.`;
    if (g.element === null || g.distanceM === null) return `${head}; ${NO_SOURCE[g.service].ky}.`;
    const near = `${element('ky', g.element, g.voltageKv)} чейинки аралык ${fmtDistance('ky', g.distanceM)}${g.distanceM < 1 ? ' (конуштун ичинде)' : g.distanceM > g.maxLinkM ? ` — туташтырууну баалоо үчүн өтө алыс (${kyDistanceIn(g.maxLinkM, 'ablative')} ашык)` : ''}`;
    const cost = g.cost !== null && g.status === 'none' ? ` Туташтыруу болжол менен ${fmtMoney('ky', g.cost, g.currency)} турат (божомол: 1 км үчүн ${fmtMoney('ky', g.unitCost, g.currency)}).` : '';
    return `${head}; ${near}.${cost}`;
  },
  serviceTotals(t) {
    const p = t.partial.settlements ? `${SERVICE_PARTIAL[t.service].ky} — ${count('ky', t.partial.settlements, NOUNS.settlement)} (${count('ky', t.partial.population, NOUNS.resident)})` : '';
    if (!t.none.settlements) return `${t.area.ky}: ${SERVICE_NONE[t.service].ky} калктуу конуш белгиленген эмес${p ? `; ${p}` : ''}.`;
    const s = `${t.area.ky}: ${SERVICE_NONE[t.service].ky} — ${count('ky', t.none.settlements, NOUNS.settlement)} (${count('ky', t.none.population, NOUNS.resident)}, ${count('ky', t.none.households, NOUNS.household)})`;
    const c = t.none.settlements > t.none.outOfRange ? ` Жакынкы тармакка туташтыруу жалпысынан болжол менен ${fmtMoney('ky', t.none.cost, t.currency)} (наркы божомол).` : '';
    return `${s}${p ? `; ${p}` : ''}.${c}`;
  },
  coverage(c) {
    const r = c.radiusM !== null ? `${fmtDistance('ky', c.radiusM)} ичинде` : 'тейлөө радиусунун ичинде';
    const unk = c.populationUnknown ? ` ${count('ky', c.populationUnknown, NOUNS.settlement)} боюнча калктын саны белгисиз.` : '';
    if (!c.notCoveredSettlements) return `${c.area.ky}: ${c.kind.ky} ${r}: аймактын бардык тургундары камтылган (${count('ky', c.coveredPopulation, NOUNS.resident)}).${unk}`;
    if (!c.coveredPopulation && c.notCoveredPopulation) return `${c.area.ky}: ${c.kind.ky} ${r}: ${fmtInt('ky', c.notCoveredPopulation)} тургундун (${count('ky', c.notCoveredSettlements, NOUNS.settlement)}) бири да камтылбаган.${unk}`;
    return `${c.area.ky}: ${c.kind.ky} ${r}: ${fmtInt('ky', c.coveredPopulation)} тургун камтылган; ${fmtInt('ky', c.notCoveredPopulation)} тургун (${count('ky', c.notCoveredSettlements, NOUNS.settlement)}) камтылбаган.${unk}`;
  },
  settlementCoverage(c) {
    if (c.status === 'no-data') return `${c.name.ky}: бул аймак боюнча «${c.kind.ky}» тууралуу толук маалымат жок, ошондуктан аралык да, камтуу да көрсөтүлбөйт.`;
    if (c.distanceM === null) return `${c.name.ky}: картада «${c.kind.ky}» түрүндөгү объект жок.`;
    const f = c.facility ? ` (${c.facility.ky})` : '';
    const near = `${c.name.ky}: эң жакынкы «${c.kind.ky}»${f} ${fmtDistance('ky', c.distanceM)} алыстыкта`;
    if (c.status === 'partly' && c.share !== null) {
      const who = c.reached !== null ? ` (${count('ky', c.reached, NOUNS.resident)})` : '';
      return `${near}; тургундарынын болжол менен ${fmtPercent('ky', c.share)}${who} андай объекттен ${fmtDistance('ky', c.radiusM)} ичинде жашайт.`;
    }
    return `${near} — ${fmtDistance('ky', c.radiusM)} ${c.covered ? 'ичинде' : 'сыртында'}.`;
  },
  canals(c) {
    const pct = c.totalKm > 0 ? ` (${fmtPercent('ky', c.badKm / c.totalKm)})` : '';
    let s = `${c.area.ky}: ${fmtKm('ky', c.totalKm)} каналдын ${fmtKm('ky', c.badKm)} бөлүгү${pct} начар же бузулган абалда турат.`;
    if (c.gaps !== null) s += ` Тармакка туташпаган канал баштары (чек ${fmtDistance('ky', c.toleranceM)}): ${fmtInt('ky', c.gaps)}`;
    if (c.withoutMainSegments !== null) s += `; магистралдык каналы жок тармактагы бөлүктөр: ${fmtInt('ky', c.withoutMainSegments)}.`;
    else if (c.gaps !== null) s += '.';
    return s;
  },
  far(f) {
    if (!f.settlements) return `Аймактагы бардык калктуу конуштар иштеп жаткан каналдан ${fmtDistance('ky', f.thresholdM)} ичинде.`;
    return `${count('ky', f.settlements, NOUNS.settlement)} (${count('ky', f.population, NOUNS.resident)}) иштеп жаткан каналдан ${kyDistanceIn(f.thresholdM, 'ablative')} ашык алыстыкта жайгашкан.`;
  },
  annotations(n, people) { return `Ичүүчү сууну сугатка колдонуу боюнча жарыяланган билдирүүлөр: ${fmtInt('ky', n)} (${fmtInt('ky', people)} адамга тиешелүү).`; },
  whatIfFacility(w) {
    if (!w.residents && !w.settlements && w.uncounted) return `Бул жердеги ${w.kind.ky} ${fmtDistance('ky', w.radiusM)} ичинде бул талдоо эсептей ала турган жаңы тургундарды камтыбайт.`;
    if (!w.residents && w.settlements) return `Бул жерде ${w.kind.ky} болсо, калкынын саны белгисиз дагы ${count('ky', w.settlements, NOUNS.settlement)} ${fmtDistance('ky', w.radiusM)} ичинде калат.`;
    if (!w.residents && !w.settlements) return `Бул жердеги ${w.kind.ky} ${fmtDistance('ky', w.radiusM)} ичинде жаңы тургундарды камтыбайт: айланадагы конуштар буга чейин камтылган же алысыраак.`;
    return `Бул жерде ${w.kind.ky} болсо, дагы ${count('ky', w.residents, NOUNS.resident)} (${count('ky', w.settlements, NOUNS.settlement)}) ${fmtDistance('ky', w.radiusM)} ичинде калат.`;
  },
  reachRules(r) {
    const parts = ([['cells', 'калк торчосу боюнча'], ['buildings', 'имараттар боюнча'], ['area', 'аянтынын үлүшү боюнча'], ['point', 'бир чекит катары']] as const)
      .filter(([k]) => r[k] > 0).map(([k, how]) => `${how} — ${count('ky', r[k], NOUNS.settlement)}`);
    return parts.length ? `Тургундар кантип эсептелди: ${parts.join('; ')}.` : '';
  },
  noData(n) {
    if (!n.settlements) return '';
    return `${count('ky', n.settlements, NOUNS.settlement)}${n.population ? ` (${count('ky', n.population, NOUNS.resident)})` : ''} боюнча ${n.what.ky} тууралуу толук маалымат жок, ошондуктан алар эч бир санга кирген жок.`;
  },
  flagged(f) {
    if (!f.settlements) return '';
    const names = f.names.map((x) => x.ky).join(', ') + (f.settlements > f.names.length ? ` жана дагы ${fmtInt('ky', f.settlements - f.names.length)}` : '');
    return `${names} картада бир чекит катары берилген; ${count('ky', f.population, NOUNS.resident)} ${f.excluded ? 'бул санга кирген жок' : 'бүтүндөй камтылган же бүтүндөй камтылбаган деп эсептелет'}.`;
  },
  whatIfNetwork(w) {
    const line = `Сунушталган ${fmtDistance('ky', w.lengthM)} линия`;
    if (!w.improved || !w.name) return `${line} кызматсыз калктуу конуштарды тармакка жакындатпайт.`;
    const pop = w.population !== null ? ` (${count('ky', w.population, NOUNS.resident)})` : '';
    return `${line}: «${w.name.ky}»${pop} тармактан ${fmtDistance('ky', w.afterM)} аралыкта калат (азыр ${w.beforeM !== null ? fmtDistance('ky', w.beforeM) : 'картада тармак жок'}). `
      + `Кызматсыз конуштарды туташтыруунун болжолдуу наркы ${fmtMoney('ky', w.costBefore, w.currency)} ордуна ${fmtMoney('ky', w.costAfter, w.currency)} болот, линиянын өзүнө дагы ${fmtMoney('ky', w.lineCost, w.currency)} (наркы божомол).`;
  },
  whatIfRepair(w) {
    if (!w.settlements) return `${count('ky', w.canals, NOUNS.canalSection)} (${fmtKm('ky', w.km)}) оңдолсо да, иштеп жаткан каналдан ${fmtDistance('ky', w.thresholdM)} аралыкта жашаган калктуу конуштардын саны көбөйбөйт.`;
    return `${count('ky', w.canals, NOUNS.canalSection)} (${fmtKm('ky', w.km)}) оңдолсо, дагы ${count('ky', w.settlements, NOUNS.settlement)} (${count('ky', w.population, NOUNS.resident)}) иштеп жаткан каналдан ${fmtDistance('ky', w.thresholdM)} ичинде калат.`;
  },
};
