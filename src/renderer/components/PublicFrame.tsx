import { Box, Container, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { LanguagePicker } from './LanguagePicker';

/** The frame of the screens shown before the app: setup, sign-in, lock. */
export function PublicFrame(props: { children: ReactNode; size?: number }) {
  return (
    <Box mih="100vh" bg="var(--mantine-color-body)">
      <Group component="header" justify="space-between" px="md" py="xs">
        <Text fw={700} size="lg" c="teal">
          GridDesk
        </Text>
        <Group gap="xs">
          <LanguagePicker />
          <ColorSchemeToggle />
        </Group>
      </Group>
      <Container component="main" size={props.size ?? 420} py="xl">
        {props.children}
      </Container>
    </Box>
  );
}
