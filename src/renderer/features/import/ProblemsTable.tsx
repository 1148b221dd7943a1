import { Alert, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ProblemList } from './import-problems';

/** Every problem by line and column, so the clerk can fix the file in a spreadsheet. */
export function ProblemsTable(props: { list: ProblemList; title?: string }) {
  const { t, i18n } = useTranslation();
  const { problems, problemCount } = props.list;
  const n = new Intl.NumberFormat(i18n.language);
  return (
    <Alert
      color="red"
      variant="light"
      title={
        props.title ??
        t('import.problemsTitle', { count: problemCount, formatted: n.format(problemCount) })
      }
      role="alert"
    >
      <Stack gap="xs">
        <Text size="sm">{t('import.problemsHelp')}</Text>
        <ScrollArea.Autosize mah={360} type="auto">
          <Table
            verticalSpacing={4}
            withTableBorder
            bg="var(--mantine-color-body)"
            stickyHeader
            aria-label={t('import.problemsTable')}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={70} ta="right">
                  {t('import.colLine')}
                </Table.Th>
                <Table.Th w={180}>{t('import.colColumn')}</Table.Th>
                <Table.Th w={200}>{t('import.colValue')}</Table.Th>
                <Table.Th>{t('import.colProblem')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {problems.map((problem, index) => (
                <Table.Tr key={`${problem.line}-${problem.column ?? ''}-${index}`}>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {problem.line}
                  </Table.Td>
                  <Table.Td>{problem.column ?? '—'}</Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace" truncate="end" maw={200}>
                      {problem.value ?? ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>{problem.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
        {problemCount > problems.length && (
          <Text size="sm" fw={500}>
            {t('import.moreProblems', {
              shown: n.format(problems.length),
              total: n.format(problemCount),
            })}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
