// The Express app: security headers, body limits, request ids and logs, the routes, one error handler.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Database } from './db/connect.js';
import { errorHandler, notFoundHandler } from './http/errors.js';
import { baseUrl } from './http/urls.js';
import { safeUrl } from './http/log-safe.js';
import { LayerVersions } from './layers/versions.js';
import { LayersService } from './layers/layers.service.js';
import { FeaturesService } from './features/features.service.js';
import { featuresRouter } from './features/features.routes.js';
import { tileRendererFor } from './tiles/tiles.repo.js';
import { TilesService } from './tiles/tiles.service.js';
import { sharedTiles, tileJsonRouter, tileRoute } from './tiles/tiles.routes.js';
import { ahead } from './http/ahead.js';
import { identifyOnError, requestIdOf } from './http/request-id.js';
import { healthRouter } from './health/health.routes.js';
import { HealthService } from './health/health.service.js';
import { openApiDocument } from './openapi/openapi.js';
import { basemapRouter } from './basemap/basemap.routes.js';
import { BasemapService } from './basemap/basemap.service.js';
import { loadProjects } from './projects/projects.service.js';
import { projectsRouter } from './projects/projects.routes.js';
import { searchRouter } from './search/search.routes.js';
import { SearchService } from './search/search.service.js';
import { nearestRouter } from './nearest/nearest.routes.js';
import { NearestService } from './nearest/nearest.service.js';
import compression from 'compression';
import expressStaticGzip from 'express-static-gzip';
import { AuthService } from './auth/auth.service.js';
import { HttpSessions } from './auth/session.js';
import { authRouter } from './auth/auth.routes.js';
import { organisationsRouter } from './organisations/organisations.routes.js';
import { OrganisationsService } from './organisations/organisations.service.js';
import { CampaignsService } from './campaigns/campaigns.service.js';
import { campaignsRouter } from './campaigns/campaigns.routes.js';
import { AnnotationsService } from './annotations/annotations.service.js';
import { annotationsRouter } from './annotations/annotations.routes.js';
import { photosRouter } from './photos/photos.routes.js';
import { ogcRouter } from './ogc/ogc.routes.js';
import { councilsRouter } from './councils/councils.routes.js';
import { CouncilsService } from './councils/councils.service.js';
import { analysisServices } from './analysis/analysis.service.js';
import { analysisRouter } from './analysis/analysis.routes.js';
import { ExportsService } from './exports/exports.service.js';
import { exportsRouter } from './exports/exports.routes.js';
import { DownloadsService } from './exports/downloads.service.js';
import { downloadsRouter } from './exports/downloads.routes.js';
import { importsRouter, isImportUpload } from './imports/imports.routes.js';
import { budgetImportsRouter, isBudgetImportUpload } from './budgets/import/budget-imports.routes.js';
import { BudgetImportsService } from './budgets/import/budget-imports.service.js';
import { idempotency } from './http/idempotency.js';
import { IdempotencyService } from './idempotency/idempotency.service.js';
import { ImportsService } from './imports/imports.service.js';
import { UploadFolder } from './imports/uploads.js';
import { organisationLayersRouter } from './organisation-layers/organisation-layers.routes.js';
import { OrganisationLayersService } from './organisation-layers/organisation-layers.service.js';
import { SharesService } from './shares/shares.service.js';
import { sharesRouter } from './shares/shares.routes.js';
import { osmTileRendererFor } from './osm/osm.basemap.repo.js';
import { OsmBasemapService } from './osm/osm.basemap.service.js';
import { osmRouter } from './osm/osm.routes.js';
import { completeAreasRouter } from './complete-areas/complete-areas.routes.js';
import { budgetsRouter } from './budgets/budgets.routes.js';
import { commitmentsRouter } from './commitments/commitments.routes.js';
import { CommitmentsService } from './commitments/commitments.service.js';
import { trackerRouter } from './commitments/tracker.routes.js';
import { CommitmentsPrintService } from './commitments/commitments-print.service.js';
import { BudgetsService } from './budgets/budgets.service.js';
import { BudgetsAnalysisService } from './budgets/budgets.analysis.service.js';
import { BudgetsPrintService } from './budgets/budgets-print.service.js';
import { budgetsPrintRouter } from './budgets/budgets-print.routes.js';
import { remindersRouter } from './reminders/reminders.routes.js';
import { RemindersService } from './reminders/reminders.service.js';
import { CompleteAreasService } from './complete-areas/complete-areas.service.js';
import { VisitsService } from './visits/visits.service.js';
import { visitsRouter } from './visits/visits.routes.js';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** `webDist` is where the built web app is (default web/dist; tests may build into their own folder). */
export interface AppDeps { config: Config; database: Database; log: Logger; webDist?: string }

export function createApp({ config, database, log, webDist = WEB_DIST }: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple'); // no nested objects from a[b]=c: every parameter is a string (or rejected)
  app.locals.publicUrl = config.publicUrl;

  // Accounts: sessions in the database.
  const auth = new AuthService(database.db, config.auth);
  const sessions = new HttpSessions(auth, config.auth);
  const versions = new LayerVersions(database.db);
  const layers = new LayersService(database.db, versions);
  const renderer = tileRendererFor(database);
  const tiles = new TilesService(renderer, versions, config.tileCacheBytes);
  // Vector tiles first: the shared layers' tiles ahead of Express itself (see the return below), the
  // others ahead of the general middleware (tiles.routes.ts says why); a failing tile gets its request
  // id and logger on the way to the error handler.
  app.use(tileRoute(tiles, layers, sessions, config.tileMaxAgeSeconds));
  app.use(identifyOnError(log));

  app.use(pinoHttp({
    logger: log,
    wrapSerializers: false,
    // Tiles come by the hundred per map view: successful ones are not logged one by one (failures are,
    // by the error handler, with their request id).
    autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/tiles/') || (req.url ?? '').startsWith('/api/basemap/osm/') },
    genReqId: requestIdOf,
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug'),
    serializers: { req: (r: { id: string; method: string; url: string }) => ({ id: r.id, method: r.method, url: safeUrl(r.url) }), res: (r: { statusCode: number }) => ({ statusCode: r.statusCode }) },
  }));
  app.use(helmet({
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:', ...(config.basemap === 'osm' ? [new URL(config.basemapOsmTiles.replace(/[{}]/g, '')).origin] : [])],
        'worker-src': ["'self'", 'blob:'],
        'child-src': ["'self'", 'blob:'],
        'connect-src': ["'self'", ...(config.basemap === 'osm' ? [new URL(config.basemapOsmTiles.replace(/[{}]/g, '')).origin] : [])],
        'style-src': ["'self'", "'unsafe-inline'"],
        // Served over plain HTTP on a LAN too: do not force https for subresources.
        'upgrade-insecure-requests': null,
      },
    },
    crossOriginEmbedderPolicy: false,
  }));
  app.use(compression({ threshold: 1024 }));
  // JSON bodies, except an import's upload: that is streamed to disk by its router (any size up to IMPORT_MAX_MB).
  app.use(express.json({ limit: config.bodyLimit, type: (req) => !isImportUpload(req as express.Request) && !isBudgetImportUpload(req as express.Request) && !!(req as express.Request).is(['application/json', 'application/geo+json']) }));

  // CSRF token on every state-changing /api request.
  app.use('/api', sessions.csrfGuard());
  // A retried create with the same Idempotency-Key answers the first answer (http/idempotency.ts).
  app.use(idempotency(new IdempotencyService(database.db), sessions));

  const features = new FeaturesService(database.db);

  app.get('/api/openapi.json', (req, res) => { res.json(openApiDocument(baseUrl(req))); });
  app.use(healthRouter(new HealthService(database, renderer.kind)));
  const campaigns = new CampaignsService(database.db, config.serviceRegion);
  const annotations = new AnnotationsService(database.db, config.serviceRegion);
  app.use(authRouter(auth, sessions));
  app.use(organisationsRouter(new OrganisationsService(database.db)));
  app.use(campaignsRouter(campaigns, sessions));
  app.use(annotationsRouter(annotations, sessions));
  app.use(photosRouter(annotations, sessions, config.photoMaxBytes));
  app.use(councilsRouter(new CouncilsService(database.db), sessions));
  app.use(featuresRouter(features, layers, sessions)); // every registry layer, annotations included
  app.use(ogcRouter(features, layers, sessions)); // OGC API - Features at /ogc (QGIS, GDAL)
  app.use(tileJsonRouter(layers, sessions));
  const projects = loadProjects();
  // The OpenStreetMap basemap of context (npm run import:osm): vector tiles, and a source in the basemap style when it has rows.
  const osmBasemap = new OsmBasemapService(database.db, osmTileRendererFor(database), versions, config.tileCacheBytes);
  app.use(osmRouter(osmBasemap, config.tileMaxAgeSeconds));
  app.use(basemapRouter(new BasemapService(config.basemap, config.basemapOsmTiles, osmBasemap)));
  app.use(projectsRouter(projects));
  app.use(searchRouter(new SearchService(database.db, projects)));
  app.use(nearestRouter(new NearestService(database.db)));
  // Gap analysis (read-only; its POSTs carry geometry, and the CSRF guard above applies to them like to any POST).
  const analysis = analysisServices(database.db, config.analysis, projects);
  app.use(analysisRouter(analysis, { viewerOf: (req) => sessions.viewerOf(req) }));
  // Local budgets beside the gaps (server/src/budgets/): made before the exports, whose brief prints their pages
  // (the brief asks the budgets print service, which draws its hearing-pack map with the exports' scene).
  const budgets = new BudgetsService(database.db);
  const budgetsAnalysis = new BudgetsAnalysisService(database.db, budgets, config.analysis);
  let budgetsPrint: BudgetsPrintService | undefined;
  // Council-ready map and brief exports (PDF/PNG/SVG from the print renderer, server/src/render).
  const exports = new ExportsService(database.db, config, projects, { campaigns, analysis, layers, budgets: (viewer, campaign, lang) => budgetsPrint!.forBrief(viewer, campaign, lang) });
  budgetsPrint = new BudgetsPrintService({ list: (v, q) => budgets.list(v, q), get: (v, id) => budgets.get(v, id), analysis: (v, id) => budgetsAnalysis.analysis(v, id) }, exports);
  app.use(exportsRouter(exports, { viewerOf: (req) => sessions.viewerOf(req) }));
  // Data downloads (GeoJSON, CSV, KML, zipped Shapefile, GeoPackage) and share links with their /s/ pages (before the web app's catch-all).
  app.use(downloadsRouter(new DownloadsService(features), layers, sessions));
  const imports = new ImportsService(database.db, new UploadFolder(path.join(config.dataDir, 'imports')), { region: config.serviceRegion, maxBytes: config.importMaxBytes, populationAssignMaxM: config.populationAssignMaxM });
  app.use(importsRouter(imports, sessions, config.importMaxBytes));
  // Budget spreadsheets (before the budgets router: /api/budgets/imports/… is not a budget id).
  const budgetImports = new BudgetImportsService(database.db, new UploadFolder(path.join(config.dataDir, 'budget-imports')), { maxBytes: config.importMaxBytes });
  app.use(budgetImportsRouter(budgetImports, sessions));
  app.use(completeAreasRouter(new CompleteAreasService(database.db, config.serviceRegion), sessions));
  // Local budgets beside the gaps (server/src/budgets/); the hearing pack and the table downloads beside them.
  app.use(budgetsRouter(budgets, budgetsAnalysis, sessions));
  app.use(budgetsPrintRouter(budgetsPrint, { viewerOf: (req) => sessions.viewerOf(req) }));
  // After the vote: council decisions, commitments, progress with evidence (server/src/commitments/).
  const commitments = new CommitmentsService(database.db, { clock: config.clock, region: config.serviceRegion, annotations });
  app.use(commitmentsRouter(commitments, sessions, config.photoMaxBytes));
  // Reminders: the signed-in person's digest of commitments due soon and late (the e-mail: npm run reminders:send).
  app.use(remindersRouter(new RemindersService(database.db, config.reminders, config.clock), sessions));
  // Monitoring visits with checklists (server/src/visits/); the monitoring report reads visits.changes().
  const visits = new VisitsService(database.db, { clock: config.clock });
  app.use(visitsRouter(visits, sessions, config.photoMaxBytes));
  const shares = new SharesService(database.db, annotations, projects);
  // The public tracker, its Atom feeds and the monitoring report (with the visits' change between inspections).
  app.use(trackerRouter(commitments, new CommitmentsPrintService(commitments, exports, { visits: (v, c) => visits.changes(v, c) }), shares, { viewerOf: (req) => sessions.viewerOf(req) }));
  app.use(organisationLayersRouter(new OrganisationLayersService(database.db, layers), sessions));
  app.use(sharesRouter(shares, sessions, webDist));

  app.use(['/api', '/tiles', '/basemap', '/ogc'], notFoundHandler);
  if (fs.existsSync(path.join(webDist, 'index.html'))) {
    // Hashed assets never change: cache them for a year. The page itself must be revalidated, or a
    // browser keeps an old index.html that points at assets a new deploy removed.
    // The build writes each asset compressed beside it (.br, .gz: web/vite.config.ts): sent as they are.
    app.use('/assets', expressStaticGzip(path.join(webDist, 'assets'), { enableBrotli: true, orderPreference: ['br', 'gz'], index: false, serveStatic: { immutable: true, maxAge: '365d', fallthrough: false } }));
    app.use(express.static(webDist, { index: false, setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') }));
    app.get('/{*path}', (_req, res) => { res.set('Cache-Control', 'no-cache').sendFile(path.join(webDist, 'index.html')); });
  } else {
    app.get('/', (req, res) => {
      res.type('text/plain').send(`The web app is not built yet (npm run build). API: ${baseUrl(req)}/api/layers, ${baseUrl(req)}/api/openapi.json\n`);
    });
  }
  app.use(notFoundHandler);
  app.use(errorHandler);
  return ahead(Object.assign(app, { services: { versions, layers, features, tiles, auth, campaigns, annotations, exports, imports, budgetImports, osmBasemap, commitments, visits } }), sharedTiles(tiles, config.tileMaxAgeSeconds, log));
}
