// Users as other areas read them: shaped for the outside, never with the password hash.
import type { UserPublic } from '../../../contract';
import type { UserRow } from './users-repo';

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
