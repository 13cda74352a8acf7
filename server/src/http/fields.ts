// Field validators shared by the request schemas of accounts, campaigns and annotations.
import { z } from 'zod';

// NUL cannot be stored in PostgreSQL text; other C0 controls (except tab, newline, carriage return)
// have no place in user text either.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What a reader sees of a text: without white space and invisible format characters (zero-width, bidi controls). */
export const visibleLength = (s: string) => s.replace(/[\s\p{Cf}]/gu, '').length;

/**
 * Plain text, stored as sent but normalised to Unicode NFC (no trimming, no HTML processing). Refused:
 * control characters, a broken character (a lone UTF-16 surrogate, which would be stored as U+FFFD),
 * and, where a text is required, one made only of spaces and invisible characters.
 */
export const plainText = (name: string, max: number, min = 0) =>
  z
    .string({ message: `${name} must be text` })
    .max(max, `${name} must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), `${name} must not contain control characters`)
    .refine((s) => !LONE_SURROGATE.test(s), `${name} contains a broken character (a lone UTF-16 surrogate); send it as valid Unicode text`)
    .refine((s) => min === 0 || visibleLength(s) >= min, min === 1 ? `${name} must not be empty (spaces and invisible characters do not count)` : `${name} must have at least ${min} visible characters`)
    .transform((s) => s.normalize('NFC'));

/** An absolute http(s) URL without credentials. */
export const httpUrl = (name: string) =>
  z
    .string({ message: `${name} must be a URL` })
    .max(2000, `${name} must be at most 2000 characters`)
    .refine((s) => {
      try {
        const u = new URL(s);
        return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password && !CONTROL.test(s) && !/\s/.test(s);
      } catch {
        return false;
      }
    }, `${name} must be an http:// or https:// address (without a user name or password)`);

export const uuid = (name: string) => z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, `${name} must be a UUID`).transform((s) => s.toLowerCase());

/** YYYY-MM-DD, a real calendar date, not after tomorrow (time zones). */
export const pastDate = (name: string) =>
  z
    .string({ message: `${name} must be a date` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${name} must be a date as YYYY-MM-DD`)
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    }, `${name} is not a calendar date`)
    .refine((s) => s >= '1991-01-01', `${name} must be 1991-01-01 or later`)
    .refine((s) => new Date(`${s}T00:00:00Z`).getTime() <= Date.now() + 86_400_000, `${name} must not be in the future`);

export const futureOrPastDate = (name: string) =>
  z
    .string({ message: `${name} must be a date` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${name} must be a date as YYYY-MM-DD`)
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= '1991-01-01' && s <= '2100-12-31';
    }, `${name} is not a calendar date between 1991 and 2100`);

/** Comma-separated list of allowed values in a query parameter. */
export const csvEnum = <T extends string>(name: string, allowed: readonly T[]) =>
  z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(z.string().refine((v) => (allowed as readonly string[]).includes(v), { error: (iss) => `${name}: '${String(iss.input)}' is not allowed; use one or more of ${allowed.join(', ')} (comma-separated)` })).min(1))
    .transform((a) => a as T[])
    .describe(`one or more of ${allowed.join(', ')}, comma-separated`);

export const email = z
  .string({ message: 'email must be text' })
  .max(254, 'email must be at most 254 characters')
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.email('email must be an e-mail address'));

export const PASSWORD_MIN = 12;
export const newPassword = z
  .string({ message: 'the password must be text' })
  .min(PASSWORD_MIN, `the password must have at least ${PASSWORD_MIN} characters (a few words make a good one)`)
  .max(1024, 'the password must be at most 1024 characters')
  .refine((s) => !CONTROL.test(s), 'the password must not contain control characters');
