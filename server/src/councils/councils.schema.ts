// Request schema of GET /api/councils/response-times (also read by openapi/).
import { z } from 'zod';
import { uuid } from '../http/fields.js';

export const ResponseTimesQuery = z.object({ campaign: uuid('campaign').optional().describe('only this campaign') }).strict();
export type ResponseTimesInput = z.output<typeof ResponseTimesQuery>;
