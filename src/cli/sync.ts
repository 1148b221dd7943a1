// `griddesk sync ...` (docs/sync.md): the sync key, join files, joining, bundles out and in, and
// the status, each through the same command the app uses, as the local operator. Argument parsing
// and messages only. Exit codes: 0 done, 1 refused with a message, 2 usage.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CommandName, Envelope, InputOf, OutputOf } from '../contract';
import type { Core } from '../core/app';

export class SyncUsageError extends Error {}

export const SYNC_KEY_ENV = 'GRIDDESK_SYNC_KEY';

const USAGE = `usage:
  griddesk sync key
  griddesk sync join-file --office CODE --name NAME --out FILE.gdsync
  griddesk sync join FILE.gdsync        (the sync key from ${SYNC_KEY_ENV} or a prompt)
  griddesk sync export --to OFFICE --out FILE.gdsync
  griddesk sync import FILE.gdsync
  griddesk sync status [--json]`;

export interface SyncCliIo {
  out: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** Asks on a terminal without echo; null where there is none. */
  prompt: (question: string) => Promise<string | null>;
}

async function run<N extends CommandName>(
  openCore: () => Core,
  name: N,
  input: InputOf<N>,
): Promise<Envelope<OutputOf<N>>> {
  const core = openCore();
  try {
    return (await core.dispatch(name, input, { door: 'cli' })) as Envelope<OutputOf<N>>;
  } finally {
    core.close();
  }
}

function refused(out: (line: string) => void, envelope: { error: { message: string } }): number {
  out(`refused: ${envelope.error.message}`);
  return 1;
}

export async function syncCommand(
  openCore: () => Core,
  args: string[],
  io: SyncCliIo,
): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      office: { type: 'string' },
      name: { type: 'string' },
      out: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const { out } = io;
  switch (action) {
    case 'key': {
      const r = await run(openCore, 'sync.key', {});
      if (!r.ok) return refused(out, r);
      out(r.value.key);
      out(
        r.value.made
          ? 'This is the new sync key of the company. Write it down and keep it safe: every office needs it to join and to read bundles.'
          : 'The sync key of the company: every office needs it to join and to read bundles.',
      );
      return 0;
    }
    case 'join-file': {
      if (!values.office || !values.name || !values.out) throw new SyncUsageError(USAGE);
      const file = resolve(values.out);
      const r = await run(openCore, 'sync.joinFile', {
        officeCode: values.office,
        officeName: values.name,
        file,
      });
      if (!r.ok) return refused(out, r);
      out(`Join file for office ${r.value.officeCode} written to ${r.value.file}.`);
      out('Take it to the new PC with the sync key and run: griddesk sync join FILE');
      return 0;
    }
    case 'join': {
      const file = positionals[0];
      if (!file || positionals.length > 1) throw new SyncUsageError(USAGE);
      const key = io.env[SYNC_KEY_ENV] ?? (await io.prompt('Sync key of the company: '));
      if (!key) {
        out(`refused: the sync key is needed: set ${SYNC_KEY_ENV} or run this on a terminal.`);
        return 1;
      }
      const r = await run(openCore, 'sync.join', { file: resolve(file), key });
      if (!r.ok) return refused(out, r);
      out(
        `This PC is now office ${r.value.officeCode} of ${r.value.companyName ?? 'the company'} ` +
          `(${r.value.applied} changes).`,
      );
      out(
        `Sign in as ${r.value.admins.join(' or ')}, with the same password as at the first office.`,
      );
      return 0;
    }
    case 'export': {
      if (!values.to || !values.out || positionals.length > 0) throw new SyncUsageError(USAGE);
      const r = await run(openCore, 'sync.export', { to: values.to, file: resolve(values.out) });
      if (!r.ok) return refused(out, r);
      out(
        `Bundle for office ${values.to.toUpperCase()}: ${r.value.changes} changes, written to ${r.value.file}.`,
      );
      return 0;
    }
    case 'import': {
      const file = positionals[0];
      if (!file || positionals.length > 1) throw new SyncUsageError(USAGE);
      const r = await run(openCore, 'sync.import', { file: resolve(file) });
      if (!r.ok) return refused(out, r);
      const v = r.value;
      out(
        `Bundle from office ${v.from.code} imported: ${v.applied} changes applied, ` +
          `${v.skipped} already here, ${v.waiting} waiting for earlier bundles, ${v.conflicts} to review.`,
      );
      if (v.backup) out(`A backup was taken first: ${v.backup}`);
      return 0;
    }
    case 'status': {
      const r = await run(openCore, 'sync.status', {});
      if (!r.ok) return values.json ? (out(JSON.stringify(r, null, 2)), 1) : refused(out, r);
      if (values.json) {
        out(JSON.stringify(r.value, null, 2));
        return 0;
      }
      const s = r.value;
      out(
        `Office ${s.office}: ${s.hasKey ? 'sync on' : 'no sync key yet'}, ${s.openConflicts} to review.`,
      );
      for (const p of s.peers) {
        out(
          `  ${p.code}  sent ${p.lastSentAt ?? 'never'}, received ${p.lastReceivedAt ?? 'never'}, ` +
            `${p.behind} changes not yet acknowledged`,
        );
      }
      return 0;
    }
    default:
      throw new SyncUsageError(USAGE);
  }
}
