// The only module that reads process.env. Everything else receives a Config.
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
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
  BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/i).default('1mb'),
  BACKUP_INTERVAL_MIN: z.coerce.number().min(0).max(10080).default(30),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(100).default(3),
  TRUST_PROXY: bool.default(false),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120000).default(10000),
  DB_PARALLEL_WORKERS_PER_GATHER: z.coerce.number().int().min(0).max(16).default(0),
  BASEMAP: z.enum(['offline', 'osm']).default('offline'),
  BASEMAP_OSM_TILES: z.string().regex(/^https:\/\/[^\s]+\{z\}[^\s]*\{x\}[^\s]*\{y\}/, 'BASEMAP_OSM_TILES must be an https URL template with {z}, {x} and {y}').default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  /** Folder of the embedded database (PGlite data, lock, rolling backups). */
  dataDir: string;
  publicUrl?: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  seedDemo: 'auto' | 'never';
  tileCacheBytes: number;
  tileMaxAgeSeconds: number;
  statementTimeoutMs: number;
  dbPoolMax: number;
  dbConnectTimeoutMs: number;
  /** PostgreSQL max_parallel_workers_per_gather for the app's sessions (0: tile queries are small; parallel plans doubled CPU per tile). */
  dbParallelWorkersPerGather: number;
  bodyLimit: string;
  backupIntervalMs: number;
  backupKeep: number;
  trustProxy: boolean;
  shutdownGraceMs: number;
  basemap: 'offline' | 'osm';
  basemapOsmTiles: string;
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
    dbParallelWorkersPerGather: e.DB_PARALLEL_WORKERS_PER_GATHER,
    bodyLimit: e.BODY_LIMIT,
    backupIntervalMs: e.BACKUP_INTERVAL_MIN * 60_000,
    backupKeep: e.BACKUP_KEEP,
    trustProxy: e.TRUST_PROXY,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    basemap: e.BASEMAP,
    basemapOsmTiles: e.BASEMAP_OSM_TILES,
  };
}

/** Documented in README's configuration table; a test keeps the two in step. */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape);
