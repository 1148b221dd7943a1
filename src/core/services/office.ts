// This installation's office and the company settings, read from the database.
import { eq, sql } from 'drizzle-orm';
import { AppError, type Settings } from '../../contract';
import { MAX_PAYMENT_MINOR } from '../../contract/commands/limits';
import type { Db } from '../db/client';
import { prepared } from '../db/prepared';
import { localMeta, offices, settings } from '../db/schema';
import { localDate } from '../../domain/time';
import { STANDING_TERMS } from '../contracts/terms';

export const THIS_OFFICE_KEY = 'this_office_id';

/** docs/domain.md §5: both debt steps on by default; the ceiling is the contract's own. */
export const COUNTER_DEFAULTS: Settings['counter'] = {
  payInstalmentsFirst: true,
  payAccessDebtFirst: true,
  maxPaymentMinor: MAX_PAYMENT_MINOR,
};

/** docs/appliances.md: GridDesk's standing terms, and cancellation within a week of the sale. */
export const CONTRACT_DEFAULTS: Settings['contracts'] = {
  terms: STANDING_TERMS.join('\n'),
  cancelWithinDays: 7,
};

export function thisOffice(db: Db): typeof offices.$inferSelect | undefined {
  return prepared(db, 'thisOffice', (d) =>
    d
      .select()
      .from(offices)
      .where(
        eq(
          offices.id,
          d
            .select({ value: localMeta.value })
            .from(localMeta)
            .where(eq(localMeta.key, THIS_OFFICE_KEY)),
        ),
      )
      .prepare(),
  ).get();
}

export function requireOffice(db: Db): typeof offices.$inferSelect {
  const office = thisOffice(db);
  if (!office)
    throw new AppError('CONFLICT', 'GridDesk is not set up yet. Run the setup wizard first.');
  return office;
}

function readSetting<T>(db: Db, key: string): T | undefined {
  const row = prepared(db, 'readSetting', (d) =>
    d
      .select()
      .from(settings)
      .where(eq(settings.key, sql.placeholder('key')))
      .prepare(),
  ).get({ key });
  return row?.value as T | undefined;
}

export function writeSetting(db: Db, key: string, value: unknown, hlc: string): void {
  db.insert(settings)
    .values({ key, value, updatedHlc: hlc })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedHlc: hlc } })
    .run();
}

export function readSettings(db: Db): Settings {
  const office = requireOffice(db);
  const company = readSetting<Settings['company']>(db, 'company');
  const currency = readSetting<Settings['currency']>(db, 'currency');
  if (!company || !currency) {
    throw new AppError('CONFLICT', 'Company settings are missing. Run the setup wizard first.');
  }
  return {
    company,
    currency,
    office: { id: office.id, name: office.name, code: office.code, timeZone: office.timeZone },
    counter: { ...COUNTER_DEFAULTS, ...readSetting<Partial<Settings['counter']>>(db, 'counter') },
    contracts: {
      ...CONTRACT_DEFAULTS,
      ...readSetting<Partial<Settings['contracts']>>(db, 'contracts'),
    },
  };
}

/** Today's local calendar date in this office's time zone. */
export function officeToday(db: Db, nowMs: number): string {
  return localDate(nowMs, requireOffice(db).timeZone);
}
