// Desktop printing's checks and print folder (electron/print.ts), with real files in a temp
// folder. The page is untrusted: what it sends must be a PDF, of a sane size, and its file name
// must not choose where the file lands.
import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPrintRequest, MAX_PRINT_BYTES, writePrintFile } from '../../electron/print';

const PDF = Buffer.from('%PDF-1.7\n%%EOF\n', 'latin1');
const b64 = (bytes: Buffer) => bytes.toString('base64');
const NOW = Date.parse('2026-11-16T08:30:00Z');

function accepted(pdf: unknown, name: unknown) {
  const checked = checkPrintRequest(pdf, name);
  if (!checked.ok) throw new Error(`refused: ${checked.message}`);
  return checked.request;
}

describe('checkPrintRequest', () => {
  it('accepts a PDF and keeps a plain file name', () => {
    const request = accepted(b64(PDF), 'R-000123.pdf');
    expect(request.fileName).toBe('R-000123.pdf');
    expect(request.bytes.equals(PDF)).toBe(true);
  });

  it('refuses what is not a PDF, damaged text, nothing and too much', () => {
    const refused = (pdf: unknown) => {
      const checked = checkPrintRequest(pdf, 'x.pdf');
      return checked.ok ? null : checked.message;
    };
    expect(refused(b64(Buffer.from('MZ\x90\x00 an exe', 'latin1')))).toMatch(/Only PDF/);
    expect(refused('%PDF-not base64!')).toMatch(/damaged/);
    expect(refused('')).toMatch(/no document/);
    expect(refused(42)).toMatch(/no document/);
    expect(refused('A'.repeat(Math.ceil(MAX_PRINT_BYTES / 3) * 4 + 4))).toMatch(/too large/);
  });

  it('reduces any file name to a safe one in the print folder', () => {
    expect(accepted(b64(PDF), '..\\..\\Windows\\evil.exe').fileName).toBe('Windows-evil.exe.pdf');
    expect(accepted(b64(PDF), '../../etc/passwd').fileName).toBe('etc-passwd.pdf');
    expect(accepted(b64(PDF), 'Z report 2026/11/16.PDF').fileName).toBe('Z-report-2026-11-16.pdf');
    expect(accepted(b64(PDF), null).fileName).toBe('document.pdf');
    expect(accepted(b64(PDF), '...').fileName).toBe('document.pdf');
  });
});

describe('writePrintFile', () => {
  it('writes inside the folder, never over an earlier print, and clears day-old prints', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'gd-print-')), 'print');
    const request = accepted(b64(PDF), 'R-1.pdf');
    const first = writePrintFile(dir, request, NOW);
    const second = writePrintFile(dir, request, NOW);
    expect(dirname(first)).toBe(dir);
    expect([first, second].map((p) => p.slice(dir.length + 1))).toEqual(['R-1.pdf', 'R-1-2.pdf']);
    expect(readFileSync(second).equals(PDF)).toBe(true);

    const old = join(dir, 'old-receipt.pdf');
    writeFileSync(old, PDF);
    const twoDaysAgo = new Date(NOW - 2 * 86_400_000);
    utimesSync(old, twoDaysAgo, twoDaysAgo);
    utimesSync(first, new Date(NOW - 3_600_000), new Date(NOW - 3_600_000));
    writePrintFile(dir, accepted(b64(PDF), 'R-2.pdf'), NOW);
    expect(readdirSync(dir).sort()).toEqual(['R-1-2.pdf', 'R-1.pdf', 'R-2.pdf']);
  });
});
