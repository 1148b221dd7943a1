import type { HandlerMap } from '../shared/types';
import * as tariffs from './tariffs';
import * as paygTerms from './payg-terms';

/** The commands this area answers; the handler map (areas/index.ts) joins every area's. */
export const handlers = {
  'tariffs.list': tariffs.list,
  'tariffs.create': tariffs.create,
  'tariffs.addVersion': tariffs.addVersion,
  'tariffs.assign': tariffs.assign,
  'tariffs.previewSiteAssign': tariffs.previewSiteAssign,
  'tariffs.assignSite': tariffs.assignSite,
  'payg.list': paygTerms.list,
  'payg.setTerms': paygTerms.setTerms,
} satisfies Partial<HandlerMap>;
