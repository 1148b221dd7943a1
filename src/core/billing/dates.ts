// Dates on printed documents: "30 Sep 2026", the same in every document (Intl's en-GB writes
// "Sept", and ISO dates read as codes to customers).
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A local calendar date (YYYY-MM-DD) as printed. */
export function printDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d ?? ''} ${MONTHS[Number(m) - 1] ?? ''} ${y ?? ''}`;
}
