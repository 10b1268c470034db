// Shared by one-thread runs (check.ts) and worker threads (check-worker.ts): both must build the same programs.
import { fileKindOf } from '../analysis/file-read';
import { isAnalysableFile } from '../analysis/project';
import type { Workspace } from '../analysis/workspace';

/**
 * Files outside any tsconfig join an inferred project one by one as they are analysed, and each arrival rebuilds
 * that project's program. Announcing them all first builds it once. Files the analysis will refuse for their
 * size are left out so they are never parsed.
 */
export function registerLooseFiles(workspace: Workspace, files: readonly string[]): void {
  for (const file of files) {
    const { settings } = workspace.configurationFor(file);
    const { kind, size } = fileKindOf(file);
    if (isAnalysableFile(file) && kind === 'regular' && size <= settings.maxFileSizeKB * 1024) workspace.projectFor(file);
  }
}
