// Meter profiles are data (resources/meter-profiles/*.json), not code (docs/domain.md §9.1): adding
// a meter model means writing a JSON file, and this schema tells its author exactly which field is
// wrong. resources/meter-profiles/schema.json is generated from it for editors.
import { z } from 'zod';
import { MAX_READ_REGISTERS, touchesUnsafe } from './read-plan';
import { REGISTER_TYPES, wordsFor } from './registers';

export const MEASUREMENTS = [
  'import_kwh',
  'export_kwh',
  'voltage_v',
  'voltage_l1_v',
  'voltage_l2_v',
  'voltage_l3_v',
  'current_a',
  'current_l1_a',
  'current_l2_a',
  'current_l3_a',
  'power_w',
  'frequency_hz',
] as const;
export type MeasurementName = (typeof MEASUREMENTS)[number];

/** The unit each measurement's scale must produce: the name promises it to the code reading it. */
export const MEASUREMENT_UNITS: Record<MeasurementName, string> = {
  import_kwh: 'kWh',
  export_kwh: 'kWh',
  voltage_v: 'V',
  voltage_l1_v: 'V',
  voltage_l2_v: 'V',
  voltage_l3_v: 'V',
  current_a: 'A',
  current_l1_a: 'A',
  current_l2_a: 'A',
  current_l3_a: 'A',
  power_w: 'W',
  frequency_hz: 'Hz',
};

const registerFields = {
  function: z.literal([3, 4]).describe('3 = holding registers, 4 = input registers'),
  register: z.int().min(0).max(65535).describe('0-based register address'),
  words: z.literal([1, 2]).describe('16-bit registers: 2 for 32-bit types, 1 for 16-bit types'),
  type: z.enum(REGISTER_TYPES),
  wordOrder: z.enum(['high-first', 'low-first']),
  byteOrder: z.enum(['big', 'little']),
  scale: z
    .number()
    .refine((s) => s !== 0, 'scale must not be 0')
    .describe('multiplies the decoded value into the unit'),
};

type RegisterFields = { type: (typeof REGISTER_TYPES)[number]; words: number; register: number };

function checkWords(spec: RegisterFields, ctx: z.RefinementCtx): void {
  const need = wordsFor(spec.type);
  if (spec.words !== need) {
    ctx.addIssue({
      code: 'custom',
      path: ['words'],
      message: `${spec.type} needs words ${need}, got ${spec.words}`,
    });
  }
  if (spec.register + spec.words - 1 > 65535) {
    ctx.addIssue({ code: 'custom', path: ['register'], message: 'registers run past 65535' });
  }
}

export const measurementSchema = z
  .strictObject({ ...registerFields, unit: z.string().min(1) })
  .superRefine(checkWords)
  // An id puts it once under $defs in schema.json instead of twelve inline copies.
  .meta({ id: 'Measurement' });

/** The serial number: the same register description, without a unit. */
export const serialSchema = z.strictObject(registerFields).superRefine(checkWords);

const optionalMeasurement = measurementSchema.optional();

const measurementsSchema = z
  .strictObject({
    import_kwh: measurementSchema,
    export_kwh: optionalMeasurement,
    voltage_v: optionalMeasurement,
    voltage_l1_v: optionalMeasurement,
    voltage_l2_v: optionalMeasurement,
    voltage_l3_v: optionalMeasurement,
    current_a: optionalMeasurement,
    current_l1_a: optionalMeasurement,
    current_l2_a: optionalMeasurement,
    current_l3_a: optionalMeasurement,
    power_w: optionalMeasurement,
    frequency_hz: optionalMeasurement,
  } satisfies Record<MeasurementName, z.ZodType>)
  .superRefine((measurements, ctx) => {
    for (const [name, spec] of Object.entries(measurements)) {
      const unit = MEASUREMENT_UNITS[name as MeasurementName];
      if (spec && spec.unit !== unit) {
        ctx.addIssue({
          code: 'custom',
          path: [name, 'unit'],
          message: `${name} must be scaled to ${unit}, unit is ${spec.unit}`,
        });
      }
    }
  });

const unsafeRangeSchema = z
  .strictObject({
    function: z.literal([3, 4]).describe('3 = holding registers, 4 = input registers'),
    from: z.int().min(0).max(65535).describe('first register of the range'),
    to: z.int().min(0).max(65535).describe('last register of the range (included)'),
    reason: z.string().min(1).describe('why no read may cover it, for the next author'),
  })
  .refine((r) => r.from <= r.to, { message: 'from must not be past to', path: ['to'] });

export const profileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('for editors: ./schema.json'),
    id: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id must be kebab-case, e.g. eastron-sdm120')
      .describe('kebab-case, the same as the file name'),
    name: z.string().min(1),
    manufacturer: z.string().min(1),
    phases: z.literal([1, 3]),
    protocol: z.literal('modbus-rtu'),
    defaults: z
      .strictObject({
        baud: z.int().min(300).max(115200),
        dataBits: z.literal([7, 8]),
        parity: z.enum(['none', 'even', 'odd']),
        stopBits: z.literal([1, 2]),
        address: z.int().min(1).max(247),
      })
      .describe('serial line and Modbus id as the meter ships'),
    measurements: measurementsSchema,
    serial: serialSchema.optional(),
    readGap: z
      .int()
      .min(0)
      .max(MAX_READ_REGISTERS - 2)
      .optional()
      .describe(
        'most unasked registers one read may bridge between two measurements (default 0: only touching registers share a read); set it only where the meter answers every register in between',
      ),
    unsafeRegisters: z
      .array(unsafeRangeSchema)
      .optional()
      .describe('register ranges no read may ever cover, whatever readGap says'),
    addressWrite: z
      .strictObject({
        register: z.int().min(0).max(65535),
        function: z.union([z.literal(6), z.literal(16)]),
        type: z.enum(['uint16', 'float32']),
      })
      .optional()
      .describe(
        'how a new Modbus id is written, for commissioning: holding register, FC 06 (uint16) or FC 16 (e.g. float32 on Eastron)',
      ),
    verifyHint: z.string().min(1).describe('what to check on site before trusting readings'),
    notes: z.string(),
  })
  .superRefine((profile, ctx) => {
    // A measurement inside an unsafe range would be read anyway: the profile contradicts itself.
    const unsafe = profile.unsafeRegisters ?? [];
    const specs: [string[], { function: 3 | 4; register: number; words: number }][] = [
      ...Object.entries(profile.measurements).flatMap(([name, spec]) =>
        spec ? [[['measurements', name], spec] as [string[], typeof spec]] : [],
      ),
      ...(profile.serial
        ? [[['serial'], profile.serial] as [string[], typeof profile.serial]]
        : []),
    ];
    for (const [path, spec] of specs) {
      if (touchesUnsafe(unsafe, spec.function, spec.register, spec.register + spec.words - 1)) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'register'],
          message: `register ${spec.register} is in a range marked unsafe`,
        });
      }
    }
  });

export type MeterProfile = z.infer<typeof profileSchema>;
export type MeasurementSpec = z.infer<typeof measurementSchema>;

/** The JSON Schema checked in as resources/meter-profiles/schema.json. */
export function profileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(profileSchema, { io: 'input' });
}

/**
 * Validates a parsed profile file. `source` (the file name) starts the error message, followed by
 * each wrong field's dotted path, so the author knows where to look.
 */
export function parseProfile(json: unknown, source: string): MeterProfile {
  const result = profileSchema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return `${path === '' ? '(root)' : path}: ${issue.message}`;
  });
  throw new Error(`${source}: invalid meter profile: ${problems.join('; ')}`);
}
