// The status bar item: holds the status model and copies its view onto the item after every event.
import * as vscode from 'vscode';
import { commandIds } from './commands';
import { initialStatus, nextStatus, statusView, type StatusEvent, type StatusModel } from './status';

export class StatusBar implements vscode.Disposable {
  private model: StatusModel = initialStatus;
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('lockstep.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Lockstep';
    this.item.command = commandIds.showOutput;
    this.render();
    this.item.show();
  }

  update(event: StatusEvent): void {
    this.model = nextStatus(this.model, event);
    this.render();
  }

  dispose(): void {
    this.item.dispose();
  }

  private render(): void {
    const view = statusView(this.model);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.isError ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }
}
