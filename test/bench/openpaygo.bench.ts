// OpenPAYGO token generation for a fresh device (issue 16): tokens per second at several counts,
// as hash steps per second beside a bare SipHash-2-4 loop over 8-byte messages in the same run
// (the steps are the limit: one hash per count from the starting code).
import { performance } from 'node:perf_hooks';
import { sipHash24Parts, sipKey } from '../../src/domain/openpaygo/siphash';
import { encodeToken } from '../../src/domain/openpaygo/token';

const KEY = 'bc41ec9530f6dac86b1a29ab82edc5fb';

function perSecond(n: number, fn: (i: number) => void): number {
  for (let i = 0; i < Math.min(n, 2000); i++) fn(i);
  const start = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  return n / ((performance.now() - start) / 1000);
}

export function benchOpenpaygo(): Promise<void> {
  const key = sipKey(Buffer.from(KEY, 'hex'));
  const message = new Uint8Array(8);
  const sip = perSecond(400_000, (i) => {
    message[7] = i & 0xff;
    sipHash24Parts(key, message);
  });
  process.stdout.write(
    `\nOpenPAYGO tokens for a fresh device (bare SipHash-2-4 loop: ${Math.round(sip).toLocaleString('en')} hashes/s)\n`,
  );
  for (const count of [1, 10, 100, 1000]) {
    const tokens = Math.max(200, Math.round(400_000 / count));
    const rate = perSecond(tokens, () =>
      encodeToken({ keyHex: KEY, startingCode: 516959010, count, type: 'ADD_TIME', value: 7 }),
    );
    // A token at count c walks about c + 1 hash steps from the starting code.
    const steps = rate * (count + 1);
    process.stdout.write(
      `  count ${String(count).padEnd(5)} ${Math.round(rate).toLocaleString('en').padStart(9)} tokens/s  ` +
        `${Math.round(steps).toLocaleString('en').padStart(11)} steps/s  ${(steps / sip).toFixed(2)}x the bare loop\n`,
    );
  }
  return Promise.resolve();
}
