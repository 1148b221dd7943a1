// The service behind every command. The type makes a missing service a compile error.
import type { ServiceContext } from '../context';
import * as audit from './audit';
import * as auth from './auth';
import * as settings from './settings';
import * as setup from './setup';
import * as system from './system';
import type { HandlerMap } from './types';
import * as users from './users';

export const handlers: HandlerMap = {
  'setup.status': setup.status,
  'setup.initialise': setup.initialise,
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
  'settings.get': settings.get,
  'settings.update': settings.update,
  'audit.list': audit.list,
  'audit.verify': audit.verify,
  'system.info': system.info,
  'dashboard.summary': system.dashboard,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the dispatcher validated the input against the command's own schema
export type AnyHandler = (ctx: ServiceContext, input: any) => unknown;
