// CSV imports of customers, devices and OpenPAYGO device lists: read the bytes (any common
// encoding), map columns (suggested, or a saved mapping), check every row, report every problem
// by line and column, then write all rows, or nothing at all. Rows already in GridDesk are
// reported as duplicates and skipped, so importing the same file twice adds nothing.
//
// The core serves every user from one event loop, so a long import must not hold it: the file is
// parsed and its rows checked a slice at a time with a turn for other commands between slices
// (progress goes out, a cancel gets in). The rows are then written through a journal, a chunk per
// transaction, which keeps the import all or nothing even across a crash (import-journal.ts). New
// customers reach quick search just after, in small steps (db/search-index.ts). See
// docs/architecture.md, "Long jobs".
import { and, eq, isNull } from 'drizzle-orm';
import { AppError, type ImportPreview, type ImportProblem } from '../../../contract';
import { MAX_IMPORT_BYTES, type importInput } from '../../../contract/commands/imports';
import { decodeCsvBytes } from '../../../domain/csv/decode';
import { normaliseHeader, suggestMapping, type ColumnMapping } from '../../../domain/csv/mapping';
import { CsvError, parseCsvInSteps, type CsvRow } from '../../../domain/csv/parse';
import {
  FIELD_SPECS,
  checkImportMapping,
  createRowChecker,
  type CustomerRecord,
  type DeviceRecord,
  type ImportKind,
  type Lookups,
  type OpenPaygoRecord,
} from '../../../domain/csv/records';
import type { z } from 'zod';
import { noteAudit, type Deps, type ServiceContext, type QueryContext } from '../../context';
import { inTurns, nextTurn } from '../../turns';
import { refreshPlannerStats } from '../../db/client';
import { indexCustomers, searchCaughtUp, withSearchDeferred } from '../../db/search-index';
import {
  deviceModels,
  devices,
  importMappings,
  manufacturers,
  miniGrids,
  villages,
} from '../../db/schema';
import { reserveCounter } from '../shared/counters';
import { insertCustomers } from './customers';
import {
  applyNextChunk,
  commitImport,
  dropUncommittedChunks,
  journalChunks,
  pendingImports,
  type PendingImport,
} from './import-journal';
import { sameCustomerFinder } from './queries';
import { recordDeviceEvent, sealCredentials } from './devices';
import { readSettings, requireOffice } from '../shared/office';
import type { Handler } from '../shared/types';

type Ctx = ServiceContext;
type Input = z.output<typeof importInput>;
type AnyRecord = CustomerRecord | DeviceRecord | OpenPaygoRecord;

const MAX_PROBLEMS_SHOWN = 1000;
const SAMPLE_ROWS = 20;
/** Rows checked between two turns of the event loop: about 15-20 ms of work. */
const CHECK_SLICE = 1000;
/** Customers added to quick search per transaction: about 15 ms each (trigram indexing). */
const INDEX_SLICE = 250;
const CANCELLED = 'The import was cancelled; nothing was imported.';

/** Thrown at a turn of the event loop when the clerk pressed Cancel. */
class Cancelled extends Error {}

interface Analysis {
  encoding: string;
  headers: string[];
  mapping: ColumnMapping;
  rows: number;
  records: AnyRecord[];
  problems: ImportProblem[];
  duplicates: { line: number; message: string }[];
}

/** A turn for other commands; stops here when the import was cancelled meanwhile. */
async function turn(signal: AbortSignal): Promise<void> {
  await nextTurn();
  if (signal.aborted) throw new Cancelled();
}

function progress(ctx: QueryContext, input: Input, phase: string, done: number, total: number) {
  if (input.operationId)
    ctx.events.emit({ type: 'progress', operationId: input.operationId, phase, done, total });
}

function buildLookups(ctx: QueryContext): Lookups {
  const villageRows = ctx.db
    .select({ id: villages.id, name: villages.name, grid: miniGrids.name, code: miniGrids.code })
    .from(villages)
    .innerJoin(miniGrids, eq(miniGrids.id, villages.miniGridId))
    .where(isNull(villages.deletedAt))
    .all();
  const byName = new Map<string, string[]>();
  const byGrid = new Map<string, string>();
  for (const v of villageRows) {
    const n = normaliseHeader(v.name);
    byName.set(n, [...(byName.get(n) ?? []), v.id]);
    byGrid.set(`${normaliseHeader(v.code)}|${n}`, v.id);
    byGrid.set(`${normaliseHeader(v.grid)}|${n}`, v.id);
  }
  const modelRows = ctx.db
    .select({
      id: deviceModels.id,
      name: deviceModels.name,
      manufacturerId: deviceModels.manufacturerId,
      manufacturer: manufacturers.name,
      kind: deviceModels.kind,
      tokenScheme: deviceModels.tokenScheme,
    })
    .from(deviceModels)
    .innerJoin(manufacturers, eq(manufacturers.id, deviceModels.manufacturerId))
    .where(isNull(deviceModels.deletedAt))
    .all();
  const models: Lookups['models'] = new Map();
  const nameCount = new Map<string, number>();
  for (const m of modelRows)
    nameCount.set(normaliseHeader(m.name), (nameCount.get(normaliseHeader(m.name)) ?? 0) + 1);
  for (const m of modelRows) {
    const value = {
      id: m.id,
      manufacturerId: m.manufacturerId,
      kind: m.kind,
      tokenScheme: m.tokenScheme,
    };
    models.set(`${normaliseHeader(m.manufacturer)}|${normaliseHeader(m.name)}`, value);
    if (nameCount.get(normaliseHeader(m.name)) === 1)
      models.set(`|${normaliseHeader(m.name)}`, value);
  }
  const customersByAccount = new Map<string, string>();
  for (const c of ctx.raw
    .prepare('SELECT account_number, id FROM customers WHERE deleted_at IS NULL')
    .raw()
    .iterate() as Iterable<[string, string]>) {
    customersByAccount.set(c[0], c[1]);
  }
  return {
    country: readSettings(ctx.db).company.country,
    villages: byName,
    villagesByGridAndName: byGrid,
    models,
    customersByAccount,
  };
}

/** Rows that are already in GridDesk: reported and skipped, never imported twice. */
async function findDuplicates(
  ctx: QueryContext,
  kind: ImportKind,
  records: AnyRecord[],
  signal: AbortSignal,
) {
  const duplicates: { line: number; message: string }[] = [];
  const fresh: AnyRecord[] = [];
  if (kind === 'customers') {
    const sameCustomer = sameCustomerFinder(ctx.raw);
    for (const [i, r] of (records as CustomerRecord[]).entries()) {
      if (i % CHECK_SLICE === CHECK_SLICE - 1) await turn(signal);
      const account = sameCustomer({
        id: null,
        nationalId: r.nationalId,
        firstName: r.firstName,
        lastName: r.lastName,
        businessName: r.businessName,
        villageId: r.villageId,
        phone: r.phone,
      })?.accountNumber;
      if (account) duplicates.push({ line: r.line, message: `already registered as ${account}` });
      else fresh.push(r);
    }
  } else {
    const bySerial = ctx.raw
      .prepare(
        'SELECT id FROM devices WHERE manufacturer_id = ? AND serial = ? AND deleted_at IS NULL',
      )
      .pluck();
    for (const [i, r] of (records as DeviceRecord[]).entries()) {
      if (i % CHECK_SLICE === CHECK_SLICE - 1) await turn(signal);
      if (bySerial.get(r.manufacturerId, r.serial)) {
        duplicates.push({ line: r.line, message: `serial ${r.serial} is already registered` });
      } else fresh.push(r);
    }
  }
  return { duplicates, fresh };
}

// Saved mappings are this office's own (unique per office: docs/sync.md "Unique keys"), so two
// offices saving "Bank export" while apart keep one each and never see the other's.
function ownMapping(ctx: QueryContext, kind: string, name: string) {
  return and(
    eq(importMappings.officeId, requireOffice(ctx.db).id),
    eq(importMappings.kind, kind),
    eq(importMappings.name, name),
  );
}

function savedMapping(ctx: QueryContext, kind: string, name: string): ColumnMapping {
  const row = ctx.db
    .select()
    .from(importMappings)
    .where(ownMapping(ctx, kind, name))
    .get();
  if (!row)
    throw new AppError('NOT_FOUND', `There is no saved mapping named "${name}" for ${kind}.`);
  return row.mapping;
}

async function analyse(
  ctx: QueryContext,
  input: Input,
  signal: AbortSignal,
): Promise<Analysis & { fresh: AnyRecord[] }> {
  const bytes = Buffer.from(input.contentBase64, 'base64');
  if (bytes.length > MAX_IMPORT_BYTES)
    throw new AppError('VALIDATION', 'The file is larger than 50 MB.');
  progress(ctx, input, 'reading', 0, 1);
  await turn(signal);
  let parsed: { headers: string[]; rows: CsvRow[] };
  let encoding: string;
  try {
    const decoded = decodeCsvBytes(bytes);
    encoding = decoded.encoding;
    const table = await inTurns(parseCsvInSteps(decoded.text), signal);
    if (!table) throw new Cancelled();
    parsed = table;
  } catch (error) {
    if (error instanceof CsvError) {
      throw new AppError('VALIDATION', `${input.fileName}: ${error.message}`, {
        problems: [
          { line: error.line ?? 1, column: null, field: null, value: null, message: error.message },
        ],
        problemCount: 1,
      });
    }
    throw error;
  }
  const specs = FIELD_SPECS[input.kind];
  const base =
    input.mappingName && !input.mapping ? savedMapping(ctx, input.kind, input.mappingName) : {};
  const mapping: ColumnMapping = {
    ...suggestMapping(parsed.headers, specs),
    ...base,
    ...input.mapping,
  };
  const mappingProblems = checkImportMapping(input.kind, parsed.headers, mapping, input.defaults);
  const problems: ImportProblem[] = mappingProblems.map((message) => ({
    line: 1,
    column: null,
    field: null,
    value: null,
    message,
  }));
  let records: AnyRecord[] = [];
  if (mappingProblems.length === 0) {
    const checker = createRowChecker(
      input.kind,
      parsed.headers,
      mapping,
      buildLookups(ctx),
      input.defaults,
    );
    const total = parsed.rows.length;
    for (let from = 0; from < total; from += CHECK_SLICE) {
      progress(ctx, input, 'checking', from, total);
      await turn(signal);
      checker.check(parsed.rows.slice(from, from + CHECK_SLICE));
    }
    const result = checker.result();
    records = result.records;
    problems.push(...result.problems);
  }
  const { duplicates, fresh } = await findDuplicates(ctx, input.kind, records, signal);
  return {
    encoding,
    headers: parsed.headers,
    mapping,
    rows: parsed.rows.length,
    records,
    problems,
    duplicates,
    fresh,
  };
}

function sampleOf(kind: ImportKind, records: AnyRecord[]): Record<string, string | null>[] {
  return records.slice(0, SAMPLE_ROWS).map((r) => {
    const out: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(r)) {
      // The sample is shown on screen: a secret key never is.
      out[k] = k === 'keyHex' ? '(set)' : v === null || v === undefined ? null : String(v);
    }
    if (kind === 'openpaygo-devices' && !('keyHex' in out)) out.keyHex = '(set)';
    return out;
  });
}

/** Runs a long step with Cancel wired to the operation id; a cancel answers CONFLICT. */
async function cancellable<T>(
  ctx: QueryContext,
  input: Input,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T | AppError> {
  const signal = ctx.operations.start(input.operationId, ctx.actor.name);
  try {
    return await work(signal);
  } catch (error) {
    if (error instanceof Cancelled) {
      return new AppError('CONFLICT', CANCELLED, { cancelled: true });
    }
    throw error;
  } finally {
    ctx.operations.end(input.operationId);
  }
}

export const preview: Handler<'imports.preview'> = (ctx, input) =>
  cancellable(ctx, input, async (signal) => {
    const a = await analyse(ctx, input, signal);
    progress(ctx, input, 'checked', 1, 1);
    const result: ImportPreview = {
      kind: input.kind,
      encoding: a.encoding,
      headers: a.headers,
      fields: FIELD_SPECS[input.kind].map((s) => ({
        field: s.field,
        label: s.label,
        required: s.required,
        ...(s.help ? { help: s.help } : {}),
      })),
      mapping: a.mapping,
      rows: a.rows,
      ready: a.problems.length === 0 ? a.fresh.length : 0,
      duplicates: a.duplicates,
      problems: a.problems.slice(0, MAX_PROBLEMS_SHOWN),
      problemCount: a.problems.length,
      sample: sampleOf(input.kind, a.records),
    };
    return result;
  });

/**
 * Writes one chunk of records (inside the caller's transaction); returns the ids of new
 * customers. `accountFrom` is the first of the account numbers reserved for the chunk.
 */
function writeRecords(
  ctx: Ctx,
  importId: string,
  kind: ImportKind,
  records: AnyRecord[],
  accountFrom: number | null,
): string[] {
  const office = requireOffice(ctx.db);
  if (kind === 'customers') {
    return withSearchDeferred(ctx.raw, importId, () =>
      insertCustomers(
        ctx,
        office,
        (records as CustomerRecord[]).map(({ line: _line, ...values }) => values),
        accountFrom ?? undefined,
      ).map((row) => row.id),
    );
  }
  const now = ctx.clock.nowIso();
  for (const r of records as (DeviceRecord | OpenPaygoRecord)[]) {
    const row = {
      id: ctx.ids.newId(),
      officeId: office.id,
      kind: r.kind,
      manufacturerId: r.manufacturerId,
      modelId: r.modelId,
      serial: r.serial,
      customerId: r.customerId,
      villageId: r.villageId,
      status: r.status,
      billingMode: r.billingMode,
      installedAt: r.installedAt,
      notes: r.notes,
      createdAt: now,
      updatedHlc: ctx.hlc.next(),
      deletedAt: null,
    };
    ctx.db.insert(devices).values(row).run();
    recordDeviceEvent(ctx, office.id, row, 'registered', 'CSV import');
    if (row.customerId) recordDeviceEvent(ctx, office.id, row, 'assigned', 'CSV import');
    if ('keyHex' in r) {
      sealCredentials(ctx, row.id, office.id, {
        key: r.keyHex,
        startingCode: r.startingCode,
        count: r.count,
        timeDivider: r.timeDivider,
        restrictedDigits: r.restrictedDigits,
      });
    }
  }
  return [];
}

/** Rows per chunk of the journal: about 20 ms of writing each on the office laptop. */
const CHUNK_ROWS: Record<ImportKind, number> = {
  customers: 500,
  devices: 200,
  'openpaygo-devices': 200,
};

/** Step 3 of import-journal.ts for every chunk left; returns the ids of new customers. */
/**
 * Step 3 of import-journal.ts for the next chunk: writes it, adds the ids of its new customers to
 * `customerIds`; false when no chunk was left.
 */
function writeNextChunk(ctx: Ctx, pending: PendingImport, customerIds: string[]): boolean {
  const kind = pending.kind as ImportKind;
  return applyNextChunk<AnyRecord>(ctx, pending, CHUNK_ROWS[kind], (chunk) => {
    customerIds.push(...writeRecords(ctx, pending.id, kind, chunk.records, chunk.accountFrom));
  });
}

/** Every chunk left, with `onChunk` (a turn for other commands) after each; new customers' ids. */
async function rollForward(
  ctx: Ctx,
  pending: PendingImport,
  onChunk: (done: number) => Promise<void>,
): Promise<string[]> {
  const customerIds: string[] = [];
  for (let done = 1; writeNextChunk(ctx, pending, customerIds); done += 1) await onChunk(done);
  return customerIds;
}

/** Quick search catches up a slice at a time, with a turn for other commands between slices. */
async function indexInSlices(
  ctx: Ctx,
  importId: string,
  customerIds: string[],
  onSlice: (done: number) => void,
): Promise<void> {
  for (let from = 0; from < customerIds.length; from += INDEX_SLICE) {
    onSlice(from);
    await nextTurn();
    indexCustomers(ctx.raw, customerIds.slice(from, from + INDEX_SLICE));
  }
  searchCaughtUp(ctx.raw, importId);
}

const NOUN: Record<ImportKind, string> = {
  customers: 'customers',
  devices: 'devices',
  'openpaygo-devices': 'OpenPAYGO devices',
};

export const run: Handler<'imports.run'> = async (ctx, input) => {
  const checked = await cancellable(ctx, input, async (signal) => {
    const a = await analyse(ctx, input, signal);
    if (a.problems.length > 0) {
      throw new AppError(
        'VALIDATION',
        `${input.fileName} has ${a.problems.length} problem${a.problems.length === 1 ? '' : 's'}; nothing was imported.`,
        { problems: a.problems.slice(0, MAX_PROBLEMS_SHOWN), problemCount: a.problems.length },
      );
    }
    progress(ctx, input, 'writing', 0, 1);
    await turn(signal);
    return a;
  });
  if (checked instanceof AppError) return checked;
  const a = checked;
  // From here on the import is written: Cancel no longer applies (import-journal.ts).
  const importId = ctx.ids.newId();
  const size = CHUNK_ROWS[input.kind];
  // Progress of the writing: the chunks saved (step 1), then the chunks written (step 3).
  const total = 2 * Math.ceil(a.fresh.length / size);
  const chunks = await journalChunks(ctx, importId, a.fresh, size, async (stored) => {
    progress(ctx, input, 'writing', stored, total);
    await nextTurn();
  });
  const pending: PendingImport = {
    id: importId,
    kind: input.kind,
    fileName: input.fileName,
    actor: ctx.actor.name,
    firstAccount: null,
  };
  ctx.transact(() => {
    noteAudit(
      ctx,
      `Imported ${a.fresh.length} ${NOUN[input.kind]} from ${input.fileName}` +
        (a.duplicates.length ? ` (${a.duplicates.length} already present, skipped)` : ''),
    );
    if (input.kind === 'customers') {
      pending.firstAccount = reserveCounter(ctx.db, 'account_number', a.fresh.length);
    }
    commitImport(ctx.raw, pending);
  });
  const customerIds = await rollForward(ctx, pending, async (done) => {
    progress(ctx, input, 'writing', chunks + done, total);
    await nextTurn();
  });
  await indexInSlices(ctx, importId, customerIds, (done) =>
    progress(ctx, input, 'indexing', done, customerIds.length),
  );
  // Thousands of new rows change the statistics the query planner relies on.
  if (a.fresh.length > 1000) refreshPlannerStats(ctx.raw);
  progress(ctx, input, 'done', 1, 1);
  return { created: a.fresh.length, duplicates: a.duplicates };
};

/**
 * At start, before any command: write the rest of every import that GridDesk stopped in the
 * middle of writing, and drop the chunks of one that stopped before it was committed. Returns the
 * number of imports finished.
 */
export function finishInterruptedImports(deps: Deps): number {
  // Each chunk notes the search entries it owes (withSearchDeferred); the start-up catch-up that
  // runs after this one indexes them.
  dropUncommittedChunks(deps.raw);
  const pending = pendingImports(deps.raw);
  for (const p of pending) {
    const ctx: Ctx = {
      ...deps,
      actor: { kind: 'operator', userId: null, name: p.actor, role: null },
      session: null,
      door: 'system',
      note: { summary: null, records: [], actor: null, keepOnError: false },
      transact: (fn) => fn(),
    };
    // Their search entries are owed and caught up just after (see above), not from these ids.
    while (writeNextChunk(ctx, p, [])) continue;
  }
  return pending.length;
}

export const mappings: Handler<'imports.mappings'> = (ctx, input) => ({
  mappings: ctx.db
    .select({ id: importMappings.id, name: importMappings.name, mapping: importMappings.mapping })
    .from(importMappings)
    .where(
      and(
        eq(importMappings.officeId, requireOffice(ctx.db).id),
        eq(importMappings.kind, input.kind),
      ),
    )
    .orderBy(importMappings.name)
    .all(),
});

export const saveMapping: Handler<'imports.saveMapping'> = (ctx, input) => {
  const office = requireOffice(ctx.db);
  const existing = ctx.db
    .select({ id: importMappings.id })
    .from(importMappings)
    .where(ownMapping(ctx, input.kind, input.name))
    .get();
  const id = existing?.id ?? ctx.ids.newId();
  ctx.db
    .insert(importMappings)
    .values({
      id,
      officeId: office.id,
      kind: input.kind,
      name: input.name,
      mapping: input.mapping,
      createdAt: ctx.clock.nowIso(),
      updatedHlc: ctx.hlc.next(),
    })
    .onConflictDoUpdate({
      target: importMappings.id,
      set: { mapping: input.mapping, updatedHlc: ctx.hlc.next() },
    })
    .run();
  noteAudit(ctx, `Saved the ${input.kind} column mapping "${input.name}"`, [id]);
  return { id, name: input.name };
};
