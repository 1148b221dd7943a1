import { describe, expect, it } from 'vitest';
import { passphraseStrength } from './passphrase';

describe('backup passphrase strength', () => {
  it('refuses short passphrases, saying how long they are', () => {
    expect(passphraseStrength('sunshine1').problems).toEqual([
      'Use at least 12 characters (this one has 9).',
    ]);
  });

  it('sees through runs and repeats', () => {
    for (const weak of [
      'aaaaaaaaaaaaaaaa',
      'abcdefghijklmnop',
      '123456789012',
      'abababababababab',
    ]) {
      expect(passphraseStrength(weak).level, weak).toBe('weak');
    }
  });

  it('accepts four or five random words and rates longer ones higher', () => {
    const words = passphraseStrength('orange tractor mango river');
    expect(words.problems).toEqual([]);
    expect(words.level).toBe('fair');
    expect(passphraseStrength('correct horse battery').level).toBe('weak');
    expect(passphraseStrength('sunshine1234').level).toBe('weak');
    expect(passphraseStrength('orange tractor mango river lemon').level).toBe('good');
    expect(passphraseStrength('orange tractor mango 42 river Kano! lemon 7 Jos').level).toBe(
      'strong',
    );
    expect(passphraseStrength('orange tractor mango 42 river Kano! lemon 7 Jos').percent).toBe(100);
  });
});
