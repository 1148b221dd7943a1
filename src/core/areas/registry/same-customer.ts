// "The same person" among customers (docs/sync.md "Conflicts a person decides"): one rule for the
// CSV import (a row already registered is skipped) and for sync (a customer registered in two
// offices goes to the review list). The same national ID; or the same first and last name (and
// business name) in the same village, with the same phone or a phone missing on either side (a
// file without phones must still import only once). Deleted customers are never matched.
import type { ReadRaw } from '../../db/client';

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
