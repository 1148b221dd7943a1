// `npm run docs:api` writes docs/api.md; `--check` fails when it is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderApiDoc } from './api-doc';

const target = join(__dirname, '..', 'docs', 'api.md');
const fresh = renderApiDoc();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    current = '';
  }
  if (current !== fresh) {
    process.stderr.write('docs/api.md is out of date: run npm run docs:api\n');
    process.exit(1);
  }
  process.stdout.write('docs/api.md is up to date\n');
} else {
  writeFileSync(target, fresh);
  process.stdout.write(`wrote ${target}\n`);
}
