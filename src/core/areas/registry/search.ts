// Quick search over the trigram FTS5 index (migration 0001): any three or more characters of a
// name, phone (any format), account number, national ID or serial. Shorter input falls back to a
// prefix match on account numbers and serials, which the clerk types from a receipt or a label.
import type { SearchHit } from '../../../contract';
import { normaliseAccountNumber } from '../../../domain/account-number';
import { phoneSearchDigits } from '../../../domain/phone';
import type { QueryContext } from '../../context';
import { prepared } from '../../db/prepared';
import type { Handler } from '../shared/types';
import { displayName, ftsExpression } from './queries';

interface CustomerHitRow {
  id: string;
  account_number: string;
  kind: 'individual' | 'business';
  first_name: string;
  last_name: string;
  business_name: string | null;
  phone: string | null;
  village: string;
  status: string;
}

interface DeviceHitRow {
  id: string;
  serial: string;
  kind: string;
  model: string;
  manufacturer: string;
  customer_id: string | null;
  account_number: string | null;
  kind_c: 'individual' | 'business' | null;
  first_name: string | null;
  last_name: string | null;
  business_name: string | null;
}

function customerHits(ctx: QueryContext, ids: string[]): SearchHit[] {
  if (ids.length === 0) return [];
  const rows = ctx.raw
    .prepare(
      `SELECT c.id, c.account_number, c.kind, c.first_name, c.last_name, c.business_name, c.phone,
              v.name AS village, c.status
         FROM customers c JOIN villages v ON v.id = c.village_id
        WHERE c.id IN (${ids.map(() => '?').join(',')})`,
    )
    .all(...ids) as CustomerHitRow[];
  return rows.map((r) => ({
    kind: 'customer' as const,
    id: r.id,
    title: displayName({
      kind: r.kind,
      firstName: r.first_name,
      lastName: r.last_name,
      businessName: r.business_name,
    }),
    subtitle: [r.account_number, r.phone, r.village, r.status === 'inactive' ? 'inactive' : null]
      .filter(Boolean)
      .join(' · '),
    accountNumber: r.account_number,
    customerId: r.id,
  }));
}

function deviceHits(ctx: QueryContext, ids: string[]): SearchHit[] {
  if (ids.length === 0) return [];
  const rows = ctx.raw
    .prepare(
      `SELECT d.id, d.serial, d.kind, m.name AS model, f.name AS manufacturer, d.customer_id,
              c.account_number, c.kind AS kind_c, c.first_name, c.last_name, c.business_name
         FROM devices d
         JOIN device_models m ON m.id = d.model_id
         JOIN manufacturers f ON f.id = d.manufacturer_id
         LEFT JOIN customers c ON c.id = d.customer_id
        WHERE d.id IN (${ids.map(() => '?').join(',')})`,
    )
    .all(...ids) as DeviceHitRow[];
  return rows.map((r) => ({
    kind: 'device' as const,
    id: r.id,
    title: r.serial,
    subtitle: [
      `${r.manufacturer} ${r.model}`,
      r.account_number && r.kind_c
        ? `${r.account_number} ${displayName({ kind: r.kind_c, firstName: r.first_name ?? '', lastName: r.last_name ?? '', businessName: r.business_name })}`
        : 'in stock',
    ].join(' · '),
    accountNumber: r.account_number,
    customerId: r.customer_id,
  }));
}

/** Up to this many matches are ranked (see quick). */
const RANKED = 500;

export const quick: Handler<'search.quick'> = (ctx, input) => {
  const q = input.q.trim();
  if (q === '') return { hits: [] };
  const found: { entity: string; entity_id: string }[] = [];

  // An exact account number (even typed with dashes or in lower case) comes first.
  const account = normaliseAccountNumber(q);
  if (account) {
    const id = prepared(ctx.db, 'searchAccount', (d) =>
      d.$client
        .prepare('SELECT id FROM customers WHERE account_number = ? AND deleted_at IS NULL')
        .pluck(),
    ).get(account) as string | undefined;
    if (id) found.push({ entity: 'customer', entity_id: id });
  }

  const expr = ftsExpression(q);
  if (expr) {
    // Ranking sorts every match: for three letters of a common name that is thousands of rows
    // and most of the search's time. So the matches are first counted up to RANKED; fewer are
    // ranked as before (best first), more are a broad search whose first matches are shown
    // unranked (among thousands of names holding "ade" once, rank barely differs) until the
    // clerk types more.
    const some = prepared(ctx.db, 'searchFtsSome', (d) =>
      d.$client.prepare(
        'SELECT count(*) FROM (SELECT 1 FROM search_index WHERE search_index MATCH ? LIMIT ?)',
      ),
    )
      .pluck()
      .get(expr, RANKED + 1) as number;
    const rows = (
      some > RANKED
        ? prepared(ctx.db, 'searchFtsBroad', (d) =>
            d.$client.prepare(
              `SELECT k.entity, k.entity_id FROM search_index s JOIN search_keys k ON k.rowid = s.rowid
                WHERE search_index MATCH ? LIMIT ?`,
            ),
          )
        : prepared(ctx.db, 'searchFts', (d) =>
            d.$client.prepare(
              `SELECT k.entity, k.entity_id FROM search_index s JOIN search_keys k ON k.rowid = s.rowid
                WHERE search_index MATCH ? ORDER BY s.rank LIMIT ?`,
            ),
          )
    ).all(expr, input.limit) as { entity: string; entity_id: string }[];
    found.push(...rows);
  } else {
    // Range scans use the unique indexes (a LIKE would read the whole table).
    const rows = prepared(ctx.db, 'searchPrefix', (d) =>
      d.$client.prepare(
        `SELECT 'customer' AS entity, id AS entity_id FROM customers
          WHERE account_number >= @account AND account_number < @account || char(65535) AND deleted_at IS NULL
         UNION ALL
         SELECT 'device', id FROM devices
          WHERE serial >= @serial AND serial < @serial || char(65535) AND deleted_at IS NULL
         LIMIT @limit`,
      ),
    ).all({ account: q.toUpperCase(), serial: q, limit: input.limit }) as {
      entity: string;
      entity_id: string;
    }[];
    found.push(...rows);
  }

  // A number typed like a phone number (leading 0 or +) is most likely a customer's phone:
  // customers first, then serials that happen to contain the same digits.
  if (/^[+0]/.test(q) && phoneSearchDigits(q)) {
    found.sort((a, b) => Number(a.entity !== 'customer') - Number(b.entity !== 'customer'));
  }
  const seen = new Set<string>();
  const ordered = found
    .filter((f) => !seen.has(f.entity_id) && seen.add(f.entity_id))
    .slice(0, input.limit);
  const byId = new Map<string, SearchHit>();
  const customerIds = ordered.filter((f) => f.entity === 'customer').map((f) => f.entity_id);
  const deviceIds = ordered.filter((f) => f.entity === 'device').map((f) => f.entity_id);
  for (const hit of [...customerHits(ctx, customerIds), ...deviceHits(ctx, deviceIds)])
    byId.set(hit.id, hit);
  return {
    hits: ordered.map((f) => byId.get(f.entity_id)).filter((h): h is SearchHit => h !== undefined),
  };
};
