// Model extraction: a source file → its concurrency model (DESIGN.md "Concurrency model"; the schema is
// model/schema.ts at the top). The seam the CLI's `simulate` and the server's `lockstep/model` request both reach
// through Workspace.modelOf: extract.ts orchestrates, steps.ts walks one function.
export { extractConcurrencyModel as extractModel, type ExtractionInput } from './extract';
export { BLOCKING_COST_MS, MAX_INLINE_DEPTH } from './costs';
