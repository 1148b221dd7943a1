// Countries where mini-grid and solar PAYG companies commonly work, with what choosing one fills
// in on the setup wizard: currency, its decimals as used in daily business, and the time zone.
// Everything stays editable: this table only saves typing.

export interface CountryDefaults {
  code: string;
  currency: string;
  decimals: number;
  timeZone: string;
}

export const COMMON_COUNTRIES: readonly CountryDefaults[] = [
  { code: 'NG', currency: 'NGN', decimals: 2, timeZone: 'Africa/Lagos' },
  { code: 'KE', currency: 'KES', decimals: 2, timeZone: 'Africa/Nairobi' },
  { code: 'UG', currency: 'UGX', decimals: 0, timeZone: 'Africa/Kampala' },
  { code: 'TZ', currency: 'TZS', decimals: 2, timeZone: 'Africa/Dar_es_Salaam' },
  { code: 'RW', currency: 'RWF', decimals: 0, timeZone: 'Africa/Kigali' },
  { code: 'GH', currency: 'GHS', decimals: 2, timeZone: 'Africa/Accra' },
  { code: 'ZM', currency: 'ZMW', decimals: 2, timeZone: 'Africa/Lusaka' },
  { code: 'MW', currency: 'MWK', decimals: 2, timeZone: 'Africa/Blantyre' },
  { code: 'MZ', currency: 'MZN', decimals: 2, timeZone: 'Africa/Maputo' },
  { code: 'SL', currency: 'SLE', decimals: 2, timeZone: 'Africa/Freetown' },
  { code: 'SN', currency: 'XOF', decimals: 0, timeZone: 'Africa/Dakar' },
  { code: 'CI', currency: 'XOF', decimals: 0, timeZone: 'Africa/Abidjan' },
  { code: 'BF', currency: 'XOF', decimals: 0, timeZone: 'Africa/Ouagadougou' },
  { code: 'ML', currency: 'XOF', decimals: 0, timeZone: 'Africa/Bamako' },
  { code: 'NE', currency: 'XOF', decimals: 0, timeZone: 'Africa/Niamey' },
  { code: 'BJ', currency: 'XOF', decimals: 0, timeZone: 'Africa/Porto-Novo' },
  { code: 'TG', currency: 'XOF', decimals: 0, timeZone: 'Africa/Lome' },
  { code: 'CM', currency: 'XAF', decimals: 0, timeZone: 'Africa/Douala' },
  { code: 'CD', currency: 'CDF', decimals: 2, timeZone: 'Africa/Kinshasa' },
  { code: 'ET', currency: 'ETB', decimals: 2, timeZone: 'Africa/Addis_Ababa' },
  { code: 'IN', currency: 'INR', decimals: 2, timeZone: 'Asia/Kolkata' },
  { code: 'BD', currency: 'BDT', decimals: 2, timeZone: 'Asia/Dhaka' },
  { code: 'MM', currency: 'MMK', decimals: 2, timeZone: 'Asia/Yangon' },
  { code: 'NP', currency: 'NPR', decimals: 2, timeZone: 'Asia/Kathmandu' },
  { code: 'PH', currency: 'PHP', decimals: 2, timeZone: 'Asia/Manila' },
  { code: 'HT', currency: 'HTG', decimals: 2, timeZone: 'America/Port-au-Prince' },
];

export function countryDefaults(code: string): CountryDefaults | undefined {
  return COMMON_COUNTRIES.find((country) => country.code === code);
}
