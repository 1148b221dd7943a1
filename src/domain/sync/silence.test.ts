import { describe, expect, it } from 'vitest';
import { isSilent, SILENT_WARN_DAYS } from './silence';

describe('an office not heard from', () => {
  it('is flagged from the warning age on, and when it never sent anything', () => {
    expect(isSilent(null)).toBe(true);
    expect(isSilent(0)).toBe(false);
    expect(isSilent(SILENT_WARN_DAYS - 1)).toBe(false);
    expect(isSilent(SILENT_WARN_DAYS)).toBe(true);
  });
});
