// The Electron IPC door: the only file that touches ipcMain. One channel carries every command
// to the core's dispatcher; another pushes progress events to the window. No business logic here:
// the dispatcher validates input, sessions and roles exactly as for the HTTP and CLI doors.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { Envelope, ErrorBody } from '../src/contract';
import type { Logger } from '../src/core/adapters/log';
import type { Core } from '../src/core/app';
import { checkPrintRequest, writePrintFile } from './print';
import { isAllowedNavigation } from './window-options';

// The preload repeats these names: it cannot import this module (ipcMain is main-only).
export const CALL_CHANNEL = 'griddesk:call';
export const EVENT_CHANNEL = 'griddesk:event';
export const PRINT_CHANNEL = 'griddesk:print';

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
  /** Printing: the folder print files go to, and how the system opens one (shell.openPath). */
  print: PrintParams;
}

export interface PrintParams {
  dir: string;
  /** Resolves to '' when the file was opened, else the system's reason. */
  open: (path: string) => Promise<string>;
  now: () => number;
}

/**
 * Registers the command and print channels; returns a function that removes them (for tests and
 * reloads).
 */
export function registerIpc({ core, appUrl, log, print }: IpcParams): () => void {
  // A frame that navigated elsewhere (or an injected one) must not reach the ledger even if it
  // somehow got hold of the bridge. A destroyed frame has no URL and is refused too.
  const foreignFrame = (event: IpcMainInvokeEvent): boolean => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (isAllowedNavigation(frameUrl, appUrl)) return false;
    log.warn('refused an IPC call from a foreign frame', { url: frameUrl.slice(0, 200) });
    return true;
  };

  ipcMain.handle(
    CALL_CHANNEL,
    async (event, name: unknown, input: unknown, token: unknown): Promise<Envelope<unknown>> => {
      if (foreignFrame(event)) {
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

  ipcMain.handle(
    PRINT_CHANNEL,
    async (event, pdfBase64: unknown, fileName: unknown): Promise<Envelope<null>> => {
      if (foreignFrame(event)) {
        return failure('FORBIDDEN', 'This window is not allowed to use GridDesk.');
      }
      const checked = checkPrintRequest(pdfBase64, fileName);
      if (!checked.ok) return failure('VALIDATION', checked.message);
      try {
        const path = writePrintFile(print.dir, checked.request, print.now());
        const problem = await print.open(path);
        if (problem !== '') {
          log.warn('the PDF viewer did not open', { path, problem });
          return failure(
            'STORAGE',
            `The document was saved as ${path} but no program opened it (${problem}). Open it from that folder to print it.`,
          );
        }
        return { ok: true, value: null };
      } catch (error) {
        log.error('could not write a print file', { dir: print.dir, error: String(error) });
        return failure(
          'STORAGE',
          `GridDesk could not save the document to print in ${print.dir}. Check that the data folder is writable.`,
        );
      }
    },
  );

  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    ipcMain.removeHandler(PRINT_CHANNEL);
  };
}

/** Pushes a progress (or other) event to one window; silently skips a window already closed. */
export function sendEvent(webContents: WebContents, event: string, payload: unknown): void {
  if (webContents.isDestroyed()) return;
  const message: EventMessage = { event, payload };
  webContents.send(EVENT_CHANNEL, message);
}
