import type { HandlerMap } from '../shared/types';
import * as auth from './auth';
import * as users from './users';

/** The commands this area answers; the handler map (areas/index.ts) joins every area's. */
export const handlers = {
  'auth.login': auth.login,
  'auth.logout': auth.logout,
  'auth.lock': auth.lock,
  'auth.unlock': auth.unlock,
  'auth.me': auth.me,
  'auth.changePassword': auth.changePassword,
  'users.list': users.list,
  'users.create': users.create,
  'users.update': users.update,
  'users.setDisabled': users.setDisabled,
  'users.resetPassword': users.resetPassword,
} satisfies Partial<HandlerMap>;

// A user created with an already hashed password, for the demo loader.
export { insertUser } from './users';

// Signing in, for the dispatcher's CLI --user and the session checks.
export { checkPassword, settleSignIn } from './auth';
export { loadActiveUser, writeSignInCounters } from './users-repo';
