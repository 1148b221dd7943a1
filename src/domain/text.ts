// Well-formed text: the rule for one string. Why it matters (SQLite stores UTF-8, the audit log
// hashes what is stored) is in docs/architecture.md, "Text". The rule lives in the domain so the
// CSV checks and the contract's input walk (contract/text.ts) share it; the domain imports
// nothing from the contract.

// With the `u` flag a surrogate range matches only *unpaired* surrogates: a correct pair is one
// code point above U+FFFF and does not match.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
export const NUL = '\u0000';

/** Why `text` cannot be stored as it is, in a clerk's words, or null when it is fine. */
export function illFormedTextProblem(text: string): string | null {
  const nul = text.indexOf(NUL);
  const surrogate = text.search(LONE_SURROGATE);
  if (nul < 0 && surrogate < 0) return null;
  if (surrogate >= 0 && (nul < 0 || surrogate < nul)) {
    return `contains a broken character at position ${surrogate + 1} (half of an emoji or symbol); please retype it`;
  }
  return `contains an invisible NUL character at position ${nul + 1}; please remove it`;
}

export function isWellFormedText(text: string): boolean {
  return illFormedTextProblem(text) === null;
}

/**
 * `text` with every lone surrogate replaced by U+FFFD (the replacement character), so that it
 * reads back exactly as written. For text that did not come through the contract (device
 * answers, file cells) on its way into a hashed record: the hash must cover what is stored.
 */
export function wellFormed(text: string): string {
  return LONE_SURROGATE.test(text) ? text.replace(/[\uD800-\uDFFF]/gu, '\uFFFD') : text;
}
