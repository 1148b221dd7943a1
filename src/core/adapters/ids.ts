// Record ids: UUIDv7, globally unique across offices and roughly time-ordered (good for B-tree
// inserts). Injected so tests can use predictable ids.
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

export interface Ids {
  newId(): string;
  /** A random secret for session tokens. */
  newToken(): string;
}

export const randomIds: Ids = {
  newId: () => uuidv7(),
  newToken: () => randomBytes(32).toString('base64url'),
};

/** Deterministic ids for tests: valid UUID shape, counting up. */
export function sequentialIds(prefix = '00000000'): Ids {
  let n = 0;
  return {
    newId: () => {
      n += 1;
      return `${prefix}-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
    },
    newToken: () => {
      n += 1;
      return `token-${n}`;
    },
  };
}
