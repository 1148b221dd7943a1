import type { ReactNode } from 'react';
import type { CommandName } from '../../../contract';
import { useMe } from '../../api/session';
import { NoAccess } from '../../components/NoAccess';
import { mayUse } from './areas';

/** A page for the roles allowed to call `command`; a clear message for the others. */
export function RequireAccess(props: { command: CommandName; children: ReactNode }) {
  const { user } = useMe();
  return mayUse(props.command, user.role) ? props.children : <NoAccess />;
}
