// STS token custody (docs/domain.md §8.2). GridDesk holds no STS vending keys, so a purchase for an
// STS meter leaves a pending request (written with the payment) and the vendor's 20-digit token is
// recorded later: typed by a clerk or imported from the vendor's CSV batch. Tokens are checked for
// form (domain/sts.ts), never recorded twice, and printed on the receipt's reprint.
//
// A licensed vending module could later fill requests itself: it would implement StsVendor and
// record through `recordVendorToken`, exactly like a clerk.
import { and, asc, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { AppError, type VendorToken } from '../../../contract';
import { type FieldSpec, normaliseHeader, suggestMapping } from '../../../domain/csv/mapping';
import { CsvError, parseCsv } from '../../../domain/csv/parse';
import { formatKwh, parseKwhText } from '../../../domain/energy';
import { checkStsToken } from '../../../domain/sts';
import { noteAudit, type ServiceContext } from '../../context';
import { devices, payments, stsRequests, stsTokens } from '../../db/schema';
import type { Handler } from '../shared/types';
import { selectVendorTokens, vendorTokenView, vendorTokenWhere } from './queries';

type Ctx = ServiceContext;

/**
 * What a licensed STS vending module would provide; none ships with GridDesk (docs/domain.md
 * §8.2).
 */
export interface StsVendor {
  readonly name: string;
  vend(request: { meterSerial: string; wh: number }): Promise<{ token: string }>;
}

function holderOf(ctx: Ctx, token: string): VendorToken | null {
  return vendorTokenWhere(ctx, eq(stsTokens.token, token));
}

/** Link a checked token to a pending request; the caller has checked both. */
function insertToken(ctx: Ctx, requestId: string, token: string, source: 'typed' | 'csv'): void {
  ctx.db
    .insert(stsTokens)
    .values({
      requestId,
      token,
      source,
      recordedAt: ctx.clock.nowIso(),
      recordedBy: ctx.actor.name,
    })
    .run();
}

export const list: Handler<'sts.list'> = (ctx, input) => {
  const where = and(
    input.status === 'pending' ? isNull(stsTokens.requestId) : undefined,
    input.status === 'recorded' ? isNotNull(stsTokens.requestId) : undefined,
    input.deviceId ? eq(stsRequests.deviceId, input.deviceId) : undefined,
  );
  // Pending: the oldest waits longest and comes first. Recorded: the newest first.
  const order =
    input.status === 'pending' ? asc(sql`${stsRequests}.rowid`) : desc(sql`${stsRequests}.rowid`);
  const rows = selectVendorTokens(ctx)
    .where(where)
    .orderBy(order)
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize)
    .all();
  const total = ctx.db
    .select({ n: sql<number>`count(*)` })
    .from(stsRequests)
    .leftJoin(stsTokens, eq(stsTokens.requestId, stsRequests.id))
    .where(where)
    .get();
  return { rows: rows.map(vendorTokenView), total: total?.n ?? 0 };
};

export const recordToken: Handler<'sts.recordToken'> = (ctx, input) => {
  const checked = checkStsToken(input.token);
  if (!checked.ok) {
    throw new AppError('VALIDATION', `The token ${checked.message}.`, {
      issues: [{ field: 'token', message: checked.message }],
    });
  }
  const request = vendorTokenWhere(ctx, eq(stsRequests.id, input.requestId));
  if (!request) throw new AppError('NOT_FOUND', 'That vendor-token request does not exist.');
  if (request.token === checked.token) {
    return { vendorToken: request, warning: 'This token was already recorded for this purchase.' };
  }
  if (request.token) {
    throw new AppError(
      'CONFLICT',
      `Receipt ${request.receiptNumber} already has the token ${request.grouped}; a recorded token is never replaced.`,
    );
  }
  const holder = holderOf(ctx, checked.token);
  if (holder) {
    throw new AppError(
      'CONFLICT',
      `That token is already recorded for receipt ${holder.receiptNumber} (meter ${holder.meterSerial}).`,
      { issues: [{ field: 'token', message: 'is already recorded for another purchase' }] },
    );
  }
  insertToken(ctx, request.requestId, checked.token, 'typed');
  noteAudit(
    ctx,
    `Recorded the STS token for receipt ${request.receiptNumber} (meter ${request.meterSerial}, ${formatKwh(request.wh)} kWh)`,
    [request.requestId, request.paymentId],
  );
  const recorded = vendorTokenWhere(ctx, eq(stsRequests.id, request.requestId));
  if (!recorded) throw new Error('the recorded token vanished inside its transaction');
  return {
    vendorToken: recorded,
    warning: request.reversed
      ? `Receipt ${request.receiptNumber} was reversed; the token is recorded because the vendor made it.`
      : null,
  };
};

const IMPORT_FIELDS: FieldSpec[] = [
  {
    field: 'token',
    label: 'Token',
    required: true,
    aliases: ['sts token', 'vend token', 'credit token', 'token number', 'stoken'],
  },
  {
    field: 'receipt',
    label: 'Receipt',
    required: false,
    aliases: ['receipt number', 'receipt no', 'reference', 'ref', 'our reference'],
  },
  {
    field: 'meter',
    label: 'Meter',
    required: false,
    aliases: ['meter number', 'meter no', 'meter serial', 'meter id', 'serial', 'meter_number'],
  },
  { field: 'kwh', label: 'kWh', required: false, aliases: ['units', 'energy', 'units kwh'] },
];

interface Problem {
  line: number;
  column: string;
  message: string;
}

export const importTokens: Handler<'sts.importTokens'> = (ctx, input) => {
  let table;
  try {
    table = parseCsv(input.csv);
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    throw new AppError('VALIDATION', e.message, { issues: [{ field: 'csv', message: e.message }] });
  }
  const mapping = suggestMapping(table.headers, IMPORT_FIELDS);
  const col = (field: string) => {
    const header = mapping[field];
    return header ? table.headers.indexOf(header) : -1;
  };
  const tokenCol = col('token');
  const receiptCol = col('receipt');
  const meterCol = col('meter');
  const kwhCol = col('kwh');
  if (tokenCol === -1 || (receiptCol === -1 && meterCol === -1)) {
    const message =
      'The file needs a token column and a receipt or meter column ' +
      `(found: ${table.headers.join(', ') || 'no headers'}).`;
    throw new AppError('VALIDATION', message, { issues: [{ field: 'csv', message }] });
  }
  const headerOf = (i: number) => table.headers[i] ?? '';
  const problems: Problem[] = [];
  const matches: {
    line: number;
    requestId: string;
    token: string;
    receiptNumber: string;
    meterSerial: string;
  }[] = [];
  const claimed = new Set<string>();
  const tokensInFile = new Map<string, number>();
  let already = 0;

  for (const row of table.rows) {
    const cell = (i: number) => (i >= 0 ? (row.cells[i] ?? '').trim() : '');
    if (row.cells.every((c) => c.trim() === '')) continue;
    const problem = (i: number, message: string) =>
      problems.push({ line: row.line, column: headerOf(i), message });
    const checked = checkStsToken(cell(tokenCol));
    if (!checked.ok) {
      problem(tokenCol, `The token ${checked.message}`);
      continue;
    }
    const seen = tokensInFile.get(checked.token);
    if (seen !== undefined) {
      problem(tokenCol, `The same token is on line ${seen}`);
      continue;
    }
    tokensInFile.set(checked.token, row.line);

    let request: VendorToken | null = null;
    if (cell(receiptCol)) {
      request = vendorTokenWhere(ctx, eq(payments.receiptNumber, cell(receiptCol).toUpperCase()));
      if (!request) {
        problem(receiptCol, `No STS purchase has receipt number ${cell(receiptCol)}`);
        continue;
      }
      if (
        cell(meterCol) &&
        normaliseHeader(cell(meterCol)) !== normaliseHeader(request.meterSerial)
      ) {
        problem(meterCol, `Receipt ${request.receiptNumber} is for meter ${request.meterSerial}`);
        continue;
      }
    } else if (cell(meterCol)) {
      const wh = kwhCol >= 0 && cell(kwhCol) ? parseKwhText(cell(kwhCol)) : null;
      if (kwhCol >= 0 && cell(kwhCol) && wh === null) {
        problem(kwhCol, `"${cell(kwhCol)}" is not a number of kWh`);
        continue;
      }
      // The oldest pending purchase of this meter (of this many kWh, when the file says) that
      // another line of the file has not taken already.
      const candidates = selectVendorTokens(ctx)
        .where(and(eq(devices.serial, cell(meterCol)), isNull(stsTokens.requestId)))
        .orderBy(asc(sql`${stsRequests}.rowid`))
        .all()
        .map(vendorTokenView)
        .filter((c) => !claimed.has(c.requestId) && (wh === null || c.wh === wh));
      request = candidates[0] ?? null;
      if (!request) {
        const recordedHere = holderOf(ctx, checked.token);
        if (recordedHere?.meterSerial === cell(meterCol)) {
          request = recordedHere;
        } else {
          problem(
            meterCol,
            `No pending STS purchase for meter ${cell(meterCol)}` +
              (wh === null ? '' : ` of ${formatKwh(wh)} kWh`),
          );
          continue;
        }
      }
    } else {
      problem(receiptCol >= 0 ? receiptCol : meterCol, 'Give the receipt number or the meter');
      continue;
    }

    if (request.token === checked.token) {
      already += 1;
      continue;
    }
    if (request.token) {
      problem(
        tokenCol,
        `Receipt ${request.receiptNumber} already has another token (${request.grouped})`,
      );
      continue;
    }
    const holder = holderOf(ctx, checked.token);
    if (holder) {
      problem(tokenCol, `This token is already recorded for receipt ${holder.receiptNumber}`);
      continue;
    }
    if (claimed.has(request.requestId)) {
      problem(
        receiptCol >= 0 ? receiptCol : meterCol,
        `Receipt ${request.receiptNumber} is on two lines`,
      );
      continue;
    }
    claimed.add(request.requestId);
    matches.push({
      line: row.line,
      requestId: request.requestId,
      token: checked.token,
      receiptNumber: request.receiptNumber,
      meterSerial: request.meterSerial,
    });
  }

  // All or nothing: one problem and nothing is recorded.
  const write = problems.length === 0 && !input.dryRun;
  if (write) for (const m of matches) insertToken(ctx, m.requestId, m.token, 'csv');
  noteAudit(
    ctx,
    write
      ? `Imported ${matches.length} STS token(s) from the vendor's file (${already} already recorded)`
      : `Checked the vendor's STS token file: ${matches.length} ready, ${problems.length} problem(s); nothing recorded`,
    write ? matches.map((m) => m.requestId) : [],
  );
  return {
    recorded: write ? matches.length : 0,
    alreadyRecorded: already,
    problems,
    matches: matches.map((m) => ({
      line: m.line,
      receiptNumber: m.receiptNumber,
      meterSerial: m.meterSerial,
    })),
  };
};
