// Every screen in the navigation has its "how do I" help, and a role's guide covers exactly the
// screens that role can open.
import { describe, expect, it } from 'vitest';
import en from '../../src/renderer/i18n/locales/en.json';
import { AREAS } from '../../src/renderer/features/shell/areas';
import {
  areaOf,
  guideAreas,
  helpKey,
  helpLines,
} from '../../src/renderer/features/help/help-content';

const t = (key: string): string => {
  let node: unknown = en;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return key;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : key;
};

describe('in-app help', () => {
  it('has help for every screen of the navigation', () => {
    for (const area of AREAS) {
      expect(helpLines(t, helpKey(area), 'admin'), area.path).not.toEqual([]);
    }
    expect(Object.keys(en.help.screens).sort()).toEqual(AREAS.map(helpKey).sort());
  });

  it('finds the screen of a route, also a record page under it', () => {
    expect(areaOf('/customers/0190f0d8')?.path).toBe('/customers');
    expect(areaOf('/vendor-tokens')?.path).toBe('/vendor-tokens');
    expect(helpKey({ path: '/vendor-tokens', labelKey: '', command: 'sts.list' })).toBe(
      'vendorTokens',
    );
    expect(areaOf('/nowhere')).toBeUndefined();
  });

  it('gives each role a guide of the screens it can open, and only those', () => {
    const paths = (role: Parameters<typeof guideAreas>[0]) => guideAreas(role).map((a) => a.path);
    expect(paths('cashier')).toContain('/counter');
    expect(paths('cashier')).not.toContain('/users');
    expect(paths('cashier')).not.toContain('/payg');
    expect(paths('clerk')).toContain('/customers');
    expect(paths('clerk')).not.toContain('/audit');
    expect(paths('manager')).toContain('/audit');
    expect(paths('manager')).not.toContain('/users');
    expect(paths('admin')).toContain('/users');
  });

  it('tells a role only what it may do on a screen', () => {
    expect(helpLines(t, 'tariffs', 'cashier')).toEqual([]);
    expect(helpLines(t, 'tariffs', 'manager')).toHaveLength(3);
    expect(helpLines(t, 'tokens', 'cashier')).toHaveLength(1);
    expect(helpLines(t, 'tokens', 'manager')).toHaveLength(2);
  });
});
