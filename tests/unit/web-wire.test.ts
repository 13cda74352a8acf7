// web/src/api/wire.gen.ts is generated from the server's constants: it must be what the generator writes now.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateWebWire, WIRE_GEN_PATH } from '../../scripts/gen-web-wire.js';

describe('web wire constants', () => {
  it('wire.gen.ts is up to date (run `npx tsx scripts/gen-web-wire.ts`)', () => {
    expect(readFileSync(WIRE_GEN_PATH, 'utf8')).toBe(generateWebWire());
  });
});
