// One CLI command at a time (issue 16): the CPU time of the built `griddesk` process, start-up
// included, for a command of each kind, beside a bare `node` doing nothing, in the same run.
// Needs `npm run build` first (it runs the built out/main/cli.js, as a user would).
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir } from '../helpers/core';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin', 'griddesk.js');
/**
 * Preloaded (node --require) into each child: on exit, writes the CPU time the whole process used,
 * start-up included, to file descriptor 3. Written into the bench's temporary folder.
 */
const PRELOAD_SOURCE = `
const { writeSync } = require('node:fs');
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  writeSync(3, String((user + system) / 1e6) + '\\n');
});
`;
let PRELOAD = '';
const RUNS = 7;

/** CPU seconds of one process running `args` (median of RUNS). */
function cpuOf(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync(process.execPath, ['--require', PRELOAD, ...args], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    const reported = (r.output[3] as string | null)?.trim();
    if (!reported) throw new Error(`no CPU figure from ${args.join(' ')}: ${r.stderr}`);
    samples.push(Number(reported));
  }
  return samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? 0;
}

export function benchCli(): Promise<void> {
  if (!existsSync(join(ROOT, 'out', 'main', 'cli.js'))) {
    throw new Error('The CLI bench runs the built CLI: run npm run build first.');
  }
  const data = tempDir('griddesk-bench-cli-');
  PRELOAD = join(data.path, 'cpu-preload.cjs');
  writeFileSync(PRELOAD, PRELOAD_SOURCE);
  try {
    // A set-up data folder for `call`.
    const setup = JSON.stringify({
      company: { name: 'Bench Power', country: 'NG' },
      currency: { code: 'NGN', decimals: 2 },
      office: { name: 'Bench office', code: 'BEN', timeZone: 'Africa/Lagos' },
      admin: {
        username: 'ada',
        displayName: 'Ada Obi',
        password: 'correct horse battery',
        passwordConfirm: 'correct horse battery',
      },
      loadDemo: false,
    });
    const made = spawnSync(
      process.execPath,
      [BIN, '--data', join(data.path, 'data'), 'call', 'setup.initialise', setup],
      {
        encoding: 'utf8',
      },
    );
    if (made.status !== 0) throw new Error(`setup failed: ${made.stdout}${made.stderr}`);
    const bare = cpuOf(['-e', '0']);
    const rows: [string, number][] = [
      [
        'call setup.status',
        cpuOf([BIN, '--data', join(data.path, 'data'), 'call', 'setup.status']),
      ],
      [
        'token openpaygo',
        cpuOf([
          BIN,
          'token',
          'openpaygo',
          '--key',
          'bc41ec9530f6dac86b1a29ab82edc5fb',
          '--starting-code',
          '516959010',
          '--count',
          '10',
          '--type',
          'ADD_TIME',
          '--value',
          '7',
        ]),
      ],
      [
        'read-meter (a port that is not there)',
        cpuOf([
          BIN,
          '--data',
          data.path,
          'read-meter',
          '--port',
          join(data.path, 'no-such-port'),
          '--profile',
          'eastron-sdm120',
        ]),
      ],
      ['--help', cpuOf([BIN, '--help'])],
    ];
    process.stdout.write(
      `\nOne CLI command, CPU time of the whole process (median of ${RUNS}; target < 0.2 s; before issue 16 ~0.75 s)\n` +
        `  bare node -e 0 (baseline)               ${bare.toFixed(3)} s\n`,
    );
    for (const [name, cpu] of rows) {
      process.stdout.write(
        `  ${name.padEnd(40)} ${cpu.toFixed(3)} s  (${(cpu - bare).toFixed(3)} s over bare node)\n`,
      );
    }
  } finally {
    data.remove();
  }
  return Promise.resolve();
}
