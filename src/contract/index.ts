// The whole command contract: every operation any door can perform.
import type { z } from 'zod';
import type { CommandDef } from './command';
import { auditCommands } from './commands/audit';
import { authCommands } from './commands/auth';
import { settingsCommands } from './commands/settings';
import { setupCommands } from './commands/setup';
import { systemCommands } from './commands/system';
import { usersCommands } from './commands/users';
import { sitesCommands } from './commands/sites';
import { customersCommands } from './commands/customers';
import { devicesCommands } from './commands/devices';
import { searchCommands } from './commands/search';
import { importsCommands } from './commands/imports';
import { tariffsCommands } from './commands/tariffs';
import { paymentsCommands } from './commands/payments';
import { receiptsCommands } from './commands/receipts';
import { tokensCommands } from './commands/tokens';
import { stsCommands } from './commands/sts';
import { accessChargesCommands } from './commands/access-charges';
import { dayEndCommands } from './commands/day-end';
import { readingsCommands } from './commands/readings';
import { openemsCommands } from './commands/openems';
import { meterIoCommands } from './commands/meter-io';
import { billingCommands } from './commands/billing';
import { backupsCommands } from './commands/backups';
import { paygTermsCommands } from './commands/payg-terms';
import { contractsCommands } from './commands/contracts';
import { reportsCommands } from './commands/reports';
import { dashboardCommands } from './commands/dashboard';
import { syncCommands } from './commands/sync';
import { syncScreensCommands } from './commands/sync-screens';

export const commands = {
  ...setupCommands,
  ...authCommands,
  ...usersCommands,
  ...settingsCommands,
  ...auditCommands,
  ...systemCommands,
  ...searchCommands,
  ...sitesCommands,
  ...customersCommands,
  ...devicesCommands,
  ...importsCommands,
  ...tariffsCommands,
  ...paymentsCommands,
  ...contractsCommands,
  ...receiptsCommands,
  ...tokensCommands,
  ...stsCommands,
  ...accessChargesCommands,
  ...dayEndCommands,
  ...readingsCommands,
  ...openemsCommands,
  ...meterIoCommands,
  ...billingCommands,
  ...backupsCommands,
  ...paygTermsCommands,
  ...reportsCommands,
  ...dashboardCommands,
  ...syncCommands,
  ...syncScreensCommands,
};

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type InputOf<N extends CommandName> = z.input<Commands[N]['input']>;
export type ParsedInputOf<N extends CommandName> = z.output<Commands[N]['input']>;
export type OutputOf<N extends CommandName> = z.output<Commands[N]['output']>;
/** Whether a command only reads ('query') or writes ('write'); a query's handler gets a read-only database. */
export type KindOf<N extends CommandName> = Commands[N]['kind'];

export const commandNames = Object.keys(commands) as CommandName[];

export function findCommand(name: string): CommandDef | undefined {
  return Object.prototype.hasOwnProperty.call(commands, name)
    ? (commands as Record<string, CommandDef>)[name]
    : undefined;
}

export { AppError, ERROR_CODES, isAppError } from './errors';
export { illFormedTextIssues, illFormedTextProblem, isWellFormedText, wellFormed } from './text';
export type { Envelope, ErrorBody, ErrorCode, FieldIssue } from './errors';
export { ROLES } from './roles';
export type { Role } from './roles';
export { roleMayCall } from './command';
export type { Access, CommandDef } from './command';
export type { Settings, SessionInfo, UserPublic } from './commands/common';
export type { AuditEntry } from './commands/audit';
export type { SiteTree, SiteVillage } from './commands/sites';
export type { Customer, CustomerRow } from './commands/customers';
export type { Device, DeviceRow, DeviceModel } from './commands/devices';
export type { SearchHit } from './commands/search';
export type { MonthlyReport, Target } from './commands/reports';
export type { DashboardReport } from './commands/dashboard';
export type { ImportPreview, ImportProblem } from './commands/imports';
export type { Tariff, TariffDefinitionInput, TariffVersionView } from './commands/tariffs';
export type { IssuedToken, Payment, PaymentAllocation } from './commands/payments';
export type { VendorToken } from './commands/sts';
export type { ContractView, PortfolioFigures, PortfolioGroup } from './commands/contracts';
export type { ZReport } from './commands/day-end';
export type { PaygTermsRow } from './commands/payg-terms';
export type { MeterLink, MeterListRow, Reading, LineSettings } from './commands/readings';
export type { OpenemsEdge } from './commands/openems';
export type { BillingRun, BillingSettings, BillingProblem, Invoice } from './commands/billing';
export type { BackupEntry, BackupSettings, RestoreReport } from './commands/backups';
export { MAX_PAYMENT_MINOR } from './commands/limits';
export { IMPORT_KINDS } from './commands/imports';
