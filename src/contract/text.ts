// Text is well-formed: no string entering the contract may hold a lone UTF-16 surrogate or a NUL.
//
// Why: SQLite stores text as UTF-8. A lone surrogate (half of an emoji pair, e.g. "North \ud800")
// has no UTF-8 form, so what is read back differs from what was written; and the audit entry
// hashed from the written value would then never verify again. A NUL cuts text short in SQLite's
// own functions (length, LIKE, FTS). Refusing both at the door keeps "what is hashed is what is
// stored" true for every command, including ones added later: the dispatcher walks every input
// with `illFormedTextIssues` before the command's own schema sees it.
import type { FieldIssue } from './errors';

// With the `u` flag a surrogate range matches only *unpaired* surrogates: a correct pair is one
// code point above U+FFFF and does not match.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const NUL = '\u0000';

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

/** How a key is shown in a field path: ill-formed keys are shown escaped, never passed on raw. */
function keyLabel(key: string): string {
  return isWellFormedText(key)
    ? key
    : key.replace(
        new RegExp(`[\\uD800-\\uDFFF]|${NUL}`, 'gu'),
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
}

/**
 * Every string (and object key) in `input` that is not well-formed, named by its dotted field
 * path. Iterative, so a deeply nested hostile input cannot overflow the stack; stops after
 * `limit` issues.
 */
export function illFormedTextIssues(input: unknown, limit = 20): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const stack: { value: unknown; path: string[] }[] = [{ value: input, path: [] }];
  while (stack.length > 0 && issues.length < limit) {
    const { value, path } = stack.pop() as { value: unknown; path: string[] };
    if (typeof value === 'string') {
      const problem = illFormedTextProblem(value);
      if (problem) issues.push({ field: path.join('.'), message: problem });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        stack.push({ value: value[i], path: [...path, String(i)] });
      }
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        const keyProblem = illFormedTextProblem(key);
        if (keyProblem) {
          issues.push({ field: [...path, keyLabel(key)].join('.'), message: `name ${keyProblem}` });
        }
        stack.push({ value: child, path: [...path, keyLabel(key)] });
      }
    }
  }
  return issues.slice(0, limit);
}
