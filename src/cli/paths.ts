// Where the built CLI finds its resources: the project (or unpacked app) root holds
// resources/migrations and out/renderer. The CLI is bundled to out/main/cli.js.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'resources', 'migrations'))) {
      return dir;
    }
    dir = dirname(dir);
  }
  return resolve(start, '..', '..');
}

export const appRoot = findRoot(__dirname);
export const migrationsDir = join(appRoot, 'resources', 'migrations');
export const meterProfilesDir = join(appRoot, 'resources', 'meter-profiles');
export const rendererDir = join(appRoot, 'out', 'renderer');

export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
