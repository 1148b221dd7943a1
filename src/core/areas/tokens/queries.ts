// Tokens as other areas read them: the vendor token a payment asked for. The STS screens' reads
// (sts.ts) share the same joined select and view.
import { eq, sql, type SQL } from 'drizzle-orm';
import type { VendorToken } from '../../../contract';
import { groupStsToken } from '../../../domain/sts';
import type { QueryContext } from '../../context';
import { customers, devices, payments, stsRequests, stsTokens } from '../../db/schema';
import { displayName } from '../registry/queries';

export function selectVendorTokens(ctx: QueryContext) {
  return ctx.db
    .select({
      request: stsRequests,
      receiptNumber: payments.receiptNumber,
      serial: devices.serial,
      customer: customers,
      token: stsTokens,
      reversed: sql<number>`exists (select 1 from ${payments} r where r.reversal_of = ${stsRequests.paymentId})`,
    })
    .from(stsRequests)
    .innerJoin(payments, eq(payments.id, stsRequests.paymentId))
    .innerJoin(devices, eq(devices.id, stsRequests.deviceId))
    .innerJoin(customers, eq(customers.id, payments.customerId))
    .leftJoin(stsTokens, eq(stsTokens.requestId, stsRequests.id));
}

type Joined = ReturnType<ReturnType<typeof selectVendorTokens>['all']>[number];

/** A joined row as the contract shows it. */
export function vendorTokenView(r: Joined): VendorToken {
  return {
    requestId: r.request.id,
    paymentId: r.request.paymentId,
    receiptNumber: r.receiptNumber,
    deviceId: r.request.deviceId,
    meterSerial: r.serial,
    customer: {
      id: r.customer.id,
      accountNumber: r.customer.accountNumber,
      name: displayName(r.customer),
    },
    wh: r.request.wh,
    amountMinor: r.request.amountMinor,
    requestedAt: r.request.createdAt,
    status: r.token ? 'recorded' : 'pending',
    token: r.token?.token ?? null,
    grouped: r.token ? groupStsToken(r.token.token) : null,
    recordedAt: r.token?.recordedAt ?? null,
    recordedBy: r.token?.recordedBy ?? null,
    reversed: Boolean(r.reversed),
  };
}

export function vendorTokenWhere(ctx: QueryContext, where: SQL): VendorToken | null {
  const row = selectVendorTokens(ctx).where(where).get();
  return row ? vendorTokenView(row) : null;
}

export function vendorTokenOfPayment(ctx: QueryContext, paymentId: string): VendorToken | null {
  return vendorTokenWhere(ctx, eq(stsRequests.paymentId, paymentId));
}
