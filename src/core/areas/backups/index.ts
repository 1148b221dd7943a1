import type { HandlerMap } from '../shared/types';
import * as backups from './backups';

/** The commands this area answers; the handler map (areas/index.ts) joins every area's. */
export const handlers = {
  'backups.status': backups.status,
  'backups.list': backups.list,
  'backups.setPassphrase': backups.setPassphrase,
  'backups.updateSettings': backups.updateSettings,
  'backups.run': backups.run,
  'backups.verify': backups.verify,
  'backups.previewRestore': backups.previewRestore,
  'backups.restore': backups.restore,
  'backups.undoRestore': backups.undoRestore,
  'backups.drill': backups.drill,
  'setup.restore': backups.setupRestore,
} satisfies Partial<HandlerMap>;
