import type { AppError, CommandName, OutputOf, ParsedInputOf } from '../../../contract';
import type { ServiceContext } from '../../context';

/** A service for one command. Throw AppError to roll back; return it to keep what was written. */
export type Handler<N extends CommandName> = (
  ctx: ServiceContext,
  input: ParsedInputOf<N>,
) => OutputOf<N> | AppError | Promise<OutputOf<N> | AppError>;

export type HandlerMap = { [N in CommandName]: Handler<N> };
