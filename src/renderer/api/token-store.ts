// Where the session token lives: sessionStorage, so it dies with the window and is never shared
// with other browser tabs opened later. Falls back to memory when storage is disabled.

export const TOKEN_KEY = 'griddesk.token';

export interface TokenStore {
  get: () => string | null;
  set: (token: string | null) => void;
}

export function sessionTokenStore(): TokenStore {
  let memory: string | null = null;
  return {
    get: () => {
      try {
        return sessionStorage.getItem(TOKEN_KEY);
      } catch {
        return memory;
      }
    },
    set: (token) => {
      memory = token;
      try {
        if (token) sessionStorage.setItem(TOKEN_KEY, token);
        else sessionStorage.removeItem(TOKEN_KEY);
      } catch {
        // Storage disabled: the session lasts as long as this page.
      }
    },
  };
}
