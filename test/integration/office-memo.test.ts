// The office and its settings are read once per command (services/office.ts): a command that
// changes them sees its own change, and the next command sees a change made by anyone else.
import { afterEach, describe, expect, it } from 'vitest';
import { openTestCore, setUpOffice, type TestCore } from '../helpers/core';

let t: TestCore;
afterEach(() => t.close());

describe('settings read once per command', () => {
  it('answers a settings change with the new values, read after the write', async () => {
    t = openTestCore();
    const { admin } = await setUpOffice(t);
    const before = await t.ok('settings.get', {}, { token: admin });
    expect(before.counter.maxPaymentMinor).not.toBe(123_400);
    const after = await t.ok(
      'settings.update',
      { counter: { maxPaymentMinor: 123_400 }, office: { name: 'Renamed office' } },
      { token: admin },
    );
    expect(after.counter.maxPaymentMinor).toBe(123_400);
    expect(after.office.name).toBe('Renamed office');
  });

  it('sees a change written by another connection at the next command', async () => {
    t = openTestCore();
    const { admin } = await setUpOffice(t);
    await t.ok('settings.get', {}, { token: admin });
    // Another process (the CLI, a restore helper) changes the office between two commands.
    t.core.deps.raw.prepare("UPDATE offices SET name = 'Changed elsewhere'").run();
    const seen = await t.ok('settings.get', {}, { token: admin });
    expect(seen.office.name).toBe('Changed elsewhere');
  });
});
