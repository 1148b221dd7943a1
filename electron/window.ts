// The secure window factory: applies the options from window-options.ts and the session rules
// (CSP header, no permissions, no navigation away, no new windows). No decisions live here.
import { BrowserWindow, session, shell } from 'electron';
import type { Logger } from '../src/core/adapters/log';
import { isDevServer } from './paths';
import {
  CONTENT_SECURITY_POLICY,
  DEV_CONTENT_SECURITY_POLICY,
  isAllowedNavigation,
  isOpenableExternally,
  secureWindowOptions,
} from './window-options';

/** Session-wide rules; call once after `ready`, before the first window loads. */
export function installSessionPolicy(appUrl: string): void {
  const policy = isDevServer(appUrl) ? DEV_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY;
  const ses = session.defaultSession;
  // The header covers every response the window receives, so a page loaded by mistake cannot run
  // scripts from elsewhere either. A <meta> copy in index.html is the backstop for file:// loads.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] },
    });
  });
  // Camera, microphone, location, notifications...: an office ledger needs none of them, and a
  // compromised renderer should not be able to ask the clerk for them.
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
}

export interface WindowParams {
  appUrl: string;
  preloadPath: string;
  log: Logger;
}

export function createMainWindow({ appUrl, preloadPath, log }: WindowParams): BrowserWindow {
  const win = new BrowserWindow(secureWindowOptions(preloadPath));
  const contents = win.webContents;

  win.once('ready-to-show', () => win.show());

  contents.on('will-navigate', (event) => {
    if (isAllowedNavigation(event.url, appUrl)) return;
    event.preventDefault();
    log.warn('blocked navigation away from the app', { url: event.url.slice(0, 200) });
  });

  contents.setWindowOpenHandler(({ url }) => {
    if (isOpenableExternally(url)) {
      shell.openExternal(url).catch((error: unknown) => {
        log.warn('could not open link in the browser', { url, error: String(error) });
      });
    }
    return { action: 'deny' };
  });

  win.loadURL(appUrl).catch((error: unknown) => {
    // Only a broken install gets here (out/renderer missing); the log says which file.
    log.error('could not load the app page', { appUrl, error: String(error) });
  });
  return win;
}
