// Access control through the HTTP API, on one database:
//  1. the authorisation matrix: every role × every action × own / reviewing (shared) / other organisation;
//  2. the one visibility rule on every read path: another organisation's draft does not exist for you
//     (404, not 403) — API, lists, the GeoJSON layer, the tiles, comments, history, timeline — and the
//     public sees published annotations only and no personal data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import supertest from 'supertest';
import { BACKEND } from '../helpers/backend.js';
import { binary, type TestApp } from '../helpers/app.js';
import { decode, lonLatToTile } from '../helpers/tiles.js';
import { appWithAuth, makeUser, polygon, send, signIn, visitor, type Client } from '../helpers/session.js';
import type { SignedIn } from '../../server/src/access/viewer.js';
import { AnnotationCreate, StatusChange } from '../../server/src/annotations/annotations.schema.js';
import { CampaignCreate } from '../../server/src/campaigns/campaigns.schema.js';

let t: TestApp;
beforeAll(async () => { t = await appWithAuth(); });
afterAll(async () => { await t?.dispose(); });

// ───────────────────────────── 1. the authorisation matrix ─────────────────────────────
// owner    = the organisation that owns the campaign and its annotations
// reviewer = an organisation the campaign is shared with for review
// outsider = any other organisation
// Fixtures are made through the services as the owner's advocate; the action under test goes through HTTP.
describe('authorisation', () => {
  const ACTORS = ['public', 'admin@owner', 'advocate@owner', 'engineer@owner', 'admin@reviewer', 'advocate@reviewer', 'engineer@reviewer', 'admin@outsider', 'advocate@outsider', 'engineer@outsider'] as const;
  type Actor = (typeof ACTORS)[number];

  const clients = new Map<Actor, Client>();
  let owner: SignedIn;
  let campaignId: string, draftCampaignId: string;
  const POINT = [78.3912, 42.4913] as [number, number];

  beforeAll(async () => {
    const orgs: Record<string, string> = {};
    for (const org of ['owner', 'reviewer', 'outsider']) {
      for (const role of ['admin', 'advocate', 'engineer'] as const) {
        const u = await makeUser(t, { org: `m-${org}`, orgName: `Matrix ${org}`, role, email: `${role}@${org}.matrix.example`, name: `${role} ${org}` });
        orgs[org] = u.organisationId;
      }
    }
    for (const a of ACTORS) {
      if (a === 'public') { clients.set(a, await visitor(t)); continue; }
      const [role, org] = a.split('@');
      clients.set(a, await signIn(t, `${role}@${org}.matrix.example`));
    }
    const s = clients.get('advocate@owner')!.session.user;
    owner = { kind: 'user', userId: s.id, orgId: s.organisation.id, role: 'advocate', email: s.email, displayName: s.displayName, showNamePublicly: false };
    const camp = (status: string, sharedWith: string[]) => t.app.services.campaigns.create(owner, CampaignCreate.parse({
      type: 'Feature', geometry: polygon(78.3, 42.4, 0.2), properties: { title: { en: `Matrix ${status}` }, targetCouncil: { en: 'Matrix council' }, status, sharedWith },
    }));
    campaignId = (await camp('active', [orgs.reviewer!])).id;
    draftCampaignId = (await camp('draft', [orgs.reviewer!])).id;
    shared = { draft: (await draft()).id, published: (await published()).id };
  });
  // Read-only cases share these two; cases that change something get fresh fixtures.
  let shared: { draft: string; published: string };

  // Fixtures (made by the owner's advocate, through the service).
  const svc = () => t.app.services.annotations;
  async function draft() {
    return svc().create(owner, AnnotationCreate.parse({ type: 'Feature', geometry: { type: 'Point', coordinates: POINT }, properties: { campaignId, title: 'Matrix gap', category: 'no_road', severity: 2 } }));
  }
  async function to(...steps: Record<string, unknown>[]) {
    let f = await draft();
    for (const s of steps) f = await svc().changeStatus(owner, f.id, [f.properties.version], StatusChange.parse(s));
    return f;
  }
  const published = () => to({ status: 'published' });
  const submitted = () => to({ status: 'published' }, { status: 'submitted', submittedOn: '2025-01-01', reference: 'M-1' });
  async function deleted() {
    const f = await draft();
    return svc().remove(owner, f.id, [f.properties.version]);
  }
  const m = (v: number) => `"v${v}"`;

  type Run = (c: Client) => Promise<{ status: number; body: any }>;
  interface Case { action: string; run: Run; expect: Record<Actor, number> }

  /** Expected statuses in ACTORS order: public, owner (admin, advocate, engineer), reviewer (…), outsider (…). */
  function row(public_: number, owner_: [number, number, number], reviewer: [number, number, number], outsider: [number, number, number]): Record<Actor, number> {
    const v = [public_, ...owner_, ...reviewer, ...outsider];
    return Object.fromEntries(ACTORS.map((a, i) => [a, v[i]])) as Record<Actor, number>;
  }

  const inList = async (c: Client, id: string) => {
    const r = await c.agent.get(`/api/annotations?campaign=${campaignId}&limit=1000`);
    return { status: r.body.features.some((f: { id: string }) => f.id === id) ? 200 : 404, body: null };
  };

  const CASES: Case[] = [
    // reading
    { action: 'read a draft (GET)', run: async (c) => c.agent.get(`/api/annotations/${shared.draft}`), expect: row(404, [200, 200, 200], [200, 200, 200], [404, 404, 404]) },
    { action: 'see a draft in the list', run: async (c) => inList(c, shared.draft), expect: row(404, [200, 200, 200], [200, 200, 200], [404, 404, 404]) },
    { action: "read a draft's comments", run: async (c) => c.agent.get(`/api/annotations/${shared.draft}/comments`), expect: row(404, [200, 200, 200], [200, 200, 200], [404, 404, 404]) },
    { action: "read a draft's history", run: async (c) => c.agent.get(`/api/annotations/${shared.draft}/history`), expect: row(404, [200, 200, 200], [200, 200, 200], [404, 404, 404]) },
    { action: "read a draft's timeline", run: async (c) => c.agent.get(`/api/annotations/${shared.draft}/timeline`), expect: row(404, [200, 200, 200], [200, 200, 200], [404, 404, 404]) },
    { action: 'read a published annotation', run: async (c) => c.agent.get(`/api/annotations/${shared.published}`), expect: row(200, [200, 200, 200], [200, 200, 200], [200, 200, 200]) },
    { action: 'read a draft campaign', run: async (c) => c.agent.get(`/api/campaigns/${draftCampaignId}`), expect: row(404, [200, 200, 200], [200, 200, 200], [404, 404, 404]) },
    { action: 'see the deleted list (trash)', run: async (c) => c.agent.get('/api/annotations?deleted=true'), expect: row(403, [200, 200, 403], [200, 200, 403], [200, 200, 403]) },
    // creating
    {
      action: 'create an annotation in the campaign',
      run: async (c) => send(c, 'post', '/api/annotations').send({ type: 'Feature', geometry: { type: 'Point', coordinates: POINT }, properties: { campaignId, title: 'x', category: 'other', severity: 1 } }),
      expect: row(401, [201, 201, 403], [403, 403, 403], [403, 403, 403]),
    },
    {
      action: 'create a campaign',
      run: async (c) => send(c, 'post', '/api/campaigns').send({ type: 'Feature', geometry: polygon(78.3, 42.4), properties: { title: { en: 'x' }, targetCouncil: { en: 'x' } } }),
      expect: row(401, [201, 201, 403], [201, 201, 403], [201, 201, 403]),
    },
    // changing
    { action: "edit a draft's text", run: async (c) => { const f = await draft(); return send(c, 'patch', `/api/annotations/${f.id}`).set('If-Match', m(f.properties.version)).send({ properties: { title: 'changed' } }); }, expect: row(401, [200, 200, 403], [403, 403, 403], [404, 404, 404]) },
    { action: "edit a published annotation's geometry", run: async (c) => { const f = await published(); return send(c, 'patch', `/api/annotations/${f.id}`).set('If-Match', m(f.properties.version)).send({ geometry: { type: 'Point', coordinates: [78.4, 42.5] } }); }, expect: row(401, [200, 200, 403], [403, 403, 403], [403, 403, 403]) },
    { action: 'delete a draft', run: async (c) => { const f = await draft(); return send(c, 'delete', `/api/annotations/${f.id}`).set('If-Match', m(f.properties.version)); }, expect: row(401, [200, 200, 403], [403, 403, 403], [404, 404, 404]) },
    { action: 'restore a deleted annotation', run: async (c) => { const f = await deleted(); return send(c, 'post', `/api/annotations/${f.id}/restore`).set('If-Match', m(f.properties.version)); }, expect: row(401, [200, 200, 403], [404, 404, 404], [404, 404, 404]) },
    { action: 'publish a draft', run: async (c) => { const f = await draft(); return send(c, 'post', `/api/annotations/${f.id}/status`).set('If-Match', m(f.properties.version)).send({ status: 'published' }); }, expect: row(401, [200, 200, 403], [403, 403, 403], [404, 404, 404]) },
    { action: 'submit to the council', run: async (c) => { const f = await published(); return send(c, 'post', `/api/annotations/${f.id}/status`).set('If-Match', m(f.properties.version)).send({ status: 'submitted', submittedOn: '2025-01-01', reference: 'R' }); }, expect: row(401, [200, 200, 403], [403, 403, 403], [403, 403, 403]) },
    { action: "record the council's response", run: async (c) => { const f = await submitted(); return send(c, 'post', `/api/annotations/${f.id}/status`).set('If-Match', m(f.properties.version)).send({ status: 'response_recorded', responseText: 'ok', responseDate: '2025-02-01' }); }, expect: row(401, [200, 200, 200], [200, 403, 200], [403, 403, 403]) },
    { action: 'reject (council side)', run: async (c) => { const f = await submitted(); return send(c, 'post', `/api/annotations/${f.id}/status`).set('If-Match', m(f.properties.version)).send({ status: 'rejected', reason: 'no' }); }, expect: row(401, [200, 200, 200], [200, 403, 200], [403, 403, 403]) },
    { action: 'set the review status of a draft', run: async (c) => { const f = await draft(); return send(c, 'post', `/api/annotations/${f.id}/review`).set('If-Match', m(f.properties.version)).send({ reviewStatus: 'acknowledged' }); }, expect: row(401, [200, 403, 200], [200, 403, 200], [404, 404, 404]) },
    { action: 'set the review status of a published annotation', run: async (c) => { const f = await published(); return send(c, 'post', `/api/annotations/${f.id}/review`).set('If-Match', m(f.properties.version)).send({ reviewStatus: 'confirmed' }); }, expect: row(401, [200, 403, 200], [200, 403, 200], [403, 403, 403]) },
    { action: 'comment on a draft', run: async (c) => send(c, 'post', `/api/annotations/${shared.draft}/comments`).send({ body: 'hello' }), expect: row(401, [201, 201, 201], [201, 201, 201], [404, 404, 404]) },
    { action: 'comment on a published annotation', run: async (c) => send(c, 'post', `/api/annotations/${shared.published}/comments`).send({ body: 'hello' }), expect: row(401, [201, 201, 201], [201, 201, 201], [403, 403, 403]) },
    { action: 'edit the campaign', run: async (c) => { const cur = await t.app.services.campaigns.get(owner, campaignId); return send(c, 'patch', `/api/campaigns/${campaignId}`).set('If-Match', m(cur.properties.version)).send({ properties: { targetCouncil: { en: 'Matrix council' } } }); }, expect: row(401, [200, 200, 403], [403, 403, 403], [403, 403, 403]) },
    { action: 'edit the draft campaign', run: async (c) => { const cur = await t.app.services.campaigns.get(owner, draftCampaignId); return send(c, 'patch', `/api/campaigns/${draftCampaignId}`).set('If-Match', m(cur.properties.version)).send({ properties: { targetCouncil: { en: 'Matrix council' } } }); }, expect: row(401, [200, 200, 403], [403, 403, 403], [404, 404, 404]) },
    {
      action: 'see a draft in the vector tile',
      run: async (c) => {
        const [x, y] = lonLatToTile(POINT[0], POINT[1], 14);
        const r = await c.agent.get(`/tiles/annotations/14/${x}/${y}.mvt`).buffer(true).parse(binary as never);
        return { status: decode(r.body as Buffer, 'annotations').some((g) => g.properties.id === shared.draft) ? 200 : 404, body: null };
      },
      expect: row(404, [200, 200, 200], [200, 200, 200], [404, 404, 404]),
    },
  ];

  describe(`authorisation matrix (${BACKEND})`, () => {
    const table = CASES.flatMap((c) => ACTORS.map((a) => [c.action, a, c.expect[a], c.run] as const));
    it.each(table)('%s as %s → %i', async (_action, actor, expected, run) => {
      const res = await run(clients.get(actor)!);
      expect(res.status, JSON.stringify(res.body?.detail ?? '')).toBe(expected);
      if (expected >= 400 && res.body && typeof res.body === 'object' && 'type' in res.body) {
        expect(res.body.type).toMatch(/^\/problems\//);
        expect(res.body.detail.length).toBeGreaterThan(10);
      }
    });

    it('a permission answer lists exactly what the viewer may do (the UI draws its buttons from it)', async () => {
      const f = await published();
      const perms = async (a: Actor) => (await clients.get(a)!.agent.get(`/api/annotations/${f.id}`)).body.properties.permissions;
      expect(await perms('public')).toEqual({ edit: false, delete: false, restore: false, comment: false, review: false, transitions: [] });
      expect(await perms('advocate@owner')).toEqual({ edit: true, delete: true, restore: false, comment: true, review: false, transitions: ['submitted'] });
      expect(await perms('engineer@reviewer')).toEqual({ edit: false, delete: false, restore: false, comment: true, review: true, transitions: [] });
      const s = await submitted();
      expect((await clients.get('engineer@reviewer')!.agent.get(`/api/annotations/${s.id}`)).body.properties.permissions.transitions).toEqual(['response_recorded', 'rejected']);
      expect((await clients.get('advocate@outsider')!.agent.get(`/api/annotations/${s.id}`)).body.properties.permissions).toMatchObject({ comment: false, transitions: [] });
    });
  });
});

// ───────────────────────────── 2. visibility ─────────────────────────────
describe('visibility', () => {
  let a: Client, b: Client, aEng: Client;
  let campaignId: string;
  let draftId: string, publishedId: string;
  const DRAFT_AT: [number, number] = [78.4012, 42.5013];
  const PUBLISHED_AT: [number, number] = [78.4022, 42.5023];
  const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

  beforeAll(async () => {
    await makeUser(t, { org: 'vis-a', orgName: 'Org A', role: 'advocate', email: 'hidden.person@vis-a.example', name: 'Hidden Person' });
    await makeUser(t, { org: 'vis-a', role: 'engineer', email: 'shown.person@vis-a.example', name: 'Shown Person', showNamePublicly: true });
    await makeUser(t, { org: 'vis-b', orgName: 'Org B', role: 'advocate', email: 'other@vis-b.example', name: 'Other' });
    a = await signIn(t, 'hidden.person@vis-a.example');
    aEng = await signIn(t, 'shown.person@vis-a.example');
    b = await signIn(t, 'other@vis-b.example');
    campaignId = (await send(a, 'post', '/api/campaigns').send({ type: 'Feature', geometry: polygon(78.3, 42.4, 0.2), properties: { title: { en: 'Visible campaign' }, targetCouncil: { en: 'Vis council' }, status: 'active' } }).expect(201)).body.id;
    const mk = async (at: [number, number], title: string) => (await send(a, 'post', '/api/annotations').send({ type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: { campaignId, title, category: 'no_road', severity: 4 } }).expect(201)).body;
    draftId = (await mk(DRAFT_AT, 'Secret draft')).id;
    const p = await mk(PUBLISHED_AT, 'Public gap');
    publishedId = p.id;
    await send(a, 'post', `/api/annotations/${publishedId}/status`).set('If-Match', '"v1"').send({ status: 'published' }).expect(200);
    await send(a, 'post', `/api/annotations/${draftId}/comments`).send({ body: 'internal note' }).expect(201);
    await send(aEng, 'post', `/api/annotations/${publishedId}/comments`).send({ body: 'engineer says hi' }).expect(201);
    await send(a, 'post', `/api/annotations/${publishedId}/comments`).send({ body: 'advocate says hi' }).expect(201);
  });

  const pub = () => supertest(t.app);
  type Getter = { get(url: string): supertest.Test };

  async function tileIds(who: Getter, at: [number, number], z: number): Promise<string[]> {
    const [x, y] = lonLatToTile(at[0], at[1], z);
    const r = await who.get(`/tiles/annotations/${z}/${x}/${y}.mvt`).buffer(true).parse(binary as never).expect(200);
    return decode(r.body as Buffer, 'annotations').map((f) => String(f.properties.id));
  }

  describe(`visibility: another organisation's draft (${BACKEND})`, () => {
    const readers: [string, () => Getter][] = [['the public', pub], ['another organisation', () => b.agent]];

    it.each(readers)('%s gets 404 on GET, comments, history and timeline — the same answer as for an id that does not exist', async (_n, who) => {
      const missing = '0f0f0f0f-0000-4000-8000-000000000000';
      for (const suffix of ['', '/comments', '/history', '/timeline']) {
        const r = await who().get(`/api/annotations/${draftId}${suffix}`).expect(404);
        expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
        const m = await who().get(`/api/annotations/${missing}${suffix}`).expect(404);
        expect(r.body.detail.replace(draftId, 'ID')).toBe(m.body.detail.replace(missing, 'ID'));
      }
    });

    it.each(readers)('%s does not find it in the list, the GeoJSON layer (any filter, bbox) or the tiles (every zoom)', async (_n, who) => {
      for (const url of [
        '/api/annotations?limit=1000', `/api/annotations?campaign=${campaignId}`, '/api/annotations?status=draft',
        '/api/layers/annotations/features?limit=1000', `/api/layers/annotations/features?bbox=78.40,42.50,78.41,42.51`,
      ]) {
        const r = await who().get(url).expect(200);
        const ids = r.body.features.map((f: { id: string }) => f.id);
        expect(ids, url).not.toContain(draftId);
        if (!url.includes('status=draft')) expect(ids, url).toContain(publishedId);
      }
      for (const z of [6, 10, 14, 18]) {
        expect(await tileIds(who(), DRAFT_AT, z), `z${z}`).not.toContain(draftId);
        expect(await tileIds(who(), PUBLISHED_AT, z), `z${z}`).toContain(publishedId);
      }
    });

    it('another organisation cannot comment on it, change it or review it: 404, not 403', async () => {
      await send(b, 'post', `/api/annotations/${draftId}/comments`).send({ body: 'x' }).expect(404);
      await send(b, 'patch', `/api/annotations/${draftId}`).set('If-Match', '"v1"').send({ properties: { title: 'x' } }).expect(404);
      await send(b, 'post', `/api/annotations/${draftId}/status`).set('If-Match', '"v1"').send({ status: 'published' }).expect(404);
      await send(b, 'delete', `/api/annotations/${draftId}`).set('If-Match', '"v1"').expect(404);
    });

    it('the owning organisation sees its draft everywhere, including tiles', async () => {
      await a.agent.get(`/api/annotations/${draftId}`).expect(200);
      expect((await a.agent.get('/api/layers/annotations/features?limit=1000')).body.features.map((f: { id: string }) => f.id)).toContain(draftId);
      expect(await tileIds(a.agent, DRAFT_AT, 14)).toContain(draftId);
      expect((await a.agent.get(`/api/annotations/${draftId}/comments`)).body.comments[0].body).toBe('internal note');
    });

    it('a session-dependent tile is never stored by caches; the public tile is, revalidated on every use', async () => {
      const [x, y] = lonLatToTile(DRAFT_AT[0], DRAFT_AT[1], 14);
      const url = `/tiles/annotations/14/${x}/${y}.mvt`;
      const p = await pub().get(url).expect(200);
      expect(p.headers['cache-control'], 'stored, but revalidated on every use: a change shows at once').toBe('public, no-cache');
      expect(p.headers.vary).toMatch(/Cookie/);
      await pub().get(url).set('If-None-Match', p.headers.etag!).expect(304);
      const s = await a.agent.get(url).expect(200);
      expect(s.headers['cache-control']).toBe('private, no-store');
      expect(s.headers.etag).not.toBe(p.headers.etag);
      const list = await a.agent.get('/api/annotations').expect(200);
      expect(list.headers['cache-control']).toBe('private, no-store');
      expect(list.headers.vary).toMatch(/Cookie/);
    });

    it('a deleted annotation leaves every public path', async () => {
      const f = (await send(a, 'post', '/api/annotations').send({ type: 'Feature', geometry: { type: 'Point', coordinates: DRAFT_AT }, properties: { campaignId, title: 'Soon gone', category: 'other', severity: 1 } }).expect(201)).body;
      const p = await send(a, 'post', `/api/annotations/${f.id}/status`).set('If-Match', '"v1"').send({ status: 'published' }).expect(200);
      expect(await tileIds(pub(), DRAFT_AT, 14)).toContain(f.id);
      await send(a, 'delete', `/api/annotations/${f.id}`).set('If-Match', `"v${p.body.properties.version}"`).expect(200);
      expect(await tileIds(pub(), DRAFT_AT, 14)).not.toContain(f.id);
      expect(await tileIds(a.agent, DRAFT_AT, 14)).not.toContain(f.id);
      await pub().get(`/api/annotations/${f.id}`).expect(404);
    });
  });

  describe(`visibility: no personal data for the public (${BACKEND})`, () => {
    it('no e-mail addresses anywhere the public can read; names only of people who opted in', async () => {
      const urls = [
        '/api/annotations?limit=1000', '/api/layers/annotations/features?limit=1000', `/api/annotations/${publishedId}`,
        `/api/annotations/${publishedId}/comments`, `/api/annotations/${publishedId}/history`, `/api/annotations/${publishedId}/timeline`,
        '/api/campaigns', `/api/campaigns/${campaignId}`, `/api/campaigns/${campaignId}/history`, '/api/organisations', '/api/councils/response-times', '/api/auth/session',
      ];
      for (const url of urls) {
        const r = await pub().get(url).expect(200);
        expect(r.text, url).not.toMatch(EMAIL);
        expect(r.text, url).not.toMatch(/Hidden Person/);
        expect(r.text, url).not.toMatch(/password|argon2/i);
      }
      const comments = (await pub().get(`/api/annotations/${publishedId}/comments`)).body.comments;
      expect(comments.map((c: { author: { name: string | null } }) => c.author.name)).toEqual(['Shown Person', null]);
      expect(comments[1].author.organisation.name.en).toBe('Org A');
      const f = (await pub().get(`/api/annotations/${publishedId}`)).body.properties;
      expect(f.createdBy).toEqual({ organisation: { id: expect.any(String), name: { ky: null, ru: null, en: 'Org A' } }, name: null });
      // a member of the same organisation sees the name; another organisation does not
      expect((await aEng.agent.get(`/api/annotations/${publishedId}`)).body.properties.createdBy.name).toBe('Hidden Person');
      expect((await b.agent.get(`/api/annotations/${publishedId}`)).body.properties.createdBy.name).toBeNull();
      // whom a campaign is shared with is for the participants only
      expect((await pub().get(`/api/campaigns/${campaignId}`)).body.properties.sharedWith).toBeNull();
      expect((await a.agent.get(`/api/campaigns/${campaignId}`)).body.properties.sharedWith).toEqual([]);
    });

    it('the demo data: the public sees the published demo annotations, not the demo draft', async () => {
      const r = await pub().get('/api/layers/annotations/features?limit=1000').expect(200);
      const titles = r.body.features.map((f: { properties: { title: string } }) => f.properties.title);
      expect(titles).toEqual(expect.arrayContaining([expect.stringMatching(/№13 көчө арыгы/), expect.stringMatching(/пожарного гидранта/), 'Жаңы конушта электр жок']));
      expect(titles.some((x: string) => /Полив огородов питьевой водой/.test(x))).toBe(false);
      expect(r.body.features.every((f: { properties: { status: string } }) => f.properties.status !== 'draft')).toBe(true);
      const eng = await signIn(t, 'engineer.karakol@example.org', 'demo-password'); // the Karakol campaign is shared with the city hall
      const seen = (await eng.agent.get('/api/layers/annotations/features?limit=1000')).body.features.map((f: { properties: { title: string } }) => f.properties.title);
      expect(seen.some((x: string) => /Полив огородов питьевой водой/.test(x))).toBe(true);
    });
  });
});
