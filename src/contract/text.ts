// Text is well-formed: no string entering the contract may hold a lone UTF-16 surrogate or a NUL.
//
// Why: SQLite stores text as UTF-8. A lone surrogate (half of an emoji pair, e.g. "North \ud800")
// has no UTF-8 form, so what is read back differs from what was written; and the audit entry
// hashed from the written value would then never verify again. A NUL cuts text short in SQLite's
// own functions (length, LIKE, FTS). Refusing both at the door keeps "what is hashed is what is
// stored" true for every command, including ones added later: the dispatcher walks every input
// with `illFormedTextIssues` before the command's own schema sees it.
import type { FieldIssue } from './errors';
import { illFormedTextProblem, isWellFormedText, NUL } from '../domain/text';

export { illFormedTextProblem, isWellFormedText, wellFormed } from '../domain/text';

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
