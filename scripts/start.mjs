// What `npm start` runs. With Electron's desktop runtime installed (and a display to show it on)
// it launches the desktop app; otherwise it says why in one sentence and starts browser mode
// (`griddesk serve`), whose output shows the URL to open. Either way it builds first when the
// build is missing or older than the sources, and it stops the child when it is stopped.
//
//   npm start                          desktop app, or browser mode on the default port
//   npm start -- --port 5600 --data D  browser mode options; --data also works for the desktop app
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const requireHere = createRequire(join(root, 'package.json'));

const BUILD_OUTPUTS = [
  'out/main/main.js',
  'out/main/cli.js',
  'out/preload/preload.js',
  'out/renderer/index.html',
];
const BUILD_INPUTS = ['src', 'electron', 'electron.vite.config.ts', 'package.json'];

/** Path of the Electron binary, or null when the npm package is there without its download. */
function electronBinary() {
  try {
    // In plain Node the electron package exports the binary's path; it throws when the
    // postinstall download never happened, which is the normal case on machines without internet.
    const path = requireHere('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** Why the desktop app cannot start here, as one sentence, or null when it can. */
function browserModeReason() {
  if (!electronBinary()) {
    return (
      "Electron's desktop runtime is not installed on this machine, " +
      'so GridDesk starts in browser mode.'
    );
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return (
      'There is no graphical display to show a desktop window on, ' +
      'so GridDesk starts in browser mode.'
    );
  }
  return null;
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function buildIsStale() {
  const outputs = BUILD_OUTPUTS.map((file) => join(root, file));
  if (!outputs.every((file) => existsSync(file))) return true;
  const oldestOutput = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  const newestInput = Math.max(...BUILD_INPUTS.map((input) => newestMtime(join(root, input))));
  return newestInput > oldestOutput;
}

function build() {
  // Run electron-vite's own script with this Node, so it works the same on Windows (no .cmd
  // shims) and without relying on npx finding the right copy.
  const pkgFile = requireHere.resolve('electron-vite/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin['electron-vite'];
  process.stdout.write('Building GridDesk (electron-vite build)...\n');
  const result = spawnSync(process.execPath, [join(dirname(pkgFile), bin), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    process.stderr.write('The build failed (see above), so GridDesk was not started.\n');
    process.exit(result.status ?? 1);
  }
}

/** `--data DIR` is a global CLI option (it must precede `serve`); lift it out wherever it is. */
function splitDataOption(args) {
  const rest = [];
  let dataDir = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--data' && i + 1 < args.length) {
      dataDir = args[++i];
    } else if (arg.startsWith('--data=')) {
      dataDir = arg.slice('--data='.length);
    } else {
      rest.push(arg);
    }
  }
  return { dataDir, rest };
}

function run(command, args, env) {
  const child = spawn(command, args, {
    cwd: root,
    env,
    stdio: 'inherit',
    // Own process group on POSIX: a Ctrl+C then reaches the child once (forwarded by us) rather
    // than twice (terminal and us), which would make it start shutting down twice.
    detached: process.platform !== 'win32',
  });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => forward('SIGINT'));
  process.on('SIGTERM', () => forward('SIGTERM'));
  process.on('exit', () => forward('SIGTERM'));
  child.on('error', (error) => {
    process.stderr.write(`Could not start ${command}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1));
  });
}

const { dataDir, rest } = splitDataOption(process.argv.slice(2));
const reason = browserModeReason();
if (reason !== null) process.stdout.write(`${reason}\n`);
if (buildIsStale()) build();

if (reason === null) {
  const env = { ...process.env };
  // Set by some tools (VS Code tasks, test runners); it would make Electron behave as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  if (dataDir !== null) env.GRIDDESK_DATA = resolve(dataDir);
  run(electronBinary() ?? 'electron', ['.', ...rest], env);
} else {
  const dataArgs = dataDir === null ? [] : ['--data', resolve(dataDir)];
  run(process.execPath, [join(root, 'bin', 'griddesk.js'), ...dataArgs, 'serve', ...rest], {
    ...process.env,
  });
}
