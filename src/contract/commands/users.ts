// User administration (admins only).
import { z } from 'zod';
import { defineCommand } from '../command';
import * as f from '../fields';
import { userPublic } from './common';

const admins = ['admin'] as const;

export const createUserInput = z
  .object({
    username: f.username,
    displayName: f.displayName,
    role: f.role,
    password: f.password,
    passwordConfirm: z.string().max(200),
  })
  .strict()
  .superRefine(f.confirmMatches('password', 'passwordConfirm'));

export const resetPasswordInput = z
  .object({ id: f.id, password: f.password, passwordConfirm: z.string().max(200) })
  .strict()
  .superRefine(f.confirmMatches('password', 'passwordConfirm'));

export const usersCommands = {
  'users.list': defineCommand({
    name: 'users.list',
    summary: 'Every user of this office, disabled ones included.',
    input: z.object({}).strict(),
    output: z.object({ users: z.array(userPublic) }),
    access: admins,
    kind: 'query',
  }),
  'users.create': defineCommand({
    name: 'users.create',
    summary: 'Create a user with a role and a first password.',
    input: createUserInput,
    output: userPublic,
    access: admins,
    kind: 'write',
    // Hashes the password (scrypt, on the thread pool) before its transaction.
    long: true,
  }),
  'users.update': defineCommand({
    name: 'users.update',
    summary: "Change a user's display name or role (the last active admin keeps the admin role).",
    input: z
      .object({ id: f.id, displayName: f.displayName.optional(), role: f.role.optional() })
      .strict(),
    output: userPublic,
    access: admins,
    kind: 'write',
  }),
  'users.setDisabled': defineCommand({
    name: 'users.setDisabled',
    summary: 'Disable or re-enable a user; disabling ends their sessions.',
    input: z.object({ id: f.id, disabled: z.boolean() }).strict(),
    output: userPublic,
    access: admins,
    kind: 'write',
  }),
  'users.resetPassword': defineCommand({
    name: 'users.resetPassword',
    summary: "Set a new password for a user; clears a lock-out and ends the user's sessions.",
    input: resetPasswordInput,
    output: userPublic,
    access: admins,
    kind: 'write',
    // Hashes the password (scrypt, on the thread pool) before its transaction.
    long: true,
  }),
};
