// Composition root of the desktop app: choose the data folder, open the core (migrations run
// before any window exists), register the IPC door, build the menu, open the window, and close
// the database on the way out. Everything with a decision in it lives in a tested module.
import { join } from 'node:path';
import { app, BrowserWindow, dialog, Menu, shell, type MenuItemConstructorOptions } from 'electron';
import { APP_NAME } from '../src/core/adapters/data-dir';
import { openCore, type Core } from '../src/core/app';
import { startHousekeeping } from '../src/core/housekeeping';
import { backupOnQuit } from '../src/core/backup/schedule';
import { StartupError } from '../src/core/db/client';
import { registerIpc, sendEvent } from './ipc';
import { appUrlFor, dataDirFor, migrationsDirFor, preloadPathFor, type ShellFacts } from './paths';
import { createMainWindow, installSessionPolicy } from './window';

app.setName(APP_NAME);
const dataDir = dataDirFor(process.env, app.getPath('appData'));
// userData also holds the single-instance lock, so there is one running GridDesk per data folder.
app.setPath('userData', dataDir);
// Chromium's caches and storage go in a subfolder, away from the database and its backups.
app.setPath('sessionData', join(dataDir, 'chromium'));
// Every renderer sandboxed, including any created by mistake without our window options.
app.enableSandbox();

let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;

function shellFacts(): ShellFacts {
  return {
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appPath: app.getAppPath(),
    mainDir: __dirname,
    env: process.env,
  };
}

function fail(error: unknown): void {
  // StartupError messages are written for the clerk (damaged file, newer version); anything
  // else still gets a dialog, because a silent exit leaves people clicking the icon again.
  const message =
    error instanceof StartupError
      ? error.message
      : `GridDesk could not start with the data folder ${dataDir}: ${String(error)}`;
  dialog.showErrorBox('GridDesk cannot start', message);
  app.exit(1);
}

function buildMenu(developer: boolean): Menu {
  // Roles only: Electron supplies the labels in the system language and the usual shortcuts.
  // Reload and developer tools exist only unpackaged: a reload would sign the clerk out.
  const view: MenuItemConstructorOptions[] = [
    ...(developer
      ? ([
          { role: 'reload' },
          { role: 'forceReload' },
          { role: 'toggleDevTools' },
          { type: 'separator' },
        ] satisfies MenuItemConstructorOptions[])
      : []),
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu', submenu: view },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}

function openWindow(appUrl: string, opened: Core): void {
  const win = createMainWindow({
    appUrl,
    preloadPath: preloadPathFor(__dirname),
    log: opened.deps.log,
  });
  // Progress of long commands (imports, bulk reads) goes to the window as it happens.
  const unsubscribe = opened.deps.events.subscribe((event) =>
    sendEvent(win.webContents, event.type, event),
  );
  win.on('closed', () => {
    unsubscribe();
    if (mainWindow === win) mainWindow = null;
  });
  mainWindow = win;
}

function start(): void {
  const facts = shellFacts();
  try {
    core = openCore({
      dataDir,
      migrationsDir: migrationsDirFor(facts),
      version: app.getVersion(),
      program: 'the GridDesk desktop app',
    });
  } catch (error) {
    fail(error);
    return;
  }
  const opened = core;
  const appUrl = appUrlFor(facts);
  installSessionPolicy(appUrl);
  registerIpc({
    core: opened,
    appUrl,
    log: opened.deps.log,
    // Receipts and reports open in the system's PDF viewer (see electron/print.ts).
    print: { dir: join(dataDir, 'print'), open: (path) => shell.openPath(path), now: Date.now },
  });
  Menu.setApplicationMenu(buildMenu(!app.isPackaged));
  openWindow(appUrl, opened);
  startHousekeeping(opened);
  app.on('activate', () => {
    // macOS keeps the app alive without windows; clicking the dock icon brings one back.
    if (BrowserWindow.getAllWindows().length === 0) openWindow(appUrl, opened);
  });
}

if (!app.requestSingleInstanceLock()) {
  // Two processes on one database would race each other's migrations and backups.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let quitBackupDone = false;
  app.on('before-quit', (event) => {
    // The backup on quit runs before the database closes; quitting resumes when it is done.
    if (quitBackupDone || !core) return;
    event.preventDefault();
    quitBackupDone = true;
    const closing = core;
    backupOnQuit(closing)
      .catch((error: unknown) =>
        closing.deps.log.error('backup on quit failed', { error: String(error) }),
      )
      .finally(() => app.quit());
  });
  app.on('will-quit', () => {
    core?.close();
    core = null;
  });
  app.whenReady().then(start).catch(fail);
}
