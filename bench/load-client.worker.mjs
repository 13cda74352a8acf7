// Closed-loop HTTP load client for bench/load.ts (npm run bench:load, tests/integration/load.test.ts),
// run in a worker thread so that its timers and its latency clock do not share the app's event loop
// (the app runs in the caller's main thread, and the embedded database blocks that loop while it works).
//
// A 'run' message starts `connections` loops over one keep-alive agent with that many sockets. Each loop
// takes the next path from the list (one shared cursor, wrapping around) and sends it; the run stops
// issuing requests after `seconds` and then waits for the requests still in flight. A request with no
// answer after `lateMs` is counted as late (and still awaited); after `abandonMs` it is given up.
// Plain JavaScript on purpose: no TypeScript loader is needed inside the worker.
import http from 'node:http';

import { parentPort } from 'node:worker_threads';

const HEADERS = { accept: 'application/vnd.mapbox-vector-tile,*/*', 'accept-encoding': 'gzip, deflate, br' };

function get(agent, port, path, lateMs, abandonMs, onLate) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let done = false;
    const late = setTimeout(() => onLate(path), lateMs);
    const finish = (r) => {
      if (done) return;
      done = true;
      clearTimeout(late);
      clearTimeout(give);
      resolve({ ...r, ms: performance.now() - t0 });
    };
    const req = http.request({ host: '127.0.0.1', port, path, agent, method: 'GET', headers: HEADERS }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => { bytes += chunk.length; });
      res.on('end', () => finish({ status: res.statusCode ?? 0, bytes, retryAfter: res.headers['retry-after'] }));
      res.on('error', (err) => finish({ status: 0, error: err.code ?? err.message }));
    });
    const give = setTimeout(() => { req.destroy(new Error('abandoned')); finish({ status: 0, error: 'no answer' }); }, abandonMs);
    req.on('error', (err) => finish({ status: 0, error: err.code ?? err.message }));
    req.end();
  });
}

async function run(msg) {
  const { port, paths, connections, seconds, lateMs, abandonMs } = msg;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const latencies = [];
  const status = {};
  const errors = {};
  const lateSamples = [];
  let late = 0, bounded = 0, badRetryAfter = 0, bytes = 0, answered = 0, next = 0;
  // Answers per connection: a fair server serves every connection about as often.
  const perConnection = new Array(connections).fill(0);
  const slowest = [];
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  const loop = async (_, c) => {
    while (performance.now() < deadline) {
      const path = paths[next++ % paths.length];
      const sentAt = performance.now() - t0;
      const r = await get(agent, port, path, lateMs, abandonMs, (p) => { late++; if (lateSamples.length < 10) lateSamples.push(p); });
      if (r.error) { errors[r.error] = (errors[r.error] ?? 0) + 1; continue; }
      answered++;
      // The slowest answers, to see which requests wait (path, connection, its n-th request, sent at ms).
      if (slowest.length < 8 || r.ms > slowest[slowest.length - 1].ms) {
        slowest.push({ ms: Math.round(r.ms), path, connection: c, nth: perConnection[c], sentAtMs: Math.round(sentAt), status: r.status });
        slowest.sort((a, b) => b.ms - a.ms);
        slowest.length = Math.min(slowest.length, 8);
      }
      perConnection[c]++;
      latencies.push(r.ms);
      bytes += r.bytes;
      status[r.status] = (status[r.status] ?? 0) + 1;
      if (r.status === 503) {
        // A bounded wait: the server said "busy, come back" instead of holding the request.
        if (r.retryAfter && /^\d+$/.test(String(r.retryAfter))) bounded++;
        else badRetryAfter++;
        await new Promise((res) => setTimeout(res, Math.min(1000, Number(r.retryAfter ?? 1) * 1000)));
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsedMs = performance.now() - t0;
  agent.destroy();
  return { latencies, status, errors, late, lateSamples, bounded, badRetryAfter, bytes, answered, elapsedMs, perConnection, slowest };
}

parentPort.on('message', (msg) => {
  if (msg.type !== 'run') return;
  run(msg).then(
    (result) => parentPort.postMessage({ ok: true, result }),
    (err) => parentPort.postMessage({ ok: false, error: String(err?.stack ?? err) }),
  );
});
