// The desktop shell's security decisions, checked without the Electron binary: window flags, the
// content security policy, which URLs the window may show or accept IPC from, where the shell
// looks for its files, and the one-file-per-IPC-side rule.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  appUrlFor,
  dataDirFor,
  isDevServer,
  migrationsDirFor,
  preloadPathFor,
  type ShellFacts,
} from '../../electron/paths';
import {
  CONTENT_SECURITY_POLICY,
  DEV_CONTENT_SECURITY_POLICY,
  GRANTED_PERMISSIONS,
  isAllowedNavigation,
  isOpenableExternally,
  permissionDecision,
  secureWebPreferences,
  secureWindowOptions,
} from '../../electron/window-options';
import { contentSecurityPolicy } from '../../src/contract/security';

const PRELOAD = '/opt/GridDesk/resources/app.asar/out/preload/preload.js';

function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

describe('window options', () => {
  const prefs = secureWebPreferences(PRELOAD);

  it('isolates and sandboxes the renderer', () => {
    expect(prefs.preload).toBe(PRELOAD);
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
  });

  it('gives the page no Node, in the page, its workers or its frames', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and embedded browsers off', () => {
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it('does not spell-check (no dictionary downloads on offline machines)', () => {
    expect(prefs.spellcheck).toBe(false);
  });

  it('opens a hidden, titled, reasonably sized window with those preferences', () => {
    const options = secureWindowOptions(PRELOAD);
    expect(options.title).toBe('GridDesk');
    expect(options.show).toBe(false);
    expect(options.webPreferences).toEqual(prefs);
    const { width = 0, height = 0, minWidth = 0, minHeight = 0 } = options;
    expect(minWidth).toBeGreaterThanOrEqual(800);
    expect(minHeight).toBeGreaterThanOrEqual(600);
    expect(width).toBeGreaterThanOrEqual(minWidth);
    expect(height).toBeGreaterThanOrEqual(minHeight);
  });
});

describe('content security policy', () => {
  it('is the agreed policy, word for word', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
        "frame-ancestors 'none'; form-action 'none'",
    );
  });

  it('allows scripts and connections only from the app itself', () => {
    const csp = directives(CONTENT_SECURITY_POLICY);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    for (const name of ['object-src', 'base-uri', 'frame-ancestors', 'form-action']) {
      expect(csp.get(name), name).toEqual(["'none'"]);
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*|https?:/);
  });

  it('relaxes only hot-reload needs for the dev server, and nothing else', () => {
    const dev = directives(DEV_CONTENT_SECURITY_POLICY);
    const prod = directives(CONTENT_SECURITY_POLICY);
    expect(dev.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws:', 'wss:']);
    for (const [name, values] of prod) {
      if (name === 'script-src' || name === 'connect-src') continue;
      expect(dev.get(name), name).toEqual(values);
    }
    expect(DEV_CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});

describe('content security policy in index.html', () => {
  const html = readFileSync(resolve(__dirname, '../../src/renderer/index.html'), 'utf8');
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1];

  it('is the header policy without what only a header may carry', () => {
    // A file:// page gets no response header from a server: the <meta> copy is what holds there.
    expect(meta).toBe(contentSecurityPolicy({ meta: true }));
    const tag = directives(meta ?? '');
    for (const name of ['object-src', 'base-uri', 'form-action']) {
      expect(tag.get(name), name).toEqual(["'none'"]);
    }
    expect(tag.has('frame-ancestors')).toBe(false);
    for (const [name, values] of directives(CONTENT_SECURITY_POLICY)) {
      if (name !== 'frame-ancestors') expect(tag.get(name), name).toEqual(values);
    }
  });
});

describe('permissions', () => {
  // Every permission Electron 38 can ask a session about (request and check handlers).
  const known = [
    'clipboard-read',
    'clipboard-sanitized-write',
    'deprecated-sync-clipboard-read',
    'display-capture',
    'fileSystem',
    'fullscreen',
    'geolocation',
    'hid',
    'idle-detection',
    'keyboardLock',
    'media',
    'mediaKeySystem',
    'midi',
    'midiSysex',
    'notifications',
    'openExternal',
    'pointerLock',
    'serial',
    'speaker-selection',
    'storage-access',
    'top-level-storage-access',
    'unknown',
    'usb',
    'window-management',
  ];

  it('grants the page none, known or not', () => {
    expect(GRANTED_PERMISSIONS).toEqual([]);
    for (const permission of [...known, 'some-future-permission', '']) {
      expect(permissionDecision(permission), permission).toBe(false);
    }
  });
});

describe('isAllowedNavigation with the packaged page', () => {
  const app = 'file:///opt/GridDesk/resources/app.asar/out/renderer/index.html';

  it('allows the app page itself, with any route or query', () => {
    expect(isAllowedNavigation(app, app)).toBe(true);
    expect(isAllowedNavigation(`${app}#/customers/42`, app)).toBe(true);
    expect(isAllowedNavigation(`${app}?lang=fr`, app)).toBe(true);
  });

  it('refuses other files, even next door', () => {
    const refused = [
      'file:///etc/passwd',
      'file:///opt/GridDesk/resources/app.asar/out/renderer/other.html',
      'file:///opt/GridDesk/resources/app.asar/out/renderer/index.html.evil',
      'file:///opt/GridDesk/resources/app.asar/out/renderer/index.html/x',
      'file:///opt/GridDesk/resources/app.asar/out/renderer/',
      'file:///tmp/index.html',
      'file://fileserver/opt/GridDesk/resources/app.asar/out/renderer/index.html',
    ];
    for (const url of refused) expect(isAllowedNavigation(url, app), url).toBe(false);
  });

  it('refuses the web and script URLs', () => {
    const refused = [
      'https://example.com/',
      'http://example.com/index.html',
      'http://127.0.0.1:5600/',
      'javascript:alert(1)',
      'JavaScript:fetch("/")',
      'data:text/html,<script>alert(1)</script>',
      'blob:file:///0b3c',
      'about:blank',
      'chrome://settings',
      '',
      'not a url',
    ];
    for (const url of refused) expect(isAllowedNavigation(url, app), url).toBe(false);
  });

  it('accepts the same Windows file whatever the drive letter case, and nothing else', () => {
    const win =
      'file:///C:/Users/Amina/AppData/Local/Programs/GridDesk/resources/app.asar/index.html';
    expect(isAllowedNavigation(win.replace('file:///C:', 'file:///c:'), win)).toBe(true);
    expect(isAllowedNavigation('file:///C:/Windows/win.ini', win)).toBe(false);
  });

  it('treats percent-encoded and plain spellings of the page alike', () => {
    const spaced = pathToFileURL('/home/office user/GridDesk/out/renderer/index.html').href;
    expect(spaced).toContain('%20');
    expect(
      isAllowedNavigation('file:///home/office user/GridDesk/out/renderer/index.html', spaced),
    ).toBe(true);
    expect(isAllowedNavigation('file:///home/office%ZZ/index.html', spaced)).toBe(false);
  });
});

describe('isAllowedNavigation with the dev server', () => {
  const app = 'http://localhost:5173/';

  it('allows any path of the dev server', () => {
    expect(isAllowedNavigation('http://localhost:5173/', app)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5173/customers?q=1', app)).toBe(true);
  });

  it('refuses other origins, schemes and script URLs', () => {
    const refused = [
      'http://localhost:5174/',
      'https://localhost:5173/',
      'http://127.0.0.1:5173/',
      'http://localhost.evil.com:5173/',
      'blob:http://localhost:5173/0b3c',
      'javascript:alert(1)',
      'file:///etc/passwd',
    ];
    for (const url of refused) expect(isAllowedNavigation(url, app), url).toBe(false);
  });

  it('refuses everything when the app URL is not a page we could load', () => {
    expect(isAllowedNavigation('javascript:alert(1)', 'javascript:alert(1)')).toBe(false);
    expect(isAllowedNavigation('data:text/html,x', 'data:text/html,x')).toBe(false);
    expect(isAllowedNavigation('http://localhost:5173/', '')).toBe(false);
  });
});

describe('isOpenableExternally', () => {
  it('hands only https links to the OS browser', () => {
    expect(isOpenableExternally('https://griddesk.org/help')).toBe(true);
    const refused = [
      'http://griddesk.org/help',
      'file:///C:/Windows/System32/calc.exe',
      'smb://server/share',
      'javascript:alert(1)',
      'ms-msdt:/id',
      'https:',
      '',
    ];
    for (const url of refused) expect(isOpenableExternally(url), url).toBe(false);
  });
});

describe('shell paths', () => {
  const dev: ShellFacts = {
    isPackaged: false,
    resourcesPath: '/usr/lib/electron/resources',
    appPath: '/work/griddesk',
    mainDir: '/work/griddesk/out/main',
    env: {},
  };
  const packaged: ShellFacts = {
    isPackaged: true,
    resourcesPath: '/opt/GridDesk/resources',
    appPath: '/opt/GridDesk/resources/app.asar',
    mainDir: '/opt/GridDesk/resources/app.asar/out/main',
    env: {},
  };

  it('keeps data in <appData>/GridDesk, like the CLI, unless GRIDDESK_DATA says otherwise', () => {
    expect(dataDirFor({}, '/home/amina/.config')).toBe(join('/home/amina/.config', 'GridDesk'));
    expect(dataDirFor({ GRIDDESK_DATA: '/srv/gd' }, '/home/amina/.config')).toBe('/srv/gd');
    expect(dataDirFor({ GRIDDESK_DATA: 'rel/dir' }, '/x')).toBe(resolve('rel/dir'));
    expect(dataDirFor({ GRIDDESK_DATA: '' }, '/x')).toBe(join('/x', 'GridDesk'));
  });

  it('reads migrations from the project in development and from resources when packaged', () => {
    expect(migrationsDirFor(dev)).toBe(join('/work/griddesk', 'resources', 'migrations'));
    expect(migrationsDirFor(packaged)).toBe(join('/opt/GridDesk/resources', 'migrations'));
  });

  it('finds the preload and the page next to the built main', () => {
    expect(preloadPathFor(packaged.mainDir)).toBe(
      join('/opt/GridDesk/resources/app.asar/out', 'preload', 'preload.js'),
    );
    const url = appUrlFor(packaged);
    expect(url).toBe('file:///opt/GridDesk/resources/app.asar/out/renderer/index.html');
    expect(isDevServer(url)).toBe(false);
    expect(isAllowedNavigation(url, url)).toBe(true);
  });

  it('follows ELECTRON_RENDERER_URL only when unpackaged and only for http(s)', () => {
    const devUrl = 'http://localhost:5173';
    expect(appUrlFor({ ...dev, env: { ELECTRON_RENDERER_URL: devUrl } })).toBe(devUrl);
    expect(isDevServer(devUrl)).toBe(true);
    expect(appUrlFor({ ...packaged, env: { ELECTRON_RENDERER_URL: devUrl } })).toMatch(/^file:/);
    expect(appUrlFor({ ...dev, env: { ELECTRON_RENDERER_URL: 'javascript:alert(1)' } })).toMatch(
      /^file:/,
    );
  });
});

describe('shell boundaries', () => {
  const dir = resolve(__dirname, '../../electron');
  const sources = readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
  const source = (name: string): string => sources.find((s) => s.name === name)?.text ?? '';

  it('uses ipcMain only in ipc.ts and ipcRenderer only in preload.ts', () => {
    for (const { name, text } of sources) {
      if (name !== 'ipc.ts') expect(text, name).not.toMatch(/\bipcMain\b/);
      if (name !== 'preload.ts') expect(text, name).not.toMatch(/\bipcRenderer\b/);
    }
  });

  it('keeps the tested modules free of runtime electron imports', () => {
    for (const name of ['window-options.ts', 'paths.ts']) {
      expect(source(name), name).not.toMatch(/^import (?!type )[^;]*from 'electron'/m);
    }
  });

  it('lets the preload import nothing but electron (it runs sandboxed)', () => {
    const imports = [...source('preload.ts').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports).toEqual(['electron']);
  });

  it('wires the session and window guards to the tested decisions', () => {
    // The wiring cannot run here (no Electron binary); this keeps each guard from being dropped.
    const window = source('window.ts');
    expect(window).toMatch(/setPermissionRequestHandler\([^]*?permissionDecision\(permission\)/);
    expect(window).toMatch(/setPermissionCheckHandler\([^]*?permissionDecision\(permission\)/);
    expect(window).toContain('setDevicePermissionHandler(() => false)');
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(window, event).toMatch(new RegExp(`contents\\.on\\('${event}', guard\\(`));
    }
    expect(window).toMatch(/setWindowOpenHandler[^]*?return \{ action: 'deny' \}/);
  });

  it('checks the frame and the document before printing', () => {
    expect(source('ipc.ts')).toMatch(
      /handle\(\s*PRINT_CHANNEL,[^]*?foreignFrame\(event\)[^]*?checkPrintRequest\(/,
    );
  });

  it('uses the same channel names on both sides', () => {
    for (const channel of ['griddesk:call', 'griddesk:event', 'griddesk:print']) {
      expect(source('ipc.ts')).toContain(`'${channel}'`);
      expect(source('preload.ts')).toContain(`'${channel}'`);
    }
  });
});
