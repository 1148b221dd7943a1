// Reading users. A user is read with
// this office's sign-in counters (`signin_counters`, local: they never travel with the account).
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, ReadDb } from '../../db/client';
import { prepared } from '../../db/prepared';
import { signinCounters, users } from '../../db/schema';
import { THIS_OFFICE_KEY } from '../shared/office';

/** What signing in at this office did to an account. */
export interface SignInCounters {
  failedAttempts: number;
  lockedUntil: string | null;
  lastLoginAt: string | null;
}

export type UserRow = typeof users.$inferSelect & SignInCounters;

/** The columns of a user with its counters; an account with no counters row has none yet. */
const userColumns = {
  id: users.id,
  officeId: users.officeId,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  passwordHash: users.passwordHash,
  disabledAt: users.disabledAt,
  createdAt: users.createdAt,
  updatedHlc: users.updatedHlc,
  failedAttempts: sql<number>`coalesce(${signinCounters.failedAttempts}, 0)`.mapWith(Number),
  lockedUntil: signinCounters.lockedUntil,
  lastLoginAt: signinCounters.lastLoginAt,
};

function selectUsers(db: ReadDb) {
  return db
    .select(userColumns)
    .from(users)
    .leftJoin(signinCounters, eq(signinCounters.userId, users.id));
}

/** Every user with its counters, by username. */
export function listUsers(db: ReadDb): UserRow[] {
  return selectUsers(db).orderBy(users.username).all();
}

/** Change this office's counters of one account (a row is made at its first sign-in). */
export function writeSignInCounters(db: Db, userId: string, patch: Partial<SignInCounters>): void {
  db.insert(signinCounters)
    .values({ userId, ...patch })
    .onConflictDoUpdate({ target: signinCounters.userId, set: patch })
    .run();
}

export function findUserByUsername(db: Db, username: string): UserRow | undefined {
  return prepared(db, 'userByName', (d) =>
    selectUsers(d)
      .where(eq(users.username, sql.placeholder('username')))
      // Usernames are unique per office (docs/sync.md "Unique keys"): should two offices have
      // made the same one while apart, this office's own account is the one that signs in here.
      .orderBy(
        sql`${users.officeId} = (SELECT value FROM local_meta WHERE key = ${THIS_OFFICE_KEY}) DESC`,
        users.id,
      )
      .limit(1)
      .prepare(),
  ).get({ username });
}

export function findUser(db: ReadDb, id: string): UserRow | undefined {
  return prepared(db, 'userById', (d) =>
    selectUsers(d)
      .where(eq(users.id, sql.placeholder('id')))
      .prepare(),
  ).get({ id });
}

export function loadActiveUser(db: Db, id: string): UserRow | undefined {
  return prepared(db, 'activeUserById', (d) =>
    selectUsers(d)
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
