// OpenEMS Edge on the site LAN as a source of meter readings (docs/domain.md §9.4): an Edge exposes
// each meter's cumulative import counter over REST; GridDesk pulls it for every mapped meter and
// stores it as a reading with source "openems". Passwords are sealed at rest and never returned.
import { z } from 'zod';
import { READING_FLAGS } from '../../domain/vocabulary';
import { defineCommand } from '../command';
import * as f from '../fields';

const supervisors = ['admin', 'manager'] as const;
const editors = ['admin', 'manager', 'clerk'] as const;

export const openemsEdge = z.object({
  id: f.id,
  name: z.string(),
  url: z.string(),
  username: z.string(),
  /** Mapped meters. */
  meters: z.array(z.object({ deviceId: f.id, serial: z.string(), component: z.string() })),
  /** Set when the password is one of the Edge's well-known defaults. */
  warning: z.string().nullable(),
});
export type OpenemsEdge = z.infer<typeof openemsEdge>;

const component = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, {
    message: 'must be an Edge component id such as meter0',
  });

export const openemsCommands = {
  'openems.list': defineCommand({
    name: 'openems.list',
    summary:
      'The OpenEMS Edges GridDesk pulls readings from, with their mapped meters (never the password).',
    input: z.object({}).strict(),
    output: z.object({ edges: z.array(openemsEdge) }),
    access: 'signed-in',
    kind: 'query',
  }),
  'openems.saveEdge': defineCommand({
    name: 'openems.saveEdge',
    summary:
      'Add an OpenEMS Edge (name, REST URL such as http://192.168.1.20:8084, user, password) or change one; the password is stored encrypted and is optional when changing.',
    input: z
      .object({
        id: f.id.optional(),
        name: f.requiredText(80),
        url: z
          .string()
          .trim()
          .regex(/^https?:\/\/[^\s/]+(:\d+)?\/?$/, {
            message: 'must be http(s)://host:port, e.g. http://192.168.1.20:8084',
          }),
        username: f.requiredText(80),
        password: z.string().min(1, { message: 'is required' }).max(200).optional(),
      })
      .strict(),
    output: openemsEdge,
    access: supervisors,
    kind: 'write',
  }),
  'openems.mapMeter': defineCommand({
    name: 'openems.mapMeter',
    summary: 'Map a meter to its Edge component (meterN), or unmap it with edgeId null.',
    input: z
      .object({
        deviceId: f.id,
        edgeId: f.id.nullable(),
        component: component.optional(),
      })
      .strict()
      .superRefine((v, ctx) => {
        if (v.edgeId !== null && v.component === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['component'],
            message: 'is required to map a meter',
          });
        }
      }),
    output: z.object({ deviceId: f.id, edgeId: f.id.nullable(), component: z.string().nullable() }),
    access: editors,
    kind: 'write',
  }),
  'openems.pull': defineCommand({
    name: 'openems.pull',
    summary:
      'Pull the current ActiveConsumptionEnergy of every mapped meter from its Edge and store each as a reading; answers per meter (ok, or auth failure, unreachable host, unknown channel).',
    input: z
      .object({ edgeId: f.id.optional(), operationId: z.string().max(64).optional() })
      .strict(),
    output: z.object({
      results: z.array(
        z.object({
          deviceId: f.id,
          serial: z.string(),
          edge: z.string(),
          outcome: z.enum(['ok', 'auth', 'unreachable', 'unknown-channel', 'bad-value']),
          message: z.string(),
          readingId: f.id.nullable(),
          wh: z.number().int().nullable(),
          flag: z.enum(READING_FLAGS).nullable(),
        }),
      ),
      stored: z.number().int(),
    }),
    access: editors,
    kind: 'write',
    long: true,
  }),
};
