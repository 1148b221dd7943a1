import type { HandlerMap } from '../shared/types';
import * as tokens from './tokens';
import * as sts from './sts';
import { handOver } from './handover';

/** The commands this area answers; the handler map (areas/index.ts) joins every area's. */
export const handlers = {
  'tokens.supervisor': tokens.supervisor,
  'tokens.check': tokens.check,
  'tokens.list': tokens.list,
  'tokens.handOver': handOver,
  'sts.list': sts.list,
  'sts.recordToken': sts.recordToken,
  'sts.importTokens': sts.importTokens,
} satisfies Partial<HandlerMap>;
