// User administration: create, rename, change role, disable, reset password. The office always
// keeps at least one active administrator.
import { eq } from 'drizzle-orm';
import { AppError, type ParsedInputOf, type UserPublic } from '../../../contract';
import { noteAudit, type ServiceContext } from '../../context';
import { hashPasswordAsync } from '../../adapters/passwords';
import { users } from '../../db/schema';
import { requireOffice } from '../shared/office';
import type { Handler } from '../shared/types';
import {
  countActiveAdmins,
  findUser,
  findUserByUsername,
  listUsers,
  writeSignInCounters,
  type UserRow,
} from './users-repo';
import { toPublicUser } from './queries';

type Ctx = ServiceContext;

function mustFind(ctx: Parameters<Handler<'users.update'>>[0], id: string): UserRow {
  const user = findUser(ctx.db, id);
  if (!user) throw new AppError('NOT_FOUND', `No user with id ${id}.`);
  return user;
}

function assertKeepsAnAdmin(
  ctx: Parameters<Handler<'users.update'>>[0],
  user: UserRow,
  losesAdmin: boolean,
): void {
  if (losesAdmin && user.role === 'admin' && !user.disabledAt && countActiveAdmins(ctx.db) <= 1) {
    throw new AppError(
      'CONFLICT',
      `${user.username} is the last active administrator; make another administrator first.`,
    );
  }
}

export const list: Handler<'users.list'> = (ctx) => {
  const now = ctx.clock.nowIso();
  return { users: listUsers(ctx.db).map((row) => toPublicUser(row, now)) };
};

function assertUsernameFree(ctx: Parameters<Handler<'users.create'>>[0], username: string): void {
  if (findUserByUsername(ctx.db, username)) {
    throw new AppError('CONFLICT', `The username ${username} is already taken.`, {
      issues: [{ field: 'username', message: 'is already taken' }],
    });
  }
}

export const create: Handler<'users.create'> = async (ctx, input) => {
  requireOffice(ctx.db);
  assertUsernameFree(ctx, input.username);
  const passwordHash = await hashPasswordAsync(input.password, ctx.scrypt);
  // Checked again inside: another admin may have taken the name while the password was hashed.
  return ctx.transact(() => insertUser(ctx, input, passwordHash));
};

/**
 * The write half of users.create, for a password already hashed. The demo company's loader uses
 * it inside the setup transaction, which cannot wait for the thread pool.
 */
export function insertUser(
  ctx: Ctx,
  input: ParsedInputOf<'users.create'>,
  passwordHash: string,
): UserPublic {
  const office = requireOffice(ctx.db);
  assertUsernameFree(ctx, input.username);
  const now = ctx.clock.nowIso();
  const row: typeof users.$inferSelect = {
    id: ctx.ids.newId(),
    officeId: office.id,
    username: input.username,
    displayName: input.displayName,
    role: input.role,
    passwordHash,
    disabledAt: null,
    createdAt: now,
    updatedHlc: ctx.hlc.next(),
  };
  ctx.db.insert(users).values(row).run();
  noteAudit(ctx, `Created user ${row.username} (${row.role})`, [row.id]);
  return toPublicUser({ ...row, failedAttempts: 0, lockedUntil: null, lastLoginAt: null }, now);
}

export const update: Handler<'users.update'> = (ctx, input) => {
  const user = mustFind(ctx, input.id);
  const role = input.role ?? user.role;
  const displayName = input.displayName ?? user.displayName;
  assertKeepsAnAdmin(ctx, user, role !== 'admin');
  ctx.db
    .update(users)
    .set({ role, displayName, updatedHlc: ctx.hlc.next() })
    .where(eq(users.id, user.id))
    .run();
  const changes = [
    role !== user.role ? `role ${user.role} -> ${role}` : null,
    displayName !== user.displayName ? `name "${user.displayName}" -> "${displayName}"` : null,
  ].filter(Boolean);
  noteAudit(ctx, `Updated user ${user.username}: ${changes.join(', ') || 'no change'}`, [user.id]);
  return toPublicUser({ ...user, role, displayName }, ctx.clock.nowIso());
};

export const setDisabled: Handler<'users.setDisabled'> = (ctx, input) => {
  const user = mustFind(ctx, input.id);
  if (input.disabled && user.id === ctx.actor.userId) {
    throw new AppError('CONFLICT', 'You cannot disable your own account.');
  }
  if (input.disabled) assertKeepsAnAdmin(ctx, user, true);
  const now = ctx.clock.nowIso();
  const disabledAt = input.disabled ? (user.disabledAt ?? now) : null;
  ctx.db
    .update(users)
    .set({ disabledAt, updatedHlc: ctx.hlc.next() })
    .where(eq(users.id, user.id))
    .run();
  if (input.disabled) ctx.sessions.endAllFor(user.id);
  noteAudit(ctx, `${input.disabled ? 'Disabled' : 'Enabled'} user ${user.username}`, [user.id]);
  return toPublicUser({ ...user, disabledAt }, now);
};

export const resetPassword: Handler<'users.resetPassword'> = async (ctx, input) => {
  mustFind(ctx, input.id);
  const passwordHash = await hashPasswordAsync(input.password, ctx.scrypt);
  return ctx.transact(() => {
    const user = mustFind(ctx, input.id);
    ctx.db
      .update(users)
      .set({ passwordHash, updatedHlc: ctx.hlc.next() })
      .where(eq(users.id, user.id))
      .run();
    // The reset lifts a lock from wrong passwords typed here.
    writeSignInCounters(ctx.db, user.id, { failedAttempts: 0, lockedUntil: null });
    // Everyone signed in as that user is signed out; an admin resetting their own keeps this session.
    ctx.sessions.endAllFor(user.id, ctx.session?.token);
    noteAudit(ctx, `Reset the password of ${user.username}`, [user.id]);
    return toPublicUser({ ...user, failedAttempts: 0, lockedUntil: null }, ctx.clock.nowIso());
  });
};
