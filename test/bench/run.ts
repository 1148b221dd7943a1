// `npm run bench`: every benchmark, figures and ratios against baselines measured in this run.
import { cpus, totalmem } from 'node:os';
import { benchDispatch } from './dispatch.bench';
import { benchRegistry } from './registry.bench';
import { benchPayments } from './payments.bench';
import { benchBilling } from './billing.bench';
import { benchMeters } from './meters';
import { benchBackup } from './backup.bench';

async function main() {
  process.stdout.write(
    `GridDesk benchmarks — node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB\n`,
  );
  await benchDispatch();
  await benchRegistry();
  await benchPayments();
  await benchBilling();
  await benchMeters();
  await benchBackup();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
