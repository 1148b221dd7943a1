// How each table will travel between offices (docs/domain.md §11, docs/architecture.md "Sync
// rules"). Declared here, next to the schema, so that adding a table means deciding its rule:
// test/integration/sync-rules.test.ts walks the migrated database and fails for a table without
// one, and checks each rule against the columns, keys and triggers the migrations really made.
//
// Nothing replicates yet; these are the promises the sync work will rely on.

/** Where a row's office comes from. */
export type OfficeOf =
  /** Its own `office_id` column. */
  | 'office_id'
  /** The row is an office (`offices`). */
  | 'self'
  /** Company-wide: the same row for every office, merged by `updated_hlc` (settings). */
  | 'company'
  /** The row it belongs to: this column is a foreign key to a table that has an office. */
  | { via: string };

/** Why a unique key (other than the primary key) cannot be claimed by two offices. */
export type UniqueKeyChoice =
  /** The key includes `office_id`. */
  | 'office-scoped'
  /** The key holds a value made globally unique (UUIDv7, office-prefixed number). */
  | 'collision-free'
  /** Two offices recording the same value are recording the same fact: the rows are one. */
  | 'same-fact'
  /**
   * Only one office ever writes it: the office that owns the thing the key hangs on (a device, a
   * tariff, a mini-grid, a payment), enforced by the core when the row is written
   * (`requireOwnedHere` in areas/shared/office.ts, or a query limited to this office's rows).
   */
  | 'single-writer';
// There is no "claimable" choice: a key two offices could both create would make one office's
// row fail to arrive at the other (docs/sync.md "Unique keys").

interface BaseRule {
  /** Why this table has this rule, in a sentence. */
  why: string;
  /** Unique keys other than the primary key, by index name: each a documented choice. */
  uniqueKeys?: Record<string, { choice: UniqueKeyChoice; why: string }>;
}

export type SyncRule =
  | (BaseRule & {
      /** Master data: changes, travels, merges per field by the latest `updated_hlc`. */
      kind: 'master';
      office: OfficeOf;
      /** Deleted by a `deleted_at` tombstone, never by DELETE. */
      tombstone: boolean;
      /** Columns about this installation only: they never travel and never merge. */
      localColumns?: Record<string, string>;
    })
  | (BaseRule & {
      /** A ledger: append-only (triggers refuse UPDATE and DELETE), merges by union. */
      kind: 'append-only';
      office: OfficeOf;
      localColumns?: Record<string, string>;
    })
  | (BaseRule & {
      /**
       * Drafts are this office's working state and are replaced freely; a row whose `status` is
       * 'final' is frozen by triggers (no UPDATE, no DELETE) and travels like a ledger row.
       */
      kind: 'append-only-once-final';
      office: OfficeOf;
    })
  | (BaseRule & {
      /** Never travels: a fact about this installation, or derived and rebuilt locally. */
      kind: 'local';
    });

const deviceOffice: OfficeOf = { via: 'device_id' };

export const SYNC_RULES: Record<string, SyncRule> = {
  // --- system ---
  offices: {
    kind: 'master',
    office: 'self',
    tombstone: false,
    why: 'The offices of the company, each known to every other.',
    uniqueKeys: {
      offices_code_unique: {
        choice: 'same-fact',
        why: 'The code is the office: the company gives each office its own; one code is one office.',
      },
    },
  },
  settings: {
    kind: 'master',
    office: 'company',
    tombstone: false,
    why: 'Company-wide settings, one row per key; the latest change of a key wins.',
  },
  users: {
    kind: 'master',
    office: 'office_id',
    tombstone: false,
    why: 'Accounts are disabled (disabled_at), never deleted; their sign-in counters are local.',
    uniqueKeys: {
      users_username_office_unique: {
        choice: 'office-scoped',
        why: "A new username is refused if any office known here has it; two offices apart could still both make one, so the key is per office and sign-in prefers this office's account.",
      },
    },
  },
  audit_log: {
    kind: 'append-only',
    office: 'office_id',
    why: "Each office's hash chain of what was done; entries never change.",
    localColumns: { seq: "the entry's place in this installation's chain" },
    uniqueKeys: {
      audit_log_id_unique: { choice: 'collision-free', why: 'A UUIDv7.' },
      audit_log_chain_unique: {
        choice: 'collision-free',
        why: "A chain id is made at random by each installation; the place is that chain's own.",
      },
    },
  },
  signin_counters: {
    kind: 'local',
    why: 'Wrong passwords, the lock they caused and the last sign-in at this office; they change at every sign-in and mean nothing elsewhere.',
  },
  local_meta: {
    kind: 'local',
    why: "This installation's own facts: its office id, the HLC, the audit head, pending jobs.",
  },
  counters: {
    kind: 'local',
    why: 'Per-office number series (account, receipt and invoice numbers carry the office code).',
  },
  backups: {
    kind: 'local',
    why: 'Which backups this installation wrote to which of its folders.',
  },
  import_journal: {
    kind: 'local',
    why: "A large import's rows on their way into the live tables; empty between imports.",
  },
  targets: {
    kind: 'master',
    office: 'office_id',
    tombstone: true,
    why: "A manager's goal for a mini-grid or cluster; changed in place, removed by a tombstone.",
  },
  search_keys: { kind: 'local', why: 'Quick-search index, rebuilt from customers and devices.' },
  search_index: { kind: 'local', why: 'Quick-search index (FTS5), rebuilt locally.' },
  search_index_config: { kind: 'local', why: 'FTS5 storage of search_index.' },
  search_index_data: { kind: 'local', why: 'FTS5 storage of search_index.' },
  search_index_docsize: { kind: 'local', why: 'FTS5 storage of search_index.' },
  search_index_idx: { kind: 'local', why: 'FTS5 storage of search_index.' },
  __drizzle_migrations: { kind: 'local', why: 'Which migrations this database has applied.' },
  sync_changes: {
    kind: 'local',
    why: 'The change log itself: its changes travel inside bundles, each under its origin and number.',
  },
  sync_cells: {
    kind: 'local',
    why: "This office's per-column stamps of master rows (last writer wins).",
  },
  sync_peers: {
    kind: 'local',
    why: 'What this office has sent to and heard from each other office.',
  },
  sync_imports: { kind: 'local', why: 'Bundles imported here and their outcome.' },
  sync_conflicts: {
    kind: 'local',
    why: "This office's review list of changes it could not place.",
  },

  // --- registry ---
  clusters: { kind: 'master', office: 'office_id', tombstone: true, why: 'Master data.' },
  mini_grids: {
    kind: 'master',
    office: 'office_id',
    tombstone: true,
    why: 'Master data.',
    uniqueKeys: {
      mini_grids_code_office_unique: {
        choice: 'office-scoped',
        why: "A code is refused if any grid known here has it; two offices apart could still both use one, so the key is per office and a look-up by code prefers this office's grid.",
      },
    },
  },
  villages: { kind: 'master', office: 'office_id', tombstone: true, why: 'Master data.' },
  customers: {
    kind: 'master',
    office: 'office_id',
    tombstone: true,
    why: 'Master data.',
    uniqueKeys: {
      customers_account_number_unique: {
        choice: 'collision-free',
        why: "Account numbers start with the office's code (LAG000422).",
      },
    },
  },
  manufacturers: { kind: 'master', office: 'office_id', tombstone: true, why: 'Master data.' },
  device_models: { kind: 'master', office: 'office_id', tombstone: true, why: 'Master data.' },
  devices: {
    kind: 'master',
    office: 'office_id',
    tombstone: true,
    why: 'Master data.',
    uniqueKeys: {
      devices_manufacturer_serial_unique: {
        choice: 'same-fact',
        why: "A manufacturer's serial names one physical device, whichever office registers it.",
      },
    },
  },
  device_events: {
    kind: 'append-only',
    office: 'office_id',
    why: 'The history of a device: registered, assigned, moved...',
  },
  device_handovers: {
    kind: 'append-only',
    office: 'office_id',
    why: "A device's token counter moved to another office; its record travels so every office knows the writer.",
  },
  openpaygo_devices: {
    kind: 'master',
    office: deviceOffice,
    tombstone: false,
    why: 'Token state of a device; its count has one writer, the owning office.',
  },
  appliances: { kind: 'master', office: 'office_id', tombstone: true, why: 'Master data.' },
  import_mappings: {
    kind: 'master',
    office: 'office_id',
    tombstone: false,
    why: "A clerk's saved CSV column mappings.",
    uniqueKeys: {
      import_mappings_kind_name_office_unique: {
        choice: 'office-scoped',
        why: 'Each office keeps and sees its own saved mappings; a name is unique within the office.',
      },
    },
  },

  // --- tariffs ---
  tariffs: { kind: 'master', office: 'office_id', tombstone: true, why: 'Master data.' },
  tariff_versions: {
    kind: 'append-only',
    office: { via: 'tariff_id' },
    why: 'A price change is a new version; versions never change.',
    uniqueKeys: {
      tariff_versions_tariff_version_unique: {
        choice: 'single-writer',
        why: "Only the tariff's own office adds its versions (tariffs.addVersion refuses elsewhere).",
      },
    },
  },

  // --- counter ---
  contracts: {
    kind: 'master',
    office: 'office_id',
    tombstone: false,
    why: 'An appliance sold on credit: its terms, balance and state (docs/appliances.md).',
    uniqueKeys: {
      contracts_number_unique: { choice: 'office-scoped', why: 'Contract numbers are per office.' },
      contracts_submission_key_unique: {
        choice: 'collision-free',
        why: 'A random key made by the screen for each sale.',
      },
      contracts_device_active_unique: {
        choice: 'single-writer',
        why: 'Only the office that owns the device sells it on a contract.',
      },
    },
  },
  contract_instalments: {
    kind: 'master',
    office: 'office_id',
    tombstone: true,
    why: "A contract's live schedule; a reschedule retires unpaid instalments by tombstone.",
  },
  contract_events: {
    kind: 'append-only',
    office: 'office_id',
    why: "A contract's history (sale, payments, reschedule, write-off, repossession, transfer).",
  },
  contract_reminders: {
    kind: 'append-only',
    office: 'office_id',
    why: 'The reminders outbox: due and overdue reminders made once a day (docs/appliances.md).',
    uniqueKeys: {
      contract_reminders_contract_day_unique: {
        choice: 'single-writer',
        why: 'Only the office that owns a contract makes its reminders, one a day.',
      },
    },
  },
  payg_plans: {
    kind: 'master',
    office: deviceOffice,
    tombstone: false,
    why: "A lockable device's price per day and total.",
  },
  payments: {
    kind: 'append-only',
    office: 'office_id',
    why: 'Money received; a mistake is corrected by a reversal row.',
    uniqueKeys: {
      payments_submission_key_unique: {
        choice: 'collision-free',
        why: 'A random key made by the screen for each submission.',
      },
      payments_receipt_unique: { choice: 'office-scoped', why: 'Receipt numbers are per office.' },
      payments_reversal_of_unique: {
        choice: 'single-writer',
        why: 'Only the office that took a payment reverses it (payments.reverse refuses elsewhere).',
      },
    },
  },
  payment_allocations: {
    kind: 'append-only',
    office: { via: 'payment_id' },
    why: 'How a payment was split; part of the payment.',
  },
  tokens: {
    kind: 'append-only',
    office: 'office_id',
    why: 'Issued tokens are re-printed, never regenerated.',
    uniqueKeys: {
      tokens_device_count_unique: {
        choice: 'single-writer',
        why: "Only the device's owning office moves its count.",
      },
    },
  },
  token_confirmations: {
    kind: 'append-only',
    office: { via: 'token_id' },
    why: '"The customer typed it in", kept apart so tokens never change.',
  },
  access_charges: {
    kind: 'append-only',
    office: 'office_id',
    why: 'Accrued access charges; the next accrual starts after the last.',
    uniqueKeys: {
      access_charges_device_from_unique: {
        choice: 'single-writer',
        why: "Only the meter's own office accrues its charges (accrual reads this office's meters only).",
      },
    },
  },
  sts_requests: {
    kind: 'append-only',
    office: 'office_id',
    why: 'Energy sold for an STS meter, waiting for the vendor token.',
    uniqueKeys: {
      sts_requests_payment_unique: {
        choice: 'collision-free',
        why: "The payment's UUIDv7: one request per payment.",
      },
    },
  },
  sts_tokens: {
    kind: 'append-only',
    office: { via: 'request_id' },
    why: "A request's vendor token, once.",
    uniqueKeys: {
      sts_tokens_token_unique: {
        choice: 'same-fact',
        why: 'A vendor token is issued once; the same 20 digits are the same token.',
      },
    },
  },
  day_closes: {
    kind: 'append-only',
    office: 'office_id',
    why: "A cashier's closed day, as signed.",
    uniqueKeys: {
      day_closes_office_day_cashier_unique: { choice: 'office-scoped', why: 'A day per office.' },
    },
  },

  // --- meters ---
  meter_links: {
    kind: 'master',
    office: deviceOffice,
    tombstone: false,
    why: 'How a meter is reached (port, protocol, address).',
  },
  meter_readings: {
    kind: 'append-only',
    office: 'office_id',
    why: 'Readings are facts; a wrong one is rejected by a review, never edited.',
    uniqueKeys: {
      meter_readings_dedupe_unique: {
        choice: 'same-fact',
        why: 'The key is made from the meter and the time read: one meter shows one value at a time.',
      },
    },
  },
  reading_reviews: {
    kind: 'append-only',
    office: { via: 'reading_id' },
    why: 'A decision on a flagged reading, once.',
  },
  openems_edges: {
    kind: 'master',
    office: 'office_id',
    tombstone: false,
    why: 'OpenEMS Edges this office reads.',
  },
  openems_channels: {
    kind: 'master',
    office: deviceOffice,
    tombstone: true,
    why: 'Which Edge component a meter is read from; unmapping leaves a tombstone, mapping again revives it.',
  },

  // --- billing ---
  billing_settings: {
    kind: 'master',
    office: { via: 'mini_grid_id' },
    tombstone: false,
    why: "A mini-grid's billing calendar and payment link.",
  },
  billing_runs: {
    kind: 'append-only-once-final',
    office: 'office_id',
    why: 'A draft run is regenerated at will; a final run is what was issued.',
    uniqueKeys: {
      billing_runs_grid_period_unique: {
        choice: 'single-writer',
        why: "Only the mini-grid's own office bills it (billing.run refuses elsewhere).",
      },
    },
  },
  invoices: {
    kind: 'append-only-once-final',
    office: 'office_id',
    why: 'Draft invoices are replaced with their run; a final invoice is corrected by notes.',
    uniqueKeys: {
      invoices_office_number_unique: {
        choice: 'office-scoped',
        why: 'Invoice numbers are per office.',
      },
    },
  },
  invoice_notes: {
    kind: 'append-only',
    office: 'office_id',
    why: 'Credit and debit notes correct final invoices.',
  },
};
