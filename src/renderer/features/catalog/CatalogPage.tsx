import { useTranslation } from 'react-i18next';
import { TabbedPage } from '../../components/TabbedPage';
import { AppliancesTab } from './AppliancesTab';
import { ManufacturersTab } from './ManufacturersTab';
import { ModelsTab } from './ModelsTab';

/** What the company installs and sells: manufacturers, device models, appliances. */
export function CatalogPage() {
  const { t } = useTranslation();
  return (
    <TabbedPage
      title={t('catalog.title')}
      intro={t('catalog.intro')}
      tabs={[
        {
          value: 'manufacturers',
          label: t('catalog.tabs.manufacturers'),
          panel: <ManufacturersTab />,
        },
        { value: 'models', label: t('catalog.tabs.models'), panel: <ModelsTab /> },
        { value: 'appliances', label: t('catalog.tabs.appliances'), panel: <AppliancesTab /> },
      ]}
    />
  );
}
