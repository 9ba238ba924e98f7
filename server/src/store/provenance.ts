import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { NUMERIC_FIELDS } from '@nianbao/shared';
import type { NarrativeSource } from '../parse/index.ts';
import type { SourceRow } from '../parse/sources.ts';

/**
 * A report's provenance as the API serves it: every table value's printed row and cell, every
 * narrative value's sentence, and where in the file each sits.
 */
export interface ProvenanceDoc {
  /** The extractor that read the file (text, html, docx, pdf, doc). */
  format: string;
  /** Rows were rebuilt from a crawler's one-line dump: their lines are of the rebuilt text. */
  flattened: boolean;
  rows: (SourceRow & { where: string | null })[];
  /** Field id → [index into rows, index into that row's cells]. */
  fields: Record<string, [number, number]>;
  narrative: NarrativeSource[];
}

/** The table fields in a fixed order: stored documents name a field by its place in this list. */
const TABLE_IDS = NUMERIC_FIELDS.filter((f) => /^t[234]/.test(f.table)).map((f) => f.id);
const TABLE_INDEX = new Map(TABLE_IDS.map((id, i) => [id, i]));
const CELLS = 64; // cells per row, at most, in the packed position

/**
 * Stored form (`report_sources.data`): JSON with fields as one array in TABLE_IDS order (row ×
 * 64 + cell, or -1), deflated at level 1 — about 1 KB a report, and cheap enough to make in the
 * parse workers (a third of a report's row size; the ids spelt out made it 10 KB).
 */
interface Stored {
  v: 1;
  n: number;
  format: string;
  flattened: boolean;
  rows: [number, string, string[], string | null][];
  at: number[];
  narrative: NarrativeSource[];
}

export function encodeProvenance(doc: ProvenanceDoc): Buffer {
  const at = new Array<number>(TABLE_IDS.length).fill(-1);
  for (const id in doc.fields) {
    const i = TABLE_INDEX.get(id);
    const [row, cell] = doc.fields[id];
    if (i !== undefined && cell < CELLS) at[i] = row * CELLS + cell;
  }
  const stored: Stored = {
    v: 1,
    n: TABLE_IDS.length,
    format: doc.format,
    flattened: doc.flattened,
    rows: doc.rows.map((r) => [r.line, r.label, r.cells, r.where]),
    at,
    narrative: doc.narrative,
  };
  return deflateRawSync(JSON.stringify(stored), { level: 1 });
}

/** The document, or null for one stored under another catalog (its report is re-read by the next ingest). */
export function decodeProvenance(data: Uint8Array): ProvenanceDoc | null {
  const s = JSON.parse(inflateRawSync(data).toString('utf8')) as Stored;
  if (s.v !== 1 || s.n !== TABLE_IDS.length) return null;
  const fields: Record<string, [number, number]> = {};
  s.at.forEach((p, i) => {
    if (p >= 0) fields[TABLE_IDS[i]] = [Math.floor(p / CELLS), p % CELLS];
  });
  return {
    format: s.format,
    flattened: s.flattened,
    rows: s.rows.map(([line, label, cells, where]) => ({ line, label, cells, where })),
    fields,
    narrative: s.narrative,
  };
}
