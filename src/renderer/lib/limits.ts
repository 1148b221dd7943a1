// Length limits of inputs, read from the contract's own schemas: an input stops at the length
// the core would accept, so a clerk learns the limit while typing (and a 10 MB paste cannot
// freeze the page), and the two can never disagree.
import type { z } from 'zod';

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { def: Def }).def;
}

/** The schema under wrappers (optional, nullable, default, transform, refine). */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
}

/**
 * The most characters the contract accepts at a dotted path of an input schema
 * (`'definition.levies.0.name'`; array indexes may be any number), or undefined when it sets none.
 */
export function maxLengthOf(schema: z.ZodType, path: string): number | undefined {
  let current = unwrap(schema);
  for (const part of path.split('.')) {
    const def = defOf(current);
    if (def.type === 'object' && def.shape?.[part]) current = unwrap(def.shape[part]);
    else if (def.type === 'array' && def.element && /^\d+$/.test(part))
      current = unwrap(def.element);
    else return undefined;
  }
  const max = (current as unknown as { maxLength?: number | null }).maxLength;
  return typeof max === 'number' ? max : undefined;
}

/** Where a field has no limit of its own: enough for any real text, far from a freezing paste. */
export const SAFETY_MAX_LENGTH = { input: 1000, textarea: 10_000 } as const;
