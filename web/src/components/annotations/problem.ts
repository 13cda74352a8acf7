// A problem+json answer as a sentence for people: a translated summary by kind, and the server's
// detail (the field-level reasons are shown next to the form; the detail is English).
import { i18n } from '../../i18n/i18n.svelte.ts';
import type { ApiError } from '../../api/client.ts';

export function problemMessage(err: ApiError): string {
  if (err.status === 403 && err.code !== 'csrf-token') return `${i18n.t('annotations.errors.forbidden')} ${err.detail}`.trim();
  if (err.status === 401) return i18n.t('annotations.errors.signInAgain');
  if (err.status === 409) return `${i18n.t('annotations.errors.conflict')} ${err.detail}`.trim();
  if (err.kind === 'invalid') return `${i18n.t('errors.invalid')} ${err.detail}`.trim();
  return i18n.t(`errors.${err.kind}`);
}
