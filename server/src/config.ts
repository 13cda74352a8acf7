// The only module that reads process.env. Everything else receives a Config.
import { DEFAULT_SERVICE_REGION, type Region } from './geo/region.js';
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvShape = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATA_DIR: z.string().min(1).default('.data'),
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  TILE_CACHE_MB: z.coerce.number().min(0).max(4096).default(64),
  TILE_MAX_AGE_S: z.coerce.number().int().min(0).max(86400).default(60),
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600000).default(15000),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  DB_WAIT_MS: z.coerce.number().int().min(10).max(60000).default(5000),
  BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/i).default('1mb'),
  PHOTO_MAX_MB: z.coerce.number().min(0.1).max(50).default(10),
  IMPORT_MAX_MB: z.coerce.number().min(0.1).max(2048).default(100),
  BACKUP_INTERVAL_MIN: z.coerce.number().min(0).max(10080).default(30),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(100).default(3),
  // true/false, a number of proxy hops, or addresses/subnets of the proxies (Express's 'trust proxy').
  TRUST_PROXY: z.string().trim().default('false').transform((v, ctx) => {
    if (/^(true|false|1|0|yes|no)$/.test(v)) return v === 'true' || v === '1' || v === 'yes';
    if (/^hops=\d{1,2}$/.test(v)) return Number(v.slice(5));
    const list = v.split(',').map((x) => x.trim()).filter(Boolean);
    const ok = list.length > 0 && list.every((x) => /^(loopback|linklocal|uniquelocal)$/.test(x) || /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(x));
    if (!ok) ctx.addIssue({ code: 'custom', message: 'TRUST_PROXY must be true, false, hops=N (the number of proxies in front), or a comma list of proxy addresses/subnets (e.g. 127.0.0.1,10.0.0.0/8, loopback)' });
    return list;
  }),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120000).default(10000),
  DB_PARALLEL_WORKERS_PER_GATHER: z.coerce.number().int().min(0).max(16).default(0),
  HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(400).default(100),
  BASEMAP: z.enum(['offline', 'osm']).default('offline'),
  SERVICE_REGION: z.string()
    .regex(/^\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*$/, 'SERVICE_REGION must be minLon,minLat,maxLon,maxLat in degrees, e.g. 68.7,38.6,80.8,43.8')
    .transform((v) => v.split(',').map(Number) as [number, number, number, number])
    .refine(([x0, y0, x1, y1]) => x0 >= -180 && x1 <= 180 && y0 >= -85.0511 && y1 <= 85.0511 && x0 < x1 && y0 < y1,
      'SERVICE_REGION must have minLon < maxLon within -180…180 and minLat < maxLat within -85.05…85.05')
    .default(DEFAULT_SERVICE_REGION),
  BASEMAP_OSM_TILES: z.string().regex(/^https:\/\/[^\s]+\{z\}[^\s]*\{x\}[^\s]*\{y\}/, 'BASEMAP_OSM_TILES must be an https URL template with {z}, {x} and {y}').default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  SESSION_IDLE_MIN: z.coerce.number().int().min(1).max(43200).default(120),
  SESSION_MAX_H: z.coerce.number().min(0.01).max(720).default(24),
  COOKIE_SECURE: z.enum(['auto', 'always']).default('auto'),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  LOGIN_MAX_FAILURES_IP: z.coerce.number().int().min(1).max(100000).default(30),
  LOGIN_WINDOW_S: z.coerce.number().int().min(1).max(86400).default(900),
  PASSWORD_HASH_MEMORY_KIB: z.coerce.number().int().min(1024).max(4194304).default(19456),
  PASSWORD_HASH_TIME_COST: z.coerce.number().int().min(1).max(20).default(2),
  PASSWORD_HASH_PARALLELISM: z.coerce.number().int().min(1).max(16).default(1),
  ADMIN_EMAIL: z.email('ADMIN_EMAIL must be an e-mail address').optional().or(z.literal('').transform(() => undefined)),
  ADMIN_PASSWORD: z.string().min(12, 'ADMIN_PASSWORD must have at least 12 characters').max(1024).optional().or(z.literal('').transform(() => undefined)),
  ADMIN_ORG: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'ADMIN_ORG must be a slug: lower-case letters, digits and -').default('operators'),
  // Gap analysis (server/src/analysis). Unit costs are assumptions, not sourced figures: see README.
  ANALYSIS_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(1).max(600000).default(10000),
  ANALYSIS_COST_ELECTRICITY_PER_KM: z.coerce.number().min(0).max(1e9).default(15000),
  ANALYSIS_COST_WATER_PER_KM: z.coerce.number().min(0).max(1e9).default(30000),
  ANALYSIS_COST_ROAD_PER_KM: z.coerce.number().min(0).max(1e9).default(50000),
  ANALYSIS_POINT_FLAG_POPULATION: z.coerce.number().int().min(0).max(10_000_000).default(5000),
  POPULATION_ASSIGN_MAX_M: z.coerce.number().int().min(100).max(50_000).default(5000),
  ANALYSIS_COST_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'ANALYSIS_COST_CURRENCY must be an ISO 4217 code such as USD or KGS').default('USD'),
  // Reminders (server/src/reminders/): the e-mail digest is sent only when SMTP_HOST is set.
  SMTP_HOST: z.string().regex(/^[A-Za-z0-9.:[\]-]{1,253}$/, 'SMTP_HOST must be a host name or an IP address').optional().or(z.literal('').transform(() => undefined)),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_SECURE: bool.default(false),
  SMTP_USER: z.string().max(254).optional().or(z.literal('').transform(() => undefined)),
  SMTP_PASSWORD: z.string().max(1024).optional().or(z.literal('').transform(() => undefined)),
  SMTP_FROM: z.string().min(3).max(254).optional().or(z.literal('').transform(() => undefined)),
  REMINDER_DAYS: z.coerce.number().int().min(1).max(365).default(14),
});
const EnvSchema = EnvShape
  .refine((e) => !e.ADMIN_EMAIL === !e.ADMIN_PASSWORD, { path: ['ADMIN_PASSWORD'], message: 'set ADMIN_EMAIL and ADMIN_PASSWORD together (or neither)' })
  .refine((e) => !e.SMTP_HOST || !!e.SMTP_FROM, { path: ['SMTP_FROM'], message: 'set SMTP_FROM (the sender address, e.g. "Atuul tracker <tracker@example.org>") when SMTP_HOST is set' })
  .refine((e) => !e.SMTP_PASSWORD || !!e.SMTP_USER, { path: ['SMTP_USER'], message: 'set SMTP_USER with SMTP_PASSWORD' });

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  /** Folder of the embedded database (PGlite data, lock, rolling backups). */
  dataDir: string;
  publicUrl?: string;
  logLevel: z.infer<typeof EnvShape>['LOG_LEVEL'];
  seedDemo: 'auto' | 'never';
  tileCacheBytes: number;
  tileMaxAgeSeconds: number;
  statementTimeoutMs: number;
  dbPoolMax: number;
  dbConnectTimeoutMs: number;
  /** Longest a request waits for its turn at the database (FIFO, db/gate.ts) before it is answered 503 with Retry-After. */
  dbWaitMs: number;
  /** PostgreSQL max_parallel_workers_per_gather for the app's sessions (0: tile queries are small; parallel plans doubled CPU per tile). */
  dbParallelWorkersPerGather: number;
  /** V8's --heap-growing-percent for this process (runtime.ts); 0 = V8's own heap growth. */
  heapGrowthPercent: number;
  bodyLimit: string;
  /** Largest evidence photo upload, in bytes (before re-encoding). */
  photoMaxBytes: number;
  /** Largest file an import accepts (413 before it is read). */
  importMaxBytes: number;
  /** A population cell or building belongs to the nearest settlement within this distance (metres); farther ones to none. */
  populationAssignMaxM: number;
  backupIntervalMs: number;
  backupKeep: number;
  /** Express's 'trust proxy': everything (true), nothing (false), N hops, or these proxy addresses/subnets. */
  trustProxy: boolean | number | string[];
  shutdownGraceMs: number;
  basemap: 'offline' | 'osm';
  /** Where shapes people send may lie (annotations, campaign areas, analysis areas, what-if sites). */
  serviceRegion: Region;
  basemapOsmTiles: string;
  auth: AuthConfig;
  analysis: AnalysisConfig;
  /** The clock commitments' statuses and reminders are computed at (tests fix it); the system clock by default. */
  clock?: () => Date;
  reminders: RemindersConfig;
}

export interface RemindersConfig {
  /** Commitments due within this many days are in the digest (with the late ones). */
  days: number;
  /** The e-mail digest goes out only when set; the in-app digest is always there. */
  smtp?: SmtpConfig;
}

export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  /** Never logged (see reminders.mail.ts). */
  password?: string;
  from: string;
}

export interface AnalysisConfig {
  /** Per-analysis statement timeout (SET LOCAL statement_timeout; capped at STATEMENT_TIMEOUT_MS). Not enforceable on the embedded database. */
  statementTimeoutMs: number;
  /** Connection cost per km of link to the nearest network element: assumptions (README, "Gap analysis"). */
  costPerKm: { electricity: number; water: number; road: number };
  currency: string;
  /** Analysis areas and what-if sites must lie in it (geo/region.ts). */
  serviceRegion: Region;
  /** A settlement recorded as one point with at least this many people is flagged: counted all or nothing. */
  pointFlagPopulation: number;
}

export interface Argon2Params { memoryCost: number; timeCost: number; parallelism: number }

export interface AuthConfig {
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** 'auto': Secure cookies when the request is HTTPS (honours TRUST_PROXY); 'always': always. */
  cookieSecure: 'auto' | 'always';
  loginMaxFailures: number;
  loginMaxFailuresIp: number;
  loginWindowMs: number;
  argon2: Argon2Params;
  firstAdmin?: { email: string; password: string; org: string };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration in environment variables:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO,
    tileCacheBytes: Math.round(e.TILE_CACHE_MB * 1024 * 1024),
    tileMaxAgeSeconds: e.TILE_MAX_AGE_S,
    statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
    dbPoolMax: e.DB_POOL_MAX,
    dbConnectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    dbWaitMs: e.DB_WAIT_MS,
    dbParallelWorkersPerGather: e.DB_PARALLEL_WORKERS_PER_GATHER,
    heapGrowthPercent: e.HEAP_GROWTH_PERCENT,
    bodyLimit: e.BODY_LIMIT,
    photoMaxBytes: Math.round(e.PHOTO_MAX_MB * 1024 * 1024),
    importMaxBytes: Math.round(e.IMPORT_MAX_MB * 1024 * 1024),
    populationAssignMaxM: e.POPULATION_ASSIGN_MAX_M,
    backupIntervalMs: e.BACKUP_INTERVAL_MIN * 60_000,
    backupKeep: e.BACKUP_KEEP,
    trustProxy: e.TRUST_PROXY,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    basemap: e.BASEMAP,
    serviceRegion: e.SERVICE_REGION,
    basemapOsmTiles: e.BASEMAP_OSM_TILES,
    auth: {
      sessionIdleMs: e.SESSION_IDLE_MIN * 60_000,
      sessionMaxMs: Math.round(e.SESSION_MAX_H * 3_600_000),
      cookieSecure: e.COOKIE_SECURE,
      loginMaxFailures: e.LOGIN_MAX_FAILURES,
      loginMaxFailuresIp: e.LOGIN_MAX_FAILURES_IP,
      loginWindowMs: e.LOGIN_WINDOW_S * 1000,
      argon2: { memoryCost: e.PASSWORD_HASH_MEMORY_KIB, timeCost: e.PASSWORD_HASH_TIME_COST, parallelism: e.PASSWORD_HASH_PARALLELISM },
      ...(e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { firstAdmin: { email: e.ADMIN_EMAIL.toLowerCase(), password: e.ADMIN_PASSWORD, org: e.ADMIN_ORG } } : {}),
    },
    analysis: {
      statementTimeoutMs: Math.min(e.ANALYSIS_STATEMENT_TIMEOUT_MS, e.STATEMENT_TIMEOUT_MS),
      costPerKm: { electricity: e.ANALYSIS_COST_ELECTRICITY_PER_KM, water: e.ANALYSIS_COST_WATER_PER_KM, road: e.ANALYSIS_COST_ROAD_PER_KM },
      currency: e.ANALYSIS_COST_CURRENCY,
      pointFlagPopulation: e.ANALYSIS_POINT_FLAG_POPULATION,
      serviceRegion: e.SERVICE_REGION,
    },
    reminders: {
      days: e.REMINDER_DAYS,
      ...(e.SMTP_HOST ? { smtp: { host: e.SMTP_HOST, port: e.SMTP_PORT, secure: e.SMTP_SECURE, user: e.SMTP_USER, password: e.SMTP_PASSWORD, from: e.SMTP_FROM! } } : {}),
    },
  };
}

/** Documented in README's configuration table; a test keeps the two in step. */
export const CONFIG_VARIABLES = Object.keys(EnvShape.shape);
