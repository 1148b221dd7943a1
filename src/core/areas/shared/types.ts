import type { AppError, CommandName, KindOf, OutputOf, ParsedInputOf } from '../../../contract';
import type { QueryContext, ServiceContext } from '../../context';

/**
 * A service for one command. Throw AppError to roll back; return it to keep what was written. A
 * query command's service gets a read-only context, so it cannot write (checked at compile time).
 */
export type Handler<N extends CommandName> = (
  ctx: KindOf<N> extends 'query' ? QueryContext : ServiceContext,
  input: ParsedInputOf<N>,
) => OutputOf<N> | AppError | Promise<OutputOf<N> | AppError>;

export type HandlerMap = { [N in CommandName]: Handler<N> };
