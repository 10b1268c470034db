// Model extraction: a source file → its concurrency model (DESIGN.md "Concurrency model"; types in
// protocol.ts). The seam the CLI's `simulate` and the server's `lockstep/model` request both call. Extraction
// needs the lock analysis (lock identities, held sets), which is not built yet: until it is, this says so rather
// than guess a model.
import type { ModelResult } from '../protocol';

export const EXTRACTION_UNAVAILABLE = 'model extraction from source files is not available yet (lock analysis pending); simulate a *.model.json file instead';

/** The concurrency model of `file`'s async entry points (`entries`, or the exported ones by default). */
export function extractModel(_file: string, _entries?: readonly string[]): ModelResult {
  return { model: null, reason: EXTRACTION_UNAVAILABLE };
}
