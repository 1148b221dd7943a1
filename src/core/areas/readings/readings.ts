// Meter links and the readings store (docs/domain.md §9). Every reading, whatever its source
// (serial read, OpenEMS pull, CSV, manual entry), goes through `storeReading`, which checks it
// against the latest trusted reading before it (domain/readings/validate) and stores the flag with
// it. Only trusted readings (not flagged, or flagged and accepted) count for consumption and
// billing.
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import { AppError, type MeterLink, type Reading } from '../../../contract';
import { normaliseHeader, suggestMapping, type FieldSpec } from '../../../domain/csv/mapping';
import { CsvError, parseCsv } from '../../../domain/csv/parse';
import { formatKwh, parseKwhText } from '../../../domain/energy';
import { consumptionByPeriod } from '../../../domain/readings/consumption';
import { parseReadingInstant } from '../../../domain/readings/instant';
import { checkReading } from '../../../domain/readings/validate';
import { noteAudit, type ServiceContext, type QueryContext } from '../../context';
import { devices, meterLinks, meterReadings, readingReviews } from '../../db/schema';
import { readSettings, requireOffice } from '../shared/office';
import type { Handler } from '../shared/types';
import { effectiveLine, loadMeter, trusted } from './queries';

type Ctx = ServiceContext;
type ReadingRow = typeof meterReadings.$inferSelect;
type LinkRow = typeof meterLinks.$inferSelect;
type Source = ReadingRow['source'];

export const DEFAULT_MAX_KWH_PER_DAY = 100;

function linkView(ctx: QueryContext, link: LinkRow): MeterLink {
  return {
    deviceId: link.deviceId,
    protocol: link.protocol,
    port: link.port,
    profileId: link.profileId,
    busAddress: link.busAddress,
    baud: link.baud,
    dataBits: link.dataBits,
    parity: link.parity,
    stopBits: link.stopBits,
    effective: effectiveLine(ctx, link),
    maxKwhPerDay: link.maxKwhPerDay,
  };
}

export function linkOf(ctx: QueryContext, deviceId: string): LinkRow | undefined {
  return ctx.db.select().from(meterLinks).where(eq(meterLinks.deviceId, deviceId)).get();
}

function selectReadings(ctx: QueryContext) {
  return ctx.db
    .select({ reading: meterReadings, review: readingReviews })
    .from(meterReadings)
    .leftJoin(readingReviews, eq(readingReviews.readingId, meterReadings.id));
}

function readingView(r: {
  reading: ReadingRow;
  review: typeof readingReviews.$inferSelect | null;
}): Reading {
  const review = r.review
    ? {
        decision: r.review.decision,
        note: r.review.note,
        at: r.review.reviewedAt,
        by: r.review.reviewedBy,
      }
    : null;
  return {
    id: r.reading.id,
    deviceId: r.reading.deviceId,
    readAt: r.reading.readAt,
    wh: r.reading.wh,
    source: r.reading.source,
    raw: r.reading.raw,
    extras: r.reading.extras ?? null,
    flag: r.reading.flag,
    flagReason: r.reading.flagReason,
    review,
    status: review ? review.decision : r.reading.flag ? 'flagged' : 'ok',
    createdBy: r.reading.createdBy,
  };
}

function previousTrusted(ctx: Ctx, deviceId: string, readAt: string) {
  return selectReadings(ctx)
    .where(and(eq(meterReadings.deviceId, deviceId), lt(meterReadings.readAt, readAt), trusted))
    .orderBy(desc(meterReadings.readAt))
    .limit(1)
    .get()?.reading;
}

export interface NewReading {
  deviceId: string;
  readAt: string;
  wh: number;
  source: Source;
  raw: string | null;
  extras?: Record<string, number> | null;
  /** Same key, same reading: a repeat is reported as a duplicate instead of stored twice. */
  dedupeKey?: string | null;
}

/** Store one reading with its flag; returns null when the dedupe key was already stored. */
export function storeReading(ctx: Ctx, input: NewReading): Reading | null {
  const key = input.dedupeKey ?? null;
  if (key) {
    const existing = ctx.db
      .select({ id: meterReadings.id })
      .from(meterReadings)
      .where(eq(meterReadings.dedupeKey, key))
      .get();
    if (existing) return null;
  }
  const max = linkOf(ctx, input.deviceId)?.maxKwhPerDay ?? DEFAULT_MAX_KWH_PER_DAY;
  const previous = previousTrusted(ctx, input.deviceId, input.readAt);
  const check = checkReading({ readAt: input.readAt, wh: input.wh }, previous ?? null, max);
  const row: ReadingRow = {
    id: ctx.ids.newId(),
    officeId: requireOffice(ctx.db).id,
    deviceId: input.deviceId,
    readAt: input.readAt,
    wh: input.wh,
    source: input.source,
    raw: input.raw,
    extras: input.extras ?? null,
    flag: check.flag,
    flagReason: check.reason,
    dedupeKey: key,
    createdAt: ctx.clock.nowIso(),
    createdBy: ctx.actor.name,
  };
  ctx.db.insert(meterReadings).values(row).run();
  return readingView({ reading: row, review: null });
}

export const configure: Handler<'meters.configure'> = (ctx, input) => {
  const device = loadMeter(ctx, input.deviceId);
  if (input.protocol === 'modbus-rtu') {
    if (input.profileId && !ctx.meterProfiles().profiles.some((p) => p.id === input.profileId)) {
      throw new AppError('VALIDATION', `There is no meter profile "${input.profileId}".`, {
        issues: [{ field: 'profileId', message: 'is not a known profile' }],
      });
    }
    const id = Number(input.busAddress ?? '1');
    if (input.busAddress !== null && (input.busAddress.length > 3 || id < 1 || id > 247)) {
      throw new AppError('VALIDATION', 'A Modbus address must be 1 to 247.', {
        issues: [{ field: 'busAddress', message: 'must be 1 to 247 for Modbus' }],
      });
    }
  }
  if (input.protocol === 'dlt645' && input.busAddress !== null && input.busAddress.length !== 12) {
    throw new AppError('VALIDATION', 'A DL/T 645 address has 12 digits (printed on the meter).', {
      issues: [{ field: 'busAddress', message: 'must have 12 digits for DL/T 645' }],
    });
  }
  const now = ctx.clock.nowIso();
  const values = {
    deviceId: device.id,
    protocol: input.protocol,
    port: input.port,
    profileId: input.protocol === 'modbus-rtu' ? input.profileId : null,
    busAddress: input.protocol === 'iec62056-21' ? null : input.busAddress,
    baud: input.baud,
    dataBits: input.dataBits,
    parity: input.parity,
    stopBits: input.stopBits,
    maxKwhPerDay: input.maxKwhPerDay,
    createdAt: now,
    updatedHlc: ctx.hlc.next(),
  };
  const { deviceId: _key, createdAt: _created, ...changes } = values;
  ctx.db
    .insert(meterLinks)
    .values(values)
    .onConflictDoUpdate({ target: meterLinks.deviceId, set: changes })
    .run();
  noteAudit(
    ctx,
    `Set how ${device.serial} is read: ${input.protocol}` +
      (input.port ? ` on ${input.port}` : ' (no port)') +
      (values.busAddress ? `, address ${values.busAddress}` : '') +
      (values.profileId ? `, profile ${values.profileId}` : ''),
    [device.id],
  );
  const stored = linkOf(ctx, device.id);
  if (!stored) throw new Error('the meter link vanished inside its transaction');
  return linkView(ctx, stored);
};

export const get: Handler<'meters.get'> = (ctx, input) => {
  loadMeter(ctx, input.deviceId);
  const link = linkOf(ctx, input.deviceId);
  const latest = selectReadings(ctx)
    .where(eq(meterReadings.deviceId, input.deviceId))
    .orderBy(desc(meterReadings.readAt))
    .limit(1)
    .get();
  return {
    link: link ? linkView(ctx, link) : null,
    latest: latest ? readingView(latest) : null,
    flaggedCount: flaggedCount(ctx, input.deviceId),
  };
};

const waitingReview = and(sql`${meterReadings.flag} is not null`, isNull(readingReviews.readingId));

function flaggedCount(ctx: QueryContext, deviceId: string): number {
  return (
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(meterReadings)
      .leftJoin(readingReviews, eq(readingReviews.readingId, meterReadings.id))
      .where(and(eq(meterReadings.deviceId, deviceId), waitingReview))
      .get()?.n ?? 0
  );
}

export const list: Handler<'readings.list'> = (ctx, input) => {
  const where = and(
    eq(meterReadings.deviceId, input.deviceId),
    input.status === 'flagged' ? waitingReview : undefined,
  );
  const rows = selectReadings(ctx)
    .where(where)
    .orderBy(desc(meterReadings.readAt), desc(sql`${meterReadings}.rowid`))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize)
    .all();
  const total = ctx.db
    .select({ n: sql<number>`count(*)` })
    .from(meterReadings)
    .leftJoin(readingReviews, eq(readingReviews.readingId, meterReadings.id))
    .where(where)
    .get();
  return { rows: rows.map(readingView), total: total?.n ?? 0 };
};

export const addManual: Handler<'readings.addManual'> = (ctx, input) => {
  const device = loadMeter(ctx, input.deviceId);
  const readAt = input.readAt ? new Date(input.readAt).toISOString() : ctx.clock.nowIso();
  if (Date.parse(readAt) > ctx.clock.nowMs() + 5 * 60_000) {
    throw new AppError('VALIDATION', 'A reading cannot be in the future.', {
      issues: [{ field: 'readAt', message: 'is in the future' }],
    });
  }
  const wh = Math.round(input.kwh * 1000);
  const stored = storeReading(ctx, {
    deviceId: device.id,
    readAt,
    wh,
    source: 'manual',
    raw: input.note ? `${input.kwh} kWh (${input.note})` : `${input.kwh} kWh`,
  });
  if (!stored) throw new Error('a manual reading has no dedupe key');
  noteAudit(
    ctx,
    `Entered a reading of ${formatKwh(wh)} kWh for ${device.serial}` +
      (stored.flag ? ` (flagged: ${stored.flag})` : ''),
    [stored.id, device.id],
  );
  return stored;
};

export const review: Handler<'readings.review'> = (ctx, input) => {
  const found = selectReadings(ctx).where(eq(meterReadings.id, input.readingId)).get();
  if (!found) throw new AppError('NOT_FOUND', 'That reading does not exist.');
  if (found.review) {
    throw new AppError(
      'CONFLICT',
      `That reading was already ${found.review.decision} by ${found.review.reviewedBy}.`,
    );
  }
  if (!found.reading.flag && input.decision === 'accepted') {
    throw new AppError('CONFLICT', 'That reading is not flagged: there is nothing to accept.');
  }
  const at = ctx.clock.nowIso();
  ctx.db
    .insert(readingReviews)
    .values({
      readingId: found.reading.id,
      decision: input.decision,
      note: input.note,
      reviewedAt: at,
      reviewedBy: ctx.actor.name,
    })
    .run();
  const serial = ctx.db
    .select({ serial: devices.serial })
    .from(devices)
    .where(eq(devices.id, found.reading.deviceId))
    .get()?.serial;
  noteAudit(
    ctx,
    `${input.decision === 'accepted' ? 'Accepted' : 'Rejected'} the reading of ` +
      `${formatKwh(found.reading.wh)} kWh of ${serial ?? 'a meter'}: ${input.note}`,
    [found.reading.id, found.reading.deviceId],
  );
  return readingView({
    reading: found.reading,
    review: {
      readingId: found.reading.id,
      decision: input.decision,
      note: input.note,
      reviewedAt: at,
      reviewedBy: ctx.actor.name,
    },
  });
};

export const consumption: Handler<'readings.consumption'> = (ctx, input) => {
  loadMeter(ctx, input.deviceId);
  const rows = selectReadings(ctx)
    .where(and(eq(meterReadings.deviceId, input.deviceId), trusted))
    .all()
    .map((r) => ({ readAt: r.reading.readAt, wh: r.reading.wh }));
  const zone = readSettings(ctx.db).office.timeZone;
  const buckets = consumptionByPeriod(rows, input.granularity, zone).filter((b) => {
    const from = input.from
      ? input.granularity === 'daily'
        ? input.from
        : input.from.slice(0, 7)
      : null;
    const to = input.to ? (input.granularity === 'daily' ? input.to : input.to.slice(0, 7)) : null;
    return (!from || b.period >= from) && (!to || b.period <= to);
  });
  return { buckets, totalWh: buckets.reduce((s, b) => s + b.wh, 0) };
};

const IMPORT_FIELDS: FieldSpec[] = [
  {
    field: 'readAt',
    label: 'Read at',
    required: true,
    aliases: ['timestamp', 'read_at', 'time', 'date', 'datetime', 'reading date'],
  },
  {
    field: 'meter',
    label: 'Meter',
    required: true,
    aliases: ['meter_id', 'meter_serial', 'meter id', 'meter serial', 'serial', 'meter number'],
  },
  {
    field: 'kwh',
    label: 'kWh',
    required: true,
    aliases: ['energy_total', 'reading_kwh', 'energy', 'reading', 'kwh total', 'import kwh'],
  },
];

export const importCsv: Handler<'readings.import'> = (ctx, input) => {
  let table;
  try {
    table = parseCsv(input.csv);
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    throw new AppError('VALIDATION', e.message, { issues: [{ field: 'csv', message: e.message }] });
  }
  const suggested = suggestMapping(table.headers, IMPORT_FIELDS);
  const mapping = {
    readAt: input.mapping?.readAt ?? suggested.readAt ?? null,
    meter: input.mapping?.meter ?? suggested.meter ?? null,
    kwh: input.mapping?.kwh ?? suggested.kwh ?? null,
  };
  const problems: { line: number; column: string; message: string }[] = [];
  for (const [field, header] of Object.entries(mapping)) {
    if (header === null || !table.headers.includes(header)) {
      problems.push({
        line: 1,
        column: header ?? field,
        message:
          header === null
            ? `No column for ${IMPORT_FIELDS.find((s) => s.field === field)?.label ?? field}: map one`
            : `The column "${header}" is not in the file`,
      });
    }
  }
  const zone = readSettings(ctx.db).office.timeZone;
  const col = (h: string | null) => (h === null ? -1 : table.headers.indexOf(h));
  const [timeCol, meterCol, kwhCol] = [col(mapping.readAt), col(mapping.meter), col(mapping.kwh)];

  // Meters by serial (normalised, as clerks type them) and by id.
  const meters = new Map<string, string>();
  for (const d of ctx.db
    .select({ id: devices.id, serial: devices.serial })
    .from(devices)
    .where(and(eq(devices.kind, 'meter'), isNull(devices.deletedAt)))
    .all()) {
    meters.set(normaliseHeader(d.serial), d.id);
    meters.set(d.id, d.id);
  }
  const ready: (NewReading & { line: number })[] = [];
  const seen = new Map<string, number>();
  if (problems.length === 0) {
    for (const row of table.rows) {
      const cell = (i: number) => (row.cells[i] ?? '').trim();
      if (row.cells.every((c) => c.trim() === '')) continue;
      const problem = (header: string | null, message: string) =>
        problems.push({ line: row.line, column: header ?? '', message });
      const deviceId = meters.get(cell(meterCol)) ?? meters.get(normaliseHeader(cell(meterCol)));
      const when = parseReadingInstant(cell(timeCol), zone);
      const wh = parseKwhText(cell(kwhCol));
      if (!deviceId) problem(mapping.meter, `No meter with serial "${cell(meterCol)}"`);
      if (!when.ok) problem(mapping.readAt, `"${cell(timeCol)}" ${when.reason}`);
      if (wh === null) problem(mapping.kwh, `"${cell(kwhCol)}" is not a number of kWh`);
      if (!deviceId || !when.ok || wh === null) continue;
      if (Date.parse(when.iso) > ctx.clock.nowMs() + 5 * 60_000) {
        problem(mapping.readAt, `${cell(timeCol)} is in the future`);
        continue;
      }
      const dedupeKey = `csv:${deviceId}:${when.iso}`;
      const twin = seen.get(dedupeKey);
      if (twin !== undefined) {
        problem(mapping.readAt, `The same meter and time are on line ${twin}`);
        continue;
      }
      seen.set(dedupeKey, row.line);
      ready.push({
        line: row.line,
        deviceId,
        readAt: when.iso,
        wh,
        source: 'csv',
        raw: cell(kwhCol),
        dedupeKey,
      });
    }
  }
  let imported = 0;
  let duplicates = 0;
  let flagged = 0;
  const write = problems.length === 0 && !input.dryRun;
  if (problems.length === 0) {
    // In time order, so each reading is checked against the one before it, even within the file.
    for (const r of [...ready].sort((a, b) => (a.readAt < b.readAt ? -1 : 1))) {
      if (!write) {
        const exists = ctx.db
          .select({ id: meterReadings.id })
          .from(meterReadings)
          .where(eq(meterReadings.dedupeKey, r.dedupeKey ?? ''))
          .get();
        if (exists) duplicates += 1;
        continue;
      }
      const stored = storeReading(ctx, r);
      if (!stored) duplicates += 1;
      else {
        imported += 1;
        if (stored.flag) flagged += 1;
      }
    }
  }
  noteAudit(
    ctx,
    write
      ? `Imported ${imported} meter reading(s) from CSV (${duplicates} already stored, ${flagged} flagged)`
      : `Checked a meter-readings CSV: ${ready.length} ready, ${problems.length} problem(s); nothing imported`,
    [],
  );
  return {
    headers: table.headers,
    mapping,
    rows: table.rows.length,
    imported,
    duplicates,
    flagged,
    problems,
  };
};
