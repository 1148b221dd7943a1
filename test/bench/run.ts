// `npm run bench`: every benchmark, figures and ratios against baselines measured in this run.
// `npm run bench -- contention billing` runs only the benchmarks named.
import { cpus, totalmem } from 'node:os';
import { benchDispatch } from './dispatch.bench';
import { benchRegistry } from './registry.bench';
import { benchPayments } from './payments.bench';
import { benchBilling } from './billing.bench';
import { benchMeters } from './meters';
import { benchContention } from './contention.bench';
import { benchDemo } from './demo.bench';
import { benchBackup } from './backup.bench';
import { benchContracts } from './contracts.bench';
import { benchReports } from './reports.bench';
import { benchDashboard } from './dashboard.bench';
import { benchStartup } from './startup.bench';
import { benchCli } from './cli.bench';
import { benchImport } from './import.bench';
import { benchOpenpaygo } from './openpaygo.bench';
import { benchSync } from './sync.bench';

const BENCHES: Record<string, () => Promise<void>> = {
  dispatch: benchDispatch,
  registry: benchRegistry,
  payments: benchPayments,
  billing: benchBilling,
  meters: benchMeters,
  contention: benchContention,
  demo: benchDemo,
  backup: benchBackup,
  contracts: benchContracts,
  reports: benchReports,
  dashboard: benchDashboard,
  startup: benchStartup,
  cli: benchCli,
  import: benchImport,
  openpaygo: benchOpenpaygo,
  sync: benchSync,
};

async function main() {
  const chosen = process.argv.slice(2);
  const unknown = chosen.filter((name) => !(name in BENCHES));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`,
    );
  }
  process.stdout.write(
    `GridDesk benchmarks — node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB\n`,
  );
  for (const [name, bench] of Object.entries(BENCHES)) {
    if (chosen.length === 0 || chosen.includes(name)) await bench();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
