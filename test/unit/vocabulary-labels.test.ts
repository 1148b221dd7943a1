// Every value of a closed list that the screens show has its words (domain/vocabulary.ts feeds
// the drizzle enums, the zod enums and these labels): a value added to a list without a label
// fails here. The other languages must have every English key (i18n.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as v from '../../src/domain/vocabulary';

type Tree = { [key: string]: string | Tree };
const en = JSON.parse(
  readFileSync(join(__dirname, '../../src/renderer/i18n/locales/en.json'), 'utf8'),
) as Tree;

function label(path: string): string | undefined {
  let node: string | Tree | undefined = en;
  for (const part of path.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

const worded: [string, readonly string[]][] = [
  ['roles', v.ROLES],
  ['enums.customerKind', v.CUSTOMER_KINDS],
  ['enums.customerStatus', v.CUSTOMER_STATUSES],
  ['enums.gender', v.GENDERS],
  ['enums.deviceKind', v.DEVICE_KINDS],
  ['enums.deviceStatus', v.DEVICE_STATUSES],
  ['enums.billingMode', v.BILLING_MODES],
  ['enums.tokenScheme', v.TOKEN_SCHEMES],
  ['enums.applianceType', v.APPLIANCE_TYPES],
  ['devices.events', v.DEVICE_EVENTS],
  ['counter.methods', v.PAYMENT_METHODS],
  ['account.tokenType', v.TOKEN_KINDS],
  ['meters.protocols', v.METER_PROTOCOLS],
  ['meters.parities', v.PARITIES],
  ['billing.provider', v.PAYMENT_PROVIDERS],
];

describe('closed lists on screen', () => {
  for (const [prefix, values] of worded)
    it(`${prefix} words every value`, () => {
      expect(values.length).toBeGreaterThan(1);
      expect(values.filter((value) => !label(`${prefix}.${value}`))).toEqual([]);
    });
});
