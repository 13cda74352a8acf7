// Who is asking: the public (no account) or a signed-in user of an organisation. Built from the
// session by the HTTP layer (auth/session.ts); services and repositories receive it as a value.
export const ROLES = ['admin', 'advocate', 'engineer'] as const;
export type Role = (typeof ROLES)[number];

export interface SignedIn {
  kind: 'user';
  userId: string;
  orgId: string;
  role: Role;
  email: string;
  displayName: string;
  showNamePublicly: boolean;
  /** The session behind this request (hashed id, CSRF token, expiry); absent for internal actors (the demo-data loader). */
  session?: { id: string; csrfToken: string; expiresAt: Date; createdAt: Date };
}

export type Viewer = { kind: 'public' } | SignedIn;

export const PUBLIC: Viewer = { kind: 'public' };

/** What the visibility rule needs to know about the reader. */
export interface Reader {
  /** The reader's organisation, or null for the public. */
  orgId: string | null;
}

export const readerOf = (v: Viewer): Reader => ({ orgId: v.kind === 'user' ? v.orgId : null });

/** The reader without an account: sees what is published. */
export const PUBLIC_READER: Reader = { orgId: null };

/** Advocates and admins edit their organisation's campaigns and annotations. */
export const isEditorRole = (r: Role) => r === 'advocate' || r === 'admin';
/** Engineers and admins review (comment, review status, council-side status changes). */
export const isReviewerRole = (r: Role) => r === 'engineer' || r === 'admin';
