// End-to-end tests: the real UI in Chromium through browser mode (the loopback HTTP door).
// Each test starts its own `griddesk serve` on a fresh data folder (see test/e2e/fixtures.ts).
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Debian's Chromium where it is installed (CI, these machines); Playwright's own browser otherwise
// (`npx playwright install chromium` on a developer laptop).
const debianChromium = '/usr/bin/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // Two at a time: each test has its own server, data folder and port, and a test mostly waits
  // on its server and browser, so two share a 2-core machine well (3.7 min instead of 5+).
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    headless: true,
    viewport: { width: 1366, height: 768 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: existsSync(debianChromium)
      ? {
          executablePath: debianChromium,
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
            '--disable-sync',
          ],
        }
      : {},
  },
});
