// Prints a Z report: the core makes the PDF (A4 or 80 mm roll) and the browser opens it for
// printing, as the counter does with receipts.
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import { useSession } from '../../api/session';
import { openPdfForPrint } from '../counter/receipts';

export type ZLayout = 'a4' | '80mm';

export function useZPrint() {
  const { t } = useTranslation();
  const { call } = useSession();
  return useMutation<void, ApiError, { day: string; cashier: string; layout: ZLayout }>({
    mutationFn: async (input) => {
      await openPdfForPrint(await call('dayEnd.pdf', input));
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('dayEnd.printFailed'), message: error.message }),
  });
}
