// Reading and verifying the audit log.
import {
  and,
  desc,
  eq,
  gte,
  inArray,
  lt,
  lte,
  notInArray,
  or,
  sql,
  type SQL,
  type SQLWrapper,
} from 'drizzle-orm';
import { SIGN_IN_COMMANDS } from '../../../contract/commands/audit';
import { verifyAudit } from '../../audit-log';
import { auditLog } from '../../db/schema';
import type { Handler } from '../shared/types';

/** LIKE with the user's text taken literally (% and _ in a search are not wildcards). */
function contains(column: SQLWrapper, text: string, anchored = false): SQL {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  const pattern = anchored ? `${escaped}%` : `%${escaped}%`;
  return sql`${column} LIKE ${pattern} ESCAPE '\\'`;
}

export const list: Handler<'audit.list'> = (ctx, input) => {
  const where: SQL[] = [];
  if (input.from) where.push(gte(auditLog.at, new Date(input.from).toISOString()));
  if (input.to) where.push(lte(auditLog.at, new Date(input.to).toISOString()));
  if (input.actor) where.push(contains(auditLog.actor, input.actor.toLowerCase()));
  if (input.command) where.push(contains(auditLog.command, input.command, true));
  if (input.text) {
    const match = or(
      contains(auditLog.summary, input.text),
      contains(auditLog.records, input.text),
    );
    if (match) where.push(match);
  }
  if (input.outcome) where.push(eq(auditLog.outcome, input.outcome));
  if (input.signIns === 'only') where.push(inArray(auditLog.command, [...SIGN_IN_COMMANDS]));
  if (input.signIns === 'hide') where.push(notInArray(auditLog.command, [...SIGN_IN_COMMANDS]));
  if (input.beforeSeq) where.push(lt(auditLog.seq, input.beforeSeq));
  const rows = ctx.db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.seq))
    .limit(input.limit + 1)
    .all();
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    entries: page.map(({ prevHash: _p, hash: _h, officeId: _o, ...entry }) => entry),
    nextBeforeSeq: rows.length > input.limit && last ? last.seq : null,
  };
};

export const verify: Handler<'audit.verify'> = (ctx) => verifyAudit(ctx.db);
