// Postpaid billing: the monthly runs (drafted, checked, finalised), the billing settings of each
// mini-grid, and the debt (aging and the disconnection list). The core bills; these tabs show.
import { useTranslation } from 'react-i18next';
import { TabbedPage } from '../../components/TabbedPage';
import { DebtTab } from './DebtTab';
import { RunsTab } from './RunsTab';
import { SettingsTab } from './SettingsTab';

export function BillingPage() {
  const { t } = useTranslation();
  return (
    <TabbedPage
      title={t('billing.title')}
      intro={t('billing.intro')}
      tabs={[
        { value: 'runs', label: t('billing.tabs.runs'), panel: <RunsTab /> },
        { value: 'settings', label: t('billing.tabs.settings'), panel: <SettingsTab /> },
        { value: 'debt', label: t('billing.tabs.debt'), panel: <DebtTab /> },
      ]}
    />
  );
}
