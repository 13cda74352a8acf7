// Logs never hold a request body, file contents, a password, a session token or a share token (#14
// item 6). Each error path is provoked against a real app whose log lines are collected, then scanned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { pino } from 'pino';
import sharp from 'sharp';
import supertest from 'supertest';
import { BACKEND, freshDatabase, type TestDb } from '../helpers/backend.js';
import { authConfig, makeUser, PASSWORD, polygon } from '../helpers/session.js';
import { createApp } from '../../server/src/app.js';
import type { SignedIn } from '../../server/src/access/viewer.js';
import { CampaignCreate } from '../../server/src/campaigns/campaigns.schema.js';
import { AnnotationCreate } from '../../server/src/annotations/annotations.schema.js';
import { safeUrl } from '../../server/src/http/log-safe.js';

const lines: string[] = [];
let db: TestDb;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  db = await freshDatabase();
  const log = pino({ level: 'debug' }, { write: (s: string) => { lines.push(s); } });
  app = createApp({ config: { ...db.config, auth: authConfig() }, database: db.database, log });
});
afterAll(async () => { await db?.dispose(); });

const logText = () => lines.join('');

describe(`what the log keeps (${BACKEND})`, () => {
  it('a failed photo upload, a wrong password, a session and share links: none of their secrets or bytes reach the log', async () => {
    await makeUser({ database: db.database } as never, { org: 'log-org', orgName: 'Log org', role: 'advocate', email: 'adv@log.example', name: 'Log Advocate' });
    const agent = supertest.agent(app);
    const csrf0 = (await agent.get('/api/auth/session').expect(200)).body.csrfToken;
    await agent.post('/api/auth/login').set('X-CSRF-Token', csrf0).send({ email: 'adv@log.example', password: 'wrong-password-in-the-log?' }).expect(401);
    const login = await agent.post('/api/auth/login').set('X-CSRF-Token', csrf0).send({ email: 'adv@log.example', password: PASSWORD }).expect(200);
    const csrf = login.body.csrfToken as string;
    const sessionToken = /=([^;]+)/.exec(String(login.headers['set-cookie']))![1]!;
    const u = login.body.user;
    const owner: SignedIn = { kind: 'user', userId: u.id, orgId: u.organisation.id, role: 'advocate', email: u.email, displayName: u.displayName, showNamePublicly: false };
    const campaignId = (await app.services.campaigns.create(owner, CampaignCreate.parse({
      type: 'Feature', geometry: polygon(78.3, 42.4, 0.2), properties: { title: { en: 'Logs' }, targetCouncil: { en: 'Karakol city kenesh' }, status: 'active' },
    }))).id;
    const note = await app.services.annotations.create(owner, AnnotationCreate.parse({
      type: 'Feature', geometry: { type: 'Point', coordinates: [78.39, 42.49] }, properties: { campaignId, title: 'Logs', category: 'other', severity: 1 },
    }));

    // The database refuses the photo row: the request fails with a 500 after the image was decoded.
    await sql`ALTER TABLE annotation_photos ADD CONSTRAINT kg_log_test CHECK (bytes < 0) NOT VALID`.execute(db.database.db);
    const image = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#3366aa' } }).jpeg().toBuffer();
    const failed = await agent.post(`/api/annotations/${note.id}/photos`).set('X-CSRF-Token', csrf).set('If-Match', `"v${note.properties.version}"`).set('Content-Type', 'image/jpeg').send(image);
    expect(failed.status).toBe(500);
    await sql`ALTER TABLE annotation_photos DROP CONSTRAINT kg_log_test`.execute(db.database.db);

    const link = (await agent.post(`/api/campaigns/${campaignId}/share-links`).set('X-CSRF-Token', csrf).send({}).expect(201)).body as { token: string };
    await agent.get(`/api/shares/${link.token}`).expect(200);
    await agent.get(`/s/${link.token}?utm=x`);
    await agent.get(`/api/shares/${'x'.repeat(43)}`).expect(404);

    const text = logText();
    expect(lines.some((l) => l.includes('"request failed"'))).toBe(true);
    // The failure is logged with what helps an operator…
    const failure = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'request failed');
    expect(failure.err.message).toMatch(/kg_log_test|check constraint/i);
    // …and nothing a request carried.
    expect(text).not.toMatch(/(\d{1,3},){64}/); // bytes as an array of numbers
    expect(text).not.toContain('"type":"Buffer"');
    expect(text).not.toContain(image.subarray(0, 48).toString('base64'));
    expect(text).not.toContain('wrong-password-in-the-log?');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(sessionToken);
    expect(text).not.toContain(link.token);
    expect(text).not.toContain('x'.repeat(43));
    expect(text).toContain('/s/[token]');
  });

  it('URLs lose their tokens and query strings', () => {
    expect(safeUrl('/s/abc123/embed?x=1')).toBe('/s/[token]/embed');
    expect(safeUrl('/api/shares/abc123')).toBe('/api/shares/[token]');
    expect(safeUrl('/api/layers/canals/features?bbox=1,2,3,4')).toBe('/api/layers/canals/features');
  });
});
