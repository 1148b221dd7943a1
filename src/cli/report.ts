// `griddesk report monthly --period YYYY-MM|YYYY-Qn [--scope CODE] --out DIR [--json]`: write the monthly
// report's XLSX and CSVs into a folder, as the local operator, through the same command the app
// uses (reports.monthlyFiles). Prints the files written; exit 0 when written, 1 when the core
// refused (a month not started yet, an unknown scope), 2 on usage errors.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Envelope, OutputOf } from '../contract';
import type { Core } from '../core/app';

export class ReportUsageError extends Error {}

const USAGE =
  'usage: griddesk report monthly --period YYYY-MM|YYYY-Qn [--scope MINI-GRID-CODE|CLUSTER] --out DIR [--json]\n' +
  '       griddesk report funder --kind odyssey|prospect --period YYYY-MM|YYYY-Qn [--scope ...] --out DIR [--json]';

export async function reportCommand(
  openCore: () => Core,
  args: string[],
  out: (text: string) => void,
): Promise<number> {
  const [kind, ...rest] = args;
  if (kind !== 'monthly' && kind !== 'funder') throw new ReportUsageError(USAGE);
  const { values } = parseArgs({
    args: rest,
    options: {
      kind: { type: 'string' },
      period: { type: 'string' },
      scope: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.period || !values.out || (kind === 'funder' && !values.kind))
    throw new ReportUsageError(USAGE);
  const folder = resolve(values.out);
  const core = openCore();
  const scope = values.scope ? { scope: values.scope } : {};
  let result: Envelope<{
    files: OutputOf<'reports.monthlyFiles'>['files'];
    report?: OutputOf<'reports.monthlyFiles'>['report'];
  }>;
  try {
    result =
      kind === 'monthly'
        ? ((await core.dispatch(
            'reports.monthlyFiles',
            { period: values.period, ...scope },
            { door: 'cli' },
          )) as Envelope<OutputOf<'reports.monthlyFiles'>>)
        : ((await core.dispatch(
            'reports.funder',
            { kind: values.kind, period: values.period, ...scope },
            { door: 'cli' },
          )) as Envelope<OutputOf<'reports.funder'>>);
  } finally {
    core.close();
  }
  if (!result.ok) {
    out(values.json ? JSON.stringify(result, null, 2) : `refused: ${result.error.message}`);
    return 1;
  }
  mkdirSync(folder, { recursive: true });
  const written = result.value.files.map((f) => {
    const path = join(folder, f.name);
    writeFileSync(path, Buffer.from(f.contentBase64, 'base64'));
    return path;
  });
  const { report } = result.value;
  if (values.json) out(JSON.stringify({ ok: true, value: { files: written } }, null, 2));
  else {
    if (report)
      out(`${report.scope.name}, ${report.period}${report.message ? `: ${report.message}` : ''}`);
    for (const path of written) out(`  wrote ${path}`);
  }
  return 0;
}
