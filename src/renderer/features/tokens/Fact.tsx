import { Text } from '@mantine/core';

/** A small label over a value, for the token cards. */
export function Fact(props: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text size="lg" fw={600}>
        {props.value}
      </Text>
    </div>
  );
}
