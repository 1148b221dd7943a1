// Typed calls over the transport: inputs and outputs are the contract's types, and an error
// envelope becomes a thrown ApiError that screens can show (message) or spread on fields (issues).
import type {
  CommandName,
  ErrorBody,
  ErrorCode,
  FieldIssue,
  InputOf,
  OutputOf,
} from '../../contract';
import type { Transport } from './transport';

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[];
  readonly details: Record<string, unknown>;

  constructor(body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.details = body.details ?? {};
    this.issues = Array.isArray(body.details?.issues) ? body.details.issues : [];
  }

  /** The screen is locked: the session lives on but needs the password again. */
  get locked(): boolean {
    return this.code === 'UNAUTHENTICATED' && this.details.locked === true;
  }

  /** The core could not be reached at all (not an answer from it). */
  get network(): boolean {
    return this.details.network === true;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

export type CallFn = <N extends CommandName>(name: N, input: InputOf<N>) => Promise<OutputOf<N>>;

export interface ClientOptions {
  transport: Transport;
  getToken: () => string | null;
  /** Told about every UNAUTHENTICATED answer to a signed-in call (expired, locked, disabled). */
  onUnauthenticated: (error: ApiError, command: CommandName) => void;
}

/**
 * Commands whose UNAUTHENTICATED answer means "wrong password" on the screen that asked, not
 * "your session is gone": the asking screen shows the message itself.
 */
const ANSWERS_ABOUT_PASSWORDS: ReadonlySet<CommandName> = new Set<CommandName>([
  'auth.login',
  'auth.unlock',
  'setup.initialise',
]);

export function createClient(options: ClientOptions): CallFn {
  return async function call<N extends CommandName>(
    name: N,
    input: InputOf<N>,
  ): Promise<OutputOf<N>> {
    const envelope = await options.transport.call(name, input, options.getToken());
    if (envelope.ok) return envelope.value as OutputOf<N>;
    const error = new ApiError(envelope.error);
    if (error.code === 'UNAUTHENTICATED' && !ANSWERS_ABOUT_PASSWORDS.has(name)) {
      options.onUnauthenticated(error, name);
    }
    throw error;
  };
}
