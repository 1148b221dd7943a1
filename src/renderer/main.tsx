// Renderer entry: providers (Mantine, notifications, modals, TanStack Query, router, i18n).
import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/notifications/styles.css';
import './print.css';
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HashRouter } from 'react-router';
import { App } from './App';
import { isApiError } from './api/client';
import { SessionProvider } from './api/session';
import { initI18n } from './i18n';
import { colorSchemeManager, theme } from './theme';

initI18n();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // The core answers; asking again only helps when it was not reachable at all.
      retry: (failures, error) => isApiError(error) && error.network && failures < 2,
      refetchOnWindowFocus: false,
      staleTime: 10_000,
    },
    mutations: { retry: false },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <MantineProvider
      theme={theme}
      defaultColorScheme="light"
      colorSchemeManager={colorSchemeManager}
    >
      <Notifications position="bottom-right" autoClose={5000} />
      <QueryClientProvider client={queryClient}>
        <HashRouter>
          <SessionProvider>
            <ModalsProvider>
              <App />
            </ModalsProvider>
          </SessionProvider>
        </HashRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
