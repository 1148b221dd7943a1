import { describe, expect, it } from 'vitest';
import { paymentLink, templateProblems } from './payment-link';

const invoice = {
  invoice: 'LAG-2026-000123',
  amountMinor: 1_057_263,
  decimals: 2,
  account: 'LAG000422',
  currency: 'NGN',
};

describe('payment links', () => {
  it('fills a preset with the page, invoice and amount in major units', () => {
    expect(
      paymentLink({ provider: 'paystack', page: 'sunrise-power', template: null }, invoice),
    ).toBe('https://paystack.com/pay/sunrise-power?reference=LAG-2026-000123&amount=10572.63');
    expect(
      paymentLink({ provider: 'flutterwave', page: 'sunrise', template: null }, invoice),
    ).toContain('tx_ref=LAG-2026-000123&amount=10572.63&currency=NGN');
  });

  it('fills a custom template, escaping values, and handles currencies without decimals', () => {
    const link = paymentLink(
      {
        provider: 'custom',
        page: null,
        template: 'https://pay.example.com/i/{invoice}?a={amount}&acc={account}&c={currency}',
      },
      {
        ...invoice,
        invoice: 'KLA-2026-000001',
        amountMinor: 45_000,
        decimals: 0,
        currency: 'UGX',
        account: 'A B',
      },
    );
    expect(link).toBe('https://pay.example.com/i/KLA-2026-000001?a=45000&acc=A%20B&c=UGX');
  });

  it('gives no link without a provider, and names what is wrong with a template', () => {
    expect(paymentLink({ provider: 'none', page: null, template: null }, invoice)).toBeNull();
    expect(templateProblems('http://x/{invoice}')).toEqual([
      'must start with https:// and a host name',
    ]);
    expect(templateProblems('https://x.example/{inv}')).toEqual([
      'has unknown placeholders: {inv}',
      'must contain {invoice}',
    ]);
  });
});
