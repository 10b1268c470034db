// Which step sources the panel opens. A *.model.json file is data anyone may have written: its step locations may
// name any file (`file:///etc/passwd`, `../../../secrets.ts`). Only the panel's own document and files inside a
// workspace folder are opened; for anything else the page says why. Pure (URIs as strings) and unit-tested.

/** Why the panel does not open `target` (a normalised URI string), or undefined when it may. */
export function revealRefusal(target: string, ownDocument: string, workspaceFolders: readonly string[]): string | undefined {
  if (target === ownDocument) return undefined;
  if (workspaceFolders.some((folder) => target.startsWith(folder.endsWith('/') ? folder : `${folder}/`))) return undefined;
  return `Not opening ${target}: it is outside the workspace, and a model file's step locations open only the workspace's files.`;
}
