#!/usr/bin/env node
// `npm start` runs this first: builds the web app (web/dist) only when it is missing or older than
// any source file of it (web/src/**, web/index.html, web/public/**, web/vite.config.ts). A fresh
// clone therefore serves the map on the first `npm start`; later starts cost nothing.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const built = path.join(web, 'dist', 'index.html');

function newest(p) {
  let st;
  try { st = fs.statSync(p); } catch { return 0; }
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const name of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, name)));
  return max;
}

const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
const sourcesAt = Math.max(...['src', 'public', 'index.html', 'vite.config.ts', 'svelte.config.js'].map((f) => newest(path.join(web, f))));

if (builtAt && builtAt >= sourcesAt) {
  console.error('web/dist is up to date');
  process.exit(0);
}
console.error(builtAt ? 'web/ changed since the last build: building web/dist…' : 'web/dist is missing: building the web app…');
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
if (!fs.existsSync(vite)) {
  console.error('vite is not installed (run `npm ci`); the server will start without the web app.');
  process.exit(0);
}
const r = spawnSync(process.execPath, [vite, 'build', '--config', path.join(web, 'vite.config.ts')], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) {
  console.error('Building the web app failed (see above).');
  process.exit(r.status ?? 1);
}
