import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandNames } from '../../src/contract';
import { renderApiDoc } from '../../scripts/api-doc';

describe('docs/api.md', () => {
  it('is generated from the current contract (run npm run docs:api after changing it)', () => {
    const current = readFileSync(join(__dirname, '..', '..', 'docs', 'api.md'), 'utf8');
    expect(current).toBe(renderApiDoc());
  });

  it('documents every command', () => {
    const doc = renderApiDoc();
    for (const name of commandNames) expect(doc).toContain(`### \`${name}\``);
  });
});
