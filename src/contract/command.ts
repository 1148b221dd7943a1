// What a command is: a name, a zod input schema, a zod output schema, who may call it and whether
// it writes. The dispatcher and every door are driven by these definitions alone.
import type { z } from 'zod';
import type { Role } from './roles';

/**
 * `public`: callable without a session (setup, login).
 * `signed-in`: any role.
 * a role list: only those roles (the CLI's local operator counts as admin).
 */
export type Access = 'public' | 'signed-in' | readonly Role[];

export interface CommandDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  name: string;
  /** One sentence for `griddesk commands` and docs/api.md. */
  summary: string;
  input: I;
  output: O;
  access: Access;
  /** Writes run in one SQLite transaction and append an audit entry. */
  kind: 'query' | 'write';
  /**
   * Long-running write (imports, bulk reads): the dispatcher does not wrap it in a transaction;
   * the service validates and reports progress first, then commits through `ctx.transact`.
   */
  long?: boolean;
  /** Still allowed while the session's screen is locked (unlock, logout, who am I). */
  whileLocked?: boolean;
}

export function defineCommand<
  const N extends string,
  I extends z.ZodType,
  O extends z.ZodType,
  const K extends CommandDef['kind'],
>(def: CommandDef<I, O> & { name: N; kind: K }): CommandDef<I, O> & { name: N; kind: K } {
  return def;
}

export function roleMayCall(access: Access, role: Role): boolean {
  if (access === 'public' || access === 'signed-in') return true;
  return access.includes(role);
}
