import { describe, expect, it } from 'vitest';
import { purgeFloors } from './purge';

describe('which changes an office may forget', () => {
  it('only what every other office acknowledged, and never the newest change of an origin', () => {
    expect(purgeFloors({ LAG: 10, ABJ: 4 }, [{ LAG: 7, ABJ: 4 }, { LAG: 9 }])).toEqual({
      LAG: 7,
    });
    expect(purgeFloors({ LAG: 10 }, [{ LAG: 10 }])).toEqual({ LAG: 9 });
  });

  it('nothing while one office has acknowledged nothing, or when there is no other office', () => {
    expect(purgeFloors({ LAG: 10 }, [{ LAG: 10 }, {}])).toEqual({});
    expect(purgeFloors({ LAG: 10 }, [])).toEqual({});
  });
});
