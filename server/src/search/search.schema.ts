// Request schema of GET /api/search (also read by openapi/).
import { z } from 'zod';
import { intString } from '../http/validate.js';

export const SearchQuery = z.object({
  q: z.string().trim().min(1, 'q must not be empty').max(100, 'q must be at most 100 characters')
    .regex(/^[\p{L}\p{M}\p{N} .,'’"«»()/-]+$/u, 'q may contain letters, digits, spaces and . , \' " « » ( ) / - only')
    .describe('Part of a name in Kyrgyz, Russian or English, in Cyrillic or Latin letters'),
  limit: intString('limit', 1, 50).optional().describe('At most this many results (default 10)'),
}).strict();
export type SearchInput = z.output<typeof SearchQuery>;
