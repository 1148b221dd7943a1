import type { HandlerMap } from '../shared/types';
import * as setup from './setup';
import * as settings from './settings';
import * as audit from './audit';
import * as system from './system';

/** The commands this area answers; the handler map (areas/index.ts) joins every area's. */
export const handlers = {
  'setup.status': setup.status,
  'setup.initialise': setup.initialise,
  'settings.get': settings.get,
  'settings.update': settings.update,
  'audit.list': audit.list,
  'audit.verify': audit.verify,
  'system.info': system.info,
  'system.checkDatabase': system.checkDatabase,
} satisfies Partial<HandlerMap>;
