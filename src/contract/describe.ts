// The contract as data: JSON schemas of every command, for `griddesk commands` and docs/api.md.
import { z } from 'zod';
import { commands } from './index';

export interface CommandDescription {
  name: string;
  summary: string;
  kind: 'query' | 'write';
  access: string;
  input: unknown;
  output: unknown;
}

function accessText(access: (typeof commands)[keyof typeof commands]['access']): string {
  return typeof access === 'string' ? access : access.join(', ');
}

export function describeCommands(): CommandDescription[] {
  return Object.values(commands).map((def) => ({
    name: def.name,
    summary: def.summary,
    kind: def.kind,
    access: accessText(def.access),
    input: z.toJSONSchema(def.input, { io: 'input', unrepresentable: 'any' }),
    output: z.toJSONSchema(def.output, { io: 'output', unrepresentable: 'any' }),
  }));
}
