// Input length limits come from the contract's schemas, so a form and the core agree.
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/contract';
import { maxLengthOf } from '../../src/renderer/lib/limits';

describe('maxLengthOf', () => {
  it('reads the limit of a field through optional, nullable and transforms', () => {
    const customer = commands['customers.create'].input;
    expect(maxLengthOf(customer, 'firstName')).toBe(80);
    expect(maxLengthOf(customer, 'nationalId')).toBe(40);
    expect(maxLengthOf(commands['users.create'].input, 'password')).toBe(200);
    expect(maxLengthOf(commands['tariffs.create'].input, 'definition.levies.0.name')).toBe(80);
  });

  it('says nothing for a field without a limit or a path that does not exist', () => {
    expect(maxLengthOf(commands['customers.create'].input, 'villageId')).toBeUndefined();
    expect(maxLengthOf(commands['customers.create'].input, 'noSuchField')).toBeUndefined();
  });
});
