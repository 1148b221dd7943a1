// Signed-in sessions, held in memory by the process serving them: restarting the app signs
// everybody out, and no token is ever written to disk.
export interface Session {
  userId: string;
  locked: boolean;
  createdAtMs: number;
  lastSeenMs: number;
}

/** A session unused for this long ends on its own. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;

export class SessionStore {
  private readonly byToken = new Map<string, Session>();

  constructor(private readonly idleMs = SESSION_IDLE_MS) {}

  create(token: string, userId: string, nowMs: number): Session {
    const session = { userId, locked: false, createdAtMs: nowMs, lastSeenMs: nowMs };
    this.byToken.set(token, session);
    return session;
  }

  /** The live session for a token, refreshed; undefined if unknown or idle too long. */
  touch(token: string, nowMs: number): Session | undefined {
    const session = this.byToken.get(token);
    if (!session) return undefined;
    if (nowMs - session.lastSeenMs > this.idleMs) {
      this.byToken.delete(token);
      return undefined;
    }
    session.lastSeenMs = nowMs;
    return session;
  }

  end(token: string): void {
    this.byToken.delete(token);
  }

  /** Ends every session of a user, except `keepToken` (the session asking); returns how many. */
  endAllFor(userId: string, keepToken?: string): number {
    let ended = 0;
    for (const [token, session] of this.byToken) {
      if (session.userId === userId && token !== keepToken) {
        this.byToken.delete(token);
        ended += 1;
      }
    }
    return ended;
  }
}
