// What the window shows depends on where the session stands: first-start setup, sign-in, the lock
// screen, or the app itself.
import { Button, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from './api/session';
import { ErrorAlert } from './components/ErrorAlert';
import { LoadingBlock } from './components/LoadingBlock';
import { PublicFrame } from './components/PublicFrame';
import { LockScreen } from './features/auth/LockScreen';
import { LoginScreen } from './features/auth/LoginScreen';
import { SetupWizard } from './features/setup/SetupWizard';
import { AppLayout } from './features/shell/AppLayout';

export function App() {
  const { t } = useTranslation();
  const { state, restart } = useSession();
  switch (state.status) {
    case 'starting':
      return <LoadingBlock fullPage label={t('app.starting')} />;
    case 'unreachable':
      return (
        <PublicFrame>
          <Stack>
            <ErrorAlert title={t('app.unreachableTitle')} error={state.message} />
            <Button onClick={restart}>{t('common.tryAgain')}</Button>
          </Stack>
        </PublicFrame>
      );
    case 'setup':
      return <SetupWizard />;
    case 'signed-out':
      return <LoginScreen companyName={state.companyName} notice={state.notice} />;
    case 'locked':
      return <LockScreen me={state.me} />;
    case 'ready':
      return <AppLayout me={state.me} />;
  }
}
