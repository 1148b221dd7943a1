// CSV text -> header names + rows, with line numbers a clerk can find in a spreadsheet.
// Structural problems (empty file, duplicate headers, spilled cells, broken quotes) throw CsvError:
// nothing sensible can be imported from such a file, so we stop before mapping.
import Papa from 'papaparse';
import { atOnce, type Steps } from '../steps';

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

/** Characters parsed between two stops of parseCsvInSteps: about 15 ms of work. */
const STEP_CHARS = 200_000;

/**
 * Where the first record boundary at or after `from + stepChars` is: a line feed outside any
 * quoted value. A quote opens a quoted value only at the start of a value, and "" inside one is a
 * quote, as in the files spreadsheets write. Returns the end of the piece (before a CR LF's CR)
 * and where the next one starts, or null when the rest of the text is one piece.
 */
function nextBoundary(
  body: string,
  from: number,
  delimiter: string,
  stepChars: number,
): { end: number; next: number } | null {
  const QUOTE = 34;
  const LF = 10;
  const CR = 13;
  const delim = delimiter.charCodeAt(0);
  let inQuotes = false;
  let valueStart = true;
  for (let i = from; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (inQuotes) {
      if (c === QUOTE) {
        if (body.charCodeAt(i + 1) === QUOTE) i += 1;
        else inQuotes = false;
      }
    } else if (c === QUOTE && valueStart) {
      inQuotes = true;
      valueStart = false;
    } else if (c === LF) {
      if (i >= from + stepChars && i + 1 < body.length) {
        return { end: body.charCodeAt(i - 1) === CR ? i - 1 : i, next: i + 1 };
      }
      valueStart = true;
    } else {
      valueStart = c === delim || c === CR;
    }
  }
  return null;
}

export function parseCsv(text: string): { headers: string[]; rows: CsvRow[] } {
  return atOnce(parseCsvInSteps(text));
}

/**
 * The same, stopping between pieces of about STEP_CHARS characters (each cut at a record
 * boundary), so a command reading a large file can give others a turn (domain/steps.ts).
 */
export function* parseCsvInSteps(
  text: string,
  stepChars = STEP_CHARS,
): Steps<{ headers: string[]; rows: CsvRow[] }> {
  // decodeCsvBytes strips the byte-order mark, but text can also come from the clipboard or a
  // test: a BOM left in place would become part of the first header name.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') throw new CsvError('The file is empty');

  const delimiter = guessDelimiter(body);
  const records: string[][] = [];
  let quoteError: { row: number | undefined } | undefined;
  for (let from = 0; from < body.length && !quoteError;) {
    const cut = nextBoundary(body, from, delimiter, stepChars);
    const piece = body.slice(from, cut ? cut.end : body.length);
    // An empty piece is a blank line between two cuts: it still counts as a line.
    const result =
      piece === ''
        ? { data: [['']], errors: [] }
        : Papa.parse<string[]>(piece, { delimiter, skipEmptyLines: false });
    const error = result.errors.find((e) => e.type === 'Quotes');
    // Papaparse counts rows from 0 within the piece: the records before it come first.
    if (error)
      quoteError = { row: error.row === undefined ? undefined : records.length + error.row };
    for (const cells of result.data) records.push(cells);
    if (!cut) break;
    from = cut.next;
    yield;
  }

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
