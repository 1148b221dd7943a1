// The filter bar of a server-paged list (customers, devices, meters, PAYG terms): a search box,
// the site cascader, and a few choices, all kept in the page's address (lib/list-params.ts) so a
// filtered list survives a reload and can be linked to. One bar, so the lists look and behave
// alike: the same widths, the same "Any" for no choice, the same clearing.
import { Grid, Select, TextInput, type ComboboxItem } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SearchIcon } from './icons';
import { SiteCascader } from './SitePickers';

/** One choice in the bar: the address parameter it sets and what it offers. */
export interface FilterChoice {
  param: string;
  label: string;
  data: ComboboxItem[];
  value: string | null | undefined;
}

type Patch = Record<string, string | null>;

export function ListFilterBar(props: {
  search: {
    label: string;
    placeholder: string;
    value: string;
    onChange: (text: string) => void;
    maxLength?: number;
  };
  /** Reads a parameter of the list's address (cluster, miniGrid, village). */
  get: (param: string) => string | undefined;
  /** Changes parameters of the list's address (and goes back to the first page). */
  set: (patch: Patch) => void;
  choices: FilterChoice[];
  /** Something at the end of the bar, such as the column chooser. */
  end?: ReactNode;
}) {
  const { t } = useTranslation();
  // The search and the site take a quarter of a wide screen each; the choices share the rest,
  // less an eighth for whatever comes at the end, so the bar stays one row on a wide screen.
  const room = props.end ? 9 : 12;
  const choiceSpan = Math.max(3, Math.floor(room / Math.max(1, props.choices.length)));
  return (
    <Grid columns={24} gap="sm" role="search" align="flex-end">
      <Grid.Col span={{ base: 24, sm: 12, lg: 6 }}>
        <TextInput
          label={props.search.label}
          placeholder={props.search.placeholder}
          leftSection={<SearchIcon />}
          value={props.search.value}
          maxLength={props.search.maxLength}
          onChange={(event) => props.search.onChange(event.currentTarget.value)}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 24, sm: 12, lg: 6 }}>
        <SiteCascader
          value={{
            clusterId: props.get('cluster'),
            miniGridId: props.get('miniGrid'),
            villageId: props.get('village'),
          }}
          onChange={(site) =>
            props.set({
              cluster: site.clusterId ?? null,
              miniGrid: site.miniGridId ?? null,
              village: site.villageId ?? null,
            })
          }
        />
      </Grid.Col>
      {props.choices.map((choice) => (
        <Grid.Col key={choice.param} span={{ base: 12, sm: 6, lg: choiceSpan }}>
          <Select
            label={choice.label}
            placeholder={t('list.any')}
            data={choice.data}
            value={choice.value ?? null}
            onChange={(value) => props.set({ [choice.param]: value })}
            clearable
          />
        </Grid.Col>
      ))}
      {props.end && <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>{props.end}</Grid.Col>}
    </Grid>
  );
}
