// Sign-in, sign-out and the lock screen. Wrong passwords are counted per account: each one makes
// the answer slower, and five in a row lock the account for a quarter of an hour (an admin's
// password reset lifts the lock).
import { eq } from 'drizzle-orm';
import { AppError } from '../../../contract';
import type { Deps, ServiceContext } from '../../context';
import { noteAudit } from '../../context';
import { dummyHash, hashPasswordAsync, verifyPasswordAsync } from '../../adapters/passwords';
import { users } from '../../db/schema';
import { readSettings, requireOffice } from '../shared/office';
import type { Handler } from '../shared/types';
import { findUser, findUserByUsername, writeSignInCounters, type UserRow } from './users-repo';
import { toPublicUser } from './queries';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;
const WRONG = 'Wrong username or password.';

/** Slower answers after each wrong password: 0.25 s, 0.5 s, 1 s, 2 s... capped at 4 s. */
export function failureDelayMs(attempt: number): number {
  return Math.min(4000, 250 * 2 ** Math.max(0, attempt - 1));
}

function lockedMessage(until: string): string {
  return (
    `Too many wrong passwords: this account is locked until ${until.slice(11, 16)} UTC. ` +
    'Try again later or ask an administrator to reset the password.'
  );
}

/** What the slow part of a sign-in found: the account (if any) and whether the password fits. */
export interface PasswordCheck {
  username: string;
  /** The hash the password was checked against (null: no such account). */
  checkedHash: string | null;
  matches: boolean;
}

/**
 * The slow half of a sign-in, run before any transaction: scrypt on the thread pool, so twenty
 * people mistyping at once do not stall everyone else. An unknown username costs the same work.
 */
export async function checkPassword(
  deps: Deps,
  username: string,
  password: string,
): Promise<PasswordCheck> {
  const user = findUserByUsername(deps.db, username);
  const hash = user?.passwordHash ?? (await dummyHash());
  const matches = await verifyPasswordAsync(password, hash);
  return { username, checkedHash: user ? hash : null, matches: user ? matches : false };
}

/**
 * The quick half, inside the command's transaction: apply the rules to the account as it is now
 * (another sign-in may have counted a failure meanwhile) and record the outcome. Returns the user,
 * or an AppError after recording the failure (the caller keeps the writes).
 *
 * A disabled account answers exactly like an unknown username, whatever the password: telling
 * "disabled" only after a right password would let anyone test guesses against it.
 */
export function settleSignIn(deps: Deps, check: PasswordCheck): UserRow | AppError {
  const now = deps.clock.nowIso();
  const user = findUserByUsername(deps.db, check.username);
  if (!user || user.disabledAt) {
    return new AppError('UNAUTHENTICATED', WRONG, { delayMs: failureDelayMs(1) });
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    return new AppError('UNAUTHENTICATED', lockedMessage(user.lockedUntil), {
      lockedUntil: user.lockedUntil,
    });
  }
  // A password reset between the check and now makes the checked hash stale: a wrong password.
  if (!check.matches || check.checkedHash !== user.passwordHash) {
    const attempts = user.failedAttempts + 1;
    const lock = attempts >= MAX_FAILED_ATTEMPTS;
    const lockedUntil = lock ? new Date(deps.clock.nowMs() + LOCKOUT_MS).toISOString() : null;
    writeSignInCounters(deps.db, user.id, { failedAttempts: lock ? 0 : attempts, lockedUntil });
    if (lockedUntil) {
      return new AppError('UNAUTHENTICATED', lockedMessage(lockedUntil), {
        lockedUntil,
        delayMs: failureDelayMs(attempts),
      });
    }
    return new AppError('UNAUTHENTICATED', WRONG, { delayMs: failureDelayMs(attempts) });
  }
  if (user.failedAttempts !== 0 || user.lockedUntil) {
    writeSignInCounters(deps.db, user.id, { failedAttempts: 0, lockedUntil: null });
  }
  return user;
}

/** Why a sign-in of an existing account was refused, for the audit log (never for the caller). */
function refusalNote(user: UserRow, error: AppError): string {
  return user.disabledAt ? 'the account is disabled' : error.message;
}

function actorOf(user: UserRow) {
  return { kind: 'user' as const, userId: user.id, name: user.username, role: user.role };
}

export const login: Handler<'auth.login'> = async (ctx, input) => {
  requireOffice(ctx.db);
  const check = await checkPassword(ctx, input.username, input.password);
  return ctx.transact(() => {
    const result = settleSignIn(ctx, check);
    if (result instanceof AppError) {
      const known = findUserByUsername(ctx.db, input.username);
      // Failures against real accounts are audited; unknown names are not (nothing to protect,
      // and the log must not fill with whatever a stranger types).
      if (known) {
        ctx.note.actor = actorOf(known);
        ctx.note.keepOnError = true;
        noteAudit(ctx, `Sign-in refused for ${known.username}: ${refusalNote(known, result)}`, [
          known.id,
        ]);
      }
      return result;
    }
    const now = ctx.clock.nowIso();
    writeSignInCounters(ctx.db, result.id, { lastLoginAt: now });
    const token = ctx.ids.newToken();
    ctx.sessions.create(token, result.id, ctx.clock.nowMs());
    ctx.note.actor = actorOf(result);
    noteAudit(ctx, `${result.username} signed in`, [result.id]);
    return { token, user: toPublicUser({ ...result, lastLoginAt: now }, now) };
  });
};

export const logout: Handler<'auth.logout'> = (ctx) => {
  if (ctx.session) ctx.sessions.end(ctx.session.token);
  noteAudit(ctx, `${ctx.actor.name} signed out`, ctx.actor.userId ? [ctx.actor.userId] : []);
  return { loggedOut: true };
};

export const lock: Handler<'auth.lock'> = (ctx) => {
  if (!ctx.session) throw new AppError('VALIDATION', 'Only a signed-in session can be locked.');
  lockSession(ctx, true);
  noteAudit(ctx, `${ctx.actor.name} locked the screen`, ctx.actor.userId ? [ctx.actor.userId] : []);
  return { locked: true };
};

function lockSession(ctx: ServiceContext, locked: boolean): void {
  const live = ctx.session ? ctx.sessions.touch(ctx.session.token, ctx.clock.nowMs()) : undefined;
  if (live) live.locked = locked;
}

export const unlock: Handler<'auth.unlock'> = async (ctx, input) => {
  const session = ctx.session;
  if (!session || !ctx.actor.userId) {
    throw new AppError('VALIDATION', 'Only a signed-in session can be unlocked.');
  }
  const user = findUser(ctx.db, ctx.actor.userId);
  if (!user) throw new AppError('UNAUTHENTICATED', 'Please sign in.');
  const check = await checkPassword(ctx, user.username, input.password);
  return ctx.transact(() => {
    const result = settleSignIn(ctx, check);
    if (result instanceof AppError) {
      ctx.note.keepOnError = true;
      noteAudit(ctx, `Unlock refused for ${user.username}: ${result.message}`, [user.id]);
      if (result.details?.lockedUntil) ctx.sessions.end(session.token);
      return result.message === WRONG
        ? new AppError('UNAUTHENTICATED', 'Wrong password.', result.details)
        : result;
    }
    lockSession(ctx, false);
    noteAudit(ctx, `${user.username} unlocked the screen`, [user.id]);
    return { user: toPublicUser(result, ctx.clock.nowIso()) };
  });
};

/**
 * Changing one's own password ends every other session of that user (a password typed on a
 * shared PC, or a stolen token, stops working) but keeps the one that changed it.
 */
export const changePassword: Handler<'auth.changePassword'> = async (ctx, input) => {
  const userId = ctx.actor.userId;
  if (!userId) {
    throw new AppError(
      'VALIDATION',
      'The local operator has no password; use users.resetPassword.',
    );
  }
  const user = findUser(ctx.db, userId);
  const wrong = () =>
    new AppError('VALIDATION', 'Current password is wrong.', {
      issues: [{ field: 'currentPassword', message: 'is wrong' }],
    });
  if (!user || !(await verifyPasswordAsync(input.currentPassword, user.passwordHash))) {
    throw wrong();
  }
  const passwordHash = await hashPasswordAsync(input.newPassword, ctx.scrypt);
  return ctx.transact(() => {
    // Someone may have reset the password while the hashes were computed: the check no longer holds.
    if (findUser(ctx.db, userId)?.passwordHash !== user.passwordHash) throw wrong();
    ctx.db
      .update(users)
      .set({ passwordHash, updatedHlc: ctx.hlc.next() })
      .where(eq(users.id, user.id))
      .run();
    const ended = ctx.sessions.endAllFor(user.id, ctx.session?.token);
    noteAudit(
      ctx,
      `${user.username} changed their password` +
        (ended > 0 ? ` (${ended} other session${ended === 1 ? '' : 's'} signed out)` : ''),
      [user.id],
    );
    return { changed: true as const };
  });
};

export const me: Handler<'auth.me'> = (ctx) => {
  if (!ctx.actor.userId || !ctx.session) {
    throw new AppError('VALIDATION', 'The local operator is not a signed-in user.');
  }
  const user = findUser(ctx.db, ctx.actor.userId);
  if (!user) throw new AppError('UNAUTHENTICATED', 'Please sign in.');
  return {
    user: toPublicUser(user, ctx.clock.nowIso()),
    locked: ctx.session.locked,
    settings: readSettings(ctx.db),
  };
};
