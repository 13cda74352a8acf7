// The sentence templates in Russian (the shape and the shared phrases: sentences.common.ts). Names are not
// declined ("Name: 600 жителей …" rather than a genitive of the place name), and "чел." / "нас. п." stand
// where a numeral would need an oblique case.
import { count, fmtDistance, fmtInt, fmtKm, fmtMoney, fmtPercent, NOUNS } from './format.js';
import { element, upperFirst, ruGen, SERVICE_NONE, SERVICE_PARTIAL, SERVICE_NETWORK, NO_SOURCE, type Messages } from './sentences.common.js';

export const ru: Messages = {
  settlementGap(g) {
    const lack = g.status === 'none' ? SERVICE_NONE[g.service].ru : SERVICE_PARTIAL[g.service].ru;
    const hh = g.households !== null ? ` (${count('ru', g.households, NOUNS.household)})` : '';
    const head = g.population === null ? `${g.name.ru}: ${lack} (численность населения неизвестна)`
      : g.status === 'none' ? `${g.name.ru}: ${count('ru', g.population, NOUNS.resident)}${hh} ${lack}`
      : `${g.name.ru}: у ${fmtInt('ru', g.population)} ${ruGen(g.population, 'жителя', 'жителей')}${hh} ${lack}`;
    if (!g.complete) return `${head}; здесь нет полных данных ${SERVICE_NETWORK[g.service].ru}, поэтому расстояние и стоимость не указываются.`;
    if (g.element === null || g.distanceM === null) return `${head}; ${NO_SOURCE[g.service].ru}.`;
    const near = `до ${element('ru', g.element, g.voltageKv)} — ${fmtDistance('ru', g.distanceM)}${g.distanceM < 1 ? ' (в пределах пункта)' : g.distanceM > g.maxLinkM ? ` — слишком далеко для оценки подключения (больше ${fmtDistance('ru', g.maxLinkM)})` : ''}`;
    const cost = g.cost !== null && g.status === 'none' ? ` Подключение обойдётся примерно в ${fmtMoney('ru', g.cost, g.currency)} (допущение: ${fmtMoney('ru', g.unitCost, g.currency)} за 1 км).` : '';
    return `${head}; ${near}.${cost}`;
  },
  serviceTotals(t) {
    const p = t.partial.settlements ? `${SERVICE_PARTIAL[t.service].ru} — в ${fmtInt('ru', t.partial.settlements)} нас. п. (${fmtInt('ru', t.partial.population)} чел.)` : '';
    if (!t.none.settlements) return `${t.area.ru}: пунктов ${SERVICE_NONE[t.service].ru} не отмечено${p ? `; ${p}` : ''}.`;
    const s = `${t.area.ru}: ${SERVICE_NONE[t.service].ru} — ${count('ru', t.none.settlements, NOUNS.settlement)} (${fmtInt('ru', t.none.population)} чел., ${count('ru', t.none.households, NOUNS.household)})`;
    const c = t.none.settlements > t.none.outOfRange ? ` Подключение к ближайшей сети — около ${fmtMoney('ru', t.none.cost, t.currency)} в сумме (допущения о стоимости).` : '';
    return `${s}${p ? `; ${p}` : ''}.${c}`;
  },
  coverage(c) {
    const r = c.radiusM !== null ? `в пределах ${fmtDistance('ru', c.radiusM)}` : 'в пределах радиуса обслуживания';
    const unk = c.populationUnknown ? ` Численность населения неизвестна для ${fmtInt('ru', c.populationUnknown)} нас. п.` : '';
    if (!c.notCoveredSettlements) return `${c.area.ru}: ${c.kind.ru} ${r} есть у всех жителей территории (${fmtInt('ru', c.coveredPopulation)} чел.).${unk}`;
    if (!c.coveredPopulation && c.notCoveredPopulation) return `${c.area.ru}: ${c.kind.ru} ${r} нет ни у одного из ${fmtInt('ru', c.notCoveredPopulation)} чел. (${fmtInt('ru', c.notCoveredSettlements)} нас. п.).${unk}`;
    return `${c.area.ru}: ${c.kind.ru} ${r}: есть у ${fmtInt('ru', c.coveredPopulation)} ${ruGen(c.coveredPopulation, 'жителя', 'жителей')}; нет у ${fmtInt('ru', c.notCoveredPopulation)} ${ruGen(c.notCoveredPopulation, 'жителя', 'жителей')} (${count('ru', c.notCoveredSettlements, NOUNS.settlement)}).${unk}`;
  },
  settlementCoverage(c) {
    if (c.status === 'no-data') return `${c.name.ru}: по этой территории нет полных данных об объектах вида «${c.kind.ru}», поэтому расстояние и охват не указываются.`;
    if (c.distanceM === null) return `${c.name.ru}: объектов вида «${c.kind.ru}» на карте нет.`;
    const f = c.facility ? ` (${c.facility.ru})` : '';
    const near = `${c.name.ru}: до ближайшего объекта вида «${c.kind.ru}»${f} — ${fmtDistance('ru', c.distanceM)}`;
    if (c.status === 'partly' && c.share !== null) {
      const who = c.reached !== null ? ` (${count('ru', c.reached, NOUNS.resident)})` : '';
      return `${near}; около ${fmtPercent('ru', c.share)} жителей${who} живут в пределах ${fmtDistance('ru', c.radiusM)} от такого объекта.`;
    }
    return `${near}; это ${c.covered ? 'в пределах' : 'дальше'} ${fmtDistance('ru', c.radiusM)}.`;
  },
  canals(c) {
    const pct = c.totalKm > 0 ? ` (${fmtPercent('ru', c.badKm / c.totalKm)})` : '';
    let s = `${c.area.ru}: ${fmtKm('ru', c.badKm)} из ${fmtKm('ru', c.totalKm)} каналов в плохом или аварийном состоянии${pct}.`;
    if (c.gaps !== null) s += ` Начал каналов, не присоединённых к сети (допуск ${fmtDistance('ru', c.toleranceM)}): ${fmtInt('ru', c.gaps)}`;
    if (c.withoutMainSegments !== null) s += `; участков вне сети с магистральным каналом: ${fmtInt('ru', c.withoutMainSegments)}.`;
    else if (c.gaps !== null) s += '.';
    return s;
  },
  far(f) {
    if (!f.settlements) return `Все населённые пункты территории — в пределах ${fmtDistance('ru', f.thresholdM)} от действующего канала.`;
    return `Дальше ${fmtDistance('ru', f.thresholdM)} от действующего канала: ${count('ru', f.settlements, NOUNS.settlement)} (${fmtInt('ru', f.population)} чел.).`;
  },
  annotations(n, people) { return `Опубликованных сообщений о поливе питьевой водой: ${fmtInt('ru', n)} (затронуто ${fmtInt('ru', people)} чел.).`; },
  whatIfFacility(w) {
    if (!w.residents && !w.settlements && w.uncounted) return `${upperFirst(w.kind.ru)} в этом месте не добавит в пределах ${fmtDistance('ru', w.radiusM)} жителей, которых этот анализ может посчитать.`;
    if (!w.residents && w.settlements) return `${upperFirst(w.kind.ru)} в этом месте: ещё ${count('ru', w.settlements, NOUNS.settlement)} с неизвестной численностью населения окажутся в пределах ${fmtDistance('ru', w.radiusM)}.`;
    if (!w.residents && !w.settlements) return `${upperFirst(w.kind.ru)} в этом месте не добавит жителей в пределах ${fmtDistance('ru', w.radiusM)}: окружающие населённые пункты уже охвачены или дальше.`;
    return `${upperFirst(w.kind.ru)} в этом месте: ещё ${fmtInt('ru', w.residents)} чел. (${fmtInt('ru', w.settlements)} нас. п.) окажутся в пределах ${fmtDistance('ru', w.radiusM)}.`;
  },
  reachRules(r) {
    const parts = ([['cells', 'по сетке населения'], ['buildings', 'по зданиям'], ['area', 'по доле площади'], ['point', 'по точке']] as const)
      .filter(([k]) => r[k] > 0).map(([k, how]) => `${how} — ${count('ru', r[k], NOUNS.settlement)}`);
    return parts.length ? `Как посчитаны жители: ${parts.join('; ')}.` : '';
  },
  noData(n) {
    if (!n.settlements) return '';
    return `Для ${fmtInt('ru', n.settlements)} ${ruGen(n.settlements, 'населённого пункта', 'населённых пунктов')}${n.population ? ` (${count('ru', n.population, NOUNS.resident)})` : ''} нет полных данных ${n.what.ru}; они не входят ни в одну из цифр.`;
  },
  flagged(f) {
    if (!f.settlements) return '';
    const names = f.names.map((x) => x.ru).join(', ') + (f.settlements > f.names.length ? ` и ещё ${fmtInt('ru', f.settlements - f.names.length)}` : '');
    const one = f.settlements === 1;
    return `${names} ${one ? 'записан одной точкой' : 'записаны одной точкой каждый'}; ${count('ru', f.population, NOUNS.resident)} ${f.excluded ? 'не входят в эту цифру' : 'считаются охваченными или неохваченными целиком'}.`;
  },
  whatIfNetwork(w) {
    const line = `Предлагаемая линия длиной ${fmtDistance('ru', w.lengthM)}`;
    if (!w.improved || !w.name) return `${line} не приблизит сеть ни к одному населённому пункту без услуги.`;
    const pop = w.population !== null ? ` (${fmtInt('ru', w.population)} чел.)` : '';
    return `${line}: до сети от пункта «${w.name.ru}»${pop} останется ${fmtDistance('ru', w.afterM)} (сейчас ${w.beforeM !== null ? fmtDistance('ru', w.beforeM) : 'сети на карте нет'}). `
      + `Оценка затрат на подключение пунктов без услуги снизится с ${fmtMoney('ru', w.costBefore, w.currency)} до ${fmtMoney('ru', w.costAfter, w.currency)}, плюс ${fmtMoney('ru', w.lineCost, w.currency)} на саму линию (допущения о стоимости).`;
  },
  whatIfRepair(w) {
    if (!w.settlements) return `Если отремонтировать ${count('ru', w.canals, NOUNS.canalSection)} (${fmtKm('ru', w.km)}), ни один новый населённый пункт не окажется в пределах ${fmtDistance('ru', w.thresholdM)} от действующего канала.`;
    return `Если отремонтировать ${count('ru', w.canals, NOUNS.canalSection)} (${fmtKm('ru', w.km)}), действующий канал окажется в пределах ${fmtDistance('ru', w.thresholdM)} ещё для ${fmtInt('ru', w.settlements)} нас. п. (${fmtInt('ru', w.population)} чел.).`;
  },
};
