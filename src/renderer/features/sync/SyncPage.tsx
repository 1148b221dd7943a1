// Offices in sync (docs/sync.md): where each other office stands, bundles out and in (by hand or
// through a shared folder), the review list, and for an administrator the sync key and join files
// for new offices. The core decides everything; this page shows its answers.
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/session';
import { TabbedPage, type PageTab } from '../../components/TabbedPage';
import { mayUse } from '../shell/areas';
import { ExchangeTab } from './ExchangeTab';
import { OfficesTab } from './OfficesTab';
import { ReviewTab } from './ReviewTab';
import { StatusTab } from './StatusTab';

export function SyncPage() {
  const { t } = useTranslation();
  const me = useMe();
  const tabs: PageTab[] = [
    { value: 'status', label: t('sync.tabStatus'), panel: <StatusTab /> },
    { value: 'exchange', label: t('sync.tabExchange'), panel: <ExchangeTab /> },
    { value: 'review', label: t('sync.tabReview'), panel: <ReviewTab /> },
  ];
  if (mayUse('sync.joinFileDownload', me.user.role)) {
    tabs.push({ value: 'offices', label: t('sync.tabOffices'), panel: <OfficesTab /> });
  }
  return <TabbedPage title={t('sync.title')} intro={t('sync.intro')} tabs={tabs} />;
}
