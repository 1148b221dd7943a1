// Work the core does by itself while a door is open: accruing access charges at start and then
// every hour (so a new day is picked up within the hour, and days spent closed are caught up at
// the next start; docs/domain.md §4), and making each day's contract reminders. Each run goes
// through the dispatcher like any command, so it is audited and transactional; the accrual is
// idempotent, so a run that finds nothing due is skipped and writes nothing. Automatic backups start here too, for every door that runs
// housekeeping.
import type { Core } from './app';
import { startBackupSchedule } from './backup/schedule';

const EVERY_MS = 60 * 60 * 1000;

/** The day this process last made the contract reminders: hourly runs make them once a day. */
const remindedOn = new WeakMap<Core, string>();

export async function runHousekeeping(core: Core): Promise<void> {
  const status = await core.dispatch('accessCharges.status', {}, { door: 'system' });
  if (!status.ok) return;
  const { due, today } = status.value as { due: number; today: string };
  // Today's contract reminders into the outbox (docs/appliances.md, "Reminders"): once a day;
  // the command itself adds nothing for a contract that already has today's.
  if (remindedOn.get(core) !== today && thisOfficeIsSetUp(today)) {
    const reminded = await core.dispatch('contracts.remindersGenerate', {}, { door: 'system' });
    if (reminded.ok) remindedOn.set(core, today);
    else core.deps.log.warn('contract reminders failed', { error: reminded.error });
  }
  if (due === 0) return;
  const result = await core.dispatch('accessCharges.accrue', {}, { door: 'system' });
  if (!result.ok) core.deps.log.warn('access-charge accrual failed', { error: result.error });
}

const SYNC_FOLDER_EVERY_MS = 2 * 60 * 1000;

/**
 * The shared-folder mode (docs/sync.md): every two minutes, when a folder is set for this PC, an
 * exchange through it. The command itself refuses a second run while one is going and treats a
 * missing folder as a quiet state; its outcome shows on the Sync screen.
 */
export async function runSyncFolder(core: Core): Promise<void> {
  const setting = await core.dispatch('sync.folder', {}, { door: 'system' });
  if (!setting.ok || (setting.value as { folder: string | null }).folder === null) return;
  const result = await core.dispatch('sync.folderRun', {}, { door: 'system' });
  if (!result.ok) core.deps.log.warn('shared-folder sync failed', { error: result.error });
}

function startSyncFolder(core: Core): () => void {
  const run = () => {
    runSyncFolder(core).catch((error: unknown) => {
      core.deps.log.error('shared-folder sync failed', { error: String(error) });
    });
  };
  const timer = setInterval(run, SYNC_FOLDER_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** accessCharges.status answers 1970-01-01 before the setup wizard made this office. */
function thisOfficeIsSetUp(today: string): boolean {
  return today !== '1970-01-01';
}

/**
 * Runs once now and then hourly, and starts the automatic backups (core/backup/schedule.ts);
 * returns the function that stops both.
 */
export function startHousekeeping(core: Core): () => void {
  const stopBackups = startBackupSchedule(core);
  const stopSyncFolder = startSyncFolder(core);
  const run = () => {
    runHousekeeping(core).catch((error: unknown) => {
      core.deps.log.error('housekeeping failed', { error: String(error) });
    });
  };
  run();
  const timer = setInterval(run, EVERY_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    stopBackups();
    stopSyncFolder();
  };
}
