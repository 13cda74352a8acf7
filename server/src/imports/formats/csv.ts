// STUB — replaced by a formats helper.
import { FormatProblem, type FormatReader } from './types.js';
export const csvReader: FormatReader = {
  formats: ['csv'],
  detect() { throw new FormatProblem('unsupported', 'not implemented'); },
  read() { throw new FormatProblem('unsupported', 'not implemented'); },
};
