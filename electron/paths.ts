// Where the desktop shell finds its data folder, migrations, page and preload. Pure functions of
// what main.ts reads from Electron, so the rules are tested without the Electron binary.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_NAME } from '../src/core/adapters/data-dir';

export interface ShellFacts {
  isPackaged: boolean;
  /** `process.resourcesPath`: where electron-builder's extraResources land. */
  resourcesPath: string;
  /** `app.getAppPath()`: the project folder in development, app.asar when packaged. */
  appPath: string;
  /** Folder of the built main.js (out/main); the preload and renderer are its siblings. */
  mainDir: string;
  env: NodeJS.ProcessEnv;
}

/**
 * The data folder. Same rule as the CLI's defaultDataDir (GRIDDESK_DATA, else <appData>/GridDesk)
 * so the desktop app, browser mode and scripts share one database. Electron's own default would
 * be <appData>/griddesk, taken from package.json's lowercase name.
 */
export function dataDirFor(env: NodeJS.ProcessEnv, appDataDir: string): string {
  const override = env.GRIDDESK_DATA;
  return override ? resolve(override) : join(appDataDir, APP_NAME);
}

export function migrationsDirFor(facts: ShellFacts): string {
  // Packaged: extraResources copies them out of the asar, where SQL files can be read normally.
  return facts.isPackaged
    ? join(facts.resourcesPath, 'migrations')
    : join(facts.appPath, 'resources', 'migrations');
}

export function preloadPathFor(mainDir: string): string {
  return join(mainDir, '..', 'preload', 'preload.js');
}

/**
 * The page to load. The dev server URL is honoured only in an unpackaged app: an installed
 * GridDesk must never be pointed at another page by an environment variable.
 */
export function appUrlFor(facts: ShellFacts): string {
  const dev = facts.env.ELECTRON_RENDERER_URL;
  if (!facts.isPackaged && dev && /^https?:\/\//.test(dev)) return dev;
  return pathToFileURL(join(facts.mainDir, '..', 'renderer', 'index.html')).href;
}

export function isDevServer(appUrl: string): boolean {
  return !appUrl.startsWith('file:');
}
