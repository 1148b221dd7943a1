import type { HandlerMap } from '../shared/types';
import * as dashboard from './dashboard';
import * as funderExports from './funder';
import * as reports from './reports';

/** The commands this area answers; the handler map (areas/index.ts) joins every area's. */
export const handlers = {
  'reports.monthly': reports.monthly,
  'reports.monthlyFiles': reports.monthlyFiles,
  'targets.set': reports.setTarget,
  'targets.list': reports.listTargets,
  'reports.dashboard': dashboard.dashboard,
  'reports.funder': funderExports.funder,
} satisfies Partial<HandlerMap>;
