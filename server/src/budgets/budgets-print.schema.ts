// Request schemas of the budget print routes (budgets-print.routes.ts): the hearing pack. The table
// download's query is TableQuery in budgets.schema.ts. Unknown keys are refused.
import { z } from 'zod';
import { intString } from '../http/validate.js';

export const HearingPackQuery = z.object({
  lang: z.enum(['ky', 'ru', 'en'], { message: 'lang must be ky, ru or en' }).default('en'),
  format: z.enum(['pdf', 'png'], { message: 'format must be pdf or png' }).default('pdf'),
  paper: z.enum(['a4', 'a3'], { message: 'paper must be a4 or a3' }).default('a4'),
  orientation: z.enum(['portrait', 'landscape'], { message: 'orientation must be portrait or landscape' }).default('landscape'),
  /** PNG only: which page (1 = the map). */
  page: intString('page', 1, 100).default(1),
  dpi: z.enum(['150', '300'], { message: 'dpi must be 150 or 300' }).default('150').transform(Number),
}).strict();
export type HearingPackRequestQuery = z.infer<typeof HearingPackQuery>;
