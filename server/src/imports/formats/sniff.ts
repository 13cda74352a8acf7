// STUB — replaced by the formats (text) helper.
import { FormatProblem, type FormatId, type UploadedFile } from './types.js';
export async function sniffFormat(_file: UploadedFile, _contentType?: string): Promise<FormatId> {
  throw new FormatProblem('unsupported', 'not implemented');
}
