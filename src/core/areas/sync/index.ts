import type { HandlerMap } from '../shared/types';
import * as screens from './screens';
import * as sync from './sync';

/** The commands this area answers; the handler map (areas/index.ts) joins every area's. */
export const handlers = {
  'sync.key': sync.key,
  'sync.joinFile': sync.joinFile,
  'sync.join': sync.join,
  'sync.export': sync.exportTo,
  'sync.import': sync.importFrom,
  'sync.status': sync.status,
  'sync.conflicts': sync.conflicts,
  'sync.resolveConflict': sync.resolveConflict,
  'sync.exportDownload': screens.exportDownload,
  'sync.importUpload': screens.importUpload,
  'sync.joinFileDownload': screens.joinFileDownload,
  'sync.folder': screens.folder,
  'sync.setFolder': screens.setFolder,
  'sync.folderRun': screens.folderRun,
} satisfies Partial<HandlerMap>;
