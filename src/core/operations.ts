// Long operations the user may cancel (bulk meter reads, address scans): the command registers its
// operation id and gets an AbortSignal; `operations.cancel` from any door aborts it. Cancelling
// stops before the next step; what was done so far is kept (readings already taken are stored).
export class OperationRegistry {
  private readonly running = new Map<string, { controller: AbortController; userName: string }>();

  start(operationId: string | undefined, userName: string): AbortSignal {
    const controller = new AbortController();
    if (operationId) this.running.set(operationId, { controller, userName });
    return controller.signal;
  }

  end(operationId: string | undefined): void {
    if (operationId) this.running.delete(operationId);
  }

  /** True when the operation was running and is now asked to stop. */
  cancel(operationId: string): boolean {
    const op = this.running.get(operationId);
    if (!op) return false;
    op.controller.abort();
    return true;
  }
}
