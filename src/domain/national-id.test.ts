import { describe, expect, it } from 'vitest';
import { nationalIdProblem } from './national-id';

describe('nationalIdProblem', () => {
  it('accepts the ways countries write ID numbers', () => {
    for (const id of ['12345678901', 'A123', 'NIN 123-45/6', 'ab.12', 'Ñ123']) {
      expect(nationalIdProblem(id)).toBeNull();
    }
  });

  it('refuses what is no ID at all', () => {
    for (const id of ['-12', '+12', '?', '12;DROP', ' 12', '12@x']) {
      expect(nationalIdProblem(id)).toMatch(/^must start with a letter or digit/);
    }
  });
});
