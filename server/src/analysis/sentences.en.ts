// The sentence templates in English (the shape and the shared phrases: sentences.common.ts).
import { count, fmtDistance, fmtInt, fmtKm, fmtMoney, fmtPercent, NOUNS } from './format.js';
import { element, listEn, upperFirst, SERVICE_NOUN, SERVICE_NONE, SERVICE_PARTIAL, SERVICE_NETWORK, NO_SOURCE, type Messages } from './sentences.common.js';

export const en: Messages = {
  settlementGap(g) {
    const who = g.population !== null ? `${count('en', g.population, NOUNS.resident)}${g.households !== null ? ` (${count('en', g.households, NOUNS.household)})` : ''} ` : '';
    const head = `${g.name.en}: ${who}${g.status === 'none' ? SERVICE_NONE[g.service].en : SERVICE_PARTIAL[g.service].en}${g.population === null ? ' (population unknown)' : ''}`;
    if (!g.complete) return `${head}; there is no complete data on ${SERVICE_NETWORK[g.service].en} here, so no distance and no cost are given.`;
    if (g.element === null || g.distanceM === null) return `${head}; ${NO_SOURCE[g.service].en}.`;
    const near = `the nearest ${element('en', g.element, g.voltageKv)} is ${fmtDistance('en', g.distanceM)} away${g.distanceM < 1 ? ' (within the settlement)' : g.distanceM > g.maxLinkM ? ` — too far for a connection estimate (more than ${fmtDistance('en', g.maxLinkM)})` : ''}`;
    const cost = g.cost !== null && g.status === 'none' ? ` Connecting it would cost about ${fmtMoney('en', g.cost, g.currency)} (assumed ${fmtMoney('en', g.unitCost, g.currency)} per km).` : '';
    return `${head}; ${near}.${cost}`;
  },
  serviceTotals(t) {
    const verb = (n: number, phrase: string) => (n === 1 ? phrase.replace(/^have /, 'has ') : phrase);
    const p = t.partial.settlements ? `${count('en', t.partial.population, NOUNS.resident)} in ${count('en', t.partial.settlements, NOUNS.settlement)} ${verb(t.partial.population, SERVICE_PARTIAL[t.service].en)}` : '';
    if (!t.none.settlements) return `${t.area.en}: no settlement is recorded as having no ${SERVICE_NOUN[t.service].en}${p ? `; ${p}` : ''}.`;
    const s = `${t.area.en}: ${count('en', t.none.population, NOUNS.resident)} (${count('en', t.none.households, NOUNS.household)}) in ${count('en', t.none.settlements, NOUNS.settlement)} ${verb(t.none.population, SERVICE_NONE[t.service].en)}`;
    const linked = t.none.settlements - t.none.outOfRange;
    const c = linked > 0 ? ` Linking ${linked === t.none.settlements ? 'them' : fmtInt('en', linked)} to the nearest network would cost about ${fmtMoney('en', t.none.cost, t.currency)} in total (assumed unit costs).` : '';
    return `${s}${p ? `; ${p}` : ''}.${c}`;
  },
  coverage(c) {
    const r = c.radiusM !== null ? `within ${fmtDistance('en', c.radiusM)}` : 'within its service radius';
    const unk = c.populationUnknown ? ` Population is unknown for ${count('en', c.populationUnknown, NOUNS.settlement)}.` : '';
    if (!c.notCoveredSettlements) return `${c.area.en}: ${c.kind.en} ${r}: all ${count('en', c.coveredPopulation, NOUNS.resident)} in the area have one.${unk}`;
    if (!c.coveredPopulation && c.notCoveredPopulation) return `${c.area.en}: ${c.kind.en} ${r}: none of the ${count('en', c.notCoveredPopulation, NOUNS.resident)} (${count('en', c.notCoveredSettlements, NOUNS.settlement)}) has one.${unk}`;
    return `${c.area.en}: ${c.kind.en} ${r}: ${count('en', c.coveredPopulation, NOUNS.resident)} have one; ${count('en', c.notCoveredPopulation, NOUNS.resident)} in ${count('en', c.notCoveredSettlements, NOUNS.settlement)} do not.${unk}`;
  },
  settlementCoverage(c) {
    if (c.status === 'no-data') return `${c.name.en}: there is no complete data on ${c.kind.en} for this area, so no distance and no verdict are given.`;
    if (c.distanceM === null) return `${c.name.en}: no ${c.kind.en} is on the map.`;
    const f = c.facility ? ` (${c.facility.en})` : '';
    const near = `${c.name.en}: the nearest ${c.kind.en}${f} is ${fmtDistance('en', c.distanceM)} away`;
    if (c.status === 'partly' && c.share !== null) {
      const who = c.reached !== null ? ` (${count('en', c.reached, NOUNS.resident)})` : '';
      return `${near}; about ${fmtPercent('en', c.share)} of its residents${who} live within ${fmtDistance('en', c.radiusM)} of one.`;
    }
    return `${near} — ${c.covered ? 'within' : 'beyond'} ${fmtDistance('en', c.radiusM)}.`;
  },
  canals(c) {
    const pct = c.totalKm > 0 ? ` (${fmtPercent('en', c.badKm / c.totalKm)})` : '';
    let s = `${c.area.en}: ${fmtKm('en', c.badKm)} of ${fmtKm('en', c.totalKm)} of canals are in poor or broken condition${pct}.`;
    if (c.gaps !== null) s += ` ${upperFirst(count('en', c.gaps, { en: ['canal head is', 'canal heads are'], ru: ['', '', ''], ky: '' }))} not connected to the network (tolerance ${fmtDistance('en', c.toleranceM)})`;
    if (c.withoutMainSegments !== null) s += `; ${count('en', c.withoutMainSegments, NOUNS.canalSection)} belong to no network with a main canal.`;
    else if (c.gaps !== null) s += '.';
    return s;
  },
  far(f) {
    if (!f.settlements) return `No settlement in the area is more than ${fmtDistance('en', f.thresholdM)} from a functioning canal.`;
    return `${upperFirst(count('en', f.settlements, NOUNS.settlement))} (${count('en', f.population, NOUNS.resident)}) ${f.settlements === 1 ? 'is' : 'are'} more than ${fmtDistance('en', f.thresholdM)} from a functioning canal.`;
  },
  annotations(n, people) { return `${upperFirst(count('en', n, { en: ['public report', 'public reports'], ru: ['', '', ''], ky: '' }))} of drinking water used for irrigation (${count('en', people, { en: ['person', 'people'], ru: ['', '', ''], ky: '' })} affected).`; },
  whatIfFacility(w) {
    if (!w.residents && !w.settlements && w.uncounted) return `A ${w.kind.en} here would bring no more residents within ${fmtDistance('en', w.radiusM)} that this analysis can count.`;
    if (!w.residents && !w.settlements) return `A ${w.kind.en} here would bring no more residents within ${fmtDistance('en', w.radiusM)}: the settlements around are already covered or farther away.`;
    if (!w.residents) return `A ${w.kind.en} here would bring ${count('en', w.settlements, NOUNS.settlement)} of unknown population within ${fmtDistance('en', w.radiusM)}.`;
    return `A ${w.kind.en} here would bring ${fmtInt('en', w.residents)} more ${w.residents === 1 ? 'resident' : 'residents'} (${count('en', w.settlements, NOUNS.settlement)}) within ${fmtDistance('en', w.radiusM)}.`;
  },
  reachRules(r) {
    const parts = ([['cells', 'from the population grid'], ['buildings', 'from buildings'], ['area', 'by the share of their area'], ['point', 'as single points']] as const)
      .filter(([k]) => r[k] > 0).map(([k, how]) => `${count('en', r[k], NOUNS.settlement)} ${how}`);
    return parts.length ? `Residents counted: ${parts.join(', ')}.` : '';
  },
  noData(n) {
    if (!n.settlements) return '';
    return `There is no complete data on ${n.what.en} for ${count('en', n.settlements, NOUNS.settlement)}${n.population ? ` (${count('en', n.population, NOUNS.resident)})` : ''}; they are in neither figure.`;
  },
  flagged(f) {
    if (!f.settlements) return '';
    const names = listEn(f.names.map((x) => x.en));
    const more = f.settlements > f.names.length ? ` and ${count('en', f.settlements - f.names.length, { en: ['other', 'others'], ru: ['', '', ''], ky: '' })}` : '';
    const one = f.settlements === 1;
    return `${names}${more} ${one ? 'is' : 'are'} recorded as a single point; ${one ? 'its' : 'their'} ${count('en', f.population, NOUNS.resident)} ${f.excluded ? 'are left out of this figure' : 'are counted all or nothing'}.`;
  },
  whatIfNetwork(w) {
    const line = `A ${fmtDistance('en', w.lengthM)} ${element('en', w.element, w.voltageKv)} here`;
    if (!w.improved || !w.name) return `${line} would bring no unserved settlement closer to the network.`;
    const pop = w.population !== null ? ` (${count('en', w.population, NOUNS.resident)})` : '';
    return `${line} would bring the network to ${fmtDistance('en', w.afterM)} from ${w.name.en}${pop}; now ${w.beforeM !== null ? fmtDistance('en', w.beforeM) : 'none is mapped'}. `
      + `The estimated cost of linking the unserved settlements falls from ${fmtMoney('en', w.costBefore, w.currency)} to ${fmtMoney('en', w.costAfter, w.currency)}, plus ${fmtMoney('en', w.lineCost, w.currency)} for the line itself (assumed unit costs).`;
  },
  whatIfRepair(w) {
    if (!w.settlements) return `Repairing ${count('en', w.canals, NOUNS.canalSection)} (${fmtKm('en', w.km)}) would not bring a functioning canal within ${fmtDistance('en', w.thresholdM)} of any more settlement.`;
    return `Repairing ${count('en', w.canals, NOUNS.canalSection)} (${fmtKm('en', w.km)}) would bring a functioning canal within ${fmtDistance('en', w.thresholdM)} of ${fmtInt('en', w.settlements)} more ${w.settlements === 1 ? 'settlement' : 'settlements'} (${count('en', w.population, NOUNS.resident)}).`;
  },
};
