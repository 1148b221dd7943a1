// Long computations written as generators that stop (`yield`) now and then, so one piece of code
// serves both kinds of caller: a command that gives other commands a turn at each stop
// (core/turns.ts, inTurns), and one already inside a transaction that runs it at once (atOnce).
// See docs/architecture.md, "Long jobs".

/** A computation that stops between pieces of work and finally returns R. */
export type Steps<R> = Generator<undefined, R>;

/** Run `steps` to the end without stopping. */
export function atOnce<R>(steps: Steps<R>): R {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
