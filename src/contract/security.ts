// The content security policy of the app's page, built once here and used by every place that
// serves the renderer (the Electron window's response header, the browser-mode server's header,
// and the <meta> tag in index.html), so all of them run the page under identical rules.

type Directives = readonly (readonly [string, readonly string[]])[];

/**
 * The directives, in the order they are written. 'unsafe-inline' styles: Mantine injects style
 * tags. object-src, base-uri and form-action do not fall back to default-src, so each is closed
 * on its own: no plugins, no <base> that re-points relative script URLs, no form posting the
 * ledger somewhere else.
 */
const DIRECTIVES: Directives = [
  ['default-src', ["'self'"]],
  ['script-src', ["'self'"]],
  ['style-src', ["'self'", "'unsafe-inline'"]],
  ['img-src', ["'self'", 'data:']],
  ['connect-src', ["'self'"]],
  ['object-src', ["'none'"]],
  ['base-uri', ["'none'"]],
  ['frame-ancestors', ["'none'"]],
  ['form-action', ["'none'"]],
];

/**
 * Only for `electron-vite dev` (never a packaged app): the React plugin injects an inline module
 * script for hot reload and Vite talks to the page over a websocket.
 */
const DEV_RELAXED: Readonly<Record<string, readonly string[]>> = {
  'script-src': ["'self'", "'unsafe-inline'"],
  'connect-src': ["'self'", 'ws:', 'wss:'],
};

/** Browsers ignore frame-ancestors in a <meta> policy (and warn about it); headers carry it. */
const HEADER_ONLY = new Set(['frame-ancestors']);

export interface PolicyOptions {
  /** The dev server's relaxations (hot reload). */
  dev?: boolean;
  /** For the <meta> tag: leaves out what only a response header may carry. */
  meta?: boolean;
}

export function contentSecurityPolicy(options: PolicyOptions = {}): string {
  return DIRECTIVES.filter(([name]) => !(options.meta === true && HEADER_ONLY.has(name)))
    .map(([name, values]) => {
      const chosen = options.dev === true ? (DEV_RELAXED[name] ?? values) : values;
      return `${name} ${chosen.join(' ')}`;
    })
    .join('; ');
}

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();
