// How a person appears to others: always their organisation; their name only when they chose to be
// shown or the reader belongs to the same organisation. E-mail addresses never appear.
import type { Viewer } from './viewer.js';
import type { I18nNullable } from '../i18n/pick.js';

export interface PersonRow { name: string | null; showPublicly: boolean | null; orgId: string | null; orgName: I18nNullable }
export interface PersonRef { organisation: { id: string; name: I18nNullable } | null; name: string | null }

export function personFor(viewer: Viewer, p: PersonRow): PersonRef {
  const sameOrg = viewer.kind === 'user' && p.orgId !== null && viewer.orgId === p.orgId;
  return {
    organisation: p.orgId ? { id: p.orgId, name: p.orgName } : null,
    name: p.showPublicly || sameOrg ? p.name : null,
  };
}
