// Security settings of the desktop window, as plain data and pure functions. Kept free of any
// runtime `electron` import (the type import below is erased) so vitest can check every flag on a
// machine without the Electron binary, and so window.ts holds no decisions of its own.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

import { contentSecurityPolicy } from '../src/contract/security';

export { CONTENT_SECURITY_POLICY } from '../src/contract/security';

/** Only for `electron-vite dev` (never a packaged app); see contentSecurityPolicy. */
export const DEV_CONTENT_SECURITY_POLICY = contentSecurityPolicy({ dev: true });

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    // The renderer is untrusted: it reaches the core only through the preload's two functions.
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    // A file dropped on the window would otherwise replace the app with that file.
    navigateOnDragDrop: false,
    // Offline office machines have no dictionaries to download, and typed names are not words.
    spellcheck: false,
    safeDialogs: true,
  };
}

export function secureWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: 'GridDesk',
    width: 1280,
    height: 800,
    // Below this the customer tables and the payment form stop fitting side by side.
    minWidth: 1024,
    minHeight: 640,
    // Shown on ready-to-show, so nobody sees a blank white frame while the bundle loads.
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(preloadPath),
  };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    // Anything that does not parse cannot be our page, which is the answer the callers need.
    return null;
  }
}

function decodedPath(url: URL): string | null {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
}

/** Windows paths ignore case, and Chromium and Node may spell a drive letter differently. */
function isWindowsFilePath(path: string): boolean {
  return /^\/[A-Za-z]:\//.test(path);
}

/**
 * May the window show (or may IPC come from) `url`, given the app's own page `appUrl`?
 * Yes only for that very file (any #route or ?query) or, in development, the dev server's origin.
 * Everything else (other files, other sites, javascript:, data:, blob:) is refused.
 */
export function isAllowedNavigation(url: string, appUrl: string): boolean {
  const target = parse(url);
  const app = parse(appUrl);
  if (!target || !app) return false;

  if (app.protocol === 'file:') {
    if (target.protocol !== 'file:' || target.host !== app.host) return false;
    const targetPath = decodedPath(target);
    const appPath = decodedPath(app);
    if (targetPath === null || appPath === null) return false;
    return isWindowsFilePath(appPath)
      ? targetPath.toLowerCase() === appPath.toLowerCase()
      : targetPath === appPath;
  }

  if (app.protocol === 'http:' || app.protocol === 'https:') {
    // The dev server serves the single-page app under every path of its origin. The protocol is
    // compared too because a blob: URL reports the origin of the page that made it.
    return target.protocol === app.protocol && target.origin === app.origin;
  }
  return false;
}

/**
 * Links the app asks to open in a new window go to the OS browser only when they are https:
 * plain http could be tampered with on the way, and file:, smb: or custom schemes could start
 * programs on the office computer.
 */
export function isOpenableExternally(url: string): boolean {
  const target = parse(url);
  return target !== null && target.protocol === 'https:' && target.hostname !== '';
}

/**
 * Permissions the page may use. None: the ledger needs no camera, microphone, location,
 * notifications, clipboard reading, USB, HID or serial port in the renderer (meters are read by
 * the core, printing needs no permission), and a compromised page must not be able to ask the
 * clerk for any of them. Kept as a list so granting one later is a visible, reviewed change.
 */
export const GRANTED_PERMISSIONS: readonly string[] = [];

/** The answer to every permission request and check the page makes. */
export function permissionDecision(permission: string): boolean {
  return GRANTED_PERMISSIONS.includes(permission);
}
