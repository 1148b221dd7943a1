// Progress of long commands (imports...). The desktop app pushes the core's progress events
// through the preload's `on`; browser mode reads the same events from the server's event stream
// (`GET /api/events`, opened with fetch so the session token stays in a header).
import { sessionTokenStore } from './token-store';

export interface Progress {
  phase: string;
  done: number;
  total: number;
}

function isProgress(value: unknown): value is Progress & { operationId: string } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.operationId === 'string' &&
    typeof v.phase === 'string' &&
    typeof v.done === 'number' &&
    typeof v.total === 'number'
  );
}

/** Calls `listener` for each progress event of one operation; returns the unsubscribe. */
export function onProgress(
  operationId: string,
  listener: (progress: Progress) => void,
): () => void {
  const deliver = (payload: unknown) => {
    if (isProgress(payload) && payload.operationId === operationId) {
      listener({ phase: payload.phase, done: payload.done, total: payload.total });
    }
  };
  const bridge = window.griddesk;
  if (bridge?.on) return bridge.on('progress', deliver);
  return streamHttpEvents(deliver);
}

/** Browser mode: read server-sent events until unsubscribed; the bar falls back to indeterminate
 * if the stream cannot be opened. */
function streamHttpEvents(deliver: (payload: unknown) => void): () => void {
  const token = sessionTokenStore().get();
  if (typeof fetch === 'undefined') return () => undefined;
  const controller = new AbortController();
  void (async () => {
    try {
      // Without a session (the setup wizard's restore) the server streams progress only, and only
      // before the office exists.
      const response = await fetch('/api/events', {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
        signal: controller.signal,
      });
      const reader = response.body?.getReader();
      if (!response.ok || !reader) return;
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = message
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n');
          if (data) deliver(JSON.parse(data) as unknown);
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Aborted on unsubscribe, or the stream broke: progress is a nicety, the import goes on.
    }
  })();
  return () => controller.abort();
}

/** A fresh id for one long operation, so its progress events can be told apart. */
export function newOperationId(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `op-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
