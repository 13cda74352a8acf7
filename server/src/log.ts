import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

/** Structured JSON logs on stdout (pipe through pino-pretty to read them in a terminal). */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { service: 'kg-advocacy-map' }, redact: ['req.headers.authorization', 'req.headers.cookie'] });
}
