// Turns of the event loop for long work: the core serves every user from one event loop, so a
// long job stops now and then to let other commands in (docs/architecture.md, "Long jobs").
import type { Steps } from '../domain/steps';

/** Let the event loop run everything that is waiting (timers, I/O, other commands), then go on. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Run `steps` with a turn for other commands at each stop; null when `signal` aborts meanwhile. */
export async function inTurns<R>(steps: Steps<R>, signal?: AbortSignal): Promise<R | null> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await nextTurn();
    if (signal?.aborted) return null;
  }
}
