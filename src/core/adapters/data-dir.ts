// Where GridDesk keeps its data: the same folder Electron's app.getPath('userData') gives for an
// app named GridDesk, so the desktop app, browser mode and the CLI share one database.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'GridDesk';

export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (env.GRIDDESK_DATA) return env.GRIDDESK_DATA;
  if (platform === 'win32') {
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  }
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME);
}

export const DATABASE_FILE = 'griddesk.sqlite';
export const LOG_FILE = 'griddesk.log';
