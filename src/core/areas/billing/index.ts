import type { HandlerMap } from '../shared/types';
import * as billing from './billing';

/** The commands this area answers; the handler map (areas/index.ts) joins every area's. */
export const handlers = {
  'billing.getSettings': billing.getSettings,
  'billing.saveSettings': billing.saveSettings,
  'billing.run': billing.run,
  'billing.regenerate': billing.regenerate,
  'billing.finalise': billing.finalise,
  'billing.runs': billing.runs,
  'billing.getRun': billing.getRun,
  'invoices.csv': billing.csv,
} satisfies Partial<HandlerMap>;

// A run drafted and finalised without yielding, for the demo loader already inside a transaction.
export { finaliseNow, runNow } from './billing';

// Start-up clean-up of a billing run whose writing a crash interrupted (app.ts).
export { dropInterruptedRuns } from './billing';
