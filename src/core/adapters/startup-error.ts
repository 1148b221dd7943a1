// Problems that stop GridDesk from starting. A module of its own so the CLI can recognise them
// without loading the database code for commands that never open it.

/** Problems that stop GridDesk from starting; the message is for the person at the computer. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
