import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../src/core/adapters/data-dir';

describe('default data folder (same as Electron userData for GridDesk)', () => {
  it('uses %APPDATA% on Windows', () => {
    expect(
      defaultDataDir('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada'),
    ).toMatch(/AppData.Roaming.GridDesk$/);
  });
  it('uses Application Support on macOS and XDG on Linux', () => {
    expect(defaultDataDir('darwin', {}, '/Users/ada')).toBe(
      '/Users/ada/Library/Application Support/GridDesk',
    );
    expect(defaultDataDir('linux', {}, '/home/ada')).toBe('/home/ada/.config/GridDesk');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ada')).toBe('/cfg/GridDesk');
  });
  it('GRIDDESK_DATA overrides everything', () => {
    expect(defaultDataDir('win32', { GRIDDESK_DATA: 'D:\\grid' }, 'C:\\x')).toBe('D:\\grid');
  });
});
