// This installation's office and the company settings, read from the database.
import { eq, sql } from 'drizzle-orm';
import { AppError, type Settings } from '../../../contract';
import { MAX_PAYMENT_MINOR } from '../../../contract/commands/limits';
import type { Db, ReadDb } from '../../db/client';
import { prepared } from '../../db/prepared';
import { localMeta, offices, settings } from '../../db/schema';
import { localDate } from '../../../domain/time';
import { CONTRACT_DEFAULTS } from '../../contracts/terms';

export const THIS_OFFICE_KEY = 'this_office_id';

/** docs/domain.md §5: both debt steps on by default; the ceiling is the contract's own. */
export const COUNTER_DEFAULTS: Settings['counter'] = {
  payInstalmentsFirst: true,
  payAccessDebtFirst: true,
  maxPaymentMinor: MAX_PAYMENT_MINOR,
};

type OfficeRow = typeof offices.$inferSelect;

/**
 * What one command has read of this office and its settings. A sale reads them five to eight
 * times (the ceiling, the currency, the time zone, the office code, the audit entry's office);
 * they only change through writeSetting and the office writes below, which forget the memo. The
 * memo lives for one synchronous command (the dispatcher opens and closes it), so a change by
 * another process between two commands is always seen.
 */
interface Memo {
  office?: OfficeRow | undefined;
  settings?: Settings;
}
const memos = new WeakMap<ReadDb, Memo>();

/** Runs one command with the memo; the dispatcher's only use. */
export function withOfficeMemo<T>(db: ReadDb, fn: () => T): T {
  memos.set(db, {});
  try {
    return fn();
  } finally {
    memos.delete(db);
  }
}

/** After writing the office row, local_meta's office key or a setting, inside a command. */
export function forgetOfficeMemo(db: Db): void {
  if (memos.has(db)) memos.set(db, {});
}

export function thisOffice(db: ReadDb): OfficeRow | undefined {
  const memo = memos.get(db);
  if (memo && 'office' in memo) return memo.office;
  const office = readOffice(db);
  if (memo) memo.office = office;
  return office;
}

function readOffice(db: ReadDb): OfficeRow | undefined {
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

export function requireOffice(db: ReadDb): typeof offices.$inferSelect {
  const office = thisOffice(db);
  if (!office)
    throw new AppError('CONFLICT', 'GridDesk is not set up yet. Run the setup wizard first.');
  return office;
}

/**
 * Single writer (docs/sync.md "Unique keys"): some keys are written only by the office that owns
 * the thing (a tariff's versions, a mini-grid's billing runs, a meter's access charges, a
 * payment's reversal), so two offices can never both claim one. Refuses, naming the owner, when
 * `ownerOfficeId` is another office; `refusal` gets "Lagos office (LAG)" and says what to do
 * there, in a clerk's words.
 */
export function requireOwnedHere(
  db: ReadDb,
  ownerOfficeId: string,
  refusal: (ownerName: string) => string,
): void {
  const here = requireOffice(db);
  if (ownerOfficeId === here.id) return;
  const owner = db
    .select({ name: offices.name, code: offices.code })
    .from(offices)
    .where(eq(offices.id, ownerOfficeId))
    .get();
  const named = owner ? `${owner.name} (${owner.code})` : 'another office';
  throw new AppError('CONFLICT', refusal(named), {
    ownerOfficeId,
  });
}

function readSetting<T>(db: ReadDb, key: string): T | undefined {
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
  forgetOfficeMemo(db);
  db.insert(settings)
    .values({ key, value, updatedHlc: hlc })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedHlc: hlc } })
    .run();
}

/** The settings as one command sees them; callers must not change the object they get. */
export function readSettings(db: ReadDb): Settings {
  const memo = memos.get(db);
  if (memo?.settings) return memo.settings;
  const fresh = readSettingsFresh(db);
  if (memo) memo.settings = fresh;
  return fresh;
}

function readSettingsFresh(db: ReadDb): Settings {
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
    // The contracts' own defaults (core/contracts/terms.ts), under what the company changed.
    contracts: {
      ...CONTRACT_DEFAULTS,
      ...readSetting<Partial<Settings['contracts']>>(db, 'contracts'),
    },
  };
}

/** Today's local calendar date in this office's time zone. */
export function officeToday(db: ReadDb, nowMs: number): string {
  return localDate(nowMs, requireOffice(db).timeZone);
}
