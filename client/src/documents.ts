// Which documents and files the language server cares about. Plain data, no vscode import, so the manifest
// drift test can compare it with package.json and the client wiring can hand it to vscode-languageclient as is.

/** The languages Lockstep analyses; package.json activates on exactly these and registers the snippets for them. */
export const analysedLanguages = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const;

/** Saved files and unsaved editors: a scratch buffer can hold a floating promise too. */
const analysedSchemes = ['file', 'untitled'] as const;

export interface DocumentFilter {
  scheme: string;
  language: string;
}

export function analysedDocumentSelector(): DocumentFilter[] {
  return analysedSchemes.flatMap((scheme) => analysedLanguages.map((language) => ({ scheme, language })));
}

/**
 * Files whose changes on disk the server must hear about even when no editor has them open: a source file
 * another open file imports (its findings depend on it), the project files that decide which files form a
 * project (`tsconfig.base.json` and friends are reached through `extends`), Lockstep's own configuration
 * (`lockstep.config.json`, or the `"lockstep"` key of a package.json), and what an install or removal of
 * packages touches — lock libraries decide findings too. VS Code's default `files.watcherExclude` hides what is
 * inside each package folder under node_modules, and watching it would cost far more, so the lockfiles, the
 * `node_modules` folder itself and its direct entries (package folders, npm's `.package-lock.json`, pnpm's
 * `.modules.yaml`) stand for it.
 */
export const watchedFileGlobs = [
  '**/*.{ts,tsx,js,jsx,mts,cts,mjs,cjs}',
  '**/{tsconfig,jsconfig}*.json',
  '**/{lockstep.config,package}.json',
  '**/{package-lock.json,npm-shrinkwrap.json,yarn.lock,pnpm-lock.yaml,bun.lock,bun.lockb}',
  '**/node_modules',
  '**/node_modules/*',
] as const;
