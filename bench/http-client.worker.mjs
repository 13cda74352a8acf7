// Closed-loop HTTP tile client for bench/tiles.bench.ts, run in a worker thread so that the client
// does not share the app's event loop (the app runs in the bench's main thread).
//
// One 'run' message = one measurement: `concurrency` loops over one keep-alive agent with that many
// sockets; each loop takes the next path from the list (the same scheduling as the direct baseline).
// A warm-up pass (not timed; it also records each tile's size and SHA-1 for the cross-check), then
// whole passes over the list until `seconds` have passed or `maxPasses` are done.
// Plain JavaScript on purpose: no TypeScript loader is needed inside the worker.
import crypto from 'node:crypto';
import http from 'node:http';
import { parentPort } from 'node:worker_threads';

function get(agent, port, path, wantHash) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, agent, method: 'GET', headers: { accept: 'application/vnd.mapbox-vector-tile' } }, (res) => {
      let bytes = 0;
      const hash = wantHash ? crypto.createHash('sha1') : null;
      res.on('data', (chunk) => { bytes += chunk.length; if (hash) hash.update(chunk); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, cache: res.headers['x-tile-cache'], sha1: hash ? hash.digest('hex') : undefined }));
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
      const r = await get(agent, port, paths[i], record.hashes !== undefined);
      const ms = performance.now() - t0;
      record.add(i, r, ms);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
}

async function run(msg) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: msg.concurrency, maxFreeSockets: msg.concurrency });
  try {
    // Warm-up pass: fills caches (database pages, the app's tile cache when on), records tile hashes.
    const sizes = new Array(msg.paths.length).fill(0);
    const hashes = new Array(msg.paths.length).fill('');
    const warmStatus = {};
    await pass(agent, msg, {
      hashes,
      add(i, r) { sizes[i] = r.bytes; hashes[i] = r.sha1; warmStatus[r.status] = (warmStatus[r.status] ?? 0) + 1; },
    });

    const latencies = [];
    const status = {};
    let bytes = 0, hits = 0, passes = 0;
    const t0 = performance.now();
    const deadline = t0 + msg.seconds * 1000;
    do {
      await pass(agent, msg, {
        add(_i, r, ms) {
          latencies.push(ms);
          bytes += r.bytes;
          if (r.cache === 'hit') hits++;
          status[r.status] = (status[r.status] ?? 0) + 1;
        },
      });
      passes++;
    } while (performance.now() < deadline && passes < msg.maxPasses);
    const elapsedMs = performance.now() - t0;
    return { latencies, bytes, elapsedMs, passes, status, hits, warmup: { sizes, hashes, status: warmStatus } };
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
