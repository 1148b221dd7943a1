// The registry's reads other areas use: how a customer is named and referred to, which rows a
// search text matches, a device with its model, and whether a customer is already registered.
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { AppError } from '../../../contract';
import { phoneSearchDigits } from '../../../domain/phone';
import type { QueryContext } from '../../context';
import type { ReadRaw } from '../../db/client';
import { type customers, devices } from '../../db/schema';

type CustomerDbRow = typeof customers.$inferSelect;
type DeviceDbRow = typeof devices.$inferSelect;

export function displayName(
  row: Pick<CustomerDbRow, 'kind' | 'firstName' | 'lastName' | 'businessName'>,
): string {
  const person = `${row.firstName} ${row.lastName}`.trim();
  if (row.kind === 'business' && row.businessName)
    return person ? `${row.businessName} (${person})` : row.businessName;
  return person || row.businessName || '';
}

/** The columns a list query joins from a device's customer (null when the device has none). */
export interface JoinedCustomer {
  customerId: string | null;
  accountNumber: string | null;
  ckind: CustomerDbRow['kind'] | null;
  firstName: string | null;
  lastName: string | null;
  businessName: string | null;
}

/** A list row's customer as screens show it: id, account number and name; null when none. */
export function customerRef(
  r: JoinedCustomer,
): { id: string; accountNumber: string; name: string } | null {
  if (!r.customerId || !r.accountNumber || !r.ckind) return null;
  return {
    id: r.customerId,
    accountNumber: r.accountNumber,
    name: displayName({
      kind: r.ckind,
      firstName: r.firstName ?? '',
      lastName: r.lastName ?? '',
      businessName: r.businessName,
    }),
  };
}

export function loadDevice(ctx: QueryContext, id: string): DeviceDbRow {
  const row = ctx.db
    .select()
    .from(devices)
    .where(and(eq(devices.id, id), isNull(devices.deletedAt)))
    .get();
  if (!row) throw new AppError('NOT_FOUND', 'That device does not exist (or was deleted).');
  return row;
}

// Quick search over the trigram FTS5 index (migration 0001); search.ts answers search.quick.

/**
 * The FTS5 query for what a clerk typed: every word must appear; phone-like words are reduced to
 * digits without the trunk 0 (stored numbers are E.164). Words under three characters cannot be
 * matched by a trigram index and are dropped; null when nothing is left.
 */
export function ftsExpression(text: string): string | null {
  const words = text
    .split(/\s+/)
    .map((w) => w.trim())
    .filter(Boolean);
  const phone = phoneSearchDigits(text);
  const terms = phone ? [phone] : words.map((w) => phoneSearchDigits(w) ?? w.replace(/^[+]/, ''));
  const usable = terms.filter((t) => [...t].length >= 3);
  if (usable.length === 0) return null;
  return usable.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ');
}

/** SQL subquery of the ids of one entity whose text matches (empty when the text is too short). */
export function matchingIds(text: string, entity: 'customer' | 'device'): SQL {
  const expr = ftsExpression(text);
  if (!expr) return sql`(SELECT NULL WHERE 0)`;
  return sql`(SELECT k.entity_id FROM search_index s JOIN search_keys k ON k.rowid = s.rowid WHERE search_index MATCH ${expr} AND k.entity = ${entity})`;
}

// "The same person" among customers (docs/sync.md "Conflicts a person decides"): one rule for the
// CSV import (a row already registered is skipped) and for sync (a customer registered in two
// offices goes to the review list). The same national ID; or the same first and last name (and
// business name) in the same village, with the same phone or a phone missing on either side (a
// file without phones must still import only once). Deleted customers are never matched.

export interface CustomerIdentity {
  /** The customer being checked, never matched with itself (null: not registered yet). */
  id: string | null;
  nationalId: string | null;
  firstName: string;
  lastName: string;
  businessName: string | null;
  villageId: string;
  phone: string | null;
}

export interface SameCustomer {
  id: string;
  accountNumber: string;
  officeId: string;
}

/** A finder over one connection: the first other live customer that is the same person. */
export function sameCustomerFinder(raw: ReadRaw) {
  const byNationalId = raw.prepare(
    `SELECT id, account_number AS accountNumber, office_id AS officeId FROM customers
      WHERE national_id = @nationalId AND deleted_at IS NULL AND id IS NOT @id LIMIT 1`,
  );
  const byNameAndPlace = raw.prepare(
    `SELECT id, account_number AS accountNumber, office_id AS officeId FROM customers
      WHERE village_id = @village AND lower(last_name) = lower(@last)
        AND lower(first_name) = lower(@first)
        AND coalesce(lower(business_name), '') = coalesce(lower(@business), '')
        AND deleted_at IS NULL AND id IS NOT @id
        AND (phone IS NULL OR @phone IS NULL OR phone = @phone)
      LIMIT 1`,
  );
  return (c: CustomerIdentity): SameCustomer | undefined =>
    ((c.nationalId ? byNationalId.get({ nationalId: c.nationalId, id: c.id }) : undefined) as
      SameCustomer | undefined) ??
    (byNameAndPlace.get({
      first: c.firstName,
      last: c.lastName,
      business: c.businessName,
      village: c.villageId,
      phone: c.phone,
      id: c.id,
    }) as SameCustomer | undefined);
}
