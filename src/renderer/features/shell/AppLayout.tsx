// The signed-in app: header, navigation and the pages. Ctrl+Shift+L locks the screen from
// anywhere (a cashier leaving the counter), even while typing in a field.
import { AppShell, ScrollArea } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { useSession, type Me } from '../../api/session';
import { AuditPage } from '../audit/AuditPage';
import { BillingPage } from '../billing/BillingPage';
import { RunPage } from '../billing/RunPage';
import { CatalogPage } from '../catalog/CatalogPage';
import { ContractPage } from '../contracts/ContractPage';
import { ContractsPage } from '../contracts/ContractsPage';
import { ReportsPage } from '../reports/ReportsPage';
import { CounterPage } from '../counter/CounterPage';
import { CustomerPage } from '../customers/CustomerPage';
import { CustomersPage } from '../customers/CustomersPage';
import { DashboardPage } from '../dashboard/DashboardPage';
import { TargetsPage } from '../targets/TargetsPage';
import { DayEndPage } from '../day-end/DayEndPage';
import { DevicePage } from '../devices/DevicePage';
import { DevicesPage } from '../devices/DevicesPage';
import { GuidePage } from '../help/GuidePage';
import { HelpDrawer } from '../help/HelpDrawer';
import { PaygTermsPage } from '../payg/PaygTermsPage';
import { ImportPage } from '../import/ImportPage';
import { MetersPage } from '../meters/MetersPage';
import { SettingsPage } from '../settings/SettingsPage';
import { BackupBanner } from '../backups/BackupBanner';
import { BackupsPage } from '../backups/BackupsPage';
import { SyncPage } from '../sync/SyncPage';
import { SitesPage } from '../sites/SitesPage';
import { VendorTokensPage } from '../sts/VendorTokensPage';
import { TariffsPage } from '../tariffs/TariffsPage';
import { TokensPage } from '../tokens/TokensPage';
import { UsersPage } from '../users/UsersPage';
import { HeaderBar } from './HeaderBar';
import { Navigation } from './Navigation';
import { homePath } from './areas';
import { NotFound } from './NotFound';
import { RequireAccess } from './RequireAccess';

export function AppLayout(props: { me: Me }) {
  const { t } = useTranslation();
  const { lock, signOut } = useSession();
  const [navOpened, nav] = useDisclosure(false);
  const [locking, setLocking] = useState(false);
  const [helpOpened, help] = useDisclosure(false);

  const lockNow = () => {
    if (locking) return;
    setLocking(true);
    lock()
      .catch((error: unknown) => {
        notifications.show({
          color: 'red',
          title: t('header.lockFailed'),
          message: error instanceof Error ? error.message : String(error),
        });
      })
      .finally(() => setLocking(false));
  };

  useHotkeys([['ctrl+shift+L', lockNow]], [], true);
  // F1 is help everywhere, also while typing (it types nothing).
  useHotkeys([['F1', help.toggle]], [], true);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding="md"
    >
      <AppShell.Header>
        <HeaderBar
          me={props.me}
          navOpened={navOpened}
          onToggleNav={nav.toggle}
          onLock={lockNow}
          onSignOut={() => void signOut()}
          onHelp={help.open}
          locking={locking}
        />
      </AppShell.Header>
      <HelpDrawer opened={helpOpened} onClose={help.close} />
      <AppShell.Navbar p="xs">
        {/* An administrator's menu is taller than a 768-pixel screen: it scrolls on its own. */}
        <AppShell.Section grow component={ScrollArea}>
          <Navigation role={props.me.user.role} onNavigate={nav.close} />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <div data-no-print>
          <BackupBanner />
        </div>
        <Routes>
          <Route index element={<Navigate to={homePath(props.me.user.role)} replace />} />
          <Route
            path="/counter"
            element={
              <RequireAccess command="payments.record">
                <CounterPage />
              </RequireAccess>
            }
          />
          <Route
            path="/tokens"
            element={
              <RequireAccess command="tokens.check">
                <TokensPage />
              </RequireAccess>
            }
          />
          <Route
            path="/vendor-tokens"
            element={
              <RequireAccess command="sts.list">
                <VendorTokensPage />
              </RequireAccess>
            }
          />
          <Route
            path="/day-end"
            element={
              <RequireAccess command="dayEnd.report">
                <DayEndPage />
              </RequireAccess>
            }
          />
          <Route
            path="/dashboard"
            element={
              <RequireAccess command="reports.dashboard">
                <DashboardPage />
              </RequireAccess>
            }
          />
          <Route
            path="/targets"
            element={
              <RequireAccess command="targets.list">
                <TargetsPage />
              </RequireAccess>
            }
          />
          <Route
            path="/customers"
            element={
              <RequireAccess command="customers.list">
                <CustomersPage />
              </RequireAccess>
            }
          />
          <Route
            path="/customers/:id"
            element={
              <RequireAccess command="customers.get">
                <CustomerPage />
              </RequireAccess>
            }
          />
          <Route
            path="/devices"
            element={
              <RequireAccess command="devices.list">
                <DevicesPage />
              </RequireAccess>
            }
          />
          <Route
            path="/devices/:id"
            element={
              <RequireAccess command="devices.get">
                <DevicePage />
              </RequireAccess>
            }
          />
          <Route path="/guide" element={<GuidePage />} />
          <Route
            path="/payg"
            element={
              <RequireAccess command="payg.list">
                <PaygTermsPage />
              </RequireAccess>
            }
          />
          <Route
            path="/meters"
            element={
              <RequireAccess command="meters.bulkRead">
                <MetersPage />
              </RequireAccess>
            }
          />
          <Route
            path="/sites"
            element={
              <RequireAccess command="sites.tree">
                <SitesPage />
              </RequireAccess>
            }
          />
          <Route
            path="/catalog"
            element={
              <RequireAccess command="models.list">
                <CatalogPage />
              </RequireAccess>
            }
          />
          <Route
            path="/tariffs"
            element={
              <RequireAccess command="tariffs.list">
                <TariffsPage />
              </RequireAccess>
            }
          />
          <Route
            path="/contracts"
            element={
              <RequireAccess command="contracts.overdue">
                <ContractsPage />
              </RequireAccess>
            }
          />
          <Route
            path="/contracts/:id"
            element={
              <RequireAccess command="contracts.get">
                <ContractPage />
              </RequireAccess>
            }
          />
          <Route
            path="/reports"
            element={
              <RequireAccess command="reports.monthlyFiles">
                <ReportsPage />
              </RequireAccess>
            }
          />
          <Route
            path="/billing"
            element={
              <RequireAccess command="billing.runs">
                <BillingPage />
              </RequireAccess>
            }
          />
          <Route
            path="/billing/runs/:id"
            element={
              <RequireAccess command="billing.getRun">
                <RunPage />
              </RequireAccess>
            }
          />
          <Route
            path="/import"
            element={
              <RequireAccess command="imports.preview">
                <ImportPage />
              </RequireAccess>
            }
          />
          <Route
            path="/users"
            element={
              <RequireAccess command="users.list">
                <UsersPage />
              </RequireAccess>
            }
          />
          <Route
            path="/backups"
            element={
              <RequireAccess command="backups.list">
                <BackupsPage />
              </RequireAccess>
            }
          />
          <Route
            path="/sync"
            element={
              <RequireAccess command="sync.status">
                <SyncPage />
              </RequireAccess>
            }
          />
          <Route
            path="/settings"
            element={
              <RequireAccess command="settings.get">
                <SettingsPage />
              </RequireAccess>
            }
          />
          <Route
            path="/audit"
            element={
              <RequireAccess command="audit.list">
                <AuditPage />
              </RequireAccess>
            }
          />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </AppShell.Main>
    </AppShell>
  );
}
