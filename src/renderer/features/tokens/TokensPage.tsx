// Token tools: the checker for every counter role, and supervisor tokens for the roles the core
// allows to issue them (the tab is not shown to the others).
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/session';
import { TabbedPage, type PageTab } from '../../components/TabbedPage';
import { mayUse } from '../shell/areas';
import { SupervisorToken } from './SupervisorToken';
import { TokenChecker } from './TokenChecker';

export function TokensPage() {
  const { t } = useTranslation();
  const { user } = useMe();
  const tabs: PageTab[] = [
    { value: 'check', label: t('tokens.tabs.check'), panel: <TokenChecker /> },
  ];
  if (mayUse('tokens.supervisor', user.role)) {
    tabs.push({
      value: 'supervisor',
      label: t('tokens.tabs.supervisor'),
      panel: <SupervisorToken />,
    });
  }
  return <TabbedPage title={t('tokens.title')} intro={t('tokens.intro')} tabs={tabs} />;
}
