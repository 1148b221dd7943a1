// TanStack Query over the typed client. Query keys are [command, input]; after any successful
// write every query is refetched (a small office app: simpler and never stale).
import {
  useMutation,
  useQuery,
  useQueryClient,
  type UseMutationOptions,
  type UseQueryOptions,
} from '@tanstack/react-query';
import type { CommandName, InputOf, OutputOf } from '../../contract';
import type { ApiError } from './client';
import { useSession } from './session';

export function commandKey<N extends CommandName>(name: N, input: InputOf<N>) {
  return [name, input] as const;
}

export function useCommandQuery<N extends CommandName>(
  name: N,
  input: InputOf<N>,
  options: Omit<UseQueryOptions<OutputOf<N>, ApiError>, 'queryKey' | 'queryFn'> = {},
) {
  const { call } = useSession();
  return useQuery<OutputOf<N>, ApiError>({
    queryKey: commandKey(name, input),
    queryFn: () => call(name, input),
    ...options,
  });
}

export function useCommandMutation<N extends CommandName>(
  name: N,
  options: Omit<UseMutationOptions<OutputOf<N>, ApiError, InputOf<N>>, 'mutationFn'> = {},
) {
  const { call } = useSession();
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = options;
  return useMutation<OutputOf<N>, ApiError, InputOf<N>>({
    mutationFn: (input) => call(name, input),
    onSuccess: async (...args) => {
      void queryClient.invalidateQueries();
      await onSuccess?.(...args);
    },
    ...rest,
  });
}
