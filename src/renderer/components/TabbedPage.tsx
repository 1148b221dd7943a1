// A page of tabs with a title and an intro: the chosen tab lives in the address (?tab=...), so a
// link, the back button and a reload keep it. Panels mount only while shown.
import { Stack, Tabs, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';

export interface PageTab {
  value: string;
  label: string;
  panel: ReactNode;
}

export function TabbedPage(props: { title: string; intro: string; tabs: PageTab[] }) {
  const [params, setParams] = useSearchParams();
  const tab = props.tabs.find((x) => x.value === params.get('tab')) ?? props.tabs[0];
  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          {props.title}
        </Title>
        <Text size="sm" c="dimmed">
          {props.intro}
        </Text>
      </div>
      <Tabs
        value={tab?.value ?? null}
        onChange={(value) => value && setParams({ tab: value }, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          {props.tabs.map((x) => (
            <Tabs.Tab key={x.value} value={x.value}>
              {x.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {props.tabs.map((x) => (
          <Tabs.Panel key={x.value} value={x.value} pt="md">
            {x.panel}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
