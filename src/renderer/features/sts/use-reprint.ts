// Reprints a payment's receipt (now with its vendor token) as the counter prints: the core makes
// the PDF, marked REPRINT, and the browser opens it for printing.
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import { useSession } from '../../api/session';
import { fetchReceipt, openPdfForPrint } from '../counter/receipts';

export function useReprint() {
  const { t } = useTranslation();
  const { call } = useSession();
  return useMutation<void, ApiError, string>({
    mutationFn: async (paymentId) => {
      const pdf = await fetchReceipt(call, { paymentId, reprint: true });
      await openPdfForPrint(pdf);
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('counter.printFailed'), message: error.message }),
  });
}
