// The service behind every command. The type makes a missing service a compile error.
import type { ServiceContext } from '../context';
import * as audit from './audit';
import * as auth from './auth';
import * as settings from './settings';
import * as setup from './setup';
import * as system from './system';
import type { HandlerMap } from './types';
import * as users from './users';
import * as sites from './sites';
import * as customers from './customers';
import * as catalog from './catalog';
import * as devices from './devices';
import * as search from './search';
import * as imports from './imports';
import * as tariffs from './tariffs';
import * as payments from './payments';
import * as receipts from './receipts';
import * as tokens from './tokens';
import * as sts from './sts';
import * as accessCharges from './access-charges';
import * as dayEnd from './day-end';
import * as readings from './readings';
import * as paygTerms from './payg-terms';
import * as meterList from './meter-list';
import * as openems from './openems';
import * as meterIo from './meter-io';
import * as billing from './billing';
import * as accounts from './accounts';
import * as accountReports from './account-reports';
import * as backups from './backups';
import * as contracts from './contracts';
import * as reports from './reports';
import * as sync from './sync';

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
  'search.quick': search.quick,
  'sites.tree': sites.tree,
  'sites.createCluster': sites.createCluster,
  'sites.updateCluster': sites.updateCluster,
  'sites.createMiniGrid': sites.createMiniGrid,
  'sites.updateMiniGrid': sites.updateMiniGrid,
  'sites.createVillage': sites.createVillage,
  'sites.updateVillage': sites.updateVillage,
  'sites.delete': sites.remove,
  'customers.create': customers.create,
  'customers.update': customers.update,
  'customers.get': customers.get,
  'customers.list': customers.list,
  'customers.export': customers.exportCsv,
  'customers.delete': customers.remove,
  'manufacturers.list': catalog.listManufacturers,
  'manufacturers.create': catalog.createManufacturer,
  'manufacturers.update': catalog.updateManufacturer,
  'models.list': catalog.listModels,
  'models.create': catalog.createModel,
  'models.update': catalog.updateModel,
  'appliances.list': catalog.listAppliances,
  'appliances.create': catalog.createAppliance,
  'appliances.update': catalog.updateAppliance,
  'devices.create': devices.create,
  'devices.update': devices.update,
  'devices.assign': devices.assign,
  'devices.unassign': devices.unassign,
  'devices.move': devices.move,
  'devices.setOpenPaygo': devices.setOpenPaygo,
  'devices.get': devices.get,
  'devices.list': devices.list,
  'devices.export': devices.exportCsv,
  'imports.preview': imports.preview,
  'imports.run': imports.run,
  'imports.mappings': imports.mappings,
  'imports.saveMapping': imports.saveMapping,
  'tariffs.list': tariffs.list,
  'tariffs.create': tariffs.create,
  'tariffs.addVersion': tariffs.addVersion,
  'tariffs.assign': tariffs.assign,
  'tariffs.previewSiteAssign': tariffs.previewSiteAssign,
  'tariffs.assignSite': tariffs.assignSite,
  'devices.setPaygPlan': payments.setPaygPlan,
  // A device under an appliance contract is paid through it; other devices as before.
  'payments.preview': contracts.previewAtCounter,
  'payments.record': contracts.recordAtCounter,
  'payments.reverse': payments.reverse,
  'payments.list': payments.list,
  'payments.get': payments.get,
  'tokens.confirmEntered': payments.confirmEntered,
  'contracts.sell': contracts.sell,
  'contracts.pay': contracts.pay,
  'contracts.get': contracts.get,
  'contracts.list': contracts.list,
  'contracts.pdf': contracts.pdf,
  'contracts.overdue': contracts.overdue,
  'contracts.portfolio': contracts.portfolio,
  'contracts.reschedule': contracts.rescheduleContract,
  'contracts.writeOff': contracts.writeOff,
  'contracts.repossess': contracts.repossess,
  'contracts.transfer': contracts.transfer,
  'receipts.pdf': receipts.pdf,
  'tokens.supervisor': tokens.supervisor,
  'tokens.check': tokens.check,
  'tokens.list': tokens.list,
  'sts.list': sts.list,
  'sts.recordToken': sts.recordToken,
  'sts.importTokens': sts.importTokens,
  'accessCharges.accrue': accessCharges.accrue,
  'accessCharges.status': accessCharges.status,
  'accessCharges.debt': accessCharges.debt,
  'dayEnd.report': dayEnd.report,
  'dayEnd.cashiers': dayEnd.cashiers,
  'dayEnd.close': dayEnd.close,
  'dayEnd.pdf': dayEnd.pdf,
  'meters.configure': readings.configure,
  'meters.get': readings.get,
  'meters.list': meterList.list,
  'payg.list': paygTerms.list,
  'payg.setTerms': paygTerms.setTerms,
  'readings.list': readings.list,
  'readings.addManual': readings.addManual,
  'readings.review': readings.review,
  'readings.import': readings.importCsv,
  'readings.consumption': readings.consumption,
  'openems.list': openems.list,
  'openems.saveEdge': openems.saveEdge,
  'openems.mapMeter': openems.mapMeter,
  'openems.pull': openems.pull,
  'meters.ports': meterIo.ports,
  'meters.testPort': meterIo.testPort,
  'meters.profiles': meterIo.profiles,
  'meters.readNow': meterIo.readNow,
  'meters.bulkRead': meterIo.bulkRead,
  'meters.scan': meterIo.scan,
  'meters.setAddress': meterIo.setAddress,
  'operations.cancel': meterIo.cancel,
  'billing.getSettings': billing.getSettings,
  'billing.saveSettings': billing.saveSettings,
  'billing.run': billing.run,
  'billing.regenerate': billing.regenerate,
  'billing.finalise': billing.finalise,
  'billing.runs': billing.runs,
  'billing.getRun': billing.getRun,
  'invoices.list': accounts.list,
  'invoices.get': accounts.get,
  'invoices.pdf': accountReports.invoicesPdf,
  'invoices.csv': billing.csv,
  'invoices.note': accounts.note,
  'accounts.statement': accountReports.statement,
  'accounts.statementPdf': accountReports.statementPdf,
  'billing.aging': accountReports.aging,
  'billing.disconnections': accountReports.disconnections,
  'billing.reportPdf': accountReports.reportPdf,
  'backups.status': backups.status,
  'backups.list': backups.list,
  'backups.setPassphrase': backups.setPassphrase,
  'backups.updateSettings': backups.updateSettings,
  'backups.run': backups.run,
  'backups.verify': backups.verify,
  'backups.previewRestore': backups.previewRestore,
  'backups.restore': backups.restore,
  'backups.undoRestore': backups.undoRestore,
  'backups.drill': backups.drill,
  'setup.restore': backups.setupRestore,
  'reports.monthly': reports.monthly,
  'reports.monthlyFiles': reports.monthlyFiles,
  'targets.set': reports.setTarget,
  'targets.list': reports.listTargets,
  'sync.key': sync.key,
  'sync.joinFile': sync.joinFile,
  'sync.join': sync.join,
  'sync.export': sync.exportTo,
  'sync.import': sync.importFrom,
  'sync.status': sync.status,
  'sync.conflicts': sync.conflicts,
  'sync.resolveConflict': sync.resolveConflict,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the dispatcher validated the input against the command's own schema
export type AnyHandler = (ctx: ServiceContext, input: any) => unknown;
