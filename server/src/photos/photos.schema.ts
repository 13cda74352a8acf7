// Request schemas of the photo endpoints (also read by openapi/).
import { z } from 'zod';
import { plainText, uuid } from '../http/fields.js';

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const MAX_PHOTOS_PER_ANNOTATION = 12;

export const PhotoUploadQuery = z.object({
  caption: plainText('caption', 200).optional(),
  keepLocation: z.enum(['true', 'false'], { message: 'keepLocation must be true or false' }).optional(),
}).strict();
export const PhotoParams = z.object({ id: uuid('annotation id'), photoId: uuid('photo id') }).strict();
export const PhotoGetQuery = z.object({ size: z.enum(['full', 'thumb'], { message: 'size must be full or thumb' }).optional() }).strict();
export const IdOnly = z.object({ id: uuid('annotation id') }).strict();
