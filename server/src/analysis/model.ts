// Model extraction: a source file → its concurrency model (DESIGN.md "Concurrency model"; types in protocol.ts).
// The seam the CLI's `simulate` and the server's `lockstep/model` request both reach through
// Workspace.modelOf; the extraction itself lives in model/ (extract.ts orchestrates, steps.ts walks one function).
export { extractConcurrencyModel as extractModel, type ExtractionInput } from './model/extract';
export { BLOCKING_COST_MS, MAX_INLINE_DEPTH } from './model/costs';
