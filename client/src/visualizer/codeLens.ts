// "Visualize" above each async entry point the server models. The entry points are the model's task templates
// (from `lockstep/model`) that start on their own and lie in this document: templates with `instances: 0` only
// run when spawned (a helper in another file, a non-exported function) and get no lens. When there is no model
// (no entry point, a refused file) there are simply no lenses, and the reason is logged once, not per keystroke.
// Only entry points that touch a lock, an event or a blocking call get one (lens-targets.ts), and
// `lockstep.codeLens.enabled: false` turns them all off.
import * as vscode from 'vscode';
import type { TaskTemplate } from '../../../model/schema';
import { commandIds } from '../commands';
import { templatesWorthALens } from './lens-targets';
import { modelMessageFor, type ModelRequester } from './modelSource';

export const CODE_LENS_SETTING = 'codeLens.enabled';

interface RangeLike {
  uri: string;
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export class VisualizeCodeLensProvider implements vscode.CodeLensProvider {
  private loggedUnavailable = false;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly server: () => ModelRequester | undefined,
    private readonly log: (message: string) => void,
  ) {}

  /** The setting changed: VS Code asks for the lenses again. */
  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.getConfiguration('lockstep', document.uri).get<boolean>(CODE_LENS_SETTING, true)) return [];
    const message = await modelMessageFor(document, this.server());
    if (message.type === 'error') {
      if (!this.loggedUnavailable) this.log(`No "Visualize" lenses: ${message.message}`);
      this.loggedUnavailable = true;
      return [];
    }
    const tasks = (message.model as { tasks?: { name?: unknown; instances?: unknown; range?: RangeLike }[] }).tasks ?? [];
    const worthALens = templatesWorthALens(tasks as TaskTemplate[]);
    return tasks
      .filter((task) => task.instances !== 0 && task.range?.uri === document.uri.toString() && worthALens.has(String(task.name)))
      .map((task) => {
        const { start } = task.range!;
        return new vscode.CodeLens(new vscode.Range(start.line, start.character, start.line, start.character), {
          title: 'Visualize',
          tooltip: `Run ${String(task.name)} and the file's other tasks in the Lockstep visualizer`,
          command: commandIds.openVisualizer,
          arguments: [document.uri],
        });
      });
  }
}
