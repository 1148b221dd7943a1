import type { HandlerMap } from '../shared/types';
import * as meterList from './meter-list';
import * as openems from './openems';
import * as meterIo from './meter-io';

/** The commands this area answers; the handler map (areas/index.ts) joins every area's. */
export const handlers = {
  'meters.list': meterList.list,
  'openems.list': openems.list,
  'openems.saveEdge': openems.saveEdge,
  'openems.mapMeter': openems.mapMeter,
  'openems.pull': openems.pull,
  'meters.ports': meterIo.ports,
  'meters.testPort': meterIo.testPort,
  'meters.profiles': meterIo.profiles,
  'meters.readNow': meterIo.readNow,
  'meters.bulkRead': meterIo.bulkRead,
  'meters.scan': meterIo.scan,
  'meters.setAddress': meterIo.setAddress,
  'operations.cancel': meterIo.cancel,
} satisfies Partial<HandlerMap>;
