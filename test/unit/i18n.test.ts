// Every language file has every key of the English one, with placeholders kept.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(__dirname, '..', '..', 'src', 'renderer', 'i18n', 'locales');
type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

// Plural forms differ by language (French and Portuguese have a "many" form, English does not),
// so keys are compared without their plural suffix.
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const keysOf = (m: Map<string, string>) => new Set([...m.keys()].map(base));

const load = (lang: string) =>
  flatten(JSON.parse(readFileSync(join(dir, `${lang}.json`), 'utf8')) as Tree);
const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const en = load('en');

  it('English has no empty strings', () => {
    expect(en.size).toBeGreaterThan(50);
    for (const [key, value] of en) expect(value.trim(), key).not.toBe('');
  });

  for (const lang of ['fr', 'pt']) {
    it(`${lang} has every English key, no extra ones, and the same placeholders`, () => {
      const other = load(lang);
      const enKeys = keysOf(en);
      const otherKeys = keysOf(other);
      expect([...enKeys].filter((k) => !otherKeys.has(k))).toEqual([]);
      expect([...otherKeys].filter((k) => !enKeys.has(k))).toEqual([]);
      for (const [key, value] of en) {
        if (!other.has(key)) continue; // a plural form the other language spells differently
        expect(placeholders(other.get(key) ?? ''), `${lang}: ${key}`).toEqual(placeholders(value));
        expect((other.get(key) ?? '').trim(), `${lang}: ${key}`).not.toBe('');
      }
    });
  }
});
