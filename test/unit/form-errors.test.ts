// The core's refusals of ill-formed text and of too-large money reach the forms as sentences in
// the user's language: the renderer recognises the contract's exact words.
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { illFormedTextProblem } from '../../src/contract';
import { issueText } from '../../src/renderer/lib/form-errors';
import en from '../../src/renderer/i18n/locales/en.json';

// Looks the key up in the English file and fills its placeholders, like i18next does.
const t = ((key: string, options?: Record<string, string | number>) => {
  const [group, name] = key.split('.') as [keyof typeof en, string];
  const text = (en[group] as Record<string, string>)[name] ?? key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, p: string) => String(options?.[p] ?? ''));
}) as unknown as TFunction;

describe('form messages for the core refusals', () => {
  it('says where the broken character or the NUL is', () => {
    expect(issueText(t, illFormedTextProblem('North \ud800') ?? '')).toBe(
      'Contains a broken character at position 7 (half of an emoji or symbol): retype it',
    );
    expect(issueText(t, illFormedTextProblem('ab\u0000') ?? '')).toBe(
      'Contains an invisible NUL character at position 3: remove it',
    );
  });

  it('says an amount is too large instead of quoting minor units', () => {
    expect(issueText(t, 'must be at most 1000000000000 minor units')).toBe(
      'This amount is too large',
    );
  });
});
