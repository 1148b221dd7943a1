// The one dispatcher behind every door (IPC, loopback HTTP, CLI): find the command, validate the
// input with its zod schema, check the session and role, run the service (writes in one SQLite
// transaction together with their audit entry), and answer with the result envelope.
//
// A service may *throw* an AppError (everything it wrote is rolled back) or *return* one (what it
// wrote is kept and the caller gets the error): the second form exists for failed sign-ins, whose
// attempt counters and audit entries must survive the refusal.
import type { z } from 'zod';
import {
  AppError,
  findCommand,
  illFormedTextIssues,
  roleMayCall,
  wellFormed,
  type CommandDef,
  type Envelope,
  type FieldIssue,
} from '../contract';
import type { Actor, AuditNote, Deps, Door, ServiceContext } from './context';
import { appendAudit } from './audit-log';
import { handlers, type AnyHandler } from './areas';
import { checkPassword, loadActiveUser, settleSignIn } from './areas/auth';
import { thisOffice, withOfficeMemo } from './areas/shared/office';
import { busyError } from './db/busy';
import { storageError } from './storage-errors';

export interface CallContext {
  door: Door;
  /** Session token from the door (HTTP header, IPC argument). */
  token?: string | undefined;
  /** CLI only: run as this signed-in user instead of the local operator. */
  asUser?: { username: string; password: string } | undefined;
}

export type Dispatch = (
  name: string,
  input: unknown,
  call: CallContext,
) => Promise<Envelope<unknown>>;

const OPERATOR: Actor = { kind: 'operator', userId: null, name: 'cli', role: 'admin' };
const SYSTEM: Actor = { kind: 'operator', userId: null, name: 'system', role: 'admin' };
const ANONYMOUS: Actor = { kind: 'anonymous', userId: null, name: 'anonymous', role: null };

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

function validationError(issues: FieldIssue[]): AppError {
  const first = issues[0];
  const text = first ? `${first.field || 'input'} ${first.message}` : 'input is not valid';
  return new AppError('VALIDATION', text.charAt(0).toUpperCase() + text.slice(1), { issues });
}

interface DispatcherOptions {
  /** Waits before answering a failed sign-in (slows guessing); injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

export function createDispatcher(deps: Deps, options: DispatcherOptions = {}): Dispatch {
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));

  return async function dispatch(name, input, call) {
    try {
      const def = typeof name === 'string' ? findCommand(name) : undefined;
      if (!def)
        throw new AppError(
          'NOT_FOUND',
          `Unknown command "${wellFormed(String(name).slice(0, 80))}"`,
        );
      // Before the command's schema, for every command: text that SQLite cannot store as given
      // (lone surrogates, NUL) never reaches a service, a hash or a query (contract/text.ts).
      const textIssues = illFormedTextIssues(input);
      if (textIssues.length > 0) throw validationError(textIssues);
      const parsed = def.input.safeParse(input ?? {});
      if (!parsed.success) throw validationError(zodIssues(parsed.error));
      if (deps.readOnly && def.kind === 'write') throw new AppError('BUSY', deps.readOnly.refusal);

      const { actor, session } = await resolveCaller(deps, def, call);
      const handler = (handlers as Record<string, AnyHandler>)[def.name];
      if (!handler) throw new AppError('INTERNAL', `No service for ${def.name}`);

      const ctx: ServiceContext = {
        ...deps,
        actor,
        session,
        door: call.door,
        note: { summary: null, records: [], actor: null, keepOnError: false },
        transact: (fn) => {
          if (!def.long) throw new Error(`${def.name} already runs in a transaction`);
          return deps.raw
            .transaction(() => {
              const value = fn();
              // A refusal that must leave a trace (a failed sign-in) is audited as refused.
              const refused = value instanceof AppError && ctx.note.keepOnError;
              writeAuditEntry(deps, def, ctx, ctx.note, refused);
              return value;
            })
            .immediate();
        },
      };
      const result =
        def.kind === 'write' && !def.long
          ? runWrite(deps, def, ctx, handler, parsed.data)
          : def.kind === 'query' && !def.long
            ? await runQuery(deps, def, ctx, handler, parsed.data)
            : await handler(ctx, parsed.data);
      if (result instanceof AppError) {
        const delay = result.details?.delayMs;
        if (typeof delay === 'number' && delay > 0) await sleep(delay);
        return { ok: false, error: result.toBody() };
      }
      return { ok: true, value: result };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toBody() };
      const busy = busyError(error);
      if (busy) {
        deps.log.warn('command refused: database busy', {
          command: typeof name === 'string' ? name.slice(0, 80) : typeof name,
        });
        return { ok: false, error: busy.toBody() };
      }
      const details = {
        command: typeof name === 'string' ? name.slice(0, 80) : typeof name,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
      // A full disk or a read-only data folder is not a bug: say what to do (storage-errors.ts).
      const storage = storageError(error);
      if (storage) {
        deps.log.warn('command stopped by the disk or data folder', details);
        return { ok: false, error: storage.toBody() };
      }
      deps.log.error('command failed', details);
      return {
        ok: false,
        error: {
          code: 'INTERNAL',
          message: 'Something went wrong inside GridDesk. The details were written to the log.',
        },
      };
    }
  };
}

async function resolveCaller(
  deps: Deps,
  def: CommandDef,
  call: CallContext,
): Promise<{ actor: Actor; session: ServiceContext['session'] }> {
  if (call.door === 'cli' && call.asUser) {
    // A sign-in records failed attempts (the lockout counts them): it is a change like any other.
    if (deps.readOnly) throw new AppError('BUSY', deps.readOnly.refusal);
    const user = await signInForCli(deps, call.asUser);
    assertRole(def, user.role);
    return { actor: user, session: null };
  }
  if (call.door === 'cli') return { actor: OPERATOR, session: null };
  if (call.door === 'system') return { actor: SYSTEM, session: null };
  if (def.access === 'public' && !call.token) return { actor: ANONYMOUS, session: null };

  const token = call.token;
  const session = token ? deps.sessions.touch(token, deps.clock.nowMs()) : undefined;
  if (!token || !session) {
    if (def.access === 'public') return { actor: ANONYMOUS, session: null };
    throw new AppError('UNAUTHENTICATED', 'Please sign in.');
  }
  const user = loadActiveUser(deps.db, session.userId);
  if (!user) {
    deps.sessions.end(token);
    throw new AppError('UNAUTHENTICATED', 'Your account was disabled or removed. Please sign in.');
  }
  if (session.locked && !def.whileLocked) {
    throw new AppError('UNAUTHENTICATED', 'The screen is locked. Enter your password to unlock.', {
      locked: true,
    });
  }
  const actor: Actor = { kind: 'user', userId: user.id, name: user.username, role: user.role };
  assertRole(def, user.role);
  return { actor, session: { ...session, token } };
}

function assertRole(def: CommandDef, role: Actor['role']): void {
  if (role && roleMayCall(def.access, role)) return;
  throw new AppError(
    'FORBIDDEN',
    `Your role (${role ?? 'none'}) is not allowed to do this (${def.name}).`,
  );
}

/** CLI `--user`: check the password like a sign-in, without creating a session. */
async function signInForCli(
  deps: Deps,
  creds: { username: string; password: string },
): Promise<Actor> {
  const check = await checkPassword(deps, creds.username.trim().toLowerCase(), creds.password);
  // The failure counter is kept even though the command is refused.
  const user = deps.raw.transaction(() => settleSignIn(deps, check))();
  if (user instanceof AppError) throw user;
  return { kind: 'user', userId: user.id, name: user.username, role: user.role };
}

function runWrite(
  deps: Deps,
  def: CommandDef,
  ctx: ServiceContext,
  handler: AnyHandler,
  input: unknown,
): unknown {
  // IMMEDIATE: take the write lock before the first read, so a write waits its turn (busy
  // timeout) instead of failing when another connection committed after this one read. The
  // office and its settings are read once per command (services/office.ts).
  return withOfficeMemo(deps.db, () =>
    deps.raw
      .transaction(() => {
        const result = handler(ctx, input);
        if (result instanceof Promise) {
          throw new Error(`${def.name} returned a promise inside its transaction; mark it long`);
        }
        const failed = result instanceof AppError;
        if (!failed || ctx.note.keepOnError) writeAuditEntry(deps, def, ctx, ctx.note, failed);
        return result;
      })
      .immediate(),
  );
}

/**
 * A query command cannot write (docs/architecture.md, "Rules for new code"): while its handler
 * runs, the connection refuses every write (PRAGMA query_only), so a query that writes fails at
 * once, in every test that calls it, instead of changing data without a transaction or an audit
 * entry. Synchronous handlers only: the switch must be off again before another command can run
 * on the connection, and a long query awaits between its steps.
 */
function runQuery(
  deps: Deps,
  def: CommandDef,
  ctx: ServiceContext,
  handler: AnyHandler,
  input: unknown,
): unknown {
  // exec, not a cached statement (SQLite applies this pragma when it compiles it) and not
  // pragma(), which reads a result back: about 5 µs for the pair instead of 80.
  deps.raw.exec('PRAGMA query_only = 1');
  try {
    return withOfficeMemo(deps.db, () => handler(ctx, input));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (!deps.readOnly && typeof code === 'string' && code.startsWith('SQLITE_READONLY')) {
      // A bug in the command, not a read-only disk: answered INTERNAL, the stack logged.
      throw new Error(`${def.name} is a query command but tried to write`, { cause: error });
    }
    throw error;
  } finally {
    deps.raw.exec('PRAGMA query_only = 0');
  }
}

function writeAuditEntry(
  deps: Deps,
  def: CommandDef,
  ctx: ServiceContext,
  note: AuditNote,
  failed: boolean,
): void {
  const actor = note.actor ?? ctx.actor;
  const office = thisOffice(deps.db);
  appendAudit(deps.db, {
    id: deps.ids.newId(),
    officeId: office?.id ?? 'none',
    at: deps.clock.nowIso(),
    actor: actor.name,
    actorUserId: actor.userId,
    door: ctx.door,
    command: def.name,
    records: note.records,
    summary: note.summary ?? def.summary,
    outcome: failed ? 'refused' : 'ok',
  });
}
