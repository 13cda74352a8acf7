import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from '../../server/src/config.js';

describe('configuration', () => {
  it('README documents every environment variable the app reads, and no others', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    const table = [...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(table.sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('the README gives the two commands first and .ci/run calls the same test command', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(firstBlock).toMatch(/^npm install && npm start/m);
    expect(firstBlock).toMatch(/^npm test/m);
    expect(fs.readFileSync('.ci/run', 'utf8')).toMatch(/^npm test; /m);
  });

  it('defaults to the embedded database in ./.data', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toMatch(/\.data$/);
    expect(c.port).toBe(3000);
  });

  it('names every bad setting', () => {
    expect(() => loadConfig({ PORT: '70000', TILE_CACHE_MB: '-1', DATABASE_URL: 'mysql://x' })).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*TILE_CACHE_MB|PORT[\s\S]*TILE_CACHE_MB/);
    expect(() => loadConfig({ BASEMAP_OSM_TILES: 'http://insecure/{z}/{x}/{y}.png' })).toThrow(/https URL template/);
  });

  it('HEAP_GROWTH_PERCENT: 100 by default, 0 leaves it to V8, 400 at most', () => {
    expect(loadConfig({}).heapGrowthPercent).toBe(100);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(() => loadConfig({ HEAP_GROWTH_PERCENT: '500' })).toThrow(/HEAP_GROWTH_PERCENT/);
    expect(() => loadConfig({ HEAP_GROWTH_PERCENT: '1.5' })).toThrow(/HEAP_GROWTH_PERCENT/);
  });

  it('TRUST_PROXY: yes/no, a number of hops, or the proxies\' addresses; anything else is named', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'hops=1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,loopback' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', 'loopback']);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY must be true, false, hops=N/);
  });
});
