// CSV text -> header names + rows, with line numbers a clerk can find in a spreadsheet.
// Structural problems (empty file, duplicate headers, spilled cells, broken quotes) throw CsvError:
// nothing sensible can be imported from such a file, so we stop before mapping.
import Papa from 'papaparse';

/**
 * One data record. `line` is its record number in the file, the header being line 1: blank lines
 * count (so the number matches the row number Excel shows), and a quoted cell that spans several
 * lines is still one record, so it counts once.
 */
export interface CsvRow {
  line: number;
  cells: string[];
}

/** A file that cannot be read as a table; `message` is meant for the clerk, as is. */
export class CsvError extends Error {
  override name = 'CsvError';
  constructor(
    message: string,
    /** The first line concerned, when there is one. */
    readonly line: number | null = null,
  ) {
    super(message);
  }
}

// Comma, semicolon (French/Portuguese Excel, where the comma is the decimal mark), tab (Excel
// "Unicode text") and pipe. Papaparse's own list also holds ASCII record/unit separators: no
// office spreadsheet writes those, and guessing them only risks a wrong pick.
const DELIMITERS = [',', ';', '\t', '|'];

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

function guessDelimiter(text: string): string {
  // Papaparse guesses well only when blank lines are skipped (a trailing newline otherwise
  // counts as a one-cell row and spoils the field-count statistics), but we keep blank lines in
  // the real parse for line numbers, so the guess is a separate, cheap preview pass.
  const preview = Papa.parse<string[]>(text, {
    delimiter: '',
    delimitersToGuess: DELIMITERS,
    skipEmptyLines: 'greedy',
    preview: 50,
  });
  // A one-column file has no delimiter to detect; papaparse then reports comma, which is right.
  return preview.meta.delimiter || ',';
}

function listLines(lines: number[]): string {
  const shown = lines.slice(0, 5).join(', ');
  return lines.length > 5 ? `${shown} and ${lines.length - 5} more` : shown;
}

export function parseCsv(text: string): { headers: string[]; rows: CsvRow[] } {
  // decodeCsvBytes strips the byte-order mark, but text can also come from the clipboard or a
  // test: a BOM left in place would become part of the first header name.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') throw new CsvError('The file is empty');

  const result = Papa.parse<string[]>(body, {
    delimiter: guessDelimiter(body),
    skipEmptyLines: false,
  });
  const records = result.data;

  const quoteError = result.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    // Papaparse's row index counts records from 0, blank ones included: +1 gives our line.
    const line = (quoteError.row ?? records.length - 1) + 1;
    throw new CsvError(
      `Line ${line} has a quoted value whose closing quote (") is missing or misplaced: ` +
        'everything after it would end up in one cell. Fix the quotes and try again.',
      line,
    );
  }

  const headerIndex = records.findIndex((cells) => !isBlank(cells));
  const headerCells = records[headerIndex];
  if (headerIndex < 0 || !headerCells) throw new CsvError('The file is empty');

  const headers = headerCells.map((h) => h.trim());
  // Excel writes empty header cells to the right when a formatted cell sits beyond the data; an
  // unnamed column in the middle is kept (so positions stay right) but can never be mapped.
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();

  const seen = new Map<string, string>();
  const duplicates: string[] = [];
  for (const h of headers) {
    if (h === '') continue;
    // Case-insensitive: "Phone" and "PHONE" are the same column to a clerk.
    const key = h.toLowerCase();
    const first = seen.get(key);
    if (first === undefined) seen.set(key, h);
    else if (!duplicates.includes(first)) duplicates.push(first);
  }
  if (duplicates.length > 0) {
    const names = duplicates.map((d) => `"${d}"`).join(', ');
    throw new CsvError(
      duplicates.length === 1
        ? `The column ${names} appears more than once in the header: rename or remove the copy`
        : `The columns ${names} appear more than once in the header: rename or remove the copies`,
      headerIndex + 1,
    );
  }

  const rows: CsvRow[] = [];
  const tooLong: number[] = [];
  for (let i = headerIndex + 1; i < records.length; i++) {
    const cells = records[i];
    if (!cells || isBlank(cells)) continue;
    const line = i + 1;
    // Extra cells that are empty are harmless (trailing separators); extra values are not: they
    // usually mean an unquoted comma inside a value shifted everything to the right.
    if (cells.length > headers.length && !isBlank(cells.slice(headers.length))) {
      tooLong.push(line);
      continue;
    }
    const padded = cells.slice(0, headers.length);
    while (padded.length < headers.length) padded.push('');
    rows.push({ line, cells: padded });
  }

  if (tooLong.length > 0) {
    const first = tooLong[0] ?? null;
    throw new CsvError(
      `${tooLong.length === 1 ? 'Line' : 'Lines'} ${listLines(tooLong)} ` +
        `${tooLong.length === 1 ? 'has' : 'have'} more values than the header has columns ` +
        `(${headers.length}). A value containing a separator must be in double quotes.`,
      first,
    );
  }
  if (rows.length === 0) throw new CsvError('The file has a header but no rows', headerIndex + 1);
  return { headers, rows };
}
