// The one way the renderer reaches the core. In the desktop app the preload script exposes
// `window.griddesk.call`; in browser mode the same commands are POSTed to the loopback server.
// Screens never know which door they use.
import type { Envelope } from '../../contract';

export interface Transport {
  call(name: string, input: unknown, token: string | null): Promise<Envelope<unknown>>;
}

/** What electron/preload.ts exposes; its answers are checked before use. */
export interface GridDeskBridge {
  call: (name: string, input: unknown, token: string | null) => Promise<unknown>;
  on?: (event: string, callback: (payload: unknown) => void) => () => void;
  /** Desktop only: opens a PDF in the system's viewer to print (electron/print.ts). */
  printPdf?: (pdfBase64: string, fileName: string) => Promise<unknown>;
}

declare global {
  interface Window {
    griddesk?: GridDeskBridge;
  }
}

const UNREACHABLE =
  'GridDesk is not reachable. Check that the GridDesk program is still running, then try again.';

function unreachable(): Envelope<unknown> {
  return {
    ok: false,
    error: { code: 'INTERNAL', message: UNREACHABLE, details: { network: true } },
  };
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const ok = value.ok;
  if (ok === true) return 'value' in value;
  if (ok !== false || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

export function ipcTransport(bridge: GridDeskBridge): Transport {
  return {
    async call(name, input, token) {
      try {
        const answer = await bridge.call(name, input, token);
        return isEnvelope(answer) ? answer : unreachable();
      } catch {
        return unreachable();
      }
    },
  };
}

export function httpTransport(baseUrl = ''): Transport {
  return {
    async call(name, input, token) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (token) headers.Authorization = `Bearer ${token}`;
      let response: Response;
      try {
        response = await fetch(`${baseUrl}/api/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(input ?? {}),
          cache: 'no-store',
          credentials: 'omit',
        });
      } catch {
        return unreachable();
      }
      try {
        const body: unknown = await response.json();
        return isEnvelope(body) ? body : unreachable();
      } catch {
        return unreachable();
      }
    },
  };
}

/** IPC inside the desktop app, HTTP in browser mode. */
export function defaultTransport(): Transport {
  const bridge = window.griddesk;
  return bridge ? ipcTransport(bridge) : httpTransport();
}
