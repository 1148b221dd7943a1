// How strong a backup passphrase is. The passphrase is the only thing between a lost USB stick and
// every customer's data and device keys, and it is attacked offline (scrypt slows each guess, it
// does not stop them), so GridDesk asks for a long one and says why a weak one is weak.
//
// The estimate is deliberately simple and conservative. A plain word counts as one pick from a
// large word list (13 bits), however long it is, because guessers try dictionaries first; any
// other chunk counts its characters times the bits of the character classes it uses, with runs
// ("1234", "aaaa") and repeats counted once. Four random words pass; a word with digits does not.

export const MIN_PASSPHRASE_LENGTH = 12;
/** Below this estimate a passphrase is refused. */
export const MIN_PASSPHRASE_BITS = 50;

export type PassphraseLevel = 'weak' | 'fair' | 'good' | 'strong';

export interface PassphraseStrength {
  bits: number;
  level: PassphraseLevel;
  /** 0..100, for the meter. */
  percent: number;
  /** Why it is refused, in words for the admin; empty when it is accepted. */
  problems: string[];
}

function poolSize(text: string): number {
  let pool = 0;
  if (/[a-z]/.test(text)) pool += 26;
  if (/[A-Z]/.test(text)) pool += 26;
  if (/[0-9]/.test(text)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(text)) pool += 33;
  return pool;
}

/** Characters that carry information: a run like "aaaa" or "1234" counts as its first character. */
function effectiveLength(text: string): number {
  const chars = [...text];
  const codes = chars.map((c) => c.codePointAt(0) ?? 0);
  let n = 0;
  let prev = NaN;
  for (const here of codes) {
    const run = here === prev || here === prev + 1 || here === prev - 1;
    prev = here;
    if (!run) n += 1;
  }
  // Four different characters repeated over and over are still four characters.
  return Math.min(n, new Set(chars).size * 2);
}

/** One pick from a list of about 8,000 words. */
const WORD_BITS = 13;

function chunkBits(chunk: string): number {
  const full = effectiveLength(chunk) * Math.log2(Math.max(poolSize(chunk), 1));
  // "orange", "Orange": a word; "oRaNgE" or "orange42" are not plain words.
  return /^[A-Za-z][a-z]*$/.test(chunk) ? Math.min(full, WORD_BITS) : full;
}

export function passphraseStrength(passphrase: string): PassphraseStrength {
  const length = [...passphrase].length;
  const chunks = passphrase.split(/\s+/).filter((c) => c !== '');
  const bits = Math.round(chunks.reduce((sum, c) => sum + chunkBits(c), 0));
  const problems: string[] = [];
  if (length < MIN_PASSPHRASE_LENGTH) {
    problems.push(`Use at least ${MIN_PASSPHRASE_LENGTH} characters (this one has ${length}).`);
  } else if (bits < MIN_PASSPHRASE_BITS) {
    problems.push(
      'Too easy to guess: use four or five unrelated words, or mix words with digits and signs, and avoid repeats and runs like 1234.',
    );
  }
  const level: PassphraseLevel =
    problems.length > 0 ? 'weak' : bits < 65 ? 'fair' : bits < 90 ? 'good' : 'strong';
  return { bits, level, percent: Math.min(100, bits), problems };
}
