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
  permissionDecision,
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
  // compromised renderer should not be able to ask the clerk for them. Requests and the silent
  // checks some APIs make first get the same answer; USB, HID and serial devices are the core's.
  ses.setPermissionRequestHandler((_webContents, permission, callback) =>
    callback(permissionDecision(permission)),
  );
  ses.setPermissionCheckHandler((_webContents, permission) => permissionDecision(permission));
  ses.setDevicePermissionHandler(() => false);
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

  // will-navigate sees the main frame's own navigations, will-frame-navigate those of every
  // frame (an injected iframe too), will-redirect a server redirect in the middle of one.
  const guard = (kind: string) => (event: { url: string; preventDefault: () => void }) => {
    if (isAllowedNavigation(event.url, appUrl)) return;
    event.preventDefault();
    log.warn('blocked navigation away from the app', { kind, url: event.url.slice(0, 200) });
  };
  contents.on('will-navigate', guard('navigate'));
  contents.on('will-frame-navigate', guard('frame'));
  contents.on('will-redirect', guard('redirect'));
  // webviewTag is off; this refuses one even if a future option turned it back on.
  contents.on('will-attach-webview', (event) => event.preventDefault());

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
