// The well-formed-text rule of the contract: what it refuses, how it names the field, and that
// no input shape (deep, cyclic, huge) can make the check itself fail.
import { describe, expect, it } from 'vitest';
import {
  illFormedTextIssues,
  illFormedTextProblem,
  isWellFormedText,
  wellFormed,
} from '../../src/contract';

describe('well-formed text', () => {
  it('accepts any correct text, emoji pairs included, and refuses lone halves and NUL', () => {
    for (const ok of ['', 'North', 'Ngozi 🌞⚡', '𝕲𝖗𝖎𝖉', 'é\u202e\ufeff', '\ud83d\ude00']) {
      expect(isWellFormedText(ok), JSON.stringify(ok)).toBe(true);
    }
    expect(illFormedTextProblem('North \ud800')).toMatch(/broken character at position 7/);
    expect(illFormedTextProblem('\udc00abc')).toMatch(/position 1/);
    expect(illFormedTextProblem('ab\ud83d')).toMatch(/position 3/);
    // A low half before its high half is not a pair.
    expect(illFormedTextProblem('\ude00\ud83d')).toMatch(/position 1/);
    expect(illFormedTextProblem('ab\u0000')).toMatch(/NUL character at position 3/);
  });

  it('names every bad field by its dotted path, keys included', () => {
    const issues = illFormedTextIssues({
      name: 'ok',
      admin: { displayName: 'Ada\u0000' },
      lines: ['fine', 'bad \udfff'],
      mapping: { 'col\ud800': 'x' },
    });
    expect(issues.map((i) => i.field)).toEqual([
      'admin.displayName',
      'lines.1',
      'mapping.col\\ud800',
    ]);
    expect(issues[2]?.message).toMatch(/^name contains a broken character/);
  });

  it('stops at the limit, survives deep and cyclic inputs', () => {
    expect(illFormedTextIssues(Array.from({ length: 100 }, () => '\u0000'))).toHaveLength(20);
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(illFormedTextIssues(deep)).toHaveLength(1);
    const cyclic: Record<string, unknown> = { name: 'North \ud800' };
    cyclic.self = cyclic;
    expect(illFormedTextIssues(cyclic)).toEqual([
      { field: 'name', message: expect.stringMatching(/broken/) },
    ]);
  });

  it('makes text from elsewhere storable without changing good text', () => {
    expect(wellFormed('Ngozi 🌞')).toBe('Ngozi 🌞');
    expect(wellFormed('SN\ud83d')).toBe('SN\ufffd');
    expect(isWellFormedText(wellFormed('\udc00\ud800x'))).toBe(true);
  });
});
