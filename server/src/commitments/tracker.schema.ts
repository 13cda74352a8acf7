// Request schemas of the public tracker (tracker.routes.ts): the pages' and feeds' queries, and the
// monitoring report's. Unknown keys are refused; every message names its field.
import { z } from 'zod';
import { uuid } from '../http/fields.js';
import { intString } from '../http/validate.js';
import { LANGS } from '../i18n/pick.js';

const lang = z.enum(LANGS, { message: 'lang must be ky, ru or en' });

export const IdParams = z.object({ id: uuid('id') });
export const ReportParams = z.object({ id: uuid('id'), format: z.enum(['pdf', 'png'], { message: 'the report is report.pdf or report.png' }) });

/** A tracker page: ?lang= (else Accept-Language), ?embed=1 for the framable form without the page chrome. */
export const PageQuery = z.object({
  lang: lang.optional(),
  embed: z.enum(['0', '1'], { message: 'embed must be 0 or 1' }).default('0').transform((v) => v === '1'),
}).strict();

export const FeedQuery = z.object({ lang: lang.optional() }).strict();

export const MapImageQuery = z.object({ lang: lang.optional() }).strict();

export const ReportQuery = z.object({
  lang: lang.optional().describe('Language of the report; default: Accept-Language, else ru'),
  paper: z.enum(['a4', 'a3'], { message: 'paper must be a4 or a3' }).default('a4'),
  orientation: z.enum(['portrait', 'landscape'], { message: 'orientation must be portrait or landscape' }).default('portrait'),
  /** PNG only: which page (1 = the map). */
  page: intString('page', 1, 100).optional(),
  dpi: z.enum(['150', '300'], { message: 'dpi must be 150 or 300' }).default('150').transform(Number),
}).strict();
export type ReportQueryInput = z.infer<typeof ReportQuery>;
