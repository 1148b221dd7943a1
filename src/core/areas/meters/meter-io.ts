// Reading meters over USB-serial from the app (docs/domain.md §9). The protocol work is in
// core/meters (clients over a serial link, one request at a time per bus); this service finds what
// to read and how (meter links, profiles), reports progress, honours cancel, and stores what was
// read through the readings store. Reads happen outside any transaction (a bus of 30 meters takes
// a while); the readings are then written together with one audit entry. A failed read is
// reported per meter and never stored.
import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { AppError, type OutputOf } from '../../../contract';
import type { MeasurementName, MeterProfile } from '../../../domain/meters/profile';
import { formatKwh } from '../../../domain/energy';
import { noteAudit, type ServiceContext, type QueryContext } from '../../context';
import { devices, meterLinks, villages } from '../../db/schema';
import { readDlt645Energy } from '../../meters/dlt645-client';
import { readIecMeter } from '../../meters/iec-client';
import { readModbusMeter, scanModbus, setModbusAddress } from '../../meters/modbus-client';
import {
  describePortError,
  SerialPortError,
  listPorts,
  testPort as openAndClose,
  withLink,
  type LineSettings,
  type SerialLink,
} from '../../meters/serial-link';
import { storeReading, type NewReading } from '../readings';
import { effectiveLine, loadMeter } from '../readings/queries';
import type { Handler } from '../shared/types';

type Ctx = ServiceContext;
type LinkRow = typeof meterLinks.$inferSelect;
type Outcome = OutputOf<'meters.readNow'>['outcome'];

interface ReadAttempt {
  outcome: Outcome;
  message: string;
  attempts: number;
  values: Partial<Record<MeasurementName, number>>;
  wh: number | null;
  raw: string | null;
  source: NewReading['source'];
}

const SOURCE: Record<LinkRow['protocol'], NewReading['source']> = {
  'modbus-rtu': 'modbus',
  'iec62056-21': 'iec62056-21',
  dlt645: 'dlt645',
};

function profileById(ctx: QueryContext, id: string | null, field = 'profileId'): MeterProfile {
  const profile = id ? ctx.meterProfiles().profiles.find((p) => p.id === id) : undefined;
  if (!profile) {
    throw new AppError('VALIDATION', `There is no meter profile "${id ?? ''}".`, {
      issues: [{ field, message: 'is not a known profile' }],
    });
  }
  return profile;
}

function failure(outcome: Outcome, message: string, source: NewReading['source'], attempts = 0) {
  return { outcome, message, attempts, values: {}, wh: null, raw: null, source };
}

/** One meter, over a link that is already open with the meter's line settings. */
async function readOver(
  ctx: Ctx,
  link: SerialLink,
  meter: LinkRow,
  options: { timeoutMs: number; retries: number },
): Promise<ReadAttempt> {
  const source = SOURCE[meter.protocol];
  if (meter.protocol === 'modbus-rtu') {
    const profile = ctx.meterProfiles().profiles.find((p) => p.id === meter.profileId);
    if (!profile) return failure('not-configured', 'The meter has no (known) profile.', source);
    const read = await readModbusMeter(link, profile, Number(meter.busAddress ?? '1'), options);
    if (!read.ok) {
      const kind =
        read.kind === 'no-answer' ||
        read.kind === 'timeout' ||
        read.kind === 'crc' ||
        read.kind === 'mismatch' ||
        read.kind === 'exception' ||
        read.kind === 'implausible'
          ? read.kind
          : 'other';
      return failure(kind, read.message, source, read.attempts);
    }
    const kwh = read.values.import_kwh;
    if (kwh === undefined || kwh < 0) {
      return failure(
        'implausible',
        `The import energy read is not usable (${String(kwh)}).`,
        source,
      );
    }
    return {
      outcome: 'ok',
      message: 'Read',
      attempts: 1,
      values: read.values,
      wh: Math.round(kwh * 1000),
      raw: (read.raw.import_kwh ?? []).map((r) => r.toString(16).padStart(4, '0')).join(' '),
      source,
    };
  }
  if (meter.protocol === 'dlt645') {
    const read = await readDlt645Energy(link, meter.busAddress ?? 'AAAAAAAAAAAA', options);
    if (!read.ok) {
      const kind =
        read.kind === 'checksum'
          ? 'crc'
          : read.kind === 'no-answer' || read.kind === 'timeout' || read.kind === 'mismatch'
            ? read.kind
            : 'other';
      return failure(kind, read.message, source, read.attempts);
    }
    return {
      outcome: 'ok',
      message: 'Read',
      attempts: read.attempts,
      values: { import_kwh: read.wh / 1000 },
      wh: read.wh,
      raw: `${read.wh} Wh`,
      source,
    };
  }
  const read = await readIecMeter(link, {
    identificationTimeoutMs: options.timeoutMs * 3,
    dataTimeoutMs: options.timeoutMs * 10,
  });
  if (!read.ok) {
    const kind =
      read.kind === 'bcc'
        ? 'crc'
        : read.kind === 'no-answer' || read.kind === 'timeout'
          ? read.kind
          : 'other';
    return failure(kind, read.message, source, 1);
  }
  if (read.importWh === null) {
    return failure(
      'implausible',
      read.importProblem ?? 'The readout has no 1.8.0 value.',
      source,
      1,
    );
  }
  const obis = read.dataSets.find((d) => d.obis === '1.8.0');
  return {
    outcome: 'ok',
    message: 'Read',
    attempts: 1,
    // Every numeric OBIS value of the readout is shown (and kept with the reading), 1.8.0 billed.
    values: {
      import_kwh: read.importWh / 1000,
      ...Object.fromEntries(
        read.dataSets.flatMap((d) => (d.number === undefined ? [] : [[d.obis, d.number]])),
      ),
    },
    wh: read.importWh,
    raw: obis ? `1.8.0(${obis.value}${obis.unit ? `*${obis.unit}` : ''})` : null,
    source,
  };
}

/** Open the meter's port with its settings, read it, always close; port problems become results. */
async function readMeter(
  ctx: Ctx,
  meter: LinkRow,
  options: { timeoutMs: number; retries: number },
): Promise<ReadAttempt> {
  const source = SOURCE[meter.protocol];
  if (!meter.port)
    return failure(
      'not-configured',
      'The meter has no port: it is read through a gateway or CSV.',
      source,
    );
  try {
    return await withLink(meter.port, effectiveLine(ctx, meter), (link) =>
      readOver(ctx, link, meter, options),
    );
  } catch (error) {
    return failure('port', portMessage(meter.port, error), source);
  }
}

/** The link already describes its own port errors; anything else is described here once. */
function portMessage(path: string, error: unknown): string {
  return error instanceof SerialPortError ? error.message : describePortError(path, error).message;
}

function extrasOf(values: ReadAttempt['values']): Record<string, number> | null {
  const extras = Object.fromEntries(Object.entries(values).filter(([k]) => k !== 'import_kwh'));
  return Object.keys(extras).length > 0 ? extras : null;
}

export const ports: Handler<'meters.ports'> = async () => {
  try {
    const found = await listPorts();
    return {
      ports: found.map((p) => ({
        path: p.path,
        manufacturer: p.manufacturer ?? null,
        vendorId: p.vendorId ?? null,
        productId: p.productId ?? null,
        serialNumber: p.serialNumber ?? null,
      })),
    };
  } catch (error) {
    throw new AppError('CONFLICT', error instanceof Error ? error.message : String(error));
  }
};

function lineOf(
  input: {
    baud?: number | undefined;
    dataBits?: 7 | 8 | undefined;
    parity?: LineSettings['parity'] | undefined;
    stopBits?: 1 | 2 | undefined;
  },
  base: LineSettings,
): LineSettings {
  return {
    baud: input.baud ?? base.baud,
    dataBits: input.dataBits ?? base.dataBits,
    parity: input.parity ?? base.parity,
    stopBits: input.stopBits ?? base.stopBits,
  };
}

export const testPort: Handler<'meters.testPort'> = async (_ctx, input) => {
  const result = await openAndClose(
    input.port,
    lineOf(input, { baud: 9600, dataBits: 8, parity: 'none', stopBits: 1 }),
  );
  return result.ok
    ? { ok: true, message: `${input.port} opens and is free.` }
    : { ok: false, message: result.message };
};

export const profiles: Handler<'meters.profiles'> = (ctx) => {
  const loaded = ctx.meterProfiles();
  return {
    profiles: loaded.profiles.map((p) => ({
      id: p.id,
      name: p.name,
      manufacturer: p.manufacturer,
      phases: p.phases,
      defaults: { ...p.defaults },
      measurements: Object.keys(p.measurements),
      canSetAddress: p.addressWrite !== undefined,
      verifyHint: p.verifyHint,
    })),
    problems: loaded.problems,
  };
};

export const readNow: Handler<'meters.readNow'> = async (ctx, input) => {
  const device = loadMeter(ctx, input.deviceId);
  const link = ctx.db.select().from(meterLinks).where(eq(meterLinks.deviceId, device.id)).get();
  if (!link) {
    throw new AppError(
      'CONFLICT',
      `${device.serial} has no port or protocol yet: set how it is read first.`,
    );
  }
  const read = await readMeter(ctx, link, input);
  if (read.outcome !== 'ok' || read.wh === null) {
    return { outcome: read.outcome, message: read.message, reading: null, values: {} };
  }
  const wh = read.wh;
  const stored = ctx.transact(() => {
    const r = storeReading(ctx, {
      deviceId: device.id,
      readAt: ctx.clock.nowIso(),
      wh,
      source: read.source,
      raw: read.raw,
      extras: extrasOf(read.values),
    });
    noteAudit(
      ctx,
      `Read ${device.serial} over ${link.port ?? ''}: ${formatKwh(wh)} kWh${r?.flag ? ` (flagged: ${r.flag})` : ''}`,
      r ? [r.id, device.id] : [device.id],
    );
    return r;
  });
  return {
    outcome: 'ok',
    message: stored?.flagReason ?? 'Read and stored.',
    reading: stored,
    values: read.values,
  };
};

type BulkResult = OutputOf<'meters.bulkRead'>['results'][number];

export const bulkRead: Handler<'meters.bulkRead'> = async (ctx, input) => {
  const inGrid = input.miniGridId
    ? ctx.db
        .select({ id: villages.id })
        .from(villages)
        .where(eq(villages.miniGridId, input.miniGridId))
        .all()
        .map((v) => v.id)
    : null;
  const rows = ctx.db
    .select({ link: meterLinks, serial: devices.serial })
    .from(meterLinks)
    .innerJoin(devices, and(eq(devices.id, meterLinks.deviceId), isNull(devices.deletedAt)))
    .where(
      and(
        isNotNull(meterLinks.port),
        input.port ? eq(meterLinks.port, input.port) : undefined,
        inGrid ? inArray(devices.villageId, inGrid.length > 0 ? inGrid : ['']) : undefined,
      ),
    )
    .orderBy(meterLinks.port)
    .all()
    // Bus order by numeric address (id 10 after 9, not after 1).
    .sort(
      (a, b) =>
        (a.link.port ?? '').localeCompare(b.link.port ?? '') ||
        Number(a.link.busAddress ?? 0) - Number(b.link.busAddress ?? 0),
    );
  if (rows.length === 0) {
    throw new AppError(
      'CONFLICT',
      'No meter with a port is configured there: set how meters are read first.',
    );
  }
  const signal = ctx.operations.start(input.operationId, ctx.actor.name);
  const results: (BulkResult & { read: ReadAttempt | null })[] = [];
  let done = 0;
  const progress = () => {
    if (input.operationId)
      ctx.events.emit({
        type: 'progress',
        operationId: input.operationId,
        phase: 'meters',
        done,
        total: rows.length,
      });
  };
  progress();
  // Each port is its own bus: buses run side by side, meters on one bus one after another.
  const byPort = new Map<string, typeof rows>();
  for (const r of rows)
    byPort.set(r.link.port ?? '', [...(byPort.get(r.link.port ?? '') ?? []), r]);
  try {
    await Promise.all(
      [...byPort.values()].map(async (bus) => {
        for (const { link, serial } of bus) {
          const base = { deviceId: link.deviceId, serial, port: link.port, wh: null, flag: null };
          if (signal.aborted) {
            results.push({
              ...base,
              outcome: 'cancelled',
              message: 'Cancelled before this meter.',
              attempts: 0,
              read: null,
            });
            continue;
          }
          const read = await readMeter(ctx, link, input);
          results.push({
            ...base,
            outcome: read.outcome,
            message: read.message,
            attempts: read.attempts,
            wh: read.wh,
            read,
          });
          done += 1;
          progress();
        }
      }),
    );
  } finally {
    ctx.operations.end(input.operationId);
  }
  const readAt = ctx.clock.nowIso();
  const final = ctx.transact(() => {
    const out: BulkResult[] = results.map(({ read, ...r }) => {
      if (!read || read.outcome !== 'ok' || read.wh === null) return r;
      const stored = storeReading(ctx, {
        deviceId: r.deviceId,
        readAt,
        wh: read.wh,
        source: read.source,
        raw: read.raw,
        extras: extrasOf(read.values),
      });
      return { ...r, flag: stored?.flag ?? null };
    });
    const ok = out.filter((r) => r.outcome === 'ok').length;
    noteAudit(
      ctx,
      `Bulk read ${out.length} meter(s)${input.port ? ` on ${input.port}` : ''}: ${ok} read, ${out.length - ok} failed${signal.aborted ? ' (cancelled)' : ''}`,
      out.filter((r) => r.outcome === 'ok').map((r) => r.deviceId),
    );
    return out;
  });
  const order = new Map(rows.map((r, i) => [r.link.deviceId, i]));
  final.sort((a, b) => (order.get(a.deviceId) ?? 0) - (order.get(b.deviceId) ?? 0));
  return {
    results: final,
    summary: {
      total: final.length,
      ok: final.filter((r) => r.outcome === 'ok').length,
      failed: final.filter((r) => r.outcome !== 'ok' && r.outcome !== 'cancelled').length,
      flagged: final.filter((r) => r.flag !== null).length,
      cancelled: signal.aborted,
    },
  };
};

/** The value a commissioning probe reads: voltage when the profile has it (always non-zero on a live meter), else import energy. */
function probeOf(profile: MeterProfile) {
  const voltage = profile.measurements.voltage_v ?? profile.measurements.voltage_l1_v;
  return voltage
    ? {
        name: voltage === profile.measurements.voltage_v ? 'voltage_v' : 'voltage_l1_v',
        spec: voltage,
      }
    : { name: 'import_kwh', spec: profile.measurements.import_kwh };
}

export const scan: Handler<'meters.scan'> = async (ctx, input) => {
  const profile = profileById(ctx, input.profileId);
  if (input.from > input.to) {
    throw new AppError('VALIDATION', 'The first address must not be after the last.', {
      issues: [{ field: 'from', message: 'is after to' }],
    });
  }
  const probe = probeOf(profile);
  const signal = ctx.operations.start(input.operationId, ctx.actor.name);
  try {
    const result = await withLink(input.port, lineOf(input, profile.defaults), (link) =>
      scanModbus(link, {
        from: input.from,
        to: input.to,
        probe: probe.spec,
        timeoutMs: input.timeoutMs,
        signal,
        onProgress: (done, total) => {
          if (input.operationId)
            ctx.events.emit({
              type: 'progress',
              operationId: input.operationId,
              phase: 'scan',
              done,
              total,
            });
        },
      }),
    );
    return {
      found: result.found.map((h) => ({
        address: h.address,
        value: h.value ?? null,
        problem: h.problem ?? null,
      })),
      scanned: result.scanned,
      cancelled: result.aborted,
      probe: probe.name,
    };
  } catch (error) {
    throw new AppError('CONFLICT', portMessage(input.port, error));
  } finally {
    ctx.operations.end(input.operationId);
  }
};

export const setAddress: Handler<'meters.setAddress'> = async (ctx, input) => {
  const profile = profileById(ctx, input.profileId);
  const write = profile.addressWrite;
  if (!write) {
    throw new AppError(
      'CONFLICT',
      `The profile ${profile.id} does not say how this meter takes a new address; set it on the meter's own menu.`,
    );
  }
  const probe = probeOf(profile);
  let result;
  try {
    result = await withLink(input.port, lineOf(input, profile.defaults), (link) =>
      setModbusAddress(link, {
        current: input.current,
        next: input.next,
        register: write.register,
        function: write.function,
        type: write.type,
        probe: probe.spec,
        timeoutMs: input.timeoutMs,
      }),
    );
  } catch (error) {
    throw new AppError('CONFLICT', portMessage(input.port, error));
  }
  if (!result.ok)
    return { ok: false, message: `Not changed (${result.stage}): ${result.message}.`, value: null };
  const verified = result.value;
  return ctx.transact(() => {
    noteAudit(
      ctx,
      `Gave the ${profile.name} on ${input.port} Modbus address ${input.next} (was ${input.current}); verified ${probe.name} = ${verified}`,
      [],
    );
    return {
      ok: true,
      message: `The meter now answers at address ${input.next} (${probe.name} ${verified}).`,
      value: verified,
    };
  });
};

export const cancel: Handler<'operations.cancel'> = (ctx, input) => ({
  cancelled: ctx.operations.cancel(input.operationId),
});
