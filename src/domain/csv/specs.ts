// The fields of each CSV import and the header names they are recognised by (English, French,
// Portuguese, and the OpenPAYGO vendor lists of docs/domain.md §8.1). Aliases are compared
// normalised.
import type { FieldSpec } from './mapping';

export type ImportKind = 'customers' | 'devices' | 'openpaygo-devices';

const VILLAGE_ALIASES = ['village', 'community', 'location', 'village name', 'localité'];
const MINI_GRID: FieldSpec = {
  field: 'mini_grid',
  label: 'Mini-grid',
  required: false,
  aliases: ['mini-grid', 'minigrid', 'site', 'mini grid code', 'mini-grid code', 'site code'],
  help: 'Code or name; only needed when two mini-grids have a village of the same name',
};
const NOTES: FieldSpec = {
  field: 'notes',
  label: 'Notes',
  required: false,
  aliases: ['notes', 'note', 'comment', 'comments', 'remarks', 'remarques'],
};

const DEVICE_SPECS: FieldSpec[] = [
  {
    field: 'serial',
    label: 'Serial number',
    required: true,
    aliases: [
      'serial',
      'serial number',
      'serial no',
      'device id',
      'meter number',
      'meter no',
      'payg id',
    ],
  },
  {
    field: 'manufacturer',
    label: 'Manufacturer',
    required: false,
    aliases: ['manufacturer', 'maker', 'brand', 'vendor', 'make'],
    help: 'Only needed when two manufacturers have a model of the same name',
  },
  {
    field: 'model',
    label: 'Model',
    required: true,
    aliases: ['model', 'hardware model', 'device model', 'model name'],
  },
  {
    field: 'status',
    label: 'Status',
    required: false,
    aliases: ['status', 'device status', 'state'],
    help: 'in stock, installed, faulty or retired; empty = installed with a customer, else in stock',
  },
  {
    field: 'village',
    label: 'Village',
    required: false,
    aliases: VILLAGE_ALIASES,
    help: 'Required for an installed device',
  },
  MINI_GRID,
  {
    field: 'customer',
    label: 'Customer account',
    required: false,
    aliases: ['customer account', 'account number', 'account no', 'account', 'customer'],
  },
  {
    field: 'billing_mode',
    label: 'Billing mode',
    required: false,
    aliases: ['billing mode', 'billing', 'payment mode'],
    help: 'prepaid or postpaid; meters only',
  },
  {
    field: 'installed_at',
    label: 'Installation date',
    required: false,
    aliases: ['installed', 'installation date', 'date installed', 'installed at', 'installed on'],
    help: 'DD/MM/YYYY or YYYY-MM-DD',
  },
  NOTES,
];

export const FIELD_SPECS: Record<ImportKind, FieldSpec[]> = {
  customers: [
    {
      field: 'first_name',
      label: 'First name',
      required: false,
      aliases: ['first name', 'firstname', 'given name', 'forename', 'prénom', 'nome'],
      help: 'Required unless a business name is given',
    },
    {
      field: 'last_name',
      label: 'Last name',
      required: false,
      aliases: [
        'last name',
        'surname',
        'family name',
        'nom',
        'nom de famille',
        'apelido',
        'sobrenome',
      ],
      help: 'Required for an individual',
    },
    {
      field: 'business_name',
      label: 'Business name',
      required: false,
      aliases: ['business', 'company', 'business name', 'company name', 'entreprise', 'empresa'],
    },
    {
      field: 'kind',
      label: 'Customer type',
      required: false,
      aliases: ['type', 'customer type', 'kind'],
      help: 'individual or business; empty = business when only a business name is given',
    },
    {
      field: 'phone',
      label: 'Phone',
      required: false,
      aliases: [
        'phone',
        'phone number',
        'mobile',
        'mobile number',
        'msisdn',
        'telephone',
        'tel',
        'téléphone',
        'telefone',
      ],
    },
    {
      field: 'phone2',
      label: 'Phone 2',
      required: false,
      aliases: ['phone 2', 'alternative phone', 'other phone', 'second phone', 'téléphone 2'],
    },
    {
      field: 'national_id',
      label: 'National ID',
      required: false,
      aliases: ['national id', 'nin', 'id number', 'national id number'],
    },
    {
      field: 'gender',
      label: 'Gender',
      required: false,
      aliases: ['gender', 'sex', 'sexe', 'genre', 'sexo'],
      help: 'F or M (female/male); empty if unknown',
    },
    { field: 'village', label: 'Village', required: true, aliases: VILLAGE_ALIASES },
    MINI_GRID,
    {
      field: 'address',
      label: 'Address',
      required: false,
      aliases: ['address', 'adresse', 'endereço'],
    },
    NOTES,
    {
      field: 'status',
      label: 'Status',
      required: false,
      aliases: ['status', 'statut', 'state'],
      help: 'active or inactive; empty = active',
    },
  ],
  devices: DEVICE_SPECS,
  'openpaygo-devices': [
    ...DEVICE_SPECS,
    {
      field: 'key',
      label: 'Secret key',
      required: true,
      aliases: ['key', 'secret key', 'secret_key', 'payg key', 'openpaygo key'],
      help: '32 hexadecimal characters; never shown again after the import',
    },
    {
      field: 'starting_code',
      label: 'Starting code',
      required: true,
      aliases: ['starting code', 'startingcode', 'start code'],
    },
    {
      field: 'count',
      label: 'Count',
      required: false,
      aliases: ['count', 'last count', 'token count'],
      help: 'Last count used; empty = 0',
    },
    {
      field: 'time_divider',
      label: 'Time divider',
      required: false,
      aliases: ['time divider', 'divider'],
      help: '1 to 255; empty = 1',
    },
    {
      field: 'restricted_digits',
      label: 'Restricted digit mode',
      required: false,
      aliases: ['restricted digit mode', 'restricted digits', 'restricted'],
      help: 'yes/no; empty = no',
    },
  ],
};
