// Phone numbers are stored in E.164 (+2348031234567); people read them grouped the way their
// country writes them: national format for the company's country, international otherwise.
import { parsePhoneNumberFromString } from 'libphonenumber-js';

export function formatPhone(e164: string | null | undefined, companyCountry: string): string {
  if (!e164) return '';
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === companyCountry.toUpperCase()
    ? parsed.formatNational()
    : parsed.formatInternational();
}
