// The Electron IPC door: the only file that touches ipcMain. One channel carries every command
// to the core's dispatcher; another pushes progress events to the window. No business logic here:
// the dispatcher validates input, sessions and roles exactly as for the HTTP and CLI doors.
import { ipcMain, type WebContents } from 'electron';
import type { Envelope, ErrorBody } from '../src/contract';
import type { Logger } from '../src/core/adapters/log';
import type { Core } from '../src/core/app';
import { isAllowedNavigation } from './window-options';

// The preload repeats these two names: it cannot import this module (ipcMain is main-only).
export const CALL_CHANNEL = 'griddesk:call';
export const EVENT_CHANNEL = 'griddesk:event';

/** What the preload's `on` receives: the event name is checked there, the payload passed on. */
export interface EventMessage {
  event: string;
  payload: unknown;
}

function failure(code: ErrorBody['code'], message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

export interface IpcParams {
  core: Pick<Core, 'dispatch'>;
  /** The app's own page; calls from any other frame are refused. */
  appUrl: string;
  log: Logger;
}

/** Registers the command channel; returns a function that removes it (for tests and reloads). */
export function registerIpc({ core, appUrl, log }: IpcParams): () => void {
  ipcMain.handle(
    CALL_CHANNEL,
    async (event, name: unknown, input: unknown, token: unknown): Promise<Envelope<unknown>> => {
      // A frame that navigated elsewhere (or an injected one) must not reach the ledger even if
      // it somehow got hold of the bridge. A destroyed frame has no URL and is refused too.
      const frameUrl = event.senderFrame?.url ?? '';
      if (!isAllowedNavigation(frameUrl, appUrl)) {
        log.warn('refused an IPC call from a foreign frame', { url: frameUrl.slice(0, 200) });
        return failure('FORBIDDEN', 'This window is not allowed to use GridDesk.');
      }
      if (typeof name !== 'string') {
        return failure('VALIDATION', 'The command name must be text.');
      }
      if (token !== null && token !== undefined && typeof token !== 'string') {
        return failure('VALIDATION', 'The session token must be text.');
      }
      try {
        return await core.dispatch(name, input, { door: 'ipc', token: token ?? undefined });
      } catch (error) {
        // dispatch answers with envelopes by contract; if that ever breaks, the renderer still
        // gets an envelope (not Electron's raw error text) and the log keeps the details.
        log.error('dispatch threw instead of answering', { name, error: String(error) });
        return failure(
          'INTERNAL',
          'Something went wrong inside GridDesk. The details are in the log.',
        );
      }
    },
  );
  return () => ipcMain.removeHandler(CALL_CHANNEL);
}

/** Pushes a progress (or other) event to one window; silently skips a window already closed. */
export function sendEvent(webContents: WebContents, event: string, payload: unknown): void {
  if (webContents.isDestroyed()) return;
  const message: EventMessage = { event, payload };
  webContents.send(EVENT_CHANNEL, message);
}
