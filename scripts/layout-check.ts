// The layout check: the demo company on every screen, in English, French and Portuguese, at
// 1366x768 (the office PCs' common size). It flags what a clerk would see cut off: a column
// header, a badge or a button whose text is wider than its box, and a page that scrolls sideways.
// It also flags a translation key shown as itself (a missing key). Screenshots of every screen go
// to test-results/layout/<language>/ to be looked at.
//
//   npm run build && npm run layout-check            # every screen, every language
//   npm run layout-check -- pt /customers /devices  # one language, some screens
//
// It exits 1 when it finds anything. It takes a few minutes on this size of machine (the demo
// company, some thirty screens, three languages), so it is a tool run before a release and after
// layout work, not part of `npm test`.
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { openApp } from '../test/e2e/fixtures';
import { findLayoutProblems, type LayoutProblem } from '../test/e2e/layout';
import { initialiseCompany } from '../test/e2e/seed';

const VIEWPORT = { width: 1366, height: 768 };
const OUT = resolve(__dirname, '../test-results/layout');
const ADMIN = { username: 'ada', password: 'correct horse battery' };

/** Each language is tried as an office that speaks it would set up: its country decides dates. */
const OFFICES = {
  en: { country: 'NG', language: 'en' },
  fr: { country: 'SN', language: 'fr' },
  pt: { country: 'MZ', language: 'pt' },
} as const;
type Lang = keyof typeof OFFICES;

const LIST_SCREENS = [
  '/counter',
  '/tokens',
  '/vendor-tokens',
  '/day-end',
  '/dashboard',
  '/targets',
  '/customers',
  '/contracts',
  '/devices',
  '/payg',
  '/meters',
  '/sites',
  '/catalog',
  '/tariffs',
  '/billing',
  '/reports',
  '/import',
  '/users',
  '/backups',
  '/settings',
  '/audit',
  '/guide',
];

/** Detail pages: reached from their list's first row, as a clerk would. */
const DETAIL_SCREENS: { list: string; link: string }[] = [
  { list: '/customers', link: '/customers/' },
  { list: '/devices', link: '/devices/' },
  { list: '/contracts', link: '/contracts/' },
  { list: '/billing', link: '/billing/runs/' },
];

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  // Lists load after the first paint: wait until no loader is left.
  await page
    .locator('.mantine-Loader-root')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
}

async function check(page: Page, lang: Lang, name: string, found: string[]): Promise<void> {
  await settle(page);
  const problems: LayoutProblem[] = await findLayoutProblems(page);
  for (const p of problems) found.push(`${lang} ${name}: ${p.kind} "${p.text}" (${p.detail})`);
  const file = name.replace(/^\//, '').replace(/[^a-z0-9-]+/gi, '_') || 'home';
  await page.screenshot({ path: `${OUT}/${lang}/${file}.png`, fullPage: true });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const langs = args.filter((a): a is Lang => a in OFFICES);
  const screens = args.filter((a) => a.startsWith('/'));
  const { app, stop } = await openApp();
  // Debian's Chromium where it is installed, as the e2e tests use (playwright.config.ts).
  const browser = await chromium.launch(
    existsSync('/usr/bin/chromium')
      ? { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] }
      : {},
  );
  const found: string[] = [];
  try {
    await initialiseCompany(app, { loadDemo: true });
    for (const lang of langs.length ? langs : (Object.keys(OFFICES) as Lang[])) {
      mkdirSync(`${OUT}/${lang}`, { recursive: true });
      const office = OFFICES[lang];
      const set = await app.call('settings.update', { company: { country: office.country } });
      if (!set.ok) throw new Error(`settings.update: ${JSON.stringify(set.error)}`);
      const context = await browser.newContext({ viewport: VIEWPORT });
      await context.clock.install({ time: app.now() });
      await context.addInitScript((code) => {
        localStorage.setItem('griddesk.language', code);
      }, office.language);
      const page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error') found.push(`${lang} console: ${m.text()}`);
      });
      await page.goto(app.url);
      await page
        .locator('input[name="username"], input[autocomplete="username"]')
        .first()
        .fill(ADMIN.username);
      await page.locator('input[type="password"]').first().fill(ADMIN.password);
      await page.locator('button[type="submit"]').first().click();
      await page.getByRole('navigation').first().waitFor();
      for (const path of screens.length ? screens : LIST_SCREENS) {
        await page.goto(`${app.url}#${path}`);
        await check(page, lang, path, found);
      }
      for (const d of DETAIL_SCREENS) {
        if (screens.length && !screens.includes(d.list)) continue;
        await page.goto(`${app.url}#${d.list}`);
        await settle(page);
        // Rows open their page when clicked (or through a link in the row).
        const link = page.locator(`main tbody a[href*="#${d.link}"]`).first();
        await ((await link.count()) ? link : page.locator('main tbody tr').first()).click();
        const opened = await page
          .waitForURL((url) => url.hash.startsWith(`#${d.link}`), { timeout: 10_000 })
          .then(() => true)
          .catch(() => false);
        if (!opened) {
          found.push(`${lang} ${d.list}: the first row does not open a ${d.link} page`);
          continue;
        }
        await check(page, lang, `${d.link}first`, found);
        if (d.link === '/contracts/') await contractModals(page, lang, found);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await stop();
  }
  for (const line of found) console.log(line);
  console.log(found.length ? `${found.length} problems` : 'no problems');
  process.exitCode = found.length ? 1 : 0;
}

/** The contract page's action dialogs, each opened and closed again. */
async function contractModals(page: Page, lang: Lang, found: string[]): Promise<void> {
  const buttons = page.locator('main button');
  const names = await buttons.allInnerTexts();
  for (const [i, name] of names.entries()) {
    if (!name.trim()) continue;
    await buttons.nth(i).click();
    const dialog = page.getByRole('dialog');
    if (!(await dialog.isVisible().catch(() => false))) continue;
    await check(page, lang, `/contracts/modal-${i}`, found);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  }
}

void main();
