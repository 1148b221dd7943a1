// Settings of this PC's counter, kept on this PC: the receipt size its printer takes.
import { Card, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  RECEIPT_LAYOUTS,
  receiptLayout,
  setReceiptLayout,
  type ReceiptLayout,
} from '../counter/receipts';

export function ThisCounterCard() {
  const { t } = useTranslation();
  const [layout, setLayout] = useState<ReceiptLayout>(receiptLayout);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="this-counter">
      <Stack gap="xs">
        <Title order={2} size="h4" id="this-counter">
          {t('settings.thisCounter.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('settings.thisCounter.help')}
        </Text>
        <SegmentedControl
          aria-label={t('settings.thisCounter.receiptSize')}
          value={layout}
          onChange={(value) => {
            const chosen = RECEIPT_LAYOUTS.find((l) => l === value) ?? '80mm';
            setReceiptLayout(chosen);
            setLayout(chosen);
          }}
          data={RECEIPT_LAYOUTS.map((value) => ({
            value,
            label: t(`settings.thisCounter.layouts.${value}`),
          }))}
        />
      </Stack>
    </Card>
  );
}
