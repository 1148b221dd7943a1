// The service behind every command, joined from the areas (docs/architecture.md, "Areas"). Each
// area's own map is checked against the contract where it is declared (`satisfies
// Partial<HandlerMap>`); the type here makes a missing service a compile error, and
// test/unit/handler-map.test.ts checks that no command is answered by two areas.
import type { ServiceContext } from '../context';
import * as accounts from './accounts';
import * as auth from './auth';
import * as backups from './backups';
import * as billing from './billing';
import * as contracts from './contracts';
import * as counter from './counter';
import * as meters from './meters';
import * as readings from './readings';
import * as registry from './registry';
import * as reports from './reports';
import type { HandlerMap } from './shared/types';
import * as sync from './sync';
import * as system from './system';
import * as tariffs from './tariffs';
import * as tokens from './tokens';

/** Each area's commands, by area: what the map below is joined from. */
export const areaHandlers = {
  system: system.handlers,
  auth: auth.handlers,
  registry: registry.handlers,
  tariffs: tariffs.handlers,
  counter: counter.handlers,
  contracts: contracts.handlers,
  tokens: tokens.handlers,
  readings: readings.handlers,
  meters: meters.handlers,
  billing: billing.handlers,
  accounts: accounts.handlers,
  backups: backups.handlers,
  reports: reports.handlers,
  sync: sync.handlers,
};

export const handlers: HandlerMap = {
  ...system.handlers,
  ...auth.handlers,
  ...registry.handlers,
  ...tariffs.handlers,
  ...counter.handlers,
  ...contracts.handlers,
  ...tokens.handlers,
  ...readings.handlers,
  ...meters.handlers,
  ...billing.handlers,
  ...accounts.handlers,
  ...backups.handlers,
  ...reports.handlers,
  ...sync.handlers,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the dispatcher validated the input against the command's own schema
export type AnyHandler = (ctx: ServiceContext, input: any) => unknown;
