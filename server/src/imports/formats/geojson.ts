// STUB — replaced by a formats helper.
import { FormatProblem, type FormatReader } from './types.js';
export const geojsonReader: FormatReader = {
  formats: ['geojson', 'ndjson'],
  detect() { throw new FormatProblem('unsupported', 'not implemented'); },
  read() { throw new FormatProblem('unsupported', 'not implemented'); },
};
