import type { HandlerMap } from '../shared/types';
import * as readings from './readings';

/** The commands this area answers; the handler map (areas/index.ts) joins every area's. */
export const handlers = {
  'meters.configure': readings.configure,
  'meters.get': readings.get,
  'readings.list': readings.list,
  'readings.addManual': readings.addManual,
  'readings.review': readings.review,
  'readings.import': readings.importCsv,
  'readings.consumption': readings.consumption,
} satisfies Partial<HandlerMap>;

// Readings other areas take from meters (serial reads, OpenEMS pulls) are stored by one function.
export { storeReading, type NewReading } from './readings';
