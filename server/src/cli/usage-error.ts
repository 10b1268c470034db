// A mistake on the command line: the entry point prints its one-line reason and exits with code 2. In its own
// module so every option's parser (args.ts, concurrency.ts, shard.ts) can throw it.
export class UsageError extends Error {}
