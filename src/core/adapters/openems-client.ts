// A minimal client for the OpenEMS Edge REST API (docs/domain.md §9.4): GET
// /rest/channel/<component>/<channel> with HTTP Basic auth answers the channel as JSON with a
// `value`; a regular expression in the component part answers an array, one entry per match, each
// with its `address` ("meter0/ActiveConsumptionEnergy"). Errors are sorted into what a clerk can
// act on: wrong password, Edge unreachable, channel unknown.

export type EdgeFailure = 'auth' | 'unreachable' | 'unknown-channel' | 'bad-value';

export type ChannelValues =
  | { ok: true; values: Map<string, number | null> }
  | { ok: false; kind: EdgeFailure; message: string };

interface EdgeAccess {
  url: string;
  username: string;
  password: string;
  timeoutMs?: number;
}

const CHANNEL = 'ActiveConsumptionEnergy';

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The current value of `ActiveConsumptionEnergy` of each component, in one request. */
export async function readConsumptionEnergy(
  edge: EdgeAccess,
  components: readonly string[],
): Promise<ChannelValues> {
  const single = components.length === 1;
  const path = single ? (components[0] ?? '') : `(${components.map(escapeRegex).join('|')})`;
  const url = `${edge.url.replace(/\/$/, '')}/rest/channel/${encodeURIComponent(path)}/${CHANNEL}`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${edge.username}:${edge.password}`).toString('base64')}`,
        Accept: 'application/json',
      },
      signal: AbortSignal.timeout(edge.timeoutMs ?? 8000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return {
      ok: false,
      kind: 'unreachable',
      message: `The Edge at ${edge.url} cannot be reached (${cause ?? (error instanceof Error ? error.name : 'network error')}): check its address and that it is on.`,
    };
  }
  if (response.status === 401 || response.status === 403) {
    return {
      ok: false,
      kind: 'auth',
      message: `The Edge at ${edge.url} refused the user name or password.`,
    };
  }
  if (response.status === 404) {
    return {
      ok: false,
      kind: 'unknown-channel',
      message: `The Edge has no channel ${path}/${CHANNEL}: check the component id (meter0, meter1...).`,
    };
  }
  if (!response.ok) {
    return {
      ok: false,
      kind: 'unreachable',
      message: `The Edge at ${edge.url} answered HTTP ${response.status}.`,
    };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return {
      ok: false,
      kind: 'bad-value',
      message: 'The Edge answered something that is not JSON.',
    };
  }
  const entries = Array.isArray(body) ? body : [body];
  const values = new Map<string, number | null>();
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as { address?: unknown; value?: unknown };
    const component =
      typeof e.address === 'string' ? (e.address.split('/')[0] ?? '') : single ? path : '';
    if (!component) continue;
    values.set(component, typeof e.value === 'number' && Number.isFinite(e.value) ? e.value : null);
  }
  return { ok: true, values };
}
