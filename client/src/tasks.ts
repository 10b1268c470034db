// `lockstep check` as a VS Code task ("Lockstep: check" in Run Task, or `{ "type": "lockstep" }` in tasks.json): the
// CLI bundled with the extension, run with VS Code's own Node, its text output read by the `$lockstep` problem
// matcher (package.json) into the Problems panel — files that are not open included, as in CI.
import * as path from 'node:path';
import * as vscode from 'vscode';

export const TASK_TYPE = 'lockstep';

interface LockstepTaskDefinition extends vscode.TaskDefinition {
  paths?: string[];
}

export class LockstepTaskProvider implements vscode.TaskProvider {
  constructor(private readonly extensionPath: string) {}

  provideTasks(): vscode.Task[] {
    return (vscode.workspace.workspaceFolders ?? []).map((folder) => this.taskFor({ type: TASK_TYPE }, folder));
  }

  /** A task written in tasks.json: its definition, given an execution. */
  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const definition = task.definition as LockstepTaskDefinition;
    const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
    return folder ? this.taskFor(definition, folder) : undefined;
  }

  private taskFor(definition: LockstepTaskDefinition, folder: vscode.WorkspaceFolder): vscode.Task {
    const paths = Array.isArray(definition.paths) ? definition.paths.filter((entry) => typeof entry === 'string') : [];
    const cli = path.join(this.extensionPath, 'dist', 'cli.js');
    // VS Code's executable is Electron; ELECTRON_RUN_AS_NODE makes it Node (code-server's is Node already).
    const execution = new vscode.ProcessExecution(process.execPath, [cli, 'check', ...paths], { cwd: folder.uri.fsPath, env: { ELECTRON_RUN_AS_NODE: '1' } });
    const task = new vscode.Task(definition, folder, 'check', TASK_TYPE, execution, '$lockstep');
    task.group = vscode.TaskGroup.Build;
    return task;
  }
}
