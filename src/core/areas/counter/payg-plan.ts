// A PAYG device's own plan (devices.setPaygPlan): its daily price and the total that unlocks it.
// The rule on the terms is domain/payg-terms.ts, shared with the PAYG terms screen's bulk command
// (tariffs area); a device under an appliance contract takes its plan from the contract instead.
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../../contract';
import { formatMoney } from '../../../domain/money';
import { paygTermsProblem } from '../../../domain/payg-terms';
import { noteAudit } from '../../context';
import { contracts, paygPlans } from '../../db/schema';
import { loadDevice } from '../registry/queries';
import { readSettings } from '../shared/office';
import type { Handler } from '../shared/types';

export const setPaygPlan: Handler<'devices.setPaygPlan'> = (ctx, input) => {
  const device = loadDevice(ctx, input.deviceId);
  // One rule with the PAYG terms screen's bulk command (domain/payg-terms.ts).
  const problem = paygTermsProblem(device.kind, input);
  if (problem) {
    throw new AppError('VALIDATION', problem.message, {
      issues: [{ field: problem.field, message: problem.message }],
    });
  }
  const contract = ctx.db
    .select({ number: contracts.number })
    .from(contracts)
    .where(and(eq(contracts.deviceId, device.id), eq(contracts.status, 'active')))
    .get();
  if (contract) {
    // The contract's plan is the device's plan now (docs/appliances.md); a second price would
    // disagree with it.
    throw new AppError(
      'VALIDATION',
      `${device.serial} is under contract ${contract.number}: change its plan on the contract.`,
      { issues: [{ field: 'deviceId', message: `is under contract ${contract.number}` }] },
    );
  }
  const values = {
    deviceId: device.id,
    dailyPriceMinor: input.dailyPriceMinor,
    totalPriceMinor: input.totalPriceMinor,
    createdAt: ctx.clock.nowIso(),
    updatedHlc: ctx.hlc.next(),
  };
  ctx.db
    .insert(paygPlans)
    .values(values)
    .onConflictDoUpdate({
      target: paygPlans.deviceId,
      // created_at stays: it says when the device first got a plan.
      set: {
        dailyPriceMinor: values.dailyPriceMinor,
        totalPriceMinor: values.totalPriceMinor,
        updatedHlc: values.updatedHlc,
      },
    })
    .run();
  const currency = readSettings(ctx.db).currency;
  noteAudit(
    ctx,
    `Set the PAYG plan of ${device.serial}: ${formatMoney(input.dailyPriceMinor, currency)} a day` +
      (input.totalPriceMinor === null
        ? ''
        : `, unlocked at ${formatMoney(input.totalPriceMinor, currency)}`),
    [device.id],
  );
  return {
    deviceId: device.id,
    dailyPriceMinor: input.dailyPriceMinor,
    totalPriceMinor: input.totalPriceMinor,
  };
};
