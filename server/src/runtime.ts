// Settings of the Node process the app runs in, applied once at start (main.ts; the benchmarks that run
// the app in their own process apply them too, so that they measure what production runs).
import v8 from 'node:v8';
import type { Config } from './config.js';

/**
 * Heap growth (HEAP_GROWTH_PERCENT): after a full garbage collection V8 lets the heap grow by a factor
 * it picks from how fast collections went, here about 1.4 over the ≈ 60 MB the app keeps (its modules'
 * code and sources). That headroom is smaller than the young generation, so V8 started the next full
 * collection as soon as one ended: under tile load, one every half second, a fifth of the server's
 * CPU per large tile (issue #15, bench/README.md). A fixed factor of 2 (100 %) ends that for at most
 * ≈ 60 MB more memory. V8 reads the flag at each collection, so setting it at start-up takes effect.
 */
export function tuneProcess(config: Pick<Config, 'heapGrowthPercent'>): void {
  if (config.heapGrowthPercent > 0) v8.setFlagsFromString(`--heap-growing-percent=${config.heapGrowthPercent}`);
}
