// The `griddesk` command line: browser mode (`serve`), the contract (`commands`), running one
// command (`call`). It is a door like the others: no business logic here, only argument parsing.
// `runCli` runs it in-process (tests call it directly); bin.ts runs it for the real command.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { Core } from '../core/app';
import { defaultDataDir } from '../core/adapters/data-dir';
import { startingClock, systemClock, type Clock } from '../core/adapters/clock';
import { StartupError } from '../core/adapters/startup-error';
import { appVersion, migrationsDir, rendererDir } from './paths';

// Each sub-command's code, the core included, is loaded when that sub-command runs (import() below,
// a chunk of its own in the build): `token` and `--help` never load the database, and one command
// pays only for what it uses (docs/performance.md).

const USAGE = `Usage: griddesk [--data DIR] <command> [options]

Commands:
  serve [--port N]                 browser mode on http://127.0.0.1:N/ (default port 5600; 0 = any free port)
  commands [--json]                list every command with its input schema
  call <command> ['<json input>']  run one command as the local operator (audited as "cli");
       [--user NAME]               ... or as a user (password from GRIDDESK_PASSWORD)
  import <customers|devices|openpaygo-devices> FILE
       [--mapping NAME]            a saved column mapping
       [--village ID] [--model ID] defaults for rows that leave them empty
       [--json]                    exit 0 when rows were imported, 1 when none were
  token openpaygo --key HEX --starting-code N --count N --type ADD_TIME|SET_TIME|DISABLE_PAYG|COUNTER_SYNC
       [--value V] [--divider D] [--restricted] [--json]
                                   generate an OpenPAYGO token (stateless; nothing is stored)
  token check --key HEX --starting-code N --last-count N TOKEN [--restricted] [--json]
                                   what a token is, and whether a device at that count accepts it
  read-meter --port PATH --profile ID [--address N] [--baud B] [--parity P] [--stop-bits 1|2] [--json]
  read-meter --port PATH --protocol iec62056-21|dlt645 [--address 123456789012] [--json]
                                   read one meter on a serial port (read-meter --help for more)
  billing run --mini-grid CODE --period YYYY-MM [--finalise] [--json]
                                   draft (and finalise) a mini-grid's postpaid billing run
  contracts overdue [--as-of YYYY-MM-DD] [--village ID] [--json]
                                   appliance contracts late beyond their grace days
  contracts par --as-of YYYY-MM-DD [--json]
                                   portfolio at risk (PAR 7/30/90), collection rate, write-offs
  report monthly --period YYYY-MM|YYYY-Qn [--scope CODE] --out DIR [--json]
  report funder --kind odyssey|prospect --period YYYY-MM|YYYY-Qn [--scope CODE] --out DIR [--json]
                                   write a month's or quarter's pack (PDF, XLSX and CSVs), or a
                                   funder export (CSV and XLSX), for the company, a mini-grid
                                   (its code) or a cluster (its name) into DIR
  backup [--to DIR]                write one verified backup into DIR (default: the data folder's
                                   backups and the second folder set in Settings)
  backup verify FILE               decrypt a backup and check its database and row counts
  restore FILE [--yes]             restore a backup into the data folder (an empty one without
                                   questions; over existing data only with --yes, keeping an undo point)
  sync key                         the company's sync key (made on first use), for writing down
  sync join-file --office CODE --name NAME --out FILE.gdsync
                                   a join file for a new office of the company
  sync join FILE.gdsync            start this (empty) data folder as the office of a join file;
                                   the sync key from GRIDDESK_SYNC_KEY or a prompt
  sync export --to OFFICE --out FILE.gdsync
                                   a bundle of every change that office has not acknowledged
  sync import FILE.gdsync          import a bundle (a backup is taken first)
  sync status [--json]             each other office: last sent and received, how far behind

The backup passphrase is the one set in Settings; GRIDDESK_BACKUP_PASSPHRASE supplies or
overrides it (for verify and restore it is the only way to give it without a prompt).

Options:
  --data DIR   data folder (default: the desktop app's, or $GRIDDESK_DATA)
  --clock ISO  test clock: start the app's clock at this instant (it runs on from there); for
               tests and demonstrations only, never for a real office
  --help       this text

While the desktop app or serve runs on the same data folder, the other commands are read-only:
queries answer, commands that change data are refused (error code BUSY) naming that program.

Exit codes: 0 ok, 1 the command answered with an error, 2 usage or start-up problem.`;

class UsageError extends Error {}

/** Where the CLI writes: the process's streams, or a test's lines. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

let io: CliIo = processIo;

function out(text: string): void {
  io.out(text);
}

/** The test clock given with --clock (see startingClock); the real one otherwise. */
let clock: Clock | undefined;

/**
 * The CLI's core. `serve` is the data folder's one writer and refuses to start beside another
 * GridDesk; the short commands (call, import, billing) work read-only beside a running app:
 * queries answer, commands that change data are refused naming the program that holds the folder.
 */
async function coreOpener(dataDir: string, program: string): Promise<() => Core> {
  const { openCore } = await import('../core/app');
  return () =>
    openCore({
      dataDir,
      migrationsDir,
      version: appVersion(),
      program,
      // A restore replaces the database: never beside a running app. Others read beside it.
      whenHeld:
        program === 'griddesk serve' || program === 'griddesk restore' ? 'refuse' : 'read-only',
      ...(clock ? { clock } : {}),
    });
}

async function openOrExplain(dataDir: string, program: string): Promise<Core> {
  return (await coreOpener(dataDir, program))();
}

async function serve(dataDir: string, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string', default: '5600' } } });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a port number, got "${values.port}"`);
  }
  if (!existsSync(rendererDir)) {
    throw new UsageError(
      `The user interface is not built (${rendererDir} is missing): run npm run build.`,
    );
  }
  const core = await openOrExplain(dataDir, 'griddesk serve');
  const [{ startServer }, { startHousekeeping }, { backupOnQuit }] = await Promise.all([
    import('../core/server'),
    import('../core/housekeeping'),
    import('../core/backup/schedule'),
  ]);
  const server = await startServer({ core, rendererDir, port });
  const stopHousekeeping = startHousekeeping(core);
  out(`GridDesk is running in browser mode: open ${server.url}`);
  out(`Data folder: ${dataDir}. Press Ctrl+C to stop.`);
  const stop = () => {
    stopHousekeeping();
    // The backup on quit, then close: a second Ctrl+C does not wait for it.
    process.once('SIGINT', () => process.exit(1));
    void backupOnQuit(core)
      .catch((error: unknown) =>
        core.deps.log.error('backup on quit failed', { error: String(error) }),
      )
      .then(() => server.close())
      .then(() => {
        core.close();
        process.exit(0);
      });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => undefined);
}

async function listCommands(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
  const { describeCommands } = await import('../contract/describe');
  const described = describeCommands();
  if (values.json) {
    out(JSON.stringify(described, null, 2));
    return 0;
  }
  const width = Math.max(...described.map((c) => c.name.length));
  for (const c of described) out(`${c.name.padEnd(width)}  [${c.access}]  ${c.summary}`);
  return 0;
}

async function call(dataDir: string, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { user: { type: 'string' } },
  });
  const [name, json, ...rest] = positionals;
  if (!name || rest.length > 0)
    throw new UsageError('call needs a command name and at most one JSON input');
  let input: unknown = {};
  if (json !== undefined) {
    try {
      input = JSON.parse(json);
    } catch {
      throw new UsageError(`The input is not valid JSON: ${json.slice(0, 80)}`);
    }
  }
  let asUser: { username: string; password: string } | undefined;
  if (values.user !== undefined) {
    const password = process.env.GRIDDESK_PASSWORD;
    if (!password)
      throw new UsageError(
        '--user needs the password in the GRIDDESK_PASSWORD environment variable',
      );
    asUser = { username: values.user, password };
  }
  const core = await openOrExplain(dataDir, 'griddesk call');
  try {
    const envelope = await core.dispatch(name, input, { door: 'cli', asUser });
    out(JSON.stringify(envelope, null, 2));
    return envelope.ok ? 0 : 1;
  } finally {
    core.close();
  }
}

const IMPORT_KINDS = ['customers', 'devices', 'openpaygo-devices'] as const;

async function importFile(dataDir: string, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      mapping: { type: 'string' },
      village: { type: 'string' },
      model: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const [kind, file, ...rest] = positionals;
  if (!kind || !file || rest.length > 0) throw new UsageError('import needs a kind and a file');
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`import kind must be one of ${IMPORT_KINDS.join(', ')}, got "${kind}"`);
  }
  if (!existsSync(file)) throw new UsageError(`No such file: ${file}`);
  const input = {
    kind,
    fileName: basename(file),
    contentBase64: readFileSync(file).toString('base64'),
    ...(values.mapping ? { mappingName: values.mapping } : {}),
    defaults: {
      ...(values.village ? { villageId: values.village } : {}),
      ...(values.model ? { modelId: values.model } : {}),
    },
  };
  const core = await openOrExplain(dataDir, 'griddesk import');
  try {
    const envelope = await core.dispatch('imports.run', input, { door: 'cli' });
    if (values.json) {
      out(JSON.stringify(envelope, null, 2));
    } else if (envelope.ok) {
      const value = envelope.value as {
        created: number;
        duplicates: { line: number; message: string }[];
      };
      out(`Imported ${value.created} ${kind} from ${file}.`);
      for (const d of value.duplicates) out(`  line ${d.line}: skipped, ${d.message}`);
    } else {
      out(envelope.error.message);
      const problems = (envelope.error.details?.problems ?? []) as {
        line: number;
        column: string | null;
        message: string;
      }[];
      for (const p of problems)
        out(`  line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.message}`);
    }
    return envelope.ok && (envelope.value as { created: number }).created > 0 ? 0 : 1;
  } finally {
    core.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    tokens: true,
    options: { data: { type: 'string' }, clock: { type: 'string' }, help: { type: 'boolean' } },
  });
  // Global options come before the sub-command; everything after it belongs to the sub-command.
  const first = tokens.find((t) => t.kind === 'positional');
  const subcommand = positionals[0];
  // `griddesk read-meter --help` is the sub-command's own help, not this one.
  const help = tokens.some(
    (t) => t.kind === 'option' && t.name === 'help' && (!first || t.index < first.index),
  );
  if (help || !subcommand || !first) {
    out(USAGE);
    return subcommand || help ? 0 : 2;
  }
  const rest = argv.slice(first.index + 1);
  const dataDir = typeof values.data === 'string' ? values.data : defaultDataDir();
  if (typeof values.clock === 'string') {
    try {
      clock = startingClock(values.clock);
    } catch {
      throw new UsageError(
        `--clock must be a date and time such as 2026-11-16T08:30:00Z, got "${values.clock}"`,
      );
    }
  }
  switch (subcommand) {
    case 'serve':
      return serve(dataDir, rest);
    case 'commands':
      return listCommands(rest);
    case 'call':
      return call(dataDir, rest);
    case 'import':
      return importFile(dataDir, rest);
    case 'token': {
      const { tokenCommand } = await import('./token');
      return tokenCommand(rest, out, (line) => io.err(line));
    }
    case 'read-meter': {
      const { readMeterCommand } = await import('./read-meter');
      return readMeterCommand(dataDir, rest, out, (line) => io.err(line));
    }
    case 'billing': {
      const { billingCommand, BillingUsageError } = await import('./billing');
      const open = await coreOpener(dataDir, 'griddesk billing');
      try {
        return await billingCommand(open, rest, out);
      } catch (error) {
        if (error instanceof BillingUsageError) throw new UsageError(error.message);
        throw error;
      }
    }
    case 'contracts': {
      const { contractsCommand, ContractsUsageError } = await import('./contracts');
      const open = await coreOpener(dataDir, 'griddesk contracts');
      try {
        return await contractsCommand(open, rest, out);
      } catch (error) {
        if (error instanceof ContractsUsageError) throw new UsageError(error.message);
        throw error;
      }
    }
    case 'report': {
      const { reportCommand, ReportUsageError } = await import('./report');
      const open = await coreOpener(dataDir, 'griddesk report');
      try {
        return await reportCommand(open, rest, out);
      } catch (error) {
        if (error instanceof ReportUsageError) throw new UsageError(error.message);
        throw error;
      }
    }
    case 'backup': {
      const { backupCommand, BackupUsageError, terminalPrompt } = await import('./backup');
      const open = await coreOpener(dataDir, 'griddesk backup');
      try {
        return await backupCommand(dataDir, rest, open, {
          out,
          env: process.env,
          prompt: terminalPrompt,
        });
      } catch (error) {
        if (error instanceof BackupUsageError) throw new UsageError(error.message);
        throw error;
      }
    }
    case 'restore': {
      const { restoreCommand, BackupUsageError, terminalPrompt } = await import('./backup');
      const open = await coreOpener(dataDir, 'griddesk restore');
      try {
        return await restoreCommand(
          dataDir,
          rest,
          {
            openCore: open,
            migrationsDir,
            nowIso: () => (clock ?? systemClock).nowIso(),
          },
          { out, env: process.env, prompt: terminalPrompt },
        );
      } catch (error) {
        if (error instanceof BackupUsageError) throw new UsageError(error.message);
        throw error;
      }
    }
    case 'sync': {
      const { syncCommand, SyncUsageError } = await import('./sync');
      const { terminalPrompt } = await import('./backup');
      const open = await coreOpener(dataDir, 'griddesk sync');
      try {
        return await syncCommand(open, rest, { out, env: process.env, prompt: terminalPrompt });
      } catch (error) {
        if (error instanceof SyncUsageError) throw new UsageError(error.message);
        throw error;
      }
    }
    default:
      throw new UsageError(`Unknown command "${subcommand}"`);
  }
}

/**
 * Runs one griddesk command line and answers its exit code: 0 ok, 1 the command answered with an
 * error, 2 usage or start-up problem. One at a time (output and --clock are per run).
 */
export async function runCli(argv: string[], given: CliIo = processIo): Promise<number> {
  io = given;
  clock = undefined;
  try {
    return await main(argv);
  } catch (error) {
    if (error instanceof UsageError || error instanceof StartupError) {
      io.err(`griddesk: ${error.message}`);
      if (error instanceof UsageError) io.err('Run griddesk --help for usage.');
      return 2;
    }
    if (
      error instanceof TypeError &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS')
    ) {
      io.err(`griddesk: ${error.message}\nRun griddesk --help for usage.`);
      return 2;
    }
    io.err(`griddesk: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 2;
  }
}
