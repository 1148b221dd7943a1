import type { HandlerMap } from '../shared/types';
import * as contracts from './contracts';
import * as portfolio from './portfolio';

/** The commands this area answers; the handler map (areas/index.ts) joins every area's. */
export const handlers = {
  // A device under an appliance contract is paid through it; other devices as before.
  'payments.preview': contracts.previewAtCounter,
  'payments.record': contracts.recordAtCounter,
  'payments.reverse': contracts.reverseAtCounter,
  'contracts.sell': contracts.sell,
  'contracts.pay': contracts.pay,
  'contracts.get': contracts.get,
  'contracts.list': contracts.list,
  'contracts.pdf': contracts.pdf,
  'contracts.overdue': contracts.overdue,
  'contracts.portfolio': portfolio.portfolio,
  'contracts.portfolioPdf': portfolio.portfolioPdf,
  'contracts.agents': contracts.agents,
  'contracts.setAgent': contracts.setAgent,
  'contracts.reschedule': contracts.rescheduleContract,
  'contracts.writeOff': contracts.writeOff,
  'contracts.repossess': contracts.repossess,
  'contracts.transfer': contracts.transfer,
  'contracts.cancel': contracts.cancel,
  'contracts.remindersGenerate': contracts.generateReminders,
  'contracts.reminders': contracts.reminders,
  'contracts.callListPdf': contracts.callListPdf,
  'contracts.cohorts': contracts.cohorts,
} satisfies Partial<HandlerMap>;
