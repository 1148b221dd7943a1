// Handing a device's OpenPAYGO token counter to another office (docs/sync.md "Handing a device
// over"). A device's counts have one writer across the company, the owning office: two offices
// issuing for one device would both issue "count 41", and the device takes only one of them. So
// only the owner may hand the counter on, and the record it writes carries the last count it used,
// from which the new office continues.

export interface OfficeRef {
  id: string;
  code: string;
}

export interface HandOverFacts {
  serial: string;
  /** This office. */
  here: OfficeRef;
  /** The office that issues the device's tokens now (its code may be unknown here). */
  owner: { id: string; code: string | null };
  /** The office asked for, or null when no office has that code. */
  to: OfficeRef | null;
  /** The code as typed, to name it when it is unknown. */
  toCode: string;
  /** The last count used for the device. */
  count: number;
}

export type HandOverDecision =
  | { ok: true; count: number; to: OfficeRef }
  | { ok: false; code: 'CONFLICT' | 'VALIDATION'; field: 'deviceId' | 'toOffice'; message: string };

export function decideHandOver(f: HandOverFacts): HandOverDecision {
  if (f.owner.id !== f.here.id) {
    const owner = f.owner.code ?? 'another office';
    return {
      ok: false,
      code: 'CONFLICT',
      field: 'deviceId',
      message: `Tokens for ${f.serial} are issued by office ${owner}, not this office (${f.here.code}); only ${owner} can hand it over.`,
    };
  }
  if (!f.to) {
    return {
      ok: false,
      code: 'VALIDATION',
      field: 'toOffice',
      message: `There is no office ${f.toCode} in this company; check the code (offices join through Sync).`,
    };
  }
  if (f.to.id === f.here.id) {
    return {
      ok: false,
      code: 'VALIDATION',
      field: 'toOffice',
      message: `Tokens for ${f.serial} are already issued here (${f.here.code}); choose another office.`,
    };
  }
  // No margin is added: the record travels after every token this office issued (a bundle applies
  // one office's changes in order, without gaps), so the new office knows each count used, and a
  // margin would only spend the device's window of acceptable counts.
  return { ok: true, count: f.count, to: f.to };
}
