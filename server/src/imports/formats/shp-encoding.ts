// Which text encoding a Shapefile's .dbf uses: the .cpg first, then the language-driver byte, then whether
// the text bytes are valid UTF-8; otherwise the user chooses, helped by previews decoded each way.
import iconv from 'iconv-lite';
import type { EncodingInfo } from './types.js';

/** The encodings offered when nothing declares one: what Kyrgyz and Russian data come in. */
export const CHOICE_ENCODINGS = ['utf-8', 'windows-1251', 'cp866'] as const;

/** A .cpg's content ('UTF-8', '1251', 'CP1251', 'ANSI 1251', '866', 'OEM 866', 'ISO-8859-5', …) → an iconv-lite name. */
export function encodingFromCpg(text: string): string | null {
  const t = text.trim().toLowerCase().replace(/^(ansi|oem|cp|windows|ibm)[\s_-]*(?=\d)/, '');
  if (t === '') return null;
  if (/^(utf-?8|65001)$/.test(t)) return 'utf-8';
  if (t === '1251') return 'windows-1251';
  if (t === '866') return 'cp866';
  if (/^\d+$/.test(t)) return iconv.encodingExists(`cp${t}`) ? `cp${t}` : null;
  return iconv.encodingExists(t) ? t : null;
}

/**
 * DBF byte 29 (language driver id) → encoding, for the Cyrillic code pages only. Values from the ESRI/dBASE
 * tables (as GDAL's ogr/ogrsf_frmts/shape code lists them): 0x26 and 0x65 are cp866 (Russian MS-DOS), 0xC9
 * is windows-1251 (Russian Windows). 0x57 means "the writer's ANSI code page", i.e. not a declaration (and
 * ogr2ogr writes it by default); Latin code pages (0x01–0x03, 0x58, …) are ignored on purpose: a Cyrillic
 * file marked Latin would silently become mojibake, so such files go on to the UTF-8 check or to a choice.
 */
export function encodingFromLdid(ldid: number): string | null {
  switch (ldid) {
    case 0x26: case 0x65: return 'cp866';
    case 0xc9: return 'windows-1251';
    default: return null;
  }
}

/** What the scan of the text bytes found. */
export interface TextScan {
  nonAscii: boolean;
  validUtf8: boolean;
  /** The first rows' text fields as raw [name, value] bytes, for previews (names may be Cyrillic too). */
  previewRows: Array<Array<[Buffer, Buffer]>>;
}

export function chooseEncoding(cpg: string | null, ldid: number, scan: TextScan): EncodingInfo {
  const broken = scan.nonAscii && !scan.validUtf8;
  if (cpg !== null) {
    const e = encodingFromCpg(cpg);
    // A .cpg saying UTF-8 over bytes that are not UTF-8 is a common export mistake: ask instead.
    if (e && !(e === 'utf-8' && broken)) return { chosen: e, source: 'cpg', needsChoice: false };
  }
  const fromLdid = encodingFromLdid(ldid);
  if (fromLdid) return { chosen: fromLdid, source: 'ldid', needsChoice: false };
  if (!broken) return { chosen: 'utf-8', source: 'utf8-valid', needsChoice: false };
  const previews: Record<string, Record<string, string>[]> = {};
  for (const enc of CHOICE_ENCODINGS) {
    // A preview is for a person to see which reading makes sense: undecodable bytes show as U+FFFD here.
    previews[enc] = scan.previewRows.map((row) =>
      Object.fromEntries(row.map(([k, v]) => [iconv.decode(k, enc), iconv.decode(v, enc)])));
  }
  return { chosen: null, source: null, needsChoice: true, previews };
}
