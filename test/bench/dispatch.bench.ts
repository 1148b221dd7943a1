// Dispatcher overhead per command: the full path (validation, session, role, transaction, audit)
// against raw better-sqlite3 doing the same database work with prepared statements.
import { createHash } from 'node:crypto';
import { openTestCore, setUpOffice } from '../helpers/core';
import { commands, illFormedTextIssues } from '../../src/contract';
import { MAX_IMPORT_BYTES } from '../../src/contract/commands/imports';
import { measure, printTable, type Row } from './harness';

const customerInput = commands['customers.create'].input;

export async function benchDispatch(): Promise<void> {
  const t = openTestCore();
  const { admin } = await setUpOffice(t, true);
  const raw = t.core.deps.raw;
  const call = { door: 'http' as const, token: admin };
  const rows: Row[] = [];

  // Query: settings.get = 3 point reads.
  const readSettings = raw.prepare('SELECT value FROM settings WHERE key = ?');
  const readOffice = raw.prepare(
    "SELECT * FROM offices WHERE id = (SELECT value FROM local_meta WHERE key = 'this_office_id')",
  );
  const rawSettings = await measure(() => {
    JSON.parse((readSettings.get('company') as { value: string }).value);
    JSON.parse((readSettings.get('currency') as { value: string }).value);
    readOffice.get();
  }, 20_000);
  rows.push({
    name: 'settings.get (query)',
    figures: await measure(() => t.core.dispatch('settings.get', {}, call), 20_000),
    baseline: { name: 'raw 3 reads', figures: rawSettings },
  });

  // Write: settings.update = read, 3 writes, audit append with hash, all in one transaction.
  const upsert = raw.prepare('UPDATE settings SET value = ?, updated_hlc = ? WHERE key = ?');
  const auditInsert = raw.prepare(
    "INSERT INTO local_meta (key, value) VALUES ('bench', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  );
  let i = 0;
  const rawWrite = raw.transaction(() => {
    i += 1;
    upsert.run(JSON.stringify({ name: `Bench ${i}`, country: 'NG' }), String(i), 'company');
    auditInsert.run(createHash('sha256').update(String(i)).digest('hex'));
  });
  const rawWriteFigures = await measure(() => rawWrite(), 5_000);
  let j = 0;
  rows.push({
    name: 'settings.update (write + audit)',
    figures: await measure(() => {
      j += 1;
      return t.core.dispatch('settings.update', { company: { name: `Bench company ${j}` } }, call);
    }, 5_000),
    baseline: { name: 'raw txn 2 writes', figures: rawWriteFigures },
  });

  // Refusals: a validation failure and a missing session never touch the database.
  const noop = await measure(() => undefined, 20_000);
  rows.push({
    name: 'refused: VALIDATION',
    figures: await measure(() => t.core.dispatch('users.create', { username: 1 }, call), 20_000),
    baseline: { name: 'empty fn', figures: noop },
  });
  rows.push({
    name: 'refused: UNAUTHENTICATED',
    figures: await measure(() => t.core.dispatch('users.list', {}, { door: 'http' }), 20_000),
    baseline: { name: 'empty fn', figures: noop },
  });

  // The well-formed-text check runs on every input before its schema: on a typical form and on
  // the largest input there is, a 50 MB CSV import (67 MB of base64), against decoding it.
  const form = {
    firstName: 'Ada',
    lastName: 'Okafor',
    phone: '0803 123 4567',
    villageId: '01900000-0000-7000-8000-000000000001',
    notes: 'Near the borehole, blue gate',
  };
  rows.push({
    name: 'text check: customer form',
    figures: await measure(() => illFormedTextIssues(form), 20_000),
    baseline: {
      name: 'zod parse',
      figures: await measure(() => customerInput.safeParse(form), 20_000),
    },
  });
  const big = { kind: 'customers', contentBase64: 'QUJD'.repeat(Math.ceil(MAX_IMPORT_BYTES / 3)) };
  rows.push({
    name: 'text check: 50 MB import',
    figures: await measure(() => illFormedTextIssues(big), 5),
    baseline: {
      name: 'base64 decode',
      figures: await measure(() => Buffer.from(big.contentBase64, 'base64'), 5),
    },
  });

  printTable('Dispatcher overhead per command (same database, same run)', rows);
  t.close();
}
