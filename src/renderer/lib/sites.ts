// Choices built from the site tree (sites.tree): villages grouped by mini-grid for selects, the
// cluster > mini-grid > village cascader of the list filters, and the path of a selection.
import type {
  CascaderOption,
  ComboboxItem,
  ComboboxParsedItem,
  OptionsFilter,
} from '@mantine/core';
import type { SiteTree } from '../../contract';

export interface SiteSelection {
  clusterId?: string;
  miniGridId?: string;
  villageId?: string;
}

export interface VillageGroup {
  group: string;
  items: ComboboxItem[];
}

/** Villages for a Select, grouped under "Mini-grid (CODE)". */
export function villageOptions(tree: SiteTree): VillageGroup[] {
  const groups: VillageGroup[] = [];
  for (const cluster of tree) {
    for (const grid of cluster.miniGrids) {
      if (grid.villages.length === 0) continue;
      groups.push({
        group: `${grid.name} (${grid.code})`,
        items: grid.villages.map((village) => ({ value: village.id, label: village.name })),
      });
    }
  }
  return groups;
}

/** Mini-grids for a Select, grouped under their cluster. */
export function miniGridOptions(tree: SiteTree): VillageGroup[] {
  return tree
    .filter((cluster) => cluster.miniGrids.length > 0)
    .map((cluster) => ({
      group: cluster.name,
      items: cluster.miniGrids.map((grid) => ({
        value: grid.id,
        label: `${grid.name} (${grid.code})`,
      })),
    }));
}

export function clusterOptions(tree: SiteTree): ComboboxItem[] {
  return tree.map((cluster) => ({ value: cluster.id, label: cluster.name }));
}

/**
 * Select filter for grouped options: typing a mini-grid's name or code shows all its villages;
 * otherwise options whose label contains the text.
 */
export const groupAwareFilter: OptionsFilter<string> = ({ options, search }) => {
  const needle = search.trim().toLocaleLowerCase();
  if (needle === '') return options;
  const out: ComboboxParsedItem[] = [];
  for (const option of options) {
    if ('group' in option) {
      const group = typeof option.group === 'string' ? option.group : '';
      const groupMatches = group.toLocaleLowerCase().includes(needle);
      const items = groupMatches
        ? option.items
        : option.items.filter((item) => item.label.toLocaleLowerCase().includes(needle));
      if (items.length > 0) out.push({ group: option.group, items });
    } else if (option.label.toLocaleLowerCase().includes(needle)) {
      out.push(option);
    }
  }
  return out;
};

/** Cluster > mini-grid > village options; ids are unique across levels (UUIDs). */
export function siteCascaderData(tree: SiteTree): CascaderOption[] {
  return tree.map((cluster) => ({
    value: cluster.id,
    label: cluster.name,
    children: cluster.miniGrids.map((grid) => ({
      value: grid.id,
      label: `${grid.name} (${grid.code})`,
      children: grid.villages.map((village) => ({ value: village.id, label: village.name })),
    })),
  }));
}

/** The cascader path [cluster, mini-grid?, village?] of a selection, or null. */
export function selectionPath(selection: SiteSelection, tree: SiteTree): string[] | null {
  for (const cluster of tree) {
    for (const grid of cluster.miniGrids) {
      for (const village of grid.villages) {
        if (village.id === selection.villageId) return [cluster.id, grid.id, village.id];
      }
      if (grid.id === selection.miniGridId) return [cluster.id, grid.id];
    }
    if (cluster.id === selection.clusterId) return [cluster.id];
  }
  return null;
}

/** The filter for the deepest level chosen in the cascader. */
export function selectionFromPath(path: string[] | null): SiteSelection {
  if (!path || path.length === 0) return {};
  const [clusterId, miniGridId, villageId] = path;
  if (villageId) return { villageId };
  if (miniGridId) return { miniGridId };
  return clusterId ? { clusterId } : {};
}

export function villageCount(tree: SiteTree): number {
  return tree.reduce(
    (sum, cluster) => sum + cluster.miniGrids.reduce((n, grid) => n + grid.villages.length, 0),
    0,
  );
}

/** "Village · Mini-grid (CODE)" for a village id, or null when it is not in the tree. */
export function villageLabel(tree: SiteTree, villageId: string): string | null {
  for (const cluster of tree) {
    for (const grid of cluster.miniGrids) {
      const village = grid.villages.find((v) => v.id === villageId);
      if (village) return `${village.name} · ${grid.name} (${grid.code})`;
    }
  }
  return null;
}
