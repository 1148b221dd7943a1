// Who is signed in, and where the app stands: starting, first-start setup, signed out, locked or
// ready. Owns the session token and the typed `call` every screen uses; reacts to the core saying
// "locked" (lock screen) or "please sign in" (back to sign-in) on any call.
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import type { SessionInfo, Settings, UserPublic } from '../../contract';
import { createClient, isApiError, type ApiError, type CallFn } from './client';
import { setRegion } from '../i18n';
import { sessionTokenStore, type TokenStore } from './token-store';
import { defaultTransport, type Transport } from './transport';

export interface Me {
  user: UserPublic;
  settings: Settings;
}

export type SessionState =
  | { status: 'starting' }
  | { status: 'unreachable'; message: string }
  | { status: 'setup' }
  | { status: 'signed-out'; companyName: string | null; notice: string | null }
  | { status: 'locked'; me: Me }
  | { status: 'ready'; me: Me };

export interface SessionContextValue {
  state: SessionState;
  call: CallFn;
  /** After setup or sign-in: keep the token and load the user and settings. */
  signedIn: (session: SessionInfo) => Promise<void>;
  lock: () => Promise<void>;
  unlocked: (user: UserPublic) => void;
  /** Ends the session on the core (best effort) and shows the sign-in screen. */
  signOut: (notice?: string | null) => Promise<void>;
  /** Reload the signed-in user and settings (after they changed). */
  refresh: () => Promise<void>;
  /** Try starting again (after the core was unreachable). */
  restart: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

function companyOf(state: SessionState): string | null {
  if (state.status === 'ready' || state.status === 'locked') return state.me.settings.company.name;
  if (state.status === 'signed-out') return state.companyName;
  return null;
}

interface ProviderProps {
  children: ReactNode;
  transport?: Transport;
  tokens?: TokenStore;
}

export function SessionProvider(props: ProviderProps) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SessionState>({ status: 'starting' });
  const [attempt, setAttempt] = useState(0);
  const [tokens] = useState<TokenStore>(() => props.tokens ?? sessionTokenStore());
  const [transport] = useState<Transport>(() => props.transport ?? defaultTransport());

  const goSignedOut = useCallback(
    (notice: string | null, companyName?: string | null) => {
      tokens.set(null);
      queryClient.clear();
      // The next person at this PC should not read the last one's messages.
      notifications.clean();
      setState((current) => ({
        status: 'signed-out',
        companyName: companyName ?? companyOf(current),
        notice,
      }));
    },
    [queryClient, tokens],
  );

  const onUnauthenticated = useCallback(
    (error: ApiError) => {
      notifications.clean();
      if (error.locked) {
        setState((current) =>
          current.status === 'ready' || current.status === 'locked'
            ? { status: 'locked', me: current.me }
            : current,
        );
        return;
      }
      tokens.set(null);
      queryClient.clear();
      setState((current) => {
        if (current.status === 'signed-out' || current.status === 'setup') return current;
        // At start an old token simply expired: no need to say so.
        const notice = current.status === 'starting' ? null : error.message;
        return { status: 'signed-out', companyName: companyOf(current), notice };
      });
    },
    [queryClient, tokens],
  );

  const call = useMemo(
    () => createClient({ transport, getToken: () => tokens.get(), onUnauthenticated }),
    [transport, tokens, onUnauthenticated],
  );

  const loadMe = useCallback(async (): Promise<void> => {
    const me = await call('auth.me', {});
    const value: Me = { user: me.user, settings: me.settings };
    setRegion(me.settings.company.country);
    setState(me.locked ? { status: 'locked', me: value } : { status: 'ready', me: value });
  }, [call]);

  useEffect(() => {
    let cancelled = false;
    async function boot(): Promise<void> {
      try {
        const status = await call('setup.status', {});
        if (cancelled) return;
        if (!status.initialised) {
          setState({ status: 'setup' });
          return;
        }
        if (!tokens.get()) {
          setState({ status: 'signed-out', companyName: status.companyName, notice: null });
          return;
        }
        try {
          await loadMe();
        } catch (error) {
          // The old token expired: plain sign-in, with the company's name on it.
          if (isApiError(error) && error.code === 'UNAUTHENTICATED' && !cancelled) {
            goSignedOut(null, status.companyName);
            return;
          }
          throw error;
        }
      } catch (error) {
        if (cancelled) return;
        setState({
          status: 'unreachable',
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
    void boot();
    return () => {
      cancelled = true;
    };
  }, [call, loadMe, goSignedOut, tokens, attempt]);

  const signedIn = useCallback(
    async (session: SessionInfo) => {
      queryClient.clear();
      tokens.set(session.token);
      await loadMe();
    },
    [loadMe, queryClient, tokens],
  );

  const lock = useCallback(async () => {
    try {
      await call('auth.lock', {});
      notifications.clean();
      setState((current) =>
        current.status === 'ready' ? { status: 'locked', me: current.me } : current,
      );
    } catch (error) {
      // Already locked elsewhere: onUnauthenticated has shown the lock screen.
      if (!(isApiError(error) && error.code === 'UNAUTHENTICATED')) throw error;
    }
  }, [call]);

  const unlocked = useCallback((user: UserPublic) => {
    setState((current) =>
      current.status === 'locked' ? { status: 'ready', me: { ...current.me, user } } : current,
    );
  }, []);

  const signOut = useCallback(
    async (notice: string | null = null) => {
      if (tokens.get()) {
        try {
          await call('auth.logout', {});
        } catch {
          // The session may already be gone on the core; signing out here is what matters.
        }
      }
      goSignedOut(notice);
    },
    [call, goSignedOut, tokens],
  );

  const refresh = useCallback(async () => {
    try {
      await loadMe();
    } catch (error) {
      if (!(isApiError(error) && error.code === 'UNAUTHENTICATED')) throw error;
    }
  }, [loadMe]);

  const restart = useCallback(() => {
    setState({ status: 'starting' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo<SessionContextValue>(
    () => ({ state, call, signedIn, lock, unlocked, signOut, refresh, restart }),
    [state, call, signedIn, lock, unlocked, signOut, refresh, restart],
  );

  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession is used outside SessionProvider');
  return value;
}

/** The signed-in user and settings; only for screens shown inside the signed-in app. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'ready' && state.status !== 'locked') {
    throw new Error('useMe is used while nobody is signed in');
  }
  return state.me;
}
