// Loads the generated demo company (src/domain/demo) into the registry: sites, customers,
// manufacturers and models, devices with their history, and OpenPAYGO credentials for the solar
// home systems and e-bikes (demo keys from a fixed seed: never real devices' keys). Then it plays
// the company's past (domain/demo/activity.ts) through the real services, each event with the
// clock set to its instant and its demo user as the actor, and an audit entry of its own: the
// receipts, tokens, allocations, invoices and day-ends are what the rules made of that history.
// Everything runs inside the setup's one transaction, so a failure leaves an empty database.
import {
  AppError,
  findCommand,
  roleMayCall,
  type CommandName,
  type InputOf,
  type OutputOf,
} from '../../../contract';
import { eq } from 'drizzle-orm';
import { MAX_PAYMENT_MINOR } from '../../../contract/commands/limits';
import { formatAccountNumber } from '../../../domain/account-number';
import { planDemoActivity, type DemoActivity, type DemoEvent } from '../../../domain/demo/activity';
import { generateDemoCompany } from '../../../domain/demo/generate';
import { createPrng } from '../../../domain/prng';
import { appendAudit } from '../../audit-log';
import type { Actor, ServiceContext } from '../../context';
import {
  clusters,
  customers,
  deviceModels,
  devices,
  manufacturers,
  miniGrids,
  villages,
} from '../../db/schema';
import { openInvoices } from '../accounts/queries';
import { insertUser } from '../auth';
import * as billing from '../billing';
import { DEFAULT_BILLING } from '../billing/queries';
import * as contracts from '../contracts';
import * as counter from '../counter';
import * as readings from '../readings';
import * as registry from '../registry';
import { recordDeviceEvent, sealCredentials } from '../registry';
import { nextCounter } from '../shared/counters';
import type { Handler } from '../shared/types';
import * as tariffs from '../tariffs';
import * as tokens from '../tokens';
import { vendorTokenOfPayment } from '../tokens/queries';
import { hashPassword } from '../../adapters/passwords';

/** Fixed so every demo looks the same: support staff can follow a user's screen by heart. */
const DEMO_SEED = 20261122;

function tokenSchemeOf(kind: 'meter' | 'shs' | 'ebike', billingMode: string | null) {
  if (kind !== 'meter') return 'openpaygo' as const;
  return billingMode === 'postpaid' ? ('none' as const) : ('sts' as const);
}

export interface DemoOptions {
  officeId: string;
  officeCode: string;
  country: string;
  timeZone: string;
  currencyDecimals: number;
  /** The administrator made by the wizard: creates the demo's staff. */
  admin: { id: string; username: string };
}

export function loadDemoCompany(ctx: ServiceContext, opts: DemoOptions) {
  const demo = generateDemoCompany({
    seed: DEMO_SEED,
    countryCode: opts.country,
    now: ctx.clock.nowIso(),
    newId: () => ctx.ids.newId(),
  });
  const now = ctx.clock.nowIso();
  const base = { officeId: opts.officeId, createdAt: now };
  for (const c of demo.clusters) {
    ctx.db
      .insert(clusters)
      .values({ ...base, id: c.id, name: c.name, updatedHlc: ctx.hlc.next() })
      .run();
  }
  for (const m of demo.miniGrids) {
    ctx.db
      .insert(miniGrids)
      .values({ ...base, ...m, updatedHlc: ctx.hlc.next() })
      .run();
  }
  for (const v of demo.villages) {
    ctx.db
      .insert(villages)
      .values({ ...base, ...v, updatedHlc: ctx.hlc.next() })
      .run();
  }
  for (const c of demo.customers) {
    const accountNumber = formatAccountNumber(
      opts.officeCode,
      nextCounter(ctx.db, 'account_number'),
    );
    ctx.db
      .insert(customers)
      .values({ ...c, officeId: opts.officeId, accountNumber, updatedHlc: ctx.hlc.next() })
      .run();
  }

  const makers = new Map<string, string>();
  const models = new Map<string, string>();
  const modelOf = (d: (typeof demo.devices)[number]) => {
    let makerId = makers.get(d.manufacturer);
    if (!makerId) {
      makerId = ctx.ids.newId();
      makers.set(d.manufacturer, makerId);
      ctx.db
        .insert(manufacturers)
        .values({ ...base, id: makerId, name: d.manufacturer, updatedHlc: ctx.hlc.next() })
        .run();
    }
    const key = `${d.manufacturer}|${d.model}`;
    let modelId = models.get(key);
    if (!modelId) {
      modelId = ctx.ids.newId();
      models.set(key, modelId);
      ctx.db
        .insert(deviceModels)
        .values({
          ...base,
          id: modelId,
          manufacturerId: makerId,
          name: d.model,
          kind: d.kind,
          tokenScheme: tokenSchemeOf(d.kind, d.billingMode),
          updatedHlc: ctx.hlc.next(),
        })
        .run();
    }
    return { makerId, modelId };
  };

  const keys = createPrng(DEMO_SEED + 1);
  const hex = (bytes: number) =>
    Array.from({ length: bytes }, () => keys.int(0, 255).toString(16).padStart(2, '0')).join('');
  for (const d of demo.devices) {
    const { makerId, modelId } = modelOf(d);
    const row = {
      id: d.id,
      officeId: opts.officeId,
      kind: d.kind,
      manufacturerId: makerId,
      modelId,
      serial: d.serial,
      customerId: d.customerId,
      villageId: d.villageId,
      status: d.status,
      billingMode: d.billingMode,
      installedAt: d.installedAt ? d.installedAt.slice(0, 10) : null,
      createdAt: d.installedAt ?? now,
      updatedHlc: ctx.hlc.next(),
    };
    ctx.db.insert(devices).values(row).run();
    recordDeviceEvent(ctx, opts.officeId, row, 'registered', 'demo company');
    if (tokenSchemeOf(d.kind, d.billingMode) === 'openpaygo') {
      sealCredentials(ctx, d.id, opts.officeId, {
        key: hex(16),
        startingCode: keys.int(100_000_000, 999_999_999),
        count: 0,
        timeDivider: 1,
        restrictedDigits: false,
      });
    }
  }
  const activity = planDemoActivity(demo, {
    seed: DEMO_SEED + 2,
    now: ctx.clock.nowIso(),
    timeZone: opts.timeZone,
    countryCode: opts.country,
    currencyDecimals: opts.currencyDecimals,
    maxAmountMinor: MAX_PAYMENT_MINOR,
  });
  playHistory(ctx, activity, opts);
  return {
    clusters: demo.clusters.length,
    miniGrids: demo.miniGrids.length,
    villages: demo.villages.length,
    customers: demo.customers.length,
    devices: demo.devices.length,
  };
}

// --- The company's past, through the services ------------------------------------------------

/**
 * Run one command's service as `actor` at instant `at`: input checked by the command's schema,
 * role checked, then its audit entry appended with that instant. A refusal means the plan and the
 * rules disagree (a bug in the plan), so it stops the setup instead of being skipped.
 */
function perform<N extends CommandName>(
  ctx: ServiceContext,
  officeId: string,
  name: N,
  service: Handler<N>,
  input: InputOf<N>,
  at: string,
  actor: Actor,
): OutputOf<N> {
  const def = findCommand(name);
  if (!def) throw new Error(`demo: unknown command ${name}`);
  const parsed = def.input.safeParse(input);
  if (!parsed.success) {
    throw new Error(`demo: ${name} at ${at}: ${parsed.error.issues[0]?.message ?? 'bad input'}`);
  }
  if (!actor.role || !roleMayCall(def.access, actor.role)) {
    throw new Error(`demo: ${actor.name} (${actor.role ?? 'no role'}) may not call ${name}`);
  }
  const ms = Date.parse(at);
  const sub: ServiceContext = {
    ...ctx,
    clock: { nowMs: () => ms, nowIso: () => at },
    actor,
    session: null,
    note: { summary: null, records: [], actor: null, keepOnError: false },
    // Already inside the setup's transaction.
    transact: (fn) => fn(),
  };
  const result = service(sub, parsed.data as never);
  if (result instanceof Promise) throw new Error(`demo: ${name} must run synchronously`);
  if (result instanceof AppError) {
    throw new Error(`demo: ${name} by ${actor.name} at ${at} was refused: ${result.message}`);
  }
  appendAudit(ctx.db, {
    id: ctx.ids.newId(),
    officeId,
    at,
    actor: actor.name,
    actorUserId: actor.userId,
    door: ctx.door,
    command: name,
    records: sub.note.records,
    summary: sub.note.summary ?? def.summary,
    outcome: 'ok',
  });
  return result;
}

function playHistory(ctx: ServiceContext, activity: DemoActivity, opts: DemoOptions): void {
  const first = activity.events[0];
  const admin: Actor = {
    kind: 'user',
    userId: opts.admin.id,
    name: opts.admin.username,
    role: 'admin',
  };
  const actors = new Map<string, Actor>();
  // The staff exist a day before their first work (or now, for an empty history).
  const hired = first
    ? new Date(Date.parse(first.at) - 86_400_000).toISOString()
    : ctx.clock.nowIso();
  for (const u of activity.users) {
    if (u.username === opts.admin.username) {
      // The wizard's administrator took the name: they do this demo user's work.
      actors.set(u.username, admin);
      continue;
    }
    const made = perform(
      ctx,
      opts.officeId,
      'users.create',
      // Hashed in line: the setup transaction cannot wait for the thread pool.
      (c, input) => insertUser(c, input, hashPassword(input.password, c.scrypt)),
      { ...u, passwordConfirm: u.password },
      hired,
      admin,
    );
    actors.set(u.username, { kind: 'user', userId: made.id, name: made.username, role: u.role });
  }

  const tariffIds = new Map<string, string>();
  const tariffDefs = new Map(activity.tariffs.map((t) => [t.key, t]));
  const readingIds = new Map<string, string>();
  const salePayments = new Map<string, { paymentId: string; tokenIds: string[] }>();
  const runIds = new Map<string, string>();
  const applianceIds = new Map<string, string>();
  const contractIds = new Map<string, string>();
  const decimals = readSettingsDecimals(ctx);

  for (const e of activity.events) {
    const actor = actors.get(e.by);
    if (!actor) throw new Error(`demo: no user ${e.by}`);
    const run = <N extends CommandName>(name: N, service: Handler<N>, input: InputOf<N>) =>
      perform(ctx, opts.officeId, name, service, input, e.at, actor);
    playEvent(e, run, {
      tariffIds,
      tariffDefs,
      readingIds,
      salePayments,
      runIds,
      applianceIds,
      contractIds,
      decimals,
      ctx,
    });
  }
}

function readSettingsDecimals(ctx: ServiceContext): number {
  const row = ctx.db.query.settings
    .findFirst({ where: (s, { eq }) => eq(s.key, 'currency') })
    .sync();
  return (row?.value as { decimals?: number } | undefined)?.decimals ?? 2;
}

type Run = <N extends CommandName>(name: N, service: Handler<N>, input: InputOf<N>) => OutputOf<N>;

interface PlayState {
  tariffIds: Map<string, string>;
  tariffDefs: Map<string, DemoActivity['tariffs'][number]>;
  readingIds: Map<string, string>;
  salePayments: Map<string, { paymentId: string; tokenIds: string[] }>;
  runIds: Map<string, string>;
  applianceIds: Map<string, string>;
  contractIds: Map<string, string>;
  decimals: number;
  ctx: ServiceContext;
}

function lookup<T>(map: Map<string, T>, key: string, what: string): T {
  const value = map.get(key);
  if (value === undefined) throw new Error(`demo: ${what} ${key} was never made`);
  return value;
}

function playEvent(e: DemoEvent, run: Run, s: PlayState): void {
  switch (e.type) {
    case 'tariff.create': {
      const t = lookup(s.tariffDefs, e.tariff, 'tariff');
      const v = t.versions[0];
      if (!v) throw new Error(`demo: tariff ${t.key} has no version`);
      const made = run('tariffs.create', tariffs.handlers['tariffs.create'], {
        name: t.name,
        ...v,
      });
      s.tariffIds.set(t.key, made.id);
      return;
    }
    case 'tariff.addVersion': {
      const t = lookup(s.tariffDefs, e.tariff, 'tariff');
      const v = t.versions[e.version];
      if (!v) throw new Error(`demo: tariff ${t.key} has no version ${e.version}`);
      run('tariffs.addVersion', tariffs.handlers['tariffs.addVersion'], {
        tariffId: lookup(s.tariffIds, e.tariff, 'tariff'),
        ...v,
      });
      return;
    }
    case 'tariff.assign':
      run('tariffs.assign', tariffs.handlers['tariffs.assign'], {
        tariffId: lookup(s.tariffIds, e.tariff, 'tariff'),
        deviceIds: e.deviceIds,
      });
      return;
    case 'payg.plan':
      run('devices.setPaygPlan', counter.handlers['devices.setPaygPlan'], {
        deviceId: e.deviceId,
        dailyPriceMinor: e.dailyPriceMinor,
        totalPriceMinor: e.totalPriceMinor,
      });
      return;
    case 'billing.settings':
      run('billing.saveSettings', billing.handlers['billing.saveSettings'], {
        ...DEFAULT_BILLING,
        miniGridId: e.miniGridId,
        provider: e.provider,
        providerPage: e.page,
      });
      return;
    case 'reading': {
      const stored = run('readings.addManual', readings.handlers['readings.addManual'], {
        deviceId: e.deviceId,
        kwh: e.wh / 1000,
        readAt: e.at,
        note: e.note,
      });
      s.readingIds.set(e.key, stored.id);
      return;
    }
    case 'reading.review':
      run('readings.review', readings.handlers['readings.review'], {
        readingId: lookup(s.readingIds, e.reading, 'reading'),
        decision: e.decision,
        note: e.note,
      });
      return;
    case 'sale': {
      let amountMinor: number;
      if ('minor' in e.amount) {
        amountMinor = e.amount.minor;
      } else {
        // What the customer's open invoices owe at this instant, as the cashier sees it.
        const customerId = customerOfDevice(s.ctx, e.deviceId);
        const open = openInvoices(s.ctx, customerId).balanceMinor;
        const unit = 10 ** s.decimals;
        const share = Math.round((open * e.amount.shareOfOpenBp) / 10_000);
        // Part payments are round sums; a full payment is the exact balance.
        amountMinor = e.amount.shareOfOpenBp >= 10_000 ? open : Math.floor(share / unit) * unit;
        if (amountMinor <= 0) return;
      }
      const recorded = run('payments.record', counter.recordSale, {
        submissionKey: s.ctx.ids.newId(),
        deviceId: e.deviceId,
        amountMinor,
        method: e.method,
        reference: e.reference,
      });
      s.salePayments.set(e.key, {
        paymentId: recorded.payment.id,
        tokenIds: recorded.tokens.map((t) => t.id),
      });
      return;
    }
    case 'sts.token': {
      const paid = s.salePayments.get(e.sale);
      if (!paid) return;
      const request = vendorTokenOfPayment(s.ctx, paid.paymentId);
      if (!request) throw new Error(`demo: sale ${e.sale} has no vendor-token request`);
      run('sts.recordToken', tokens.handlers['sts.recordToken'], {
        requestId: request.requestId,
        token: e.token,
      });
      return;
    }
    case 'tokens.confirm': {
      const tokenIds = e.sales.flatMap((key) => s.salePayments.get(key)?.tokenIds ?? []);
      if (tokenIds.length > 0)
        run('tokens.confirmEntered', counter.handlers['tokens.confirmEntered'], { tokenIds });
      return;
    }
    case 'billing.run': {
      const made = run('billing.run', billing.runNow, {
        miniGridIds: e.miniGridIds,
        period: e.period,
      });
      for (const r of made.runs) s.runIds.set(`${r.miniGridId}|${r.period}`, r.id);
      return;
    }
    case 'billing.finalise':
      run('billing.finalise', billing.finaliseNow, {
        runId: lookup(s.runIds, `${e.miniGridId}|${e.period}`, 'billing run'),
      });
      return;
    case 'day.close':
      run('dayEnd.close', counter.handlers['dayEnd.close'], { day: e.day, cashier: e.cashier });
      return;
    case 'appliance.create': {
      const made = run('appliances.create', registry.handlers['appliances.create'], {
        name: e.name,
        type: e.applianceType,
        priceMinor: e.priceMinor,
      });
      s.applianceIds.set(e.key, made.id);
      return;
    }
    case 'contract.sell': {
      const sold = run('contracts.sell', contracts.handlers['contracts.sell'], {
        submissionKey: s.ctx.ids.newId(),
        customerId: e.customerId,
        applianceId: lookup(s.applianceIds, e.appliance, 'appliance'),
        deviceId: e.deviceId,
        downPaymentMinor: e.downPaymentMinor,
        method: 'cash',
        plan: e.plan,
        agent: e.agent,
      });
      s.contractIds.set(e.key, sold.contract.id);
      return;
    }
    case 'contract.pay':
      run('contracts.pay', contracts.handlers['contracts.pay'], {
        submissionKey: s.ctx.ids.newId(),
        contractId: lookup(s.contractIds, e.contract, 'contract'),
        amountMinor: e.amountMinor,
        method: e.method,
        reference: e.reference,
      });
      return;
    case 'contract.close': {
      const input = {
        contractId: lookup(s.contractIds, e.contract, 'contract'),
        reason: e.reason,
      };
      if (e.action === 'writeOff')
        run('contracts.writeOff', contracts.handlers['contracts.writeOff'], input);
      else run('contracts.repossess', contracts.handlers['contracts.repossess'], input);
      return;
    }
    case 'contract.cancel':
      run('contracts.cancel', contracts.handlers['contracts.cancel'], {
        contractId: lookup(s.contractIds, e.contract, 'contract'),
        reason: e.reason,
      });
      return;
    case 'contract.reverseLast': {
      const contractId = lookup(s.contractIds, e.contract, 'contract');
      const paymentId = s.ctx.raw
        .prepare(
          `SELECT p.id FROM payment_allocations pa JOIN payments p ON p.id = pa.payment_id
           WHERE pa.ref_id = ? AND pa.kind IN ('down_payment', 'contract') AND p.amount_minor > 0
           ORDER BY p.received_at DESC LIMIT 1`,
        )
        .pluck()
        .get(contractId) as string | undefined;
      if (!paymentId) throw new Error(`demo: contract ${e.contract} has no payment to reverse`);
      run('payments.reverse', contracts.handlers['payments.reverse'], {
        paymentId,
        reason: e.reason,
      });
      return;
    }
  }
}

function customerOfDevice(ctx: ServiceContext, deviceId: string): string {
  const row = ctx.db
    .select({ customerId: devices.customerId })
    .from(devices)
    .where(eq(devices.id, deviceId))
    .get();
  if (!row?.customerId) throw new Error(`demo: device ${deviceId} has no customer`);
  return row.customerId;
}
