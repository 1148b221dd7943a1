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

/** A place in the input: its parent and its key, so a path is only built for a bad field. */
interface Place {
  value: unknown;
  parent: Place | null;
  key: string;
}

function pathOf(place: Place | null): string {
  const keys: string[] = [];
  for (let p = place; p !== null && p.parent !== null; p = p.parent) keys.push(p.key);
  return keys.reverse().join('.');
}

/**
 * Every string (and object key) in `input` that is not well-formed, named by its dotted field
 * path. Iterative and linear in the input's size, so a deeply nested or self-containing hostile
 * input cannot overflow the stack or hang the check; stops after `limit` issues.
 */
export function illFormedTextIssues(input: unknown, limit = 20): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const stack: Place[] = [{ value: input, parent: null, key: '' }];
  // An in-process or IPC caller (structured clone) can pass an object that contains itself.
  const seen = new Set<object>();
  // Strings are checked where they are found (no bookkeeping unless one is bad); objects and
  // arrays are queued, in reverse so they come off the stack in document order.
  const check = (value: unknown, parent: Place, key: string, queue: Place[]): void => {
    if (typeof value === 'string') {
      const problem = illFormedTextProblem(value);
      if (problem) issues.push({ field: pathOf({ value, parent, key }), message: problem });
    } else if (value !== null && typeof value === 'object') {
      queue.push({ value, parent, key });
    }
  };
  while (stack.length > 0 && issues.length < limit) {
    const place = stack.pop() as Place;
    const { value } = place;
    if (typeof value === 'string') {
      check(value, place.parent ?? place, place.key, stack);
      continue;
    }
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    const queue: Place[] = [];
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) check(value[i], place, String(i), queue);
    } else {
      for (const key of Object.keys(value)) {
        const label = keyLabel(key);
        const keyProblem = illFormedTextProblem(key);
        if (keyProblem) {
          issues.push({
            field: pathOf({ value: null, parent: place, key: label }),
            message: `name ${keyProblem}`,
          });
        }
        check((value as Record<string, unknown>)[key], place, label, queue);
      }
    }
    for (let i = queue.length - 1; i >= 0; i--) stack.push(queue[i] as Place);
  }
  return issues.slice(0, limit);
}
