// OpenEMS Edges as a reading source (docs/domain.md §9.4). Edges and meter mappings are master
// data; the password is sealed like OpenPAYGO keys (bound to the Edge id) and opened only to pull.
// A pull talks to every Edge first (outside any transaction: the network may be slow), then stores
// all readings it got in one transaction with one audit entry.
import { and, eq, isNull } from 'drizzle-orm';
import { AppError, type OpenemsEdge, type OutputOf } from '../../../contract';
import { readConsumptionEnergy } from '../../adapters/openems-client';
import { sealContext } from '../../adapters/secret-box';
import { noteAudit, type ServiceContext, type QueryContext } from '../../context';
import { devices, openemsChannels, openemsEdges } from '../../db/schema';
import { requireOffice } from '../shared/office';
import { storeReading } from '../readings';
import { loadMeter } from '../readings/queries';
import type { Handler } from '../shared/types';

type Ctx = ServiceContext;
type EdgeRow = typeof openemsEdges.$inferSelect;

/** Passwords OpenEMS Edges ship with; anyone on the LAN can try them. */
const DEFAULT_PASSWORDS = new Set(['admin', 'user', 'owner', 'installer', 'guest', 'x']);

function warningFor(password: string): string | null {
  return DEFAULT_PASSWORDS.has(password.toLowerCase())
    ? 'This Edge uses a well-known default password: change it on the Edge, then here.'
    : null;
}

const purpose = sealContext.openemsPassword;

function openPassword(ctx: QueryContext, edge: EdgeRow): string {
  return ctx.secrets.open(edge.passwordSealed, purpose(edge.id)).toString('utf8');
}

function edgeView(ctx: QueryContext, edge: EdgeRow): OpenemsEdge {
  const meters = ctx.db
    .select({
      deviceId: openemsChannels.deviceId,
      serial: devices.serial,
      component: openemsChannels.component,
    })
    .from(openemsChannels)
    .innerJoin(devices, eq(devices.id, openemsChannels.deviceId))
    .where(and(eq(openemsChannels.edgeId, edge.id), isNull(openemsChannels.deletedAt)))
    .orderBy(openemsChannels.component)
    .all();
  return {
    id: edge.id,
    name: edge.name,
    url: edge.url,
    username: edge.username,
    meters,
    warning: warningFor(openPassword(ctx, edge)),
  };
}

function loadEdge(ctx: Ctx, id: string, field = 'id'): EdgeRow {
  const edge = ctx.db.select().from(openemsEdges).where(eq(openemsEdges.id, id)).get();
  if (!edge) {
    throw new AppError('VALIDATION', 'That OpenEMS Edge does not exist.', {
      issues: [{ field, message: 'does not exist' }],
    });
  }
  return edge;
}

export const list: Handler<'openems.list'> = (ctx) => ({
  edges: ctx.db
    .select()
    .from(openemsEdges)
    .orderBy(openemsEdges.name)
    .all()
    .map((e) => edgeView(ctx, e)),
});

export const saveEdge: Handler<'openems.saveEdge'> = (ctx, input) => {
  const url = input.url.replace(/\/$/, '');
  const hlc = ctx.hlc.next();
  let id = input.id;
  if (id) {
    const edge = loadEdge(ctx, id);
    ctx.db
      .update(openemsEdges)
      .set({
        name: input.name,
        url,
        username: input.username,
        ...(input.password
          ? {
              passwordSealed: ctx.secrets.seal(
                Buffer.from(input.password, 'utf8'),
                purpose(edge.id),
              ),
            }
          : {}),
        updatedHlc: hlc,
      })
      .where(eq(openemsEdges.id, edge.id))
      .run();
  } else {
    if (!input.password) {
      throw new AppError('VALIDATION', 'A new Edge needs its password.', {
        issues: [{ field: 'password', message: 'is required for a new Edge' }],
      });
    }
    id = ctx.ids.newId();
    ctx.db
      .insert(openemsEdges)
      .values({
        id,
        officeId: requireOffice(ctx.db).id,
        name: input.name,
        url,
        username: input.username,
        passwordSealed: ctx.secrets.seal(Buffer.from(input.password, 'utf8'), purpose(id)),
        createdAt: ctx.clock.nowIso(),
        updatedHlc: hlc,
      })
      .run();
  }
  noteAudit(ctx, `${input.id ? 'Changed' : 'Added'} OpenEMS Edge ${input.name} (${url})`, [id]);
  return edgeView(ctx, loadEdge(ctx, id));
};

export const mapMeter: Handler<'openems.mapMeter'> = (ctx, input) => {
  const meter = loadMeter(ctx, input.deviceId);
  if (input.edgeId === null) {
    // A tombstone, not a DELETE: the unmapping travels to the other offices like any change.
    ctx.db
      .update(openemsChannels)
      .set({ deletedAt: ctx.clock.nowIso(), updatedHlc: ctx.hlc.next() })
      .where(and(eq(openemsChannels.deviceId, meter.id), isNull(openemsChannels.deletedAt)))
      .run();
    noteAudit(ctx, `Unmapped ${meter.serial} from OpenEMS`, [meter.id]);
    return { deviceId: meter.id, edgeId: null, component: null };
  }
  const edge = loadEdge(ctx, input.edgeId, 'edgeId');
  const component = input.component ?? '';
  const taken = ctx.db
    .select({ deviceId: openemsChannels.deviceId })
    .from(openemsChannels)
    .where(
      and(
        eq(openemsChannels.edgeId, edge.id),
        eq(openemsChannels.component, component),
        isNull(openemsChannels.deletedAt),
      ),
    )
    .get();
  if (taken && taken.deviceId !== meter.id) {
    throw new AppError(
      'CONFLICT',
      `${component} on ${edge.name} is already mapped to another meter.`,
    );
  }
  ctx.db
    .insert(openemsChannels)
    .values({ deviceId: meter.id, edgeId: edge.id, component, updatedHlc: ctx.hlc.next() })
    .onConflictDoUpdate({
      target: openemsChannels.deviceId,
      // Mapping an unmapped meter again brings its row back from the tombstone.
      set: { edgeId: edge.id, component, deletedAt: null, updatedHlc: ctx.hlc.next() },
    })
    .run();
  noteAudit(ctx, `Mapped ${meter.serial} to ${component} on OpenEMS Edge ${edge.name}`, [
    meter.id,
    edge.id,
  ]);
  return { deviceId: meter.id, edgeId: edge.id, component };
};

type PullResult = OutputOf<'openems.pull'>['results'][number];

export const pull: Handler<'openems.pull'> = async (ctx, input) => {
  const edges = ctx.db
    .select()
    .from(openemsEdges)
    .where(input.edgeId ? eq(openemsEdges.id, input.edgeId) : undefined)
    .all();
  const fetched: {
    edge: EdgeRow;
    meters: { deviceId: string; serial: string; component: string }[];
    answer: Awaited<ReturnType<typeof readConsumptionEnergy>>;
    at: string;
  }[] = [];
  let done = 0;
  for (const edge of edges) {
    const meters = ctx.db
      .select({
        deviceId: openemsChannels.deviceId,
        serial: devices.serial,
        component: openemsChannels.component,
      })
      .from(openemsChannels)
      .innerJoin(devices, and(eq(devices.id, openemsChannels.deviceId), isNull(devices.deletedAt)))
      .where(and(eq(openemsChannels.edgeId, edge.id), isNull(openemsChannels.deletedAt)))
      .all();
    if (meters.length === 0) continue;
    const answer = await readConsumptionEnergy(
      { url: edge.url, username: edge.username, password: openPassword(ctx, edge) },
      meters.map((m) => m.component),
    );
    fetched.push({ edge, meters, answer, at: ctx.clock.nowIso() });
    done += 1;
    if (input.operationId) {
      ctx.events.emit({
        type: 'progress',
        operationId: input.operationId,
        phase: 'openems',
        done,
        total: edges.length,
      });
    }
  }
  return ctx.transact(() => {
    const results: PullResult[] = [];
    for (const { edge, meters, answer, at } of fetched) {
      for (const m of meters) {
        const base = {
          deviceId: m.deviceId,
          serial: m.serial,
          edge: edge.name,
          readingId: null,
          wh: null,
          flag: null,
        };
        if (!answer.ok) {
          results.push({ ...base, outcome: answer.kind, message: answer.message });
          continue;
        }
        if (!answer.values.has(m.component)) {
          results.push({
            ...base,
            outcome: 'unknown-channel',
            message: `${edge.name} has no ${m.component}/ActiveConsumptionEnergy.`,
          });
          continue;
        }
        const value = answer.values.get(m.component);
        if (value === null || value === undefined || value < 0) {
          results.push({
            ...base,
            outcome: 'bad-value',
            message: `${m.component} has no value yet (the Edge may still be starting).`,
          });
          continue;
        }
        const wh = Math.round(value);
        const stored = storeReading(ctx, {
          deviceId: m.deviceId,
          readAt: at,
          wh,
          source: 'openems',
          raw: String(value),
        });
        results.push({
          ...base,
          outcome: 'ok',
          message: 'Read',
          readingId: stored?.id ?? null,
          wh,
          flag: stored?.flag ?? null,
        });
      }
    }
    const stored = results.filter((r) => r.outcome === 'ok').length;
    noteAudit(
      ctx,
      `Pulled ${stored} reading(s) from OpenEMS (${results.length - stored} failed)`,
      results.flatMap((r) => (r.readingId ? [r.readingId] : [])),
    );
    return { results, stored };
  });
};
