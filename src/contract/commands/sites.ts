// Sites: clusters > mini-grids > villages (docs/domain.md §2).
import { z } from 'zod';
import { defineCommand } from '../command';
import * as f from '../fields';

const editors = ['admin', 'manager', 'clerk'] as const;

const village = z.object({
  id: f.id,
  miniGridId: f.id,
  name: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  notes: z.string().nullable(),
  customers: z.number().int(),
  devices: z.number().int(),
});
const miniGrid = z.object({
  id: f.id,
  clusterId: f.id,
  name: z.string(),
  code: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  notes: z.string().nullable(),
  villages: z.array(village),
});
const cluster = z.object({
  id: f.id,
  name: z.string(),
  notes: z.string().nullable(),
  miniGrids: z.array(miniGrid),
});
export type SiteTree = z.infer<typeof cluster>[];
export type SiteVillage = z.infer<typeof village>;

const siteName = f.requiredText(80);
export const miniGridCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,8}$/, { message: 'must be 2 to 8 letters or digits (e.g. ILE)' });

const ref = z.object({ id: f.id, name: z.string() });

export const sitesCommands = {
  'sites.tree': defineCommand({
    name: 'sites.tree',
    summary: 'Every cluster with its mini-grids and villages, with customer and device counts.',
    input: z.object({}).strict(),
    output: z.object({ clusters: z.array(cluster) }),
    access: 'signed-in',
    kind: 'query',
  }),
  'sites.createCluster': defineCommand({
    name: 'sites.createCluster',
    summary: 'Create a cluster (a region grouping mini-grids).',
    input: z.object({ name: siteName, notes: f.optionalText(2000) }).strict(),
    output: ref,
    access: editors,
    kind: 'write',
  }),
  'sites.updateCluster': defineCommand({
    name: 'sites.updateCluster',
    summary: 'Rename a cluster or change its notes.',
    input: z
      .object({ id: f.id, name: siteName.optional(), notes: f.optionalText(2000).optional() })
      .strict(),
    output: ref,
    access: editors,
    kind: 'write',
  }),
  'sites.createMiniGrid': defineCommand({
    name: 'sites.createMiniGrid',
    summary: 'Create a mini-grid (site) in a cluster, with a short unique code.',
    input: z
      .object({
        clusterId: f.id,
        name: siteName,
        code: miniGridCode,
        latitude: f.latitude,
        longitude: f.longitude,
        notes: f.optionalText(2000),
      })
      .strict(),
    output: ref,
    access: editors,
    kind: 'write',
  }),
  'sites.updateMiniGrid': defineCommand({
    name: 'sites.updateMiniGrid',
    summary: 'Change a mini-grid: name, code, cluster, GPS point, notes.',
    input: z
      .object({
        id: f.id,
        clusterId: f.id.optional(),
        name: siteName.optional(),
        code: miniGridCode.optional(),
        latitude: f.latitude,
        longitude: f.longitude,
        notes: f.optionalText(2000).optional(),
      })
      .strict(),
    output: ref,
    access: editors,
    kind: 'write',
  }),
  'sites.createVillage': defineCommand({
    name: 'sites.createVillage',
    summary: 'Create a village in a mini-grid.',
    input: z
      .object({
        miniGridId: f.id,
        name: siteName,
        latitude: f.latitude,
        longitude: f.longitude,
        notes: f.optionalText(2000),
      })
      .strict(),
    output: ref,
    access: editors,
    kind: 'write',
  }),
  'sites.updateVillage': defineCommand({
    name: 'sites.updateVillage',
    summary: 'Change a village: name, mini-grid, GPS point, notes.',
    input: z
      .object({
        id: f.id,
        miniGridId: f.id.optional(),
        name: siteName.optional(),
        latitude: f.latitude,
        longitude: f.longitude,
        notes: f.optionalText(2000).optional(),
      })
      .strict(),
    output: ref,
    access: editors,
    kind: 'write',
  }),
  'sites.delete': defineCommand({
    name: 'sites.delete',
    summary:
      'Delete a cluster, mini-grid or village; refused while anything (mini-grids, villages, customers, devices) still depends on it.',
    input: z.object({ level: z.enum(['cluster', 'miniGrid', 'village']), id: f.id }).strict(),
    output: z.object({ deleted: z.literal(true) }),
    access: editors,
    kind: 'write',
  }),
};
