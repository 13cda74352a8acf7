// Signing in through the real HTTP API in tests: a cookie-keeping supertest agent plus the CSRF token.
import supertest from 'supertest';
import { expect } from 'vitest';
import type { Argon2Params, AuthConfig } from '../../server/src/config.js';
import { PasswordHasher } from '../../server/src/auth/passwords.js';
import { createUser } from '../../server/src/organisations/users.service.js';
import type { NewUser } from '../../server/src/organisations/organisations.schema.js';
import { testApp, type TestApp } from './app.js';
import type { SignedIn } from '../../server/src/access/viewer.js';
import { CampaignCreate } from '../../server/src/campaigns/campaigns.schema.js';
import { testConfig } from './backend.js';

/** Cheap argon2id for test accounts (the default stays 19 MiB / 2 passes). */
export const TEST_ARGON2: Argon2Params = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
export const DEMO_PASSWORD = 'demo-password';
export const PASSWORD = 'correct horse battery staple';

export function authConfig(env: Record<string, string> = {}): AuthConfig {
  return { ...testConfig(env).auth, argon2: TEST_ARGON2 };
}

export function appWithAuth(env: Record<string, string> = {}, opts: { backend?: 'embedded' | 'server' } = {}): Promise<TestApp> {
  return testApp({ ...opts, config: { auth: authConfig(env) } });
}

export type Agent = ReturnType<typeof supertest.agent>;
export interface Client { agent: Agent; csrf: string; session: any }
type Method = 'post' | 'patch' | 'delete' | 'put';

/** A visitor: the agent keeps cookies; csrf is the pre-session token from GET /api/auth/session. */
export async function visitor(t: TestApp): Promise<Client> {
  const agent = supertest.agent(t.app);
  const res = await agent.get('/api/auth/session').expect(200);
  return { agent, csrf: res.body.csrfToken, session: res.body };
}

export async function signIn(t: TestApp, email: string, password = PASSWORD): Promise<Client> {
  const c = await visitor(t);
  const res = await c.agent.post('/api/auth/login').set('X-CSRF-Token', c.csrf).send({ email, password });
  expect(res.status, `sign-in of ${email}: ${res.body?.detail}`).toBe(200);
  return { agent: c.agent, csrf: res.body.csrfToken, session: res.body };
}

/** A state-changing request with the client's CSRF token. */
export function send(c: Client, method: Method, url: string) {
  return c.agent[method](url).set('X-CSRF-Token', c.csrf);
}

export async function makeUser(t: TestApp, u: Omit<NewUser, 'password'> & { password?: string }) {
  return createUser(t.database.db, new PasswordHasher(TEST_ARGON2), { password: PASSWORD, ...u } as NewUser);
}

export const polygon = (x: number, y: number, d = 0.002) => ({ type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] });

/**
 * A new organisation with one signed-in advocate (HTTP client and the same person as a service actor)
 * and an active campaign around Karakol.
 */
export async function advocateWithCampaign(t: TestApp, slug: string, orgName = `Org ${slug}`): Promise<{ client: Client; owner: SignedIn; campaignId: string }> {
  await makeUser(t, { org: slug, orgName, role: 'advocate', email: `adv@${slug}.example`, name: `Advocate ${slug}` });
  const client = await signIn(t, `adv@${slug}.example`);
  const s = client.session.user;
  const owner: SignedIn = { kind: 'user', userId: s.id, orgId: s.organisation.id, role: 'advocate', email: s.email, displayName: s.displayName, showNamePublicly: false };
  const campaign = await t.app.services.campaigns.create(owner, CampaignCreate.parse({
    type: 'Feature', geometry: polygon(78.3, 42.4, 0.2), properties: { title: { en: `Campaign of ${slug}` }, targetCouncil: { en: 'Karakol city kenesh' }, status: 'active' },
  }));
  return { client, owner, campaignId: campaign.id };
}
