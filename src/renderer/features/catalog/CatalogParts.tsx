import { Button, Card, EmptyState, Group, Text } from '@mantine/core';

/** A line of help and the tab's "New ..." button (absent for roles that may not add). */
export function CatalogToolbar(props: {
  help: string;
  action: string | null;
  onAction: () => void;
}) {
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap">
      <Text size="sm" c="dimmed" maw={720}>
        {props.help}
      </Text>
      {props.action && (
        <Button onClick={props.onAction} style={{ flexShrink: 0 }}>
          {props.action}
        </Button>
      )}
    </Group>
  );
}

export function CatalogEmpty(props: { text: string }) {
  return (
    <Card withBorder radius="md" padding="xl">
      <EmptyState title={props.text} />
    </Card>
  );
}
