// One backup and its verification in a process of its own, so its peak memory (max RSS) is its
// own: run by backup.bench.ts. Prints JSON: seconds for each stage of the backup (snapshot; counts
// and the age header; sealing and writing, with the snapshot's check beside it; reading back), for
// a full verification of the file on its own (decrypt, unpack, integrity_check, counts), the file
// size and the peak RSS in MiB.
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { verifyBackupFile, writeBackup } from '../../src/core/backup/archive';

const [dataDir, folder, dbFile, way] = process.argv.slice(2);
if (!dataDir || !folder || !dbFile)
  throw new Error('usage: backup-child DATA_DIR FOLDER DB [snapshot]');

async function main() {
  const source = new Database(dbFile ?? '');
  // "snapshot": a reader in the middle of a WAL that is not empty, as a busy office may have, so
  // the backup cannot read the live file and takes the online backup API's snapshot.
  const reader = new Database(dbFile ?? '', { readonly: true });
  if (way === 'snapshot') {
    source.exec('CREATE TABLE IF NOT EXISTS bench_note (at TEXT)');
    source.prepare('INSERT INTO bench_note VALUES (?)').run(new Date(0).toISOString());
    reader.prepare('BEGIN').run();
    reader.prepare('SELECT count(*) FROM bench_note').get();
  }
  const passphrase = 'bench passphrase orange tractor 42';
  // When each stage started, from the progress the backup reports.
  const starts = new Map<string, number>();
  const t0 = performance.now();
  const written = await writeBackup({
    source,
    dataDir: dataDir ?? '',
    folder: folder ?? '',
    passphrase,
    createdAt: new Date(0).toISOString(),
    appVersion: 'bench',
    onProgress: (phase) => {
      if (!starts.has(phase)) starts.set(phase, performance.now());
    },
  });
  const t1 = performance.now();
  await written.readBack(written.file);
  written.dispose();
  const t2 = performance.now();
  reader.close();
  const backupRssMiB = process.resourceUsage().maxRSS / 1024;
  // Once per database is enough: the snapshot run's file verifies the same way.
  if (way !== 'snapshot') await verifyBackupFile(written.file, passphrase, dataDir ?? '');
  const t3 = performance.now();
  source.close();
  const at = (phase: string) => starts.get(phase) ?? t0;
  process.stdout.write(
    JSON.stringify({
      snapshotS: (at('check') - t0) / 1000,
      checkS: (at('write') - at('check')) / 1000,
      writeS: (t1 - at('write')) / 1000,
      readBackS: (t2 - t1) / 1000,
      backupS: (t2 - t0) / 1000,
      fullVerifyS: (t3 - t2) / 1000,
      method: written.method,
      file: written.fileName,
      bytes: written.sizeBytes,
      backupRssMiB,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

void main();
