// Closed-loop HTTP tile client for bench/tiles.bench.ts, run in a worker thread so that the client
// does not share the app's event loop (the app runs in the bench's main thread).
//
// A 'run' message runs `concurrency` loops over one keep-alive agent with that many sockets; each loop
// takes the next path from the list (the same scheduling as the direct baseline). phase 'warmup': one
// untimed pass that records each tile's size and SHA-1 (for the cross-check); phase 'timed': whole
// passes over the list until `seconds` have passed or `maxPasses` are done.
// Plain JavaScript on purpose: no TypeScript loader is needed inside the worker.
import crypto from 'node:crypto';
import http from 'node:http';
import { parentPort } from 'node:worker_threads';

// Timed passes ask for compression like a browser does (MapLibre's fetch), unless the message says
// `identity`; the warm-up pass asks for none, so that its bytes can be compared with the direct render.
const BROWSER = { accept: 'application/vnd.mapbox-vector-tile,*/*', 'accept-encoding': 'gzip, deflate, br' };
const IDENTITY = { accept: 'application/vnd.mapbox-vector-tile,*/*', 'accept-encoding': 'identity' };

function get(agent, port, path, wantHash, identity) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, agent, method: 'GET', headers: wantHash || identity ? IDENTITY : BROWSER }, (res) => {
      let bytes = 0;
      const hash = wantHash ? crypto.createHash('sha1') : null;
      res.on('data', (chunk) => { bytes += chunk.length; if (hash) hash.update(chunk); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, cache: res.headers['x-tile-cache'], encoding: res.headers['content-encoding'], sha1: hash ? hash.digest('hex') : undefined }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function pass(agent, msg, record) {
  const { port, paths, concurrency } = msg;
  let next = 0;
  const loop = async () => {
    for (;;) {
      const i = next++;
      if (i >= paths.length) return;
      const t0 = performance.now();
      const r = await get(agent, port, paths[i], record.hashes !== undefined, msg.identity);
      const ms = performance.now() - t0;
      record.add(i, r, ms);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
}

async function run(msg) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: msg.concurrency, maxFreeSockets: msg.concurrency });
  try {
    if (msg.phase === 'warmup') {
      // One untimed pass: fills caches (database pages, the app's tile cache when on), records tile hashes.
      const sizes = new Array(msg.paths.length).fill(0);
      const hashes = new Array(msg.paths.length).fill('');
      const status = {};
      await pass(agent, msg, {
        hashes,
        add(i, r) { sizes[i] = r.bytes; hashes[i] = r.sha1; status[r.status] = (status[r.status] ?? 0) + 1; },
      });
      return { latencies: [], bytes: 0, elapsedMs: 0, passes: 1, status, hits: 0, warmup: { sizes, hashes } };
    }
    const latencies = [];
    const status = {};
    let bytes = 0, hits = 0, passes = 0, encoded = 0;
    const t0 = performance.now();
    const deadline = t0 + msg.seconds * 1000;
    do {
      await pass(agent, msg, {
        add(_i, r, ms) {
          latencies.push(ms);
          bytes += r.bytes;
          if (r.cache === 'hit') hits++;
          if (r.encoding && r.encoding !== 'identity') encoded++;
          status[r.status] = (status[r.status] ?? 0) + 1;
        },
      });
      passes++;
    } while (performance.now() < deadline && passes < msg.maxPasses);
    const elapsedMs = performance.now() - t0;
    return { latencies, bytes, elapsedMs, passes, status, hits, encoded, warmup: { sizes: [], hashes: [] } };
  } finally {
    agent.destroy();
  }
}

parentPort.on('message', (msg) => {
  if (msg.type !== 'run') return;
  run(msg).then(
    (result) => parentPort.postMessage({ ok: true, result }),
    (err) => parentPort.postMessage({ ok: false, error: String(err?.stack ?? err) }),
  );
});
