// The checks a picked photo passes before it is sent (the server checks again): an image type the
// server re-encodes and at most 10 MB. Used by the gaps' evidence photos and the tracker's progress photos.
export const MAX_PHOTO_MB = 10;
const MAX_BYTES = MAX_PHOTO_MB * 1024 * 1024;

/** null when the file may be sent; else why not. `accepted`: the server's PHOTO_TYPES (api/wire.ts). */
export function photoProblem(f: { type: string; size: number }, accepted: readonly string[]): 'wrongType' | 'tooLarge' | null {
  if (!accepted.includes(f.type)) return 'wrongType';
  if (f.size > MAX_BYTES) return 'tooLarge';
  return null;
}
