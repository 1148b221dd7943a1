// Sign-in, sign-out and the lock screen. Wrong passwords are counted per account: each one makes
// the answer slower, and five in a row lock the account for a quarter of an hour (an admin's
// password reset lifts the lock).
import { eq } from 'drizzle-orm';
import { AppError } from '../../contract';
import type { Deps, ServiceContext } from '../context';
import { noteAudit } from '../context';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../adapters/passwords';
import { users } from '../db/schema';
import { readSettings, requireOffice } from './office';
import type { Handler } from './types';
import { findUser, findUserByUsername, toPublicUser, type UserRow } from './users-repo';

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

/**
 * Check a username and password. Returns the user, or an AppError after recording the failure
 * (the caller must keep the writes: the dispatcher does for returned errors).
 */
export function verifyCredentials(
  deps: Deps,
  username: string,
  password: string,
): UserRow | AppError {
  const now = deps.clock.nowIso();
  const user = findUserByUsername(deps.db, username);
  if (!user) {
    verifyPassword(password, DUMMY_HASH);
    return new AppError('UNAUTHENTICATED', WRONG, { delayMs: failureDelayMs(1) });
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    return new AppError('UNAUTHENTICATED', lockedMessage(user.lockedUntil), {
      lockedUntil: user.lockedUntil,
    });
  }
  if (!verifyPassword(password, user.passwordHash)) {
    const attempts = user.failedAttempts + 1;
    const lock = attempts >= MAX_FAILED_ATTEMPTS;
    const lockedUntil = lock ? new Date(deps.clock.nowMs() + LOCKOUT_MS).toISOString() : null;
    deps.db
      .update(users)
      .set({ failedAttempts: lock ? 0 : attempts, lockedUntil })
      .where(eq(users.id, user.id))
      .run();
    if (lockedUntil) {
      return new AppError('UNAUTHENTICATED', lockedMessage(lockedUntil), {
        lockedUntil,
        delayMs: failureDelayMs(attempts),
      });
    }
    return new AppError('UNAUTHENTICATED', WRONG, { delayMs: failureDelayMs(attempts) });
  }
  if (user.disabledAt) {
    return new AppError('UNAUTHENTICATED', 'This account is disabled. Ask an administrator.');
  }
  if (user.failedAttempts !== 0 || user.lockedUntil) {
    deps.db
      .update(users)
      .set({ failedAttempts: 0, lockedUntil: null })
      .where(eq(users.id, user.id))
      .run();
  }
  return user;
}

function actorOf(user: UserRow) {
  return { kind: 'user' as const, userId: user.id, name: user.username, role: user.role };
}

export const login: Handler<'auth.login'> = (ctx, input) => {
  requireOffice(ctx.db);
  const result = verifyCredentials(ctx, input.username, input.password);
  if (result instanceof AppError) {
    const known = findUserByUsername(ctx.db, input.username);
    // Failures against real accounts are audited; unknown names are not (nothing to protect,
    // and the log must not fill with whatever a stranger types).
    if (known) {
      ctx.note.actor = actorOf(known);
      ctx.note.keepOnError = true;
      noteAudit(ctx, `Sign-in refused for ${known.username}: ${result.message}`, [known.id]);
    }
    return result;
  }
  const now = ctx.clock.nowIso();
  ctx.db.update(users).set({ lastLoginAt: now }).where(eq(users.id, result.id)).run();
  const token = ctx.ids.newToken();
  ctx.sessions.create(token, result.id, ctx.clock.nowMs());
  ctx.note.actor = actorOf(result);
  noteAudit(ctx, `${result.username} signed in`, [result.id]);
  return { token, user: toPublicUser({ ...result, lastLoginAt: now }, now) };
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

export const unlock: Handler<'auth.unlock'> = (ctx, input) => {
  if (!ctx.session || !ctx.actor.userId) {
    throw new AppError('VALIDATION', 'Only a signed-in session can be unlocked.');
  }
  const user = findUser(ctx.db, ctx.actor.userId);
  if (!user) throw new AppError('UNAUTHENTICATED', 'Please sign in.');
  const result = verifyCredentials(ctx, user.username, input.password);
  if (result instanceof AppError) {
    ctx.note.keepOnError = true;
    noteAudit(ctx, `Unlock refused for ${user.username}: ${result.message}`, [user.id]);
    if (result.details?.lockedUntil) ctx.sessions.end(ctx.session.token);
    return result.message === WRONG
      ? new AppError('UNAUTHENTICATED', 'Wrong password.', result.details)
      : result;
  }
  lockSession(ctx, false);
  noteAudit(ctx, `${user.username} unlocked the screen`, [user.id]);
  return { user: toPublicUser(result, ctx.clock.nowIso()) };
};

export const changePassword: Handler<'auth.changePassword'> = (ctx, input) => {
  if (!ctx.actor.userId) {
    throw new AppError(
      'VALIDATION',
      'The local operator has no password; use users.resetPassword.',
    );
  }
  const user = findUser(ctx.db, ctx.actor.userId);
  if (!user || !verifyPassword(input.currentPassword, user.passwordHash)) {
    throw new AppError('VALIDATION', 'Current password is wrong.', {
      issues: [{ field: 'currentPassword', message: 'is wrong' }],
    });
  }
  ctx.db
    .update(users)
    .set({ passwordHash: hashPassword(input.newPassword, ctx.scrypt), updatedHlc: ctx.hlc.next() })
    .where(eq(users.id, user.id))
    .run();
  noteAudit(ctx, `${user.username} changed their password`, [user.id]);
  return { changed: true };
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
