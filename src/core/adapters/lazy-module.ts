// Heavy libraries (PDF, spreadsheets, QR codes, serial ports, tar) loaded the first time they are
// used rather than when the core starts: together they were most of the CPU a one-shot CLI command
// spent before doing anything (docs/performance.md). The code that uses them stays synchronous.
import { createRequire } from 'node:module';

const requireHere = createRequire(__filename);

/** `load()` answers the module, requiring it on the first call only. */
export function lazyModule<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireHere(id) as T);
}
