// Payment links printed on invoices (docs/domain.md §7): built offline from a URL template, so a
// customer can pay by phone and the payment is reconciled later. Presets follow the public payment
// pages of Paystack, Flutterwave and Pesapal, where the operator creates one page and passes the
// invoice and amount as query parameters; check the exact page address with the provider. A
// custom template can use {invoice}, {amount}, {account}, {currency} (and {page}).
import { minorToMajorInput } from '../money-text';
import type { PaymentProvider } from '../vocabulary';

export const PROVIDER_TEMPLATES: Record<Exclude<PaymentProvider, 'none' | 'custom'>, string> = {
  paystack: 'https://paystack.com/pay/{page}?reference={invoice}&amount={amount}',
  flutterwave:
    'https://flutterwave.com/pay/{page}?tx_ref={invoice}&amount={amount}&currency={currency}',
  pesapal:
    'https://store.pesapal.com/{page}?reference={invoice}&amount={amount}&currency={currency}',
};

export interface LinkSettings {
  provider: PaymentProvider;
  /** The operator's payment page on the provider (the part after /pay/). */
  page: string | null;
  template: string | null;
}

const PLACEHOLDER = /\{(invoice|amount|account|currency|page)\}/g;

/** Problems with a template, for the settings form; empty when usable. */
export function templateProblems(template: string): string[] {
  const problems: string[] = [];
  if (!/^https:\/\/[^\s{}/]+/.test(template)) {
    problems.push('must start with https:// and a host name');
  }
  const unknown = template.replace(PLACEHOLDER, '').match(/\{[^}]*\}/g);
  if (unknown) problems.push(`has unknown placeholders: ${unknown.join(', ')}`);
  if (!template.includes('{invoice}')) problems.push('must contain {invoice}');
  return problems;
}

/** The link for one invoice, or null when no provider is set. Amount in major units: 1500.50. */
export function paymentLink(
  settings: LinkSettings,
  values: {
    invoice: string;
    amountMinor: number;
    decimals: number;
    account: string;
    currency: string;
  },
): string | null {
  if (settings.provider === 'none') return null;
  const template =
    settings.provider === 'custom' ? settings.template : PROVIDER_TEMPLATES[settings.provider];
  if (!template) return null;
  const amount = minorToMajorInput(Math.max(0, values.amountMinor), values.decimals);
  const fill: Record<string, string> = {
    invoice: values.invoice,
    amount,
    account: values.account,
    currency: values.currency,
    page: settings.page ?? '',
  };
  return template.replace(PLACEHOLDER, (_, key: string) => encodeURIComponent(fill[key] ?? ''));
}
