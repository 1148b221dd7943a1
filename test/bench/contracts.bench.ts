// Appliance contracts at portfolio scale (issue 13): 50,000 contracts with 1,500,000 instalments
// and 1,000,000 payments. The overdue list and the portfolio report through the full command path,
// each beside the raw SQLite statement that reads the same rows; and a contract payment with its
// OpenPAYGO token beside a raw transaction writing the same rows, in the same run.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { contractFactsSql } from '../../src/core/areas/contracts/queries';
import {
  BENCH_KEY as KEY,
  ledgerWriter,
  openBenchOffice,
  rawSaleTransaction,
} from '../helpers/ledger';
import { measure, printTable, type Row } from './harness';

/** BENCH_CONTRACTS=500 for a quick trial run; the targets are for 50,000. */
const CONTRACTS = Number(process.env.BENCH_CONTRACTS ?? 50_000);
const INSTALMENTS_EACH = 30;
/** The down payment and 19 instalment payments per contract: 1,000,000 payments. */
const PAYMENTS_EACH = 20;
const CUSTOMERS = 25_000;
const INSTALMENT = 1_000;
const DOWN = 5_000;
const AS_OF = '2026-11-22';

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export async function benchContracts(): Promise<void> {
  const office = await openBenchOffice();
  const { t, admin, s, raw, officeId } = office;
  const ledger = ledgerWriter(office);

  const start = performance.now();
  const addContract = raw.prepare(
    `INSERT INTO contracts (id, office_id, number, submission_key, customer_id, item, price_minor,
       down_payment_minor, plan, frequency, grace_days, sale_date, opening_paid_minor, status,
       sold_by, created_at, updated_hlc)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'instalments', 'weekly', 3, ?, 0, 'active', 'bench',
       '2026-01-01T00:00:00Z', 'h')`,
  );
  const addInstalment = raw.prepare(
    `INSERT INTO contract_instalments (id, office_id, contract_id, seq, due_date, amount_minor,
       period_days, cum_through_minor, created_at, updated_hlc)
     VALUES (?, ?, ?, ?, ?, ?, 7, ?, '2026-01-01T00:00:00Z', 'h')`,
  );
  ledger.addCustomers(CUSTOMERS, s.village.id);
  const items = ['Home 200 kit', 'E-bike', 'Fridge', 'TV 32"', 'Mill'];
  let payment = 0;
  const chunk = 5_000;
  for (let from = 0; from < CONTRACTS; from += chunk) {
    raw.transaction(() => {
      for (let i = from; i < Math.min(from + chunk, CONTRACTS); i++) {
        const id = `bench-k-${i}`;
        const customer = `bench-c-${i % CUSTOMERS}`;
        // Sales spread over the year, so schedules are at every stage on AS_OF.
        const saleDate = addDays('2026-01-01', i % 320);
        addContract.run(
          id,
          officeId,
          `B-C-${i}`,
          `bench-s-${i}`,
          customer,
          items[i % items.length],
          DOWN + INSTALMENTS_EACH * INSTALMENT,
          DOWN,
          saleDate,
        );
        for (let k = 1; k <= INSTALMENTS_EACH; k++) {
          addInstalment.run(
            `${id}-i${k}`,
            officeId,
            id,
            k,
            addDays(saleDate, 7 * k),
            INSTALMENT,
            k * INSTALMENT,
          );
        }
        // Customers pay between 30% and 100% of an instalment each time: some are current,
        // many are late by a few days to months.
        const each = Math.floor((INSTALMENT * (30 + (i % 71))) / 100);
        for (let k = 0; k < PAYMENTS_EACH; k++) {
          payment += 1;
          const pid = `bench-p-${payment}`;
          const amount = k === 0 ? DOWN : each;
          ledger.addPayment(pid, customer, amount, `${addDays(saleDate, 7 * k)}T09:00:00.000Z`, {
            kind: k === 0 ? 'down_payment' : 'contract',
            refId: id,
          });
        }
      }
    })();
  }
  raw.exec('ANALYZE');
  process.stdout.write(
    `\nContracts: ${CONTRACTS.toLocaleString('en')} contracts, ` +
      `${(CONTRACTS * INSTALMENTS_EACH).toLocaleString('en')} instalments, ` +
      `${payment.toLocaleString('en')} payments (set up in ${((performance.now() - start) / 1000).toFixed(1)} s)\n`,
  );

  const call = { door: 'http' as const, token: admin };
  const dispatch = async (name: string, input: unknown) => {
    const result = await t.core.dispatch(name, input, call);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value;
  };
  const overdue = (await dispatch('contracts.overdue', { asOf: AS_OF })) as { rows: unknown[] };
  process.stdout.write(
    `Overdue on ${AS_OF}: ${overdue.rows.length.toLocaleString('en')} contracts\n`,
  );

  // Baselines: the rows each answer is made of, read by the same SQL statement run raw: every
  // active contract with its paid total, its oldest unpaid instalment and what fell due before
  // the date; the portfolio adds the month's sums.
  const rawFacts = raw.prepare(contractFactsSql('active'));
  const facts = () => rawFacts.all({ asOf: AS_OF, dueUntil: null });
  const rawPortfolio = () => {
    facts();
    raw
      .prepare(
        "SELECT sum(amount_minor) FROM contract_instalments WHERE deleted_at IS NULL AND due_date BETWEEN '2026-11-01' AND ?",
      )
      .get(AS_OF);
    raw
      .prepare(
        "SELECT sum(pa.amount_minor) FROM payments p JOIN payment_allocations pa ON pa.payment_id = p.id WHERE p.received_at >= '2026-10-31T23:00:00.000Z' AND p.received_at < '2026-11-22T23:00:00.000Z' AND pa.kind = 'contract'",
      )
      .get();
  };

  const reports: Row[] = [
    {
      name: 'contracts.overdue (first page of 100, totals of all)',
      figures: await measure(() => dispatch('contracts.overdue', { asOf: AS_OF }), 10, 2),
      baseline: {
        name: 'raw facts query',
        figures: await measure(facts, 10, 2),
      },
    },
    {
      name: 'contracts.portfolio (PAR, collection)',
      figures: await measure(() => dispatch('contracts.portfolio', { asOf: AS_OF }), 10, 2),
      baseline: { name: 'raw facts + sums', figures: await measure(rawPortfolio, 10, 2) },
    },
  ];
  printTable('Contract reports (same database, same run; target < 1 s)', reports);

  // One SHS on a 520-week plan, paid half an instalment at a time through the full command path.
  const customer = await t.ok(
    'customers.create',
    { firstName: 'Amina', lastName: 'Bello', villageId: s.village.id },
    { token: admin },
  );
  const kit = await t.ok(
    'appliances.create',
    { name: 'Home 200 kit', type: 'shs', priceMinor: 530_000 },
    { token: admin },
  );
  const device = await t.ok(
    'devices.create',
    {
      modelId: s.shs.id,
      serial: 'SHS-BENCH',
      villageId: s.village.id,
      openpaygo: { key: KEY, startingCode: 516959010 },
    },
    { token: admin },
  );
  const sale = await t.ok(
    'contracts.sell',
    {
      submissionKey: randomUUID(),
      customerId: customer.id,
      applianceId: kit.id,
      deviceId: device.id,
      downPaymentMinor: 10_000,
      plan: {
        kind: 'instalments',
        instalmentCount: 520,
        frequency: 'weekly',
        firstDueDate: '2026-11-29',
      },
    },
    { token: admin },
  );
  let paid = 0;
  const pay = async () => {
    // A cashier confirms entered tokens regularly (the outstanding-token limit).
    if (++paid % 20 === 0) ledger.confirmAllTokens();
    await dispatch('contracts.pay', {
      submissionKey: randomUUID(),
      contractId: sale.contract.id,
      amountMinor: 500,
      method: 'cash',
    });
  };

  const rawDevice = await t.ok(
    'devices.create',
    {
      modelId: s.shs.id,
      serial: 'SHS-RAW',
      customerId: customer.id,
      openpaygo: { key: KEY, startingCode: 516959010 },
    },
    { token: admin },
  );
  const rawPay = rawSaleTransaction(office, {
    deviceId: rawDevice.id,
    customerId: customer.id,
    amountMinor: 500,
    value: 3,
    receivedAt: '2026-11-22T09:00:00Z',
    part: { kind: 'contract', refId: sale.contract.id },
  });
  printTable('Contract payment (same database, same run; target p99 < 10 ms)', [
    {
      name: 'contracts.pay with an OpenPAYGO token',
      figures: await measure(pay, 800, 50),
      baseline: {
        name: 'raw txn: same rows + encode',
        figures: await measure(() => rawPay(), 800, 50),
      },
    },
  ]);
  t.close();
}
