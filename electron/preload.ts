// The preload: the only file that touches ipcRenderer. It gives the page `window.griddesk` with
// exactly three functions and nothing else: no ipcRenderer, no event objects, no Node. It runs in a
// sandbox, so it is bundled as CommonJS and may import only 'electron'.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

// Must match electron/ipc.ts; importing it here would drag main-process code into the sandbox.
const CALL_CHANNEL = 'griddesk:call';
const EVENT_CHANNEL = 'griddesk:event';
const PRINT_CHANNEL = 'griddesk:print';

function isEventMessage(value: unknown): value is { event: string; payload: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { event?: unknown }).event === 'string'
  );
}

const bridge = {
  /** Runs a contract command; always resolves to the result envelope. */
  call(name: string, input?: unknown, token?: string | null): Promise<unknown> {
    return ipcRenderer.invoke(CALL_CHANNEL, name, input, token ?? null);
  },

  /** Opens a PDF (base64) in the system's PDF viewer to print; resolves to the result envelope. */
  printPdf(pdfBase64: string, fileName: string): Promise<unknown> {
    return ipcRenderer.invoke(PRINT_CHANNEL, pdfBase64, fileName);
  },

  /** Listens for one kind of event; returns the function that stops listening. */
  on(event: string, callback: (payload: unknown) => void): () => void {
    // The IpcRendererEvent stays here: handing it to the page would expose `sender`.
    const listener = (_ipcEvent: IpcRendererEvent, message: unknown) => {
      if (isEventMessage(message) && message.event === event) callback(message.payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, listener);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, listener);
    };
  },
};

contextBridge.exposeInMainWorld('griddesk', bridge);
