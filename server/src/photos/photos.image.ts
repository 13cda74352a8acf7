// Evidence photos: decode what was uploaded (whatever its name or declared type says), accept JPEG, PNG
// and WebP only, and re-encode it as a JPEG with no metadata at all. The uploaded bytes are never kept,
// so nothing hidden in them (EXIF position, camera serial, XMP, scripts in a polyglot file) survives.
// The GPS position is read from EXIF and returned only when the uploader agreed to keep it.
import sharp, { type Metadata } from 'sharp';
import exifReader from 'exif-reader';
import { HttpProblem } from '../http/problem.js';

export const PHOTO_FORMATS = ['jpeg', 'png', 'webp'] as const;
export type PhotoFormat = (typeof PHOTO_FORMATS)[number];
export const PHOTO_MAX_SIDE = 2048;
export const THUMB_SIDE = 320;
/** Decompression bombs: a small file that decodes to billions of pixels is refused before decoding. */
export const PHOTO_MAX_INPUT_PIXELS = 50_000_000;

export interface ProcessedPhoto {
  jpeg: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
  originalType: PhotoFormat;
  location: { lon: number; lat: number } | null;
  takenAt: Date | null;
}

const notAnImage = () => new HttpProblem('unsupported-media-type', 'The file is not a JPEG, PNG or WebP photo that can be read. Send the photo itself (Content-Type: image/jpeg, image/png or image/webp).');

/** Degrees from EXIF's [degrees, minutes, seconds] and its N/S/E/W reference. */
function degrees(v: unknown, ref: unknown): number | null {
  if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) return null;
  const d = v[0] + v[1] / 60 + v[2] / 3600;
  return ref === 'S' || ref === 'W' ? -d : d;
}

function exifOf(buf: Buffer | undefined): { location: ProcessedPhoto['location']; takenAt: Date | null } {
  if (!buf) return { location: null, takenAt: null };
  try {
    const e = exifReader(buf) as { GPSInfo?: Record<string, unknown>; Photo?: Record<string, unknown> };
    const lat = degrees(e.GPSInfo?.GPSLatitude, e.GPSInfo?.GPSLatitudeRef);
    const lon = degrees(e.GPSInfo?.GPSLongitude, e.GPSInfo?.GPSLongitudeRef);
    const location = lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(lat === 0 && lon === 0)
      ? { lon: Math.round(lon * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 } : null;
    const t = e.Photo?.DateTimeOriginal;
    const takenAt = t instanceof Date && !Number.isNaN(t.getTime()) && t.getTime() < Date.now() + 86_400_000 && t.getFullYear() >= 1990 ? t : null;
    return { location, takenAt };
  } catch {
    return { location: null, takenAt: null }; // unreadable EXIF is simply ignored: it is never kept anyway
  }
}

export async function processPhoto(input: Buffer, opts: { keepLocation: boolean }): Promise<ProcessedPhoto> {
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: PHOTO_MAX_INPUT_PIXELS, failOn: 'error' }).metadata();
  } catch (err) {
    if (/pixel limit/i.test((err as Error).message)) {
      throw new HttpProblem('payload-too-large', `The photo has more than ${PHOTO_MAX_INPUT_PIXELS / 1e6} megapixels; send a smaller one.`);
    }
    throw notAnImage();
  }
  const format = meta.format as string | undefined;
  if (!format || !(PHOTO_FORMATS as readonly string[]).includes(format)) throw notAnImage();
  if (meta.pages && meta.pages > 1) throw new HttpProblem('unsupported-media-type', 'Animated images are not accepted as evidence photos; send a still photo.');

  const base = () => sharp(input, { limitInputPixels: PHOTO_MAX_INPUT_PIXELS, failOn: 'error' })
    .rotate() // apply the EXIF orientation before the metadata goes
    .flatten({ background: '#ffffff' });
  try {
    const full = await base()
      .resize({ width: PHOTO_MAX_SIDE, height: PHOTO_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const thumb = await base()
      .resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75, mozjpeg: true })
      .toBuffer();
    const exif = exifOf(meta.exif);
    return {
      jpeg: full.data, thumb, width: full.info.width, height: full.info.height, originalType: format as PhotoFormat,
      location: opts.keepLocation ? exif.location : null,
      takenAt: exif.takenAt,
    };
  } catch (err) {
    if (err instanceof HttpProblem) throw err;
    throw notAnImage();
  }
}
