// The OpenPAYGO credentials part of a device form: what the clerk types, and the command input.
import type { z } from 'zod';
import type { openPaygoInput } from '../../../contract/commands/devices';

export interface OpenPaygoValues {
  key: string;
  startingCode: number | string;
  count: number | string;
  timeDivider: number | string;
  restrictedDigits: boolean;
}

export const EMPTY_OPENPAYGO: OpenPaygoValues = {
  key: '',
  startingCode: '',
  count: 0,
  timeDivider: 1,
  restrictedDigits: false,
};

/** A number typed in a NumberInput ('' when empty); NaN stays NaN so the schema refuses it. */
export function numberOrUndefined(value: number | string): number | undefined {
  if (typeof value === 'number') return value;
  if (value.trim() === '') return undefined;
  return Number(value);
}

export function isOpenPaygoTouched(values: OpenPaygoValues): boolean {
  return values.key.trim() !== '' || String(values.startingCode).trim() !== '';
}

export function toOpenPaygoInput(values: OpenPaygoValues): z.input<typeof openPaygoInput> {
  return {
    key: values.key,
    startingCode: numberOrUndefined(values.startingCode) as number,
    count: numberOrUndefined(values.count) ?? 0,
    timeDivider: numberOrUndefined(values.timeDivider) ?? 1,
    restrictedDigits: values.restrictedDigits,
  };
}
