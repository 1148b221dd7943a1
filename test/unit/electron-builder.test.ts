// electron-builder.yml cannot be exercised here (no Electron download, no NSIS), so this checks
// what would otherwise only fail on a customer's PC: native modules outside the asar, migrations
// shipped as files where the shell looks for them, and a config electron-builder accepts.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { migrationsDirFor } from '../../electron/paths';

const root = resolve(__dirname, '../..');
const parsed: unknown = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (!isRecord(value)) throw new Error(`${what} should be a mapping`);
  return value;
}

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what} should be a list`);
  return value;
}

function strings(value: unknown, what: string): string[] {
  return list(value, what).map((item) => {
    if (typeof item !== 'string') throw new Error(`${what} should hold strings`);
    return item;
  });
}

const config = record(parsed, 'electron-builder.yml');

describe('electron-builder.yml', () => {
  it('is a configuration electron-builder itself accepts', async () => {
    // The same schema check `electron-builder` runs first; catches misspelt or misplaced options.
    await expect(
      validateConfiguration(config as Configuration, new DebugLogger(false)),
    ).resolves.toBeUndefined();
  });

  it('names the app', () => {
    expect(config.appId).toBe('org.griddesk.app');
    expect(config.productName).toBe('GridDesk');
    expect(record(config.directories, 'directories').output).toBe('dist');
  });

  it('builds a 64-bit NSIS installer the user can place and that makes a desktop shortcut', () => {
    const targets = list(record(config.win, 'win').target, 'win.target').map((t) =>
      record(t, 'win.target[]'),
    );
    const nsisTarget = targets.find((t) => t.target === 'nsis');
    expect(nsisTarget).toBeDefined();
    expect(strings(nsisTarget?.arch, 'nsis arch')).toEqual(['x64']);

    const nsis = record(config.nsis, 'nsis');
    expect(nsis.oneClick).toBe(false);
    expect(nsis.perMachine).toBe(false);
    expect(nsis.allowToChangeInstallationDirectory).toBe(true);
    expect(nsis.createDesktopShortcut).toBe(true);
  });

  it('ships the built app and not the sources', () => {
    const files = strings(config.files, 'files');
    expect(files).toContain('out/**/*');
    expect(files).toContain('package.json');
    const excluded = files.filter((f) => f.startsWith('!')).map((f) => f.slice(1));
    for (const built of ['out/main/main.js', 'out/preload/preload.js', 'out/renderer/index.html']) {
      expect(
        excluded.some((pattern) => minimatch(built, pattern, { dot: true })),
        built,
      ).toBe(false);
    }
    for (const source of ['src/core/app.ts', 'electron/main.ts', 'test/unit/x.test.ts']) {
      expect(
        excluded.some((pattern) => minimatch(source, pattern, { dot: true })),
        source,
      ).toBe(true);
    }
  });

  it('unpacks the native modules from the asar and rebuilds them for Electron', () => {
    const unpack = strings(config.asarUnpack, 'asarUnpack');
    const natives = [
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/@serialport/bindings-cpp/build/Release/bindings.node',
    ];
    for (const file of natives) {
      expect(
        unpack.some((pattern) => minimatch(file, pattern, { dot: true })),
        file,
      ).toBe(true);
    }
    expect(config.npmRebuild).toBe(true);
  });

  it('copies migrations and meter profiles to where the packaged shell reads them', () => {
    const extra = list(config.extraResources, 'extraResources').map((e) =>
      record(e, 'extraResources[]'),
    );
    const migrations = extra.find((e) => e.from === 'resources/migrations');
    expect(migrations?.to).toBe('migrations');
    expect(extra.find((e) => e.from === 'resources/meter-profiles')?.to).toBe('meter-profiles');

    const resourcesPath = '/opt/GridDesk/resources';
    const shellReads = migrationsDirFor({
      isPackaged: true,
      resourcesPath,
      appPath: join(resourcesPath, 'app.asar'),
      mainDir: join(resourcesPath, 'app.asar', 'out', 'main'),
      env: {},
    });
    expect(shellReads).toBe(join(resourcesPath, String(migrations?.to)));
  });

  it('has migrations on disk to ship', () => {
    expect(existsSync(join(root, 'resources', 'migrations', 'meta', '_journal.json'))).toBe(true);
  });
});
