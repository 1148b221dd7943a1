// Signing in and out, locking the screen between cashiers, changing one's own password.
import { z } from 'zod';
import { defineCommand } from '../command';
import * as f from '../fields';
import { empty, session, settings, userPublic } from './common';

export const loginInput = z
  .object({
    username: f.username,
    password: z.string().min(1, { message: 'is required' }).max(200),
  })
  .strict();

export const changePasswordInput = z
  .object({
    currentPassword: z.string().min(1, { message: 'is required' }).max(200),
    newPassword: f.password,
    newPasswordConfirm: z.string().max(200),
  })
  .strict()
  .superRefine(f.confirmMatches('newPassword', 'newPasswordConfirm'));

export const authCommands = {
  'auth.login': defineCommand({
    name: 'auth.login',
    summary:
      'Sign in with username and password; returns the session token. Wrong passwords slow down and then lock the account for a while.',
    input: loginInput,
    output: session,
    access: 'public',
    kind: 'write',
    // Hashes the password (scrypt, on the thread pool) before its transaction.
    long: true,
  }),
  'auth.logout': defineCommand({
    name: 'auth.logout',
    summary: 'End this session.',
    input: empty,
    output: z.object({ loggedOut: z.literal(true) }),
    access: 'signed-in',
    kind: 'write',
    whileLocked: true,
  }),
  'auth.lock': defineCommand({
    name: 'auth.lock',
    summary: 'Lock the screen: the session stays but every command needs the password again.',
    input: empty,
    output: z.object({ locked: z.literal(true) }),
    access: 'signed-in',
    kind: 'write',
  }),
  'auth.unlock': defineCommand({
    name: 'auth.unlock',
    summary: "Unlock a locked session with the signed-in user's password.",
    input: z.object({ password: z.string().min(1, { message: 'is required' }).max(200) }).strict(),
    output: z.object({ user: userPublic }),
    access: 'signed-in',
    kind: 'write',
    // Hashes the password (scrypt, on the thread pool) before its transaction.
    long: true,
    whileLocked: true,
  }),
  'auth.me': defineCommand({
    name: 'auth.me',
    summary: 'Who is signed in, whether the screen is locked, and the company settings.',
    input: empty,
    output: z.object({ user: userPublic, locked: z.boolean(), settings }),
    access: 'signed-in',
    kind: 'query',
    whileLocked: true,
  }),
  'auth.changePassword': defineCommand({
    name: 'auth.changePassword',
    summary: 'Change your own password (the current one is required).',
    input: changePasswordInput,
    output: z.object({ changed: z.literal(true) }),
    access: 'signed-in',
    kind: 'write',
    // Hashes the password (scrypt, on the thread pool) before its transaction.
    long: true,
  }),
};
