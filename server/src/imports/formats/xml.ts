// STUB — replaced by a formats helper.
import { FormatProblem, type FormatReader } from './types.js';
export const xmlReader: FormatReader = {
  formats: ['kml', 'kmz', 'gpx'],
  detect() { throw new FormatProblem('unsupported', 'not implemented'); },
  read() { throw new FormatProblem('unsupported', 'not implemented'); },
};
