// What a national ID number may look like. Countries write them differently (Nigeria's NIN is 11
// digits, others mix letters, dashes and slashes), so the rule only refuses what is no ID at all:
// text starting with a sign or a symbol ("-12", "?"), or holding anything but letters, digits,
// spaces, dots, dashes and slashes. Used by the contract's customer fields and the CSV import.

const SHAPE = /^[\p{L}\p{N}][\p{L}\p{N} ./-]*$/u;

/** Why the value is no national ID, in words; null when it may be one. */
export function nationalIdProblem(value: string): string | null {
  return SHAPE.test(value)
    ? null
    : 'must start with a letter or digit and use only letters, digits, spaces, dots, dashes and slashes';
}
