// CSV structure: delimiters, quoting, line numbers and the errors a clerk sees for broken files.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { atOnce } from '../steps';
import { CsvError, parseCsv, parseCsvInSteps } from './parse';

function errorOf(text: string): CsvError {
  try {
    parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError) return error;
    throw error;
  }
  throw new Error('expected a CsvError');
}

describe('parseCsv', () => {
  it('reads a comma file with trimmed headers and 1-based lines (header = 1)', () => {
    expect(parseCsv(' Name , Phone \r\nAda,0803\r\nBola,0805\r\n')).toEqual({
      headers: ['Name', 'Phone'],
      rows: [
        { line: 2, cells: ['Ada', '0803'] },
        { line: 3, cells: ['Bola', '0805'] },
      ],
    });
  });

  it('detects the semicolon of French/Portuguese Excel, with decimal commas in cells', () => {
    const { headers, rows } = parseCsv('Nom;Prénom;Montant\nDupont;Jean;1,5\nMartin;Luc;2,25\n');
    expect(headers).toEqual(['Nom', 'Prénom', 'Montant']);
    expect(rows.map((r) => r.cells)).toEqual([
      ['Dupont', 'Jean', '1,5'],
      ['Martin', 'Luc', '2,25'],
    ]);
  });

  it('detects tabs (Excel "Unicode text")', () => {
    expect(parseCsv('a\tb\n1\t2').rows).toEqual([{ line: 2, cells: ['1', '2'] }]);
  });

  it('reads a one-column file', () => {
    expect(parseCsv('Serial\nA1\nA2\n').rows.map((r) => r.cells)).toEqual([['A1'], ['A2']]);
  });

  it('keeps quoted separators and newlines in one cell, and counts that record once', () => {
    const text =
      'Name,Address,Notes\n"Okafor, Ada","12 Market Rd\nBehind the mill",x\nBola,"b",y\n';
    expect(parseCsv(text).rows).toEqual([
      { line: 2, cells: ['Okafor, Ada', '12 Market Rd\nBehind the mill', 'x'] },
      { line: 3, cells: ['Bola', 'b', 'y'] },
    ]);
  });

  it('skips blank lines but counts them, so lines match spreadsheet row numbers', () => {
    expect(parseCsv('a,b\n1,2\n\n , \n3,4\n\n').rows).toEqual([
      { line: 2, cells: ['1', '2'] },
      { line: 5, cells: ['3', '4'] },
    ]);
  });

  it('pads short rows with empty cells', () => {
    expect(parseCsv('a,b,c\n1\n1,2\n').rows).toEqual([
      { line: 2, cells: ['1', '', ''] },
      { line: 3, cells: ['1', '2', ''] },
    ]);
  });

  it('tolerates empty trailing cells and empty trailing header cells (Excel leftovers)', () => {
    expect(parseCsv('a,b,,\n1,2,,\n3,4\n')).toEqual({
      headers: ['a', 'b'],
      rows: [
        { line: 2, cells: ['1', '2'] },
        { line: 3, cells: ['3', '4'] },
      ],
    });
  });

  it('refuses a row with more values than headers, naming the line', () => {
    const error = errorOf('Name,Phone\nAda,0803\nOkafor, Ada,0805\n');
    expect(error.message).toMatch(/^Line 3 has more values than the header has columns \(2\)/);
    expect(error.line).toBe(3);
    expect(errorOf('a\n1\n2,3\n4,5\n').message).toMatch(/^Lines 3, 4 have more values/);
  });

  it('refuses empty and header-only files with plain messages', () => {
    expect(errorOf('').message).toBe('The file is empty');
    expect(errorOf(' \r\n\n').message).toBe('The file is empty');
    expect(errorOf('\uFEFF').message).toBe('The file is empty');
    expect(errorOf('Name,Phone\n').message).toBe('The file has a header but no rows');
    expect(errorOf('Name,Phone\n\n,\n').message).toBe('The file has a header but no rows');
  });

  it('refuses duplicate header names, naming them (case-insensitive)', () => {
    expect(errorOf('Name,Phone,Village,phone\nA,1,V,2').message).toBe(
      'The column "Phone" appears more than once in the header: rename or remove the copy',
    );
    expect(errorOf('a,b,a,b\n1,2,3,4').message).toMatch(
      /The columns "a", "b" appear more than once/,
    );
  });

  it('refuses an unterminated quote instead of swallowing the rest of the file', () => {
    const error = errorOf('a,b\n1,2\n"unterminated,3\n4,5\n');
    expect(error.message).toMatch(/^Line 3 has a quoted value/);
    expect(error.line).toBe(3);
  });

  it('strips a BOM left in the text', () => {
    expect(parseCsv('\uFEFFSerial\nA1').headers).toEqual(['Serial']);
  });
});

describe('parseCsvInSteps', () => {
  // Cells with everything that makes a CSV hard: separators, quotes, line breaks, blank values.
  const cell = fc.oneof(
    fc.constantFrom('', 'Amina', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', ' x ', '"', ';'),
    fc.string({ maxLength: 6 }),
  );
  const quoted = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const file = fc
    .tuple(
      fc.constantFrom('\n', '\r\n'),
      fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 60 }),
      fc.array(fc.nat({ max: 70 }), { maxLength: 5 }),
    )
    .map(([eol, rows, blanks]) => {
      const lines = ['first,last,note', ...rows.map((r) => r.map(quoted).join(','))];
      // Blank lines count as lines: they must keep counting when a piece starts or ends there.
      for (const at of blanks) lines.splice(Math.min(at, lines.length - 1) + 1, 0, '');
      return lines.join(eol);
    });

  it('reads a file in small pieces exactly as in one go, line numbers included', () => {
    fc.assert(
      fc.property(file, fc.integer({ min: 1, max: 40 }), (text, stepChars) => {
        // The outcome either way: the table, or the clerk's message and line.
        const outcome = (run: () => unknown) => {
          try {
            return run();
          } catch (error) {
            if (!(error instanceof CsvError)) throw error;
            return { message: error.message, line: error.line };
          }
        };
        let stops = 0;
        const inPieces = outcome(() => {
          const steps = parseCsvInSteps(text, stepChars);
          for (let step = steps.next(); ; step = steps.next()) {
            if (step.done) return step.value;
            stops += 1;
          }
        });
        expect(inPieces).toEqual(
          outcome(() => atOnce(parseCsvInSteps(text, Number.MAX_SAFE_INTEGER))),
        );
        // Small pieces really were used whenever the file is longer than a few of them.
        if (text.length > 4 * stepChars + 200 && !('message' in (inPieces as object)))
          expect(stops).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('names the line of a broken quote found in a later piece', () => {
    const lines = ['first,last', ...Array.from({ length: 50 }, (_, i) => `A${i},B${i}`)];
    lines.push('"broken,quote', 'C,D');
    const steps = parseCsvInSteps(lines.join('\n'), 20);
    expect(() => atOnce(steps)).toThrow(/^Line 52 has a quoted value/);
  });
});
