// One backup and its verification in a process of its own, so its peak memory (max RSS) is its
// own: run by backup.bench.ts. Prints JSON: seconds for the backup and for the verification, the
// file size and the peak RSS in MiB.
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { verifyBackupFile, writeBackup } from '../../src/core/backup/archive';

const [dataDir, folder, dbFile] = process.argv.slice(2);
if (!dataDir || !folder || !dbFile) throw new Error('usage: backup-child DATA_DIR FOLDER DB');

async function main() {
  const source = new Database(dbFile ?? '');
  const passphrase = 'bench passphrase orange tractor 42';
  const t0 = performance.now();
  const written = await writeBackup({
    source,
    dataDir: dataDir ?? '',
    folder: folder ?? '',
    passphrase,
    createdAt: new Date(0).toISOString(),
    appVersion: 'bench',
  });
  const t1 = performance.now();
  await verifyBackupFile(written.file, passphrase, dataDir ?? '');
  const t2 = performance.now();
  source.close();
  process.stdout.write(
    JSON.stringify({
      backupS: (t1 - t0) / 1000,
      verifyS: (t2 - t1) / 1000,
      bytes: written.sizeBytes,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

void main();
