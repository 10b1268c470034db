// URIs ↔ file paths. Only file: URIs are analysed: the analysis resolves imports and tsconfig.json files on
// disk, which an untitled: or remote document does not have, so those are ignored (no diagnostics).
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The file path of a file: URI, or undefined for any other scheme or a malformed URI. */
export function fileOfUri(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function uriOfFile(file: string): string {
  return pathToFileURL(file).href;
}
