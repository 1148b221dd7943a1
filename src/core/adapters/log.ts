// A small structured logger writing JSON lines to a file (and stderr for errors). Secrets never
// reach it: callers log ids and codes, not inputs.
import { appendFileSync } from 'node:fs';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function fileLogger(file: string, echoErrors = true): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    const line = JSON.stringify({ at: new Date().toISOString(), level, message, ...fields });
    try {
      appendFileSync(file, `${line}\n`);
    } catch (error) {
      // The log is best effort: a full disk must not turn a good payment into a failure.
      process.stderr.write(`griddesk: cannot write log ${file}: ${String(error)}\n`);
    }
    if (echoErrors && level === 'error') process.stderr.write(`${line}\n`);
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

export function memoryLogger(): Logger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const push = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, ...(fields ? { fields } : {}) });
  };
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}
