import type { HandlerMap } from '../shared/types';
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
} satisfies Partial<HandlerMap>;
