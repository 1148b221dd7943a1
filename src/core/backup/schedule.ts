// Automatic backups while a door is open (the desktop app, browser mode): checked every few
// minutes against the schedule rule (domain/backup/schedule.ts), and once more on quit. Each run
// goes through the dispatcher (door 'system'), so it is logged and audited like Backup now.
import type { Core } from '../app';
import { scheduledBackupDue } from '../../domain/backup/schedule';
import { thisOffice } from '../areas/shared/office';
import { hasPassphrase, readBackupSettings } from './service';

const CHECK_EVERY_MS = 5 * 60 * 1000;

export interface ScheduleState {
  lastAttemptMs: number | null;
  running: boolean;
  /** "Say so once, plainly": the missing passphrase is logged once per run of the app. */
  toldNoPassphrase: boolean;
}

export function newScheduleState(): ScheduleState {
  return { lastAttemptMs: null, running: false, toldNoPassphrase: false };
}

function lastLoggedAttempt(core: Core): number | null {
  const at = core.deps.raw.prepare('SELECT max(created_at) FROM backups').pluck().get() as
    string | null;
  return at ? Date.parse(at) : null;
}

/** One check: backs up when the schedule says so. Returns the reason it ran for, or null. */
export async function runScheduledBackup(core: Core, state: ScheduleState): Promise<string | null> {
  if (state.running) return null;
  const office = thisOffice(core.deps.db);
  if (!office) return null;
  if (!hasPassphrase(core.deps.db)) {
    if (!state.toldNoPassphrase) {
      core.deps.log.warn(
        'no automatic backups: no backup passphrase is set (an administrator sets it in Settings > Backups)',
      );
      state.toldNoPassphrase = true;
    }
    return null;
  }
  const settings = readBackupSettings(core.deps.db);
  const logged = lastLoggedAttempt(core);
  const lastAttemptMs =
    logged === null ? state.lastAttemptMs : Math.max(logged, state.lastAttemptMs ?? logged);
  const reason = scheduledBackupDue({
    nowMs: core.deps.clock.nowMs(),
    timeZone: office.timeZone,
    intervalHours: settings.intervalHours,
    lastAttemptMs,
  });
  if (!reason) return null;
  state.running = true;
  state.lastAttemptMs = core.deps.clock.nowMs();
  try {
    const result = await core.dispatch('backups.run', { reason }, { door: 'system' });
    if (!result.ok) core.deps.log.warn('automatic backup refused', { error: result.error });
  } finally {
    state.running = false;
  }
  return reason;
}

/** Checks now and then every few minutes; returns the function that stops it. */
export function startBackupSchedule(core: Core): () => void {
  const state = newScheduleState();
  const check = () => {
    runScheduledBackup(core, state).catch((error: unknown) => {
      core.deps.log.error('automatic backup failed', { error: String(error) });
    });
  };
  check();
  const timer = setInterval(check, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** The backup on quit: only when GridDesk is set up and has a passphrase. */
export async function backupOnQuit(core: Core): Promise<void> {
  if (!thisOffice(core.deps.db) || !hasPassphrase(core.deps.db)) return;
  const result = await core.dispatch('backups.run', { reason: 'quit' }, { door: 'system' });
  if (!result.ok) core.deps.log.warn('backup on quit refused', { error: result.error });
}
