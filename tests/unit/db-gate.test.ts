// The queue in front of the database (server/src/db/gate.ts): first come first served, a bounded wait
// that ends in DatabaseBusyError, and (embedded) turns handed over only after the event loop polled I/O.
import { describe, expect, it } from 'vitest';
import { FifoGate } from '../../server/src/db/gate.js';
import { DatabaseBusyError } from '../../server/src/db/errors.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ticks = async (n: number) => { for (let i = 0; i < n; i++) await Promise.resolve(); };

describe.each([false, true])('FifoGate (yieldTurns %s)', (yieldTurns) => {
  it('serves waiters in arrival order, one turn per permit', async () => {
    const gate = new FifoGate(1, 5000, yieldTurns);
    const order: string[] = [];
    await gate.acquire();
    const waits = ['b', 'c', 'd'].map((n) => gate.acquire().then(() => { order.push(n); }));
    expect(gate.waiting).toBe(3);
    // Each release is the turn holder's: the next one comes only after that waiter has its turn (a release
    // before the handover would be one permit too many, which the gate caps; with a 1 ms sleep that raced).
    for (let i = 0; i < 3; i++) { gate.release(); await waits[i]; }
    await Promise.all(waits);
    expect(order).toEqual(['b', 'c', 'd']);
    gate.release();
    expect(gate.busy).toBe(0);
  });

  it('a waiter that waits longer than waitMs is rejected with DatabaseBusyError and leaves the queue; the next one still gets its turn', async () => {
    const gate = new FifoGate(1, 50, yieldTurns);
    await gate.acquire();
    const first = gate.acquire();
    await sleep(30);
    const second = gate.acquire();
    const err = await first.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseBusyError);
    expect((err as DatabaseBusyError).waitedMs).toBe(50);
    expect(gate.waiting).toBe(1);
    gate.release();
    await expect(second).resolves.toBeUndefined();
    expect(gate.counts.shed).toBe(1);
    gate.release();
  });

  it('never lets a newcomer overtake a waiter', async () => {
    const gate = new FifoGate(2, 5000, yieldTurns);
    await gate.acquire();
    await gate.acquire();
    const order: string[] = [];
    const waiter = gate.acquire().then(() => { order.push('waiter'); });
    gate.release(); // a permit is free now, and one request waits for it
    const newcomer = gate.acquire().then(() => { order.push('newcomer'); });
    gate.release();
    await Promise.all([waiter, newcomer]);
    expect(order).toEqual(['waiter', 'newcomer']);
  });
});

describe('FifoGate handing over turns after I/O (embedded)', () => {
  it('gives the next turn only after the event loop has polled, not within the releasing callback', async () => {
    const gate = new FifoGate(1, 5000, true);
    await gate.acquire();
    let got = false;
    const next = gate.acquire().then(() => { got = true; });
    gate.release();
    await ticks(20);
    expect(got).toBe(false); // a chain of microtasks cannot keep the turn
    await new Promise((r) => setImmediate(r));
    await next;
    expect(got).toBe(true);
  });

  it('without yieldTurns the turn passes at once (a server pool: its queries are real I/O anyway)', async () => {
    const gate = new FifoGate(1, 5000, false);
    await gate.acquire();
    let got = false;
    const next = gate.acquire().then(() => { got = true; });
    gate.release();
    await ticks(3);
    expect(got).toBe(true);
    await next;
  });
});
