// The core's refusals of ill-formed text and of too-large money reach the forms as sentences in
// the user's language: the renderer recognises the contract's exact words.
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { illFormedTextProblem } from '../../src/contract';
import { backdateRefusal } from '../../src/domain/tariff-backdate';
import { issueText } from '../../src/renderer/lib/form-errors';
import en from '../../src/renderer/i18n/locales/en.json';

// Looks the key up in the English file and fills its placeholders, like i18next does.
const t = ((key: string, options?: Record<string, string | number>) => {
  let node: unknown = en;
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  const text = typeof node === 'string' ? node : key;
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

  it('says the refusals of a tariff version dated in the past in the form’s words', () => {
    const facts = {
      tariffName: 'Residential',
      effectiveFrom: '2026-11-01',
      today: '2026-11-22',
      latest: { version: 1, effectiveFrom: '2026-01-01' },
      reason: null,
      used: { sales: 0, invoices: 0, accessCharges: 0 },
    };
    const said = (f: Parameters<typeof backdateRefusal>[0]) =>
      issueText(t, backdateRefusal(f)?.message ?? '');
    expect(said(facts)).toBe(en.tariffs.form.reasonRequired);
    expect(
      said({ ...facts, reason: 'late', used: { sales: 2, invoices: 0, accessCharges: 0 } }),
    ).toBe(en.issues.tariffPeriodUsed);
    expect(said({ ...facts, effectiveFrom: '2025-12-01' })).toBe(
      'The latest version starts on 2026-01-01: start this one on that day or later',
    );
  });
});
