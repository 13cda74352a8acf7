// The HTTP server with limits that stop slow clients from holding it (slowloris): headers must
// arrive within headersTimeout, the whole request within requestTimeout; idle keep-alives close.
import http from 'node:http';
import type { RequestListener } from 'node:http';

export interface ServerLimits { headersTimeoutMs: number; requestTimeoutMs: number; keepAliveTimeoutMs: number; checkIntervalMs: number }
export const DEFAULT_LIMITS: ServerLimits = { headersTimeoutMs: 15_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, checkIntervalMs: 2_000 };

export async function listen(app: RequestListener, port: number, host: string, limits: ServerLimits = DEFAULT_LIMITS): Promise<http.Server> {
  const server = http.createServer({ connectionsCheckingInterval: limits.checkIntervalMs, requestTimeout: limits.requestTimeoutMs, headersTimeout: limits.headersTimeoutMs, keepAliveTimeout: limits.keepAliveTimeoutMs }, app);
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, host, () => resolve()); });
  return server;
}
