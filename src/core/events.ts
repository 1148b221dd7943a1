// Events from the core to whoever listens (the UI through IPC or the HTTP event stream):
// progress of long operations. Fire and forget: a slow listener never slows a command.
export interface ProgressEvent {
  type: 'progress';
  operationId: string;
  phase: string;
  done: number;
  total: number;
}

export type CoreEvent = ProgressEvent;

export class EventBus {
  private readonly listeners = new Set<(event: CoreEvent) => void>();

  subscribe(listener: (event: CoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: CoreEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken listener (closed window, dropped connection) must not fail the command.
      }
    }
  }
}
