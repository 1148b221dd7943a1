// Loading meter profiles: every built-in file is valid, and a user's broken or clashing file is
// reported by name and field without hiding the built-in profiles.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMeterProfiles } from './profiles';

const BUILTIN = resolve(__dirname, '..', '..', '..', 'resources', 'meter-profiles');
const temps: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'griddesk-profiles-'));
  temps.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadMeterProfiles', () => {
  it('loads every built-in profile and skips schema.json', () => {
    const { profiles, problems } = loadMeterProfiles(BUILTIN);
    expect(problems).toEqual([]);
    expect(profiles.map((p) => p.id)).toEqual([
      'acrel-ddsy1352',
      'chint-ddsu666',
      'chint-dtsu666',
      'eastron-sdm120',
      'eastron-sdm230',
      'eastron-sdm630',
    ]);
  });

  it('adds a valid user profile and tolerates a missing user folder', () => {
    const user = tempDir();
    const sdm = JSON.parse(readFileSync(join(BUILTIN, 'eastron-sdm120.json'), 'utf8'));
    writeFileSync(join(user, 'my-meter.json'), JSON.stringify({ ...sdm, id: 'my-meter' }));
    const { profiles, problems } = loadMeterProfiles(BUILTIN, user);
    expect(problems).toEqual([]);
    expect(profiles.map((p) => p.id)).toContain('my-meter');
    expect(loadMeterProfiles(BUILTIN, join(user, 'absent')).problems).toEqual([]);
  });

  it('names the file and the field of a broken user profile, keeping the others', () => {
    const user = tempDir();
    const sdm = JSON.parse(readFileSync(join(BUILTIN, 'eastron-sdm120.json'), 'utf8'));
    sdm.id = 'broken-meter';
    sdm.measurements.import_kwh.words = 1;
    writeFileSync(join(user, 'broken-meter.json'), JSON.stringify(sdm));
    writeFileSync(join(user, 'not-json.json'), '{ "id": ');
    const { profiles, problems } = loadMeterProfiles(BUILTIN, user);
    expect(profiles).toHaveLength(6);
    expect(problems).toHaveLength(2);
    expect(problems[0]?.file).toBe(join(user, 'broken-meter.json'));
    expect(problems[0]?.message).toMatch(/^broken-meter\.json: .*measurements\.import_kwh\.words/);
    expect(problems[1]?.message).toMatch(/^not-json\.json: not valid JSON/);
  });

  it('refuses a user profile that reuses a built-in id', () => {
    const user = tempDir();
    copyFileSync(join(BUILTIN, 'eastron-sdm120.json'), join(user, 'copy.json'));
    const { profiles, problems } = loadMeterProfiles(BUILTIN, user);
    expect(profiles.filter((p) => p.id === 'eastron-sdm120')).toHaveLength(1);
    expect(problems).toEqual([
      {
        file: join(user, 'copy.json'),
        message: expect.stringContaining('id "eastron-sdm120" is already used by'),
      },
    ]);
  });
});
