// Per-office number series (account numbers now; invoice numbers later). Called inside the
// command's transaction, so a number is used exactly when the record that carries it is written.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { counters } from '../../db/schema';
import { prepared } from '../../db/prepared';

export function nextCounter(db: Db, name: string): number {
  // Prepared once: every receipt takes a number.
  const row = prepared(db, 'counters.next', (d) =>
    d
      .insert(counters)
      .values({ name: sql.placeholder('name'), value: 1 })
      .onConflictDoUpdate({ target: counters.name, set: { value: sql`${counters.value} + 1` } })
      .returning({ value: counters.value })
      .prepare(),
  ).get({ name });
  if (!row) throw new Error(`counter ${name} was not written`);
  return row.value;
}

/** Reserve `count` consecutive numbers at once (bulk imports); returns the first. */
export function reserveCounter(db: Db, name: string, count: number): number {
  const row = db
    .insert(counters)
    .values({ name, value: count })
    .onConflictDoUpdate({
      target: counters.name,
      set: { value: sql`${counters.value} + ${count}` },
    })
    .returning({ value: counters.value })
    .get();
  return row.value - count + 1;
}
