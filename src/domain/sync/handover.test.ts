import { describe, expect, it } from 'vitest';
import { decideHandOver } from './handover';

const lag = { id: 'o-lag', code: 'LAG' };
const abj = { id: 'o-abj', code: 'ABJ' };
const facts = { serial: 'SHS-1', here: lag, owner: lag, to: abj, toCode: 'ABJ', count: 41 };

describe('handing a token counter over', () => {
  it('the owner hands over at its last count, with no margin', () => {
    expect(decideHandOver(facts)).toEqual({ ok: true, count: 41, to: abj });
  });

  it('only the owner, to another office that exists', () => {
    expect(decideHandOver({ ...facts, owner: { id: abj.id, code: 'ABJ' } })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      message: expect.stringContaining('issued by office ABJ, not this office (LAG)'),
    });
    expect(decideHandOver({ ...facts, owner: { id: 'o-x', code: null } })).toMatchObject({
      message: expect.stringContaining('issued by office another office'),
    });
    expect(decideHandOver({ ...facts, to: null, toCode: 'KAN' })).toMatchObject({
      code: 'VALIDATION',
      field: 'toOffice',
      message: expect.stringContaining('no office KAN'),
    });
    expect(decideHandOver({ ...facts, to: lag, toCode: 'LAG' })).toMatchObject({
      field: 'toOffice',
      message: expect.stringContaining('already issued here (LAG)'),
    });
  });
});
