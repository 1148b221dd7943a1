// The meter profiles a site can use (docs/domain.md §9.1): the built-in JSON files plus any a user
// drops into the data folder's meter-profiles/, so a new meter model needs no new release. One
// broken user file is reported by name and field, and never hides the profiles that work.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProfile, type MeterProfile } from '../../domain/meters/profile';

export interface ProfileProblem {
  file: string;
  message: string;
}

export interface LoadedProfiles {
  profiles: MeterProfile[];
  problems: ProfileProblem[];
}

function profileFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.toLowerCase().endsWith('.json') && name !== 'schema.json')
    .sort();
}

/**
 * Loads `builtinDir` (resources/meter-profiles) and then `userDir` when given and present. A
 * user profile may not reuse a built-in id: a silent replacement would change how meters are
 * billed without anyone noticing; the built-in one stays and the user file is reported.
 */
export function loadMeterProfiles(builtinDir: string, userDir?: string): LoadedProfiles {
  const profiles: MeterProfile[] = [];
  const problems: ProfileProblem[] = [];
  const byId = new Map<string, string>();

  const loadDir = (dir: string) => {
    let files: string[];
    try {
      files = profileFiles(dir);
    } catch (error) {
      problems.push({ file: dir, message: `cannot list meter profiles: ${errorText(error)}` });
      return;
    }
    for (const name of files) {
      const file = join(dir, name);
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        problems.push({ file, message: `${name}: not valid JSON: ${errorText(error)}` });
        continue;
      }
      let profile: MeterProfile;
      try {
        profile = parseProfile(json, name);
      } catch (error) {
        problems.push({ file, message: errorText(error) });
        continue;
      }
      const earlier = byId.get(profile.id);
      if (earlier !== undefined) {
        problems.push({
          file,
          message: `${name}: id "${profile.id}" is already used by ${earlier}: give it another id`,
        });
        continue;
      }
      byId.set(profile.id, file);
      profiles.push(profile);
    }
  };

  loadDir(builtinDir);
  if (userDir !== undefined && existsSync(userDir)) loadDir(userDir);
  return { profiles, problems };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
