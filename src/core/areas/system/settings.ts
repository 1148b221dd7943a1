// Company and office settings.
import { eq } from 'drizzle-orm';
import { noteAudit } from '../../context';
import { offices } from '../../db/schema';
import type { Handler } from '../shared/types';
import { forgetOfficeMemo, readSettings, requireOffice, writeSetting } from '../shared/office';

export const get: Handler<'settings.get'> = (ctx) => readSettings(ctx.db);

export const update: Handler<'settings.update'> = (ctx, input) => {
  const office = requireOffice(ctx.db);
  const before = readSettings(ctx.db);
  const company = { ...before.company, ...input.company };
  const currency = { ...before.currency, ...input.currency };
  const officeName = input.office?.name ?? office.name;
  const timeZone = input.office?.timeZone ?? office.timeZone;
  const counter = { ...before.counter, ...input.counter };
  const contractSettings = { ...before.contracts, ...input.contracts };

  const changes: string[] = [];
  const track = (label: string, from: unknown, to: unknown) => {
    if (from !== to) changes.push(`${label}: ${String(from)} -> ${String(to)}`);
  };
  track('company name', before.company.name, company.name);
  track('country', before.company.country, company.country);
  track('currency', before.currency.code, currency.code);
  track('currency decimals', before.currency.decimals, currency.decimals);
  track('office name', office.name, officeName);
  track('time zone', office.timeZone, timeZone);
  track('pay instalments first', before.counter.payInstalmentsFirst, counter.payInstalmentsFirst);
  track('pay access debt first', before.counter.payAccessDebtFirst, counter.payAccessDebtFirst);
  track('largest payment (minor units)', before.counter.maxPaymentMinor, counter.maxPaymentMinor);
  // The audit keeps the whole new terms: what a contract signed on a date said must be traceable.
  track('contract terms', before.contracts.terms, contractSettings.terms);
  track(
    'contract cancellation days',
    before.contracts.cancelWithinDays,
    contractSettings.cancelWithinDays,
  );

  if (changes.length > 0) {
    writeSetting(ctx.db, 'company', company, ctx.hlc.next());
    writeSetting(ctx.db, 'currency', currency, ctx.hlc.next());
    writeSetting(ctx.db, 'counter', counter, ctx.hlc.next());
    writeSetting(ctx.db, 'contracts', contractSettings, ctx.hlc.next());
    ctx.db
      .update(offices)
      .set({ name: officeName, timeZone, updatedHlc: ctx.hlc.next() })
      .where(eq(offices.id, office.id))
      .run();
    forgetOfficeMemo(ctx.db);
  }
  noteAudit(
    ctx,
    changes.length ? `Settings changed: ${changes.join('; ')}` : 'Settings saved, no change',
    [office.id],
  );
  return readSettings(ctx.db);
};
