// Supervisor OpenPAYGO tokens and the token checker (docs/domain.md §8.1). A supervisor token is
// issued at the device's next count and stored with the new count inside the dispatcher's one
// transaction, like a sale's tokens. The checker reads only; the secret key is opened inside this
// file for the encoding or decoding and never reaches an output, an error or the audit log.
import { sealContext } from '../../adapters/secret-box';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { AppError } from '../../../contract';
import { afterAccepting, type CountHistory } from '../../../domain/openpaygo/acceptance';
import { checkToken } from '../../../domain/openpaygo/check';
import {
  encodeToken,
  groupTokenDigits,
  MAX_COUNT,
  maxTimeValue,
  nextCount,
  VALUE_COUNTER_SYNC,
  VALUE_DISABLE_PAYG,
  valueForDays,
} from '../../../domain/openpaygo/token';
import { noteAudit, type QueryContext } from '../../context';
import {
  deviceModels,
  devices,
  offices,
  openpaygoDevices,
  payments,
  tokenConfirmations,
  tokens,
} from '../../db/schema';
import { requireOffice } from '../shared/office';
import { outstandingTokens, tokenView, usesExtendedTokens } from '../counter/queries';
import type { Handler } from '../shared/types';

function conflict(message: string): AppError {
  return new AppError('CONFLICT', message);
}

/** A live device with OpenPAYGO credentials, or a refusal naming what is missing. */
function openPaygoDevice(ctx: QueryContext, deviceId: string) {
  const device = ctx.db
    .select()
    .from(devices)
    .where(and(eq(devices.id, deviceId), isNull(devices.deletedAt)))
    .get();
  if (!device) {
    throw new AppError('VALIDATION', 'That device does not exist (or was deleted).', {
      issues: [{ field: 'deviceId', message: 'does not exist' }],
    });
  }
  const model = ctx.db
    .select({ tokenScheme: deviceModels.tokenScheme })
    .from(deviceModels)
    .where(eq(deviceModels.id, device.modelId))
    .get();
  const opg = ctx.db
    .select()
    .from(openpaygoDevices)
    .where(eq(openpaygoDevices.deviceId, device.id))
    .get();
  if (model?.tokenScheme !== 'openpaygo' || !opg) {
    throw conflict(
      `${device.serial} has no OpenPAYGO credentials, so GridDesk has no tokens for it.`,
    );
  }
  return { device, opg };
}

function openKey(ctx: QueryContext, sealed: string, deviceId: string): string {
  return ctx.secrets.open(sealed, sealContext.openpaygoKey(deviceId)).toString('hex');
}

export const supervisor: Handler<'tokens.supervisor'> = (ctx, input) => {
  const { device, opg } = openPaygoDevice(ctx, input.deviceId);
  const office = requireOffice(ctx.db);
  if (opg.owningOfficeId !== office.id) {
    const owner = ctx.db
      .select({ code: offices.code })
      .from(offices)
      .where(eq(offices.id, opg.owningOfficeId))
      .get();
    // Two offices issuing for one device would collide on counts (docs/domain.md §8.1).
    throw conflict(
      `Tokens for ${device.serial} are issued by office ${owner?.code ?? 'another office'}; ` +
        'issue it there, or hand the device over to this office first.',
    );
  }
  const extended = usesExtendedTokens(ctx, device.modelId);
  let value: number;
  if (input.type === 'SET_TIME') {
    value = valueForDays(input.days ?? 0, opg.timeDivider);
    const max = maxTimeValue(extended);
    if (value > max) {
      throw new AppError(
        'VALIDATION',
        `${device.serial} has time divider ${opg.timeDivider}: a SET_TIME token carries at most ` +
          `${Math.floor(max / opg.timeDivider)} days.`,
        { issues: [{ field: 'days', message: `is above ${max} after the time divider` }] },
      );
    }
    // Extended tokens carry DISABLE_PAYG and COUNTER_SYNC as SET_TIME values 998 and 999.
    if (extended && (value === VALUE_DISABLE_PAYG || value === VALUE_COUNTER_SYNC)) {
      throw new AppError(
        'VALIDATION',
        `A SET_TIME value of ${value} would read as ${value === VALUE_DISABLE_PAYG ? 'DISABLE_PAYG' : 'COUNTER_SYNC'} on ${device.serial}: choose one day more or less.`,
        {
          issues: [
            { field: 'days', message: `gives the value ${value}, which extended tokens reserve` },
          ],
        },
      );
    }
  } else {
    value = input.type === 'DISABLE_PAYG' ? VALUE_DISABLE_PAYG : VALUE_COUNTER_SYNC;
  }
  if (nextCount(opg.count, input.type) > MAX_COUNT) {
    throw conflict(`${device.serial} has used up its token counts; contact the manufacturer.`);
  }
  const cancelled = outstandingTokens(ctx, device.id);

  const encoded = encodeToken({
    keyHex: openKey(ctx, opg.keySealed, device.id),
    startingCode: opg.startingCode,
    count: opg.count,
    extended,
    type: input.type,
    value: input.type === 'SET_TIME' ? value : undefined,
    restrictedDigits: opg.restrictedDigits,
  });
  const tokenId = ctx.ids.newId();
  ctx.db
    .insert(tokens)
    .values({
      id: tokenId,
      officeId: office.id,
      deviceId: device.id,
      paymentId: null,
      count: encoded.count,
      type: input.type,
      valueRaw: value,
      token: encoded.token,
      issuedAt: ctx.clock.nowIso(),
      issuedBy: ctx.actor.name,
    })
    .run();
  ctx.db
    .update(openpaygoDevices)
    .set({ count: encoded.count, updatedHlc: ctx.hlc.next() })
    .where(eq(openpaygoDevices.deviceId, device.id))
    .run();

  const warning =
    cancelled === 0
      ? null
      : `This ${input.type} cancels ${cancelled} ADD_TIME token${cancelled === 1 ? '' : 's'} ` +
        'not yet entered on the device';
  noteAudit(
    ctx,
    `Issued ${input.type}${input.type === 'SET_TIME' ? ` (${input.days ?? 0} days)` : ''} for ` +
      `${device.serial} at count ${encoded.count}: ${input.reason}`,
    [tokenId, device.id],
  );
  return {
    token: encoded.token,
    grouped: groupTokenDigits(encoded.token),
    count: encoded.count,
    type: input.type,
    warning,
  };
};

/**
 * What the token ledger says the device has taken, in the terms of the device's own record: the
 * highest count confirmed entered (or the provisioned count), the floor below which everything
 * is void (the provisioned count, or the highest count when a SET_TIME, DISABLE_PAYG or
 * COUNTER_SYNC was confirmed entered), and the older counts confirmed entered above the floor.
 */
function ledgerHistory(ctx: QueryContext, deviceId: string, provisionedCount: number) {
  const entered = ctx.db
    .select({ count: tokens.count, type: tokens.type })
    .from(tokens)
    .innerJoin(tokenConfirmations, eq(tokenConfirmations.tokenId, tokens.id))
    .where(eq(tokens.deviceId, deviceId))
    .orderBy(tokens.count)
    .all();
  let history: CountHistory = {
    lastCount: provisionedCount,
    floorCount: provisionedCount,
    usedCounts: [],
  };
  // Replayed in count order: the order they were typed is not recorded, and count order (the
  // order they were issued) is how they are nearly always typed.
  for (const token of entered) {
    if (token.count <= history.floorCount) continue;
    history = afterAccepting(history, token.type, token.count);
  }
  return history;
}

export const check: Handler<'tokens.check'> = (ctx, input) => {
  const { device, opg } = openPaygoDevice(ctx, input.deviceId);
  const history = ledgerHistory(ctx, device.id, opg.provisionedCount);
  const result = checkToken({
    keyHex: openKey(ctx, opg.keySealed, device.id),
    startingCode: opg.startingCode,
    lastConfirmedCount: history.lastCount,
    ledger: { floorCount: history.floorCount, usedCounts: history.usedCounts },
    token: input.token,
    restrictedDigits: opg.restrictedDigits,
    extended: usesExtendedTokens(ctx, device.modelId),
  });
  const digits = input.token.replace(/[\s-]/g, '');
  const stored = ctx.db
    .select({
      token: tokens,
      receiptNumber: payments.receiptNumber,
      enteredAt: tokenConfirmations.confirmedAt,
    })
    .from(tokens)
    .leftJoin(payments, eq(payments.id, tokens.paymentId))
    .leftJoin(tokenConfirmations, eq(tokenConfirmations.tokenId, tokens.id))
    .where(and(eq(tokens.deviceId, device.id), eq(tokens.token, digits)))
    .orderBy(desc(tokens.count))
    .all();
  // Digits can repeat at two counts by chance: prefer the row at the count the decoder found.
  const row = stored.find((r) => r.token.count === result.count) ?? stored[0];
  return {
    ...result,
    issued: row
      ? {
          tokenId: row.token.id,
          at: row.token.issuedAt,
          by: row.token.issuedBy,
          paymentId: row.token.paymentId,
          receiptNumber: row.receiptNumber,
          entered: row.enteredAt !== null,
        }
      : null,
  };
};

export const list: Handler<'tokens.list'> = (ctx, input) => {
  const rows = ctx.db
    .select({
      token: tokens,
      receiptNumber: payments.receiptNumber,
      enteredAt: tokenConfirmations.confirmedAt,
      timeDivider: openpaygoDevices.timeDivider,
    })
    .from(tokens)
    .leftJoin(payments, eq(payments.id, tokens.paymentId))
    .leftJoin(tokenConfirmations, eq(tokenConfirmations.tokenId, tokens.id))
    .leftJoin(openpaygoDevices, eq(openpaygoDevices.deviceId, tokens.deviceId))
    .where(eq(tokens.deviceId, input.deviceId))
    .orderBy(desc(tokens.count))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize)
    .all();
  const total = ctx.db
    .select({ n: sql<number>`count(*)` })
    .from(tokens)
    .where(eq(tokens.deviceId, input.deviceId))
    .get();
  return {
    rows: rows.map((r) => ({
      ...tokenView(r.token, r.timeDivider ?? 1, r.enteredAt),
      paymentId: r.token.paymentId,
      receiptNumber: r.receiptNumber,
    })),
    total: total?.n ?? 0,
    outstanding: outstandingTokens(ctx, input.deviceId),
  };
};
