// Pure rules: the workflow, permissions by role and relation, geometry input, If-Match, cookies,
// the visibility predicate, configuration of the account features.
import { describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Request } from 'express';
import { checkTransition, OWNER_STEPS, permissionsFor, STATUSES, TRANSITIONS, type Relation } from '../../server/src/annotations/annotations.rules.js';
import { AnnotationCreate, AnnotationGeometry, StatusChange } from '../../server/src/annotations/annotations.schema.js';
import { ifMatchVersions } from '../../server/src/http/preconditions.js';
import { parseCookies } from '../../server/src/auth/session.js';
import { annotationVisible } from '../../server/src/access/visibility.js';
import { personFor } from '../../server/src/access/people.js';
import { loadConfig } from '../../server/src/config.js';
import { sameToken, sessionIdOf, newToken } from '../../server/src/auth/auth.service.js';
import type { Viewer } from '../../server/src/access/viewer.js';

const user = (role: 'admin' | 'advocate' | 'engineer'): Viewer => ({ kind: 'user', userId: 'u', orgId: 'o', role, email: 'e@x.y', displayName: 'n', showNamePublicly: false });

describe('the status workflow', () => {
  it('every status can be left, except by going back to draft; draft is only a start', () => {
    for (const s of STATUSES) expect(TRANSITIONS[s].length, s).toBeGreaterThan(0);
    for (const s of STATUSES) expect(TRANSITIONS[s]).not.toContain('draft');
  });

  it('owner steps (publish, submit, re-open) are for the owning organisation\'s advocates and admins', () => {
    const rels: Relation[] = ['owner', 'reviewer', 'outsider'];
    for (const rel of rels) for (const role of ['admin', 'advocate', 'engineer'] as const) {
      for (const from of STATUSES) for (const to of TRANSITIONS[from]) {
        const r = checkTransition(user(role), rel, from, to);
        const editor = rel === 'owner' && role !== 'engineer';
        const reviewer = (rel === 'owner' || rel === 'reviewer') && role !== 'advocate';
        const allowed = editor || (!OWNER_STEPS.has(to) && reviewer);
        expect(r.ok, `${role}@${rel} ${from}→${to}`).toBe(allowed);
      }
    }
    expect(checkTransition(user('admin'), 'owner', 'draft', 'resolved')).toEqual({ ok: false, why: 'not-in-workflow' });
    expect(checkTransition({ kind: 'public' }, 'outsider', 'draft', 'published')).toEqual({ ok: false, why: 'not-allowed-for-role' });
  });

  it('permissions: the public may do nothing; a deleted annotation can only be restored', () => {
    expect(permissionsFor({ kind: 'public' }, 'outsider', 'published', false)).toEqual({ edit: false, delete: false, restore: false, comment: false, review: false, transitions: [] });
    expect(permissionsFor(user('advocate'), 'owner', 'draft', true)).toEqual({ edit: false, delete: false, restore: true, comment: false, review: false, transitions: [] });
    expect(permissionsFor(user('engineer'), 'reviewer', 'submitted', false)).toEqual({ edit: false, delete: false, restore: false, comment: true, review: true, transitions: ['response_recorded', 'rejected'] });
    expect(permissionsFor(user('advocate'), 'outsider', 'published', false).comment).toBe(false);
  });
});

describe('annotation input', () => {
  const parse = (g: unknown) => AnnotationGeometry.safeParse(g);
  it('accepts RFC 7946 geometries, drops altitude and bbox', () => {
    const r = parse({ type: 'Point', coordinates: [78.1, 42.2, 1700], bbox: [78.1, 42.2, 78.1, 42.2] });
    expect(r.success && r.data).toEqual({ type: 'Point', coordinates: [78.1, 42.2] });
  });
  it.each([
    [{ type: 'Point', coordinates: [78] }, /\[longitude, latitude\]/],
    [{ type: 'Point', coordinates: [181, 0] }, /longitude 181/],
    [{ type: 'Point', coordinates: [0, -86] }, /latitude -86/],
    [{ type: 'Point', coordinates: [NaN, 0] }, /./],
    [{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }, /at least 4 positions/],
    [{ type: 'Polygon', coordinates: [] }, /outer ring/],
    [{ type: 'GeometryCollection', geometries: [] }, /geometry type must be/],
    [{ type: 'Point', coordinates: [0, 0], crs: {} }, /crs/],
  ])('refuses %j', (g, msg) => {
    const r = parse(g);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message).join('; ') + JSON.stringify(r.error!.issues)).toMatch(msg);
  });
  it('a Feature needs campaignId, title, category and severity; nothing else is allowed', () => {
    const ok = AnnotationCreate.safeParse({ type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: { campaignId: '0F0F0F0F-0000-4000-8000-000000000000', title: 't', category: 'other', severity: 1 } });
    expect(ok.success && ok.data.properties).toMatchObject({ campaignId: '0f0f0f0f-0000-4000-8000-000000000000', description: '', evidence: [], linkedFeatures: [] });
    expect(AnnotationCreate.safeParse({ type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: { title: 't' } }).success).toBe(false);
    expect(AnnotationCreate.safeParse({ type: 'Feature', id: 'x', geometry: { type: 'Point', coordinates: [0, 0] }, properties: {} }).success).toBe(false);
  });
  it('status changes carry what the step needs', () => {
    expect(StatusChange.safeParse({ status: 'submitted' }).success).toBe(false);
    expect(StatusChange.safeParse({ status: 'submitted', submittedOn: '2025-01-01', reference: 'R' }).success).toBe(true);
    expect(StatusChange.safeParse({ status: 'rejected' }).success).toBe(false);
    expect(StatusChange.safeParse({ status: 'draft' }).success).toBe(false);
    expect(StatusChange.safeParse({ status: 'response_recorded', responseText: 'x', responseDate: '2025-01-01', documentUrl: 'javascript:alert(1)' }).success).toBe(false);
  });
});

describe('HTTP helpers', () => {
  const req = (h?: string) => ({ get: (n: string) => (n.toLowerCase() === 'if-match' ? h : undefined) }) as unknown as Request;
  it('If-Match: versions from strong or weak tags; missing or * → 428', () => {
    expect(ifMatchVersions(req('"v3"'), 'x')).toEqual([3]);
    expect(ifMatchVersions(req('W/"v3", "v4"'), 'x')).toEqual([3, 4]);
    expect(ifMatchVersions(req('"abc"'), 'x')).toEqual([]);
    expect(() => ifMatchVersions(req(undefined), 'x')).toThrow(/If-Match/);
    expect(() => ifMatchVersions(req('*'), 'x')).toThrow(/not accepted/);
  });
  it('cookies: first value wins, odd input ignored', () => {
    const c = parseCookies('a=1; kg_session=abc; a=2; broken; =x; q="quoted"; pct=%E2%9C%93; bad=%E0%A4%A');
    expect(c.get('a')).toBe('1');
    expect(c.get('kg_session')).toBe('abc');
    expect(c.get('q')).toBe('quoted');
    expect(c.get('pct')).toBe('✓');
    expect(c.has('bad')).toBe(false);
  });
  it('tokens: 256-bit, stored as SHA-256, compared in constant time', () => {
    const { token, id } = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(id).toBe(sessionIdOf(token));
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(sameToken(token, token)).toBe(true);
    expect(sameToken(token, token.slice(1))).toBe(false);
    expect(sameToken(undefined, undefined)).toBe(false);
  });
});

describe('the visibility predicate', () => {
  const db = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool: {} as never }) });
  const compile = (q: ReturnType<typeof annotationVisible>) => sql`SELECT 1 FROM annotations a WHERE ${q}`.compile(db);
  it('public: published and later, not deleted; values bound', () => {
    const c = compile(annotationVisible({ orgId: null }));
    expect(c.sql).toMatch(/"a"\."deleted_at" IS NULL AND "a"\."status" <> \$1/);
    expect(c.parameters).toEqual(['draft']);
  });
  it('a member: also the own organisation and campaigns shared with it', () => {
    const c = compile(annotationVisible({ orgId: 'org-1' }));
    expect(c.sql).toMatch(/"a"\."organisation_id" = \$2/);
    expect(c.sql).toMatch(/EXISTS \(SELECT 1 FROM campaign_shares vs WHERE vs\.campaign_id = "a"\."campaign_id" AND vs\.organisation_id = \$3\)/);
    expect(c.parameters).toEqual(['draft', 'org-1', 'org-1']);
  });
  it('the trash: only the own organisation\'s deleted rows; nothing for the public', () => {
    expect(compile(annotationVisible({ orgId: null }, 'a', { deleted: 'only' })).sql).toMatch(/WHERE FALSE/);
    expect(compile(annotationVisible({ orgId: 'o' }, 'a', { deleted: 'only' })).sql).toMatch(/"a"\."deleted_at" IS NOT NULL AND "a"\."organisation_id" = \$1/);
  });
  it('people: the organisation always, the name only when opted in or to the same organisation', () => {
    const p = { name: 'N', showPublicly: false, orgId: 'o', orgName: { ky: null, ru: null, en: 'Org' } };
    expect(personFor({ kind: 'public' }, p).name).toBeNull();
    expect(personFor(user('engineer'), p).name).toBe('N'); // same org 'o'
    expect(personFor({ ...user('engineer'), orgId: 'other' } as Viewer, p).name).toBeNull();
    expect(personFor({ kind: 'public' }, { ...p, showPublicly: true }).name).toBe('N');
  });
});

describe('configuration of accounts', () => {
  it('defaults: argon2id 19 MiB / 2 passes / 1 lane, 2 h idle and 24 h sessions, 5 failures per account in 15 minutes', () => {
    const c = loadConfig({}).auth;
    expect(c.argon2).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(c).toMatchObject({ sessionIdleMs: 7_200_000, sessionMaxMs: 86_400_000, loginMaxFailures: 5, loginWindowMs: 900_000, cookieSecure: 'auto' });
    expect(c.firstAdmin).toBeUndefined();
  });
  it('ADMIN_EMAIL and ADMIN_PASSWORD go together, and the password must be long enough', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.example' })).toThrow(/ADMIN_PASSWORD/);
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.example', ADMIN_PASSWORD: 'short' })).toThrow(/at least 12/);
    expect(loadConfig({ ADMIN_EMAIL: 'A@B.example', ADMIN_PASSWORD: 'long enough password' }).auth.firstAdmin).toEqual({ email: 'a@b.example', password: 'long enough password', org: 'operators' });
    expect(() => loadConfig({ PASSWORD_HASH_MEMORY_KIB: '8' })).toThrow(/PASSWORD_HASH_MEMORY_KIB/);
  });
});
