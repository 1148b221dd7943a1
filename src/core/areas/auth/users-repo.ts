// Reading users and shaping them for the outside (never the password hash).
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { UserPublic } from '../../../contract';
import type { Db, ReadDb } from '../../db/client';
import { prepared } from '../../db/prepared';
import { users } from '../../db/schema';

export type UserRow = typeof users.$inferSelect;

export function toPublicUser(row: UserRow, nowIso: string): UserPublic {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    disabled: row.disabledAt !== null,
    lockedUntil: row.lockedUntil !== null && row.lockedUntil > nowIso ? row.lockedUntil : null,
    lastLoginAt: row.lastLoginAt,
    createdAt: row.createdAt,
  };
}

export function findUserByUsername(db: Db, username: string): UserRow | undefined {
  return prepared(db, 'userByName', (d) =>
    d
      .select()
      .from(users)
      .where(eq(users.username, sql.placeholder('username')))
      .prepare(),
  ).get({ username });
}

export function findUser(db: ReadDb, id: string): UserRow | undefined {
  return prepared(db, 'userById', (d) =>
    d
      .select()
      .from(users)
      .where(eq(users.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id });
}

export function loadActiveUser(db: Db, id: string): UserRow | undefined {
  return prepared(db, 'activeUserById', (d) =>
    d
      .select()
      .from(users)
      .where(and(eq(users.id, sql.placeholder('id')), isNull(users.disabledAt)))
      .prepare(),
  ).get({ id });
}

export function countActiveAdmins(db: Db): number {
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.disabledAt)))
    .all().length;
}
