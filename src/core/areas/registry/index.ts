import type { HandlerMap } from '../shared/types';
import * as search from './search';
import * as sites from './sites';
import * as customers from './customers';
import * as catalog from './catalog';
import * as devices from './devices';
import * as imports from './imports';

/** The commands this area answers; the handler map (areas/index.ts) joins every area's. */
export const handlers = {
  'search.quick': search.quick,
  'sites.tree': sites.tree,
  'sites.createCluster': sites.createCluster,
  'sites.updateCluster': sites.updateCluster,
  'sites.createMiniGrid': sites.createMiniGrid,
  'sites.updateMiniGrid': sites.updateMiniGrid,
  'sites.createVillage': sites.createVillage,
  'sites.updateVillage': sites.updateVillage,
  'sites.delete': sites.remove,
  'customers.create': customers.create,
  'customers.update': customers.update,
  'customers.get': customers.get,
  'customers.list': customers.list,
  'customers.export': customers.exportCsv,
  'customers.delete': customers.remove,
  'manufacturers.list': catalog.listManufacturers,
  'manufacturers.create': catalog.createManufacturer,
  'manufacturers.update': catalog.updateManufacturer,
  'models.list': catalog.listModels,
  'models.create': catalog.createModel,
  'models.update': catalog.updateModel,
  'appliances.list': catalog.listAppliances,
  'appliances.create': catalog.createAppliance,
  'appliances.update': catalog.updateAppliance,
  'devices.create': devices.create,
  'devices.update': devices.update,
  'devices.assign': devices.assign,
  'devices.unassign': devices.unassign,
  'devices.move': devices.move,
  'devices.setOpenPaygo': devices.setOpenPaygo,
  'devices.get': devices.get,
  'devices.list': devices.list,
  'devices.export': devices.exportCsv,
  'imports.preview': imports.preview,
  'imports.run': imports.run,
  'imports.mappings': imports.mappings,
  'imports.saveMapping': imports.saveMapping,
} satisfies Partial<HandlerMap>;

// Writes other areas make to the registry's records: a device's history, its sealed credentials.
export { recordDeviceEvent, sealCredentials } from './devices';

// Start-up recovery of an import a crash interrupted (app.ts).
export { finishInterruptedImports } from './imports';
