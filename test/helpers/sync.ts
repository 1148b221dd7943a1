// Offices in sync for tests: real cores on their own temporary data folders, exchanging bundles
// through the sync engine (src/core/sync/engine.ts) inside one transaction each, as the commands do.
import type { Core } from '../../src/core/app';
import {
  exportBundle,
  importBundle,
  joinCompany,
  makeJoinFile,
  makeSyncKey,
  officeByCode,
  type ImportOutcome,
} from '../../src/core/sync/engine';
import { openTestCore, setUpOffice, type TestCore } from './core';

export function inTransaction<T>(core: Core, fn: () => T): T {
  return core.deps.raw.transaction(fn).immediate();
}

export function exportTo(from: TestCore, toCode: string): Buffer {
  return inTransaction(from.core, () => {
    const to = officeByCode(from.core.deps.raw, toCode);
    if (!to) throw new Error(`no office ${toCode}`);
    return exportBundle(from.core.deps, to).file;
  });
}

export function importInto(to: TestCore, file: Buffer): ImportOutcome {
  return inTransaction(to.core, () => importBundle(to.core.deps, file));
}

/** A first office (LAG, set up with its admin "ada") and `codes.length` offices that joined it. */
export async function company(codes: string[]) {
  const first = openTestCore();
  const sessions = await setUpOffice(first);
  const { key } = inTransaction(first.core, () => makeSyncKey(first.core.deps));
  const offices: TestCore[] = [first];
  for (const code of codes) {
    const join = inTransaction(first.core, () =>
      makeJoinFile(first.core.deps, { code, name: `${code} office`, timeZone: 'Africa/Lagos' }),
    );
    const t = openTestCore();
    inTransaction(t.core, () => joinCompany(t.core.deps, join.file, key));
    offices.push(t);
  }
  return { offices, key, sessions };
}
