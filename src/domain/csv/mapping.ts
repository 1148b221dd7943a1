// Which file column feeds which import field. Files come from vendors, other software and clerks
// in several languages, so headers are compared loosely (case, accents, spaces, punctuation).

export interface FieldSpec {
  field: string;
  label: string;
  required: boolean;
  aliases: string[];
  help?: string;
}

/** field -> header name exactly as in the file (null = not mapped). */
export type ColumnMapping = Record<string, string | null>;

/** Lowercase, accents stripped, everything but letters and digits removed: "Prénom " -> "prenom". */
export function normaliseHeader(h: string): string {
  return h
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

function namesOf(spec: FieldSpec): Set<string> {
  return new Set([spec.field, spec.label, ...spec.aliases].map(normaliseHeader));
}

/** Exact normalised match on a field's name, label or aliases; a header feeds one field at most. */
export function suggestMapping(headers: string[], specs: FieldSpec[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<number>();
  for (const spec of specs) {
    const names = namesOf(spec);
    const index = headers.findIndex((h, i) => {
      const n = normaliseHeader(h);
      return !used.has(i) && n !== '' && names.has(n);
    });
    const header = headers[index];
    if (index >= 0 && header !== undefined) {
      used.add(index);
      mapping[spec.field] = header;
    } else {
      mapping[spec.field] = null;
    }
  }
  return mapping;
}

/**
 * Problems with a mapping, as sentences for the clerk; empty when it is usable. `defaulted` lists
 * required fields the caller fills with a default for every row (e.g. one village for the whole
 * file), which therefore need no column.
 */
export function checkMapping(
  headers: string[],
  specs: FieldSpec[],
  mapping: ColumnMapping,
  defaulted: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  const bySpec = new Map(specs.map((s) => [s.field, s]));
  const usedBy = new Map<string, string[]>();

  for (const [field, header] of Object.entries(mapping)) {
    if (header === null) continue;
    const spec = bySpec.get(field);
    if (!spec) {
      problems.push(`"${field}" is not a field of this import`);
      continue;
    }
    if (header === '' || !headers.includes(header)) {
      problems.push(`The column "${header}" (for ${spec.label}) is not in the file`);
      continue;
    }
    usedBy.set(header, [...(usedBy.get(header) ?? []), spec.label]);
  }

  for (const [header, labels] of usedBy) {
    if (labels.length > 1) {
      problems.push(`The column "${header}" is used for more than one field: ${labels.join(', ')}`);
    }
  }

  for (const spec of specs) {
    const header = mapping[spec.field];
    if (
      spec.required &&
      (header === null || header === undefined) &&
      !defaulted.includes(spec.field)
    ) {
      problems.push(`${spec.label} is required: choose the column that holds it`);
    }
  }
  return problems;
}
