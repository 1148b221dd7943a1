// A query command cannot write, checked by the compiler (docs/architecture.md, "Queries do not
// write"): its handler gets a QueryContext, whose database has no insert, update or delete and
// which has no transactions. These are type checks, so `npm run typecheck` is what fails when the
// types stop holding; the run-time guard is test/integration/queries-read-only.test.ts.
import { describe, expectTypeOf, it } from 'vitest';
import type { CommandName } from '../../src/contract';
import type { Handler } from '../../src/core/areas/shared/types';

type CtxOf<N extends CommandName> = Parameters<Handler<N>>[0];

describe('handler types', () => {
  it('give a query command a database it cannot write with', () => {
    expectTypeOf<CtxOf<'sites.tree'>['db']>().not.toHaveProperty('insert');
    expectTypeOf<CtxOf<'customers.list'>['db']>().not.toHaveProperty('update');
    expectTypeOf<CtxOf<'customers.list'>['db']>().not.toHaveProperty('delete');
    expectTypeOf<CtxOf<'sites.tree'>>().not.toHaveProperty('transact');
    const writing: Handler<'sites.tree'> = (ctx) => {
      // @ts-expect-error -- a query's database has no insert
      void ctx.db.insert;
      return { clusters: [] };
    };
    expectTypeOf(writing).toBeFunction();
  });

  it('give a write command the whole database', () => {
    expectTypeOf<CtxOf<'sites.createCluster'>['db']>().toHaveProperty('insert');
    expectTypeOf<CtxOf<'sites.createCluster'>>().toHaveProperty('transact');
  });
});
