// "Export CSV" of a list: ask the core for the file, save it, say how many rows went out.
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { downloadText } from '../lib/download';

export function useCsvExport(run: () => Promise<{ fileName: string; csv: string; rows: number }>) {
  const { t } = useTranslation();
  return useMutation({
    mutationFn: run,
    onSuccess: (result) => {
      downloadText(result.fileName, result.csv);
      notifications.show({
        color: 'teal',
        message: t('list.exported', { count: result.rows, fileName: result.fileName }),
      });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('common.notDone'), message: error.message }),
  });
}
