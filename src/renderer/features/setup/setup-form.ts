// The wizard's form values (shaped like the setup command's input, so field paths match the
// core's field errors) and which step shows which field.
import type { UseFormReturnType } from '@mantine/form';
import type { InputOf } from '../../../contract';

export interface SetupValues {
  company: { name: string; country: string };
  currency: { code: string; decimals: number | string };
  office: { name: string; code: string; timeZone: string };
  admin: { username: string; displayName: string; password: string; passwordConfirm: string };
  loadDemo: boolean;
}

export type SetupForm = UseFormReturnType<SetupValues>;

export const STEP_COUNT = 4;
export const REVIEW_STEP = 3;

export function initialSetupValues(): SetupValues {
  return {
    company: { name: '', country: '' },
    currency: { code: '', decimals: 2 },
    office: { name: '', code: '', timeZone: '' },
    admin: { username: 'admin', displayName: '', password: '', passwordConfirm: '' },
    loadDemo: false,
  };
}

/** The step (0-based) on which a field path is entered. */
export function stepOfField(field: string): number {
  if (field.startsWith('company') || field.startsWith('currency')) return 0;
  if (field === 'office.timeZone') return 0;
  if (field.startsWith('office')) return 1;
  if (field.startsWith('admin')) return 2;
  return REVIEW_STEP;
}

export function firstStepWithError(errors: Record<string, unknown>): number | null {
  const steps = Object.keys(errors).map(stepOfField);
  return steps.length === 0 ? null : Math.min(...steps);
}

export function toSetupInput(values: SetupValues): InputOf<'setup.initialise'> {
  return {
    company: { name: values.company.name, country: values.company.country },
    currency: {
      code: values.currency.code,
      // An empty box becomes NaN, which the contract reports on the field.
      decimals:
        typeof values.currency.decimals === 'number' ? values.currency.decimals : Number.NaN,
    },
    office: values.office,
    admin: values.admin,
    loadDemo: values.loadDemo,
  };
}
