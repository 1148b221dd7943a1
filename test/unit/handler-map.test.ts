// The handler map is joined from the areas' own maps (src/core/areas/index.ts): a command answered
// by two areas would silently take the later one's handler, so this checks each command has one.
import { describe, expect, it } from 'vitest';
import { commandNames } from '../../src/contract';
import { areaHandlers, handlers } from '../../src/core/areas';

describe('the handler map', () => {
  it('has one area answering each command of the contract, and nothing else', () => {
    const owners = new Map<string, string[]>();
    for (const [area, map] of Object.entries(areaHandlers)) {
      for (const name of Object.keys(map)) owners.set(name, [...(owners.get(name) ?? []), area]);
    }
    const shared = [...owners].filter(([, areas]) => areas.length > 1);
    expect(shared).toEqual([]);
    const names = [...commandNames].sort();
    expect([...owners.keys()].sort()).toEqual(names);
    expect(Object.keys(handlers).sort()).toEqual(names);
  });
});
