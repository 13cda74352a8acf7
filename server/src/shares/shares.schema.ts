// Requests for share links: create body, path parameters, the public token.
import { z } from 'zod';
import { plainText, uuid } from '../http/fields.js';

/** 32 random bytes as base64url: 43 characters. */
export const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;
export const LABEL_MAX = 200;
/** A link lives at most ten years (the date must stay readable and sortable everywhere). */
const MAX_LIFETIME_MS = 10 * 365.25 * 86_400_000;

export const ShareLinkCreate = z.object({
  expiresAt: z.iso.datetime({ offset: true, message: 'expiresAt must be an ISO 8601 date-time, e.g. 2030-01-31T18:00:00Z' })
    .refine((s) => new Date(s).getTime() > Date.now(), 'expiresAt must be in the future')
    .refine((s) => new Date(s).getTime() < Date.now() + MAX_LIFETIME_MS, 'expiresAt must be within ten years')
    .nullable().optional().describe('when the link stops working (ISO 8601 date-time); none: until revoked'),
  label: plainText('label', LABEL_MAX).optional().describe('a note for the organisation, e.g. where the link was published'),
}).strict();
export type ShareLinkCreateInput = z.output<typeof ShareLinkCreate>;

export const CampaignLinkParams = z.object({ id: uuid('id') });
export const LinkIdParams = z.object({ id: uuid('id'), linkId: uuid('linkId') });
