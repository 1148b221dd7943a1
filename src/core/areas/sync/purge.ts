// Forgetting changes every office has acknowledged (docs/sync.md "Acknowledgements, resends and
// purge"); the rule is domain/sync/purge.ts. Not yet run by itself: a join file is made from the
// whole log, so a log purged before a new office joins would give that office gaps it can never
// fill. It waits until join files carry the rows themselves.
import { purgeFloors } from '../../../domain/sync/purge';
import type { ServiceContext } from '../../context';
import { heldVector } from '../../sync/engine';
import { requireOffice } from '../shared/office';

/** Removes the acknowledged changes from the log; returns how many rows went. */
export function purgeAcknowledged(ctx: Pick<ServiceContext, 'db' | 'raw'>): number {
  const here = requireOffice(ctx.db);
  const acks = (
    ctx.raw
      .prepare(
        `SELECT p.acked FROM offices o LEFT JOIN sync_peers p ON p.office_id = o.id WHERE o.id <> ?`,
      )
      .pluck()
      .all(here.id) as (string | null)[]
  ).map((text) => (text ? (JSON.parse(text) as Record<string, number>) : {}));
  const remove = ctx.raw.prepare('DELETE FROM sync_changes WHERE origin = ? AND seq <= ?');
  let removed = 0;
  for (const [origin, floor] of Object.entries(purgeFloors(heldVector(ctx.raw), acks))) {
    removed += remove.run(origin, floor).changes;
  }
  return removed;
}
