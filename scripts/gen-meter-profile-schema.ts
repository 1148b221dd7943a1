// `npx tsx scripts/gen-meter-profile-schema.ts` writes resources/meter-profiles/schema.json from
// the zod schema (the schema is the source of truth; the JSON Schema is for editors). `--check`
// fails when the file is out of date. Output goes through Prettier so format:check stays green.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { profileJsonSchema } from '../src/domain/meters/profile';

async function main(): Promise<void> {
  const target = join(__dirname, '..', 'resources', 'meter-profiles', 'schema.json');
  const options = (await resolveConfig(target)) ?? {};
  const fresh = await format(JSON.stringify(profileJsonSchema(), null, 2), {
    ...options,
    filepath: target,
  });
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      current = '';
    }
    if (current !== fresh) {
      process.stderr.write(`${target} is out of date: run npx tsx ${__filename}\n`);
      process.exit(1);
    }
    process.stdout.write(`${target} is up to date\n`);
  } else {
    writeFileSync(target, fresh);
    process.stdout.write(`wrote ${target}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
