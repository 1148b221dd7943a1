// `tokens.handOver` (docs/sync.md "Handing a device over"): the owning office gives a device's
// token counter to another office. The owner column changes and the record is written in one
// transaction, so both travel together in the next bundle; the rule is domain/sync/handover.ts.
import { and, eq, isNull } from 'drizzle-orm';
import { AppError } from '../../../contract';
import { decideHandOver } from '../../../domain/sync/handover';
import { noteAudit } from '../../context';
import { deviceHandovers, devices, offices, openpaygoDevices } from '../../db/schema';
import { requireOffice } from '../shared/office';
import type { Handler } from '../shared/types';

export const handOver: Handler<'tokens.handOver'> = (ctx, input) => {
  const device = ctx.db
    .select({ id: devices.id, serial: devices.serial })
    .from(devices)
    .where(and(eq(devices.id, input.deviceId), isNull(devices.deletedAt)))
    .get();
  if (!device) {
    throw new AppError('VALIDATION', 'That device does not exist (or was deleted).', {
      issues: [{ field: 'deviceId', message: 'does not exist' }],
    });
  }
  const opg = ctx.db
    .select({ count: openpaygoDevices.count, owner: openpaygoDevices.owningOfficeId })
    .from(openpaygoDevices)
    .where(eq(openpaygoDevices.deviceId, device.id))
    .get();
  if (!opg) {
    throw new AppError(
      'CONFLICT',
      `${device.serial} has no OpenPAYGO credentials, so it has no token counter to hand over.`,
      { issues: [{ field: 'deviceId', message: 'has no token counter' }] },
    );
  }
  const here = requireOffice(ctx.db);
  const officeById = (id: string) =>
    ctx.db
      .select({ id: offices.id, code: offices.code })
      .from(offices)
      .where(eq(offices.id, id))
      .get();
  const to =
    ctx.db
      .select({ id: offices.id, code: offices.code })
      .from(offices)
      .where(eq(offices.code, input.toOffice))
      .get() ?? null;
  const decision = decideHandOver({
    serial: device.serial,
    here: { id: here.id, code: here.code },
    owner: { id: opg.owner, code: officeById(opg.owner)?.code ?? null },
    to,
    toCode: input.toOffice,
    count: opg.count,
  });
  if (!decision.ok) {
    throw new AppError(decision.code, decision.message, {
      issues: [{ field: decision.field, message: decision.message }],
    });
  }
  const id = ctx.ids.newId();
  ctx.db
    .insert(deviceHandovers)
    .values({
      id,
      officeId: here.id,
      deviceId: device.id,
      fromOfficeId: here.id,
      toOfficeId: decision.to.id,
      count: decision.count,
      reason: input.reason,
      actor: ctx.actor.name,
      createdAt: ctx.clock.nowIso(),
    })
    .run();
  // The count is written with the owner so both carry this change's stamp: at the new office the
  // counter starts from the record's count whatever older stamps arrive later.
  ctx.db
    .update(openpaygoDevices)
    .set({ owningOfficeId: decision.to.id, count: decision.count, updatedHlc: ctx.hlc.next() })
    .where(eq(openpaygoDevices.deviceId, device.id))
    .run();
  noteAudit(
    ctx,
    `Handed the token counter of ${device.serial} to office ${decision.to.code} at count ${decision.count}: ${input.reason}`,
    [id, device.id],
  );
  return {
    handoverId: id,
    serial: device.serial,
    count: decision.count,
    toOffice: decision.to.code,
  };
};
