// The command ids the extension registers. package.json declares the same ids under contributes.commands;
// test/unit/client-manifest.test.ts keeps the two lists equal.
export const commandIds = {
  restartServer: 'lockstep.restartServer',
  showOutput: 'lockstep.showOutput',
  openVisualizer: 'lockstep.openVisualizer',
  /** Run by a deadlock finding's code action and hover link (server/src/protocol.ts names it for the server). */
  showDeadlock: 'lockstep.showDeadlock',
  /** Run by "Show documentation for <rule>" (server/src/protocol.ts names it for the server). */
  showRuleDocumentation: 'lockstep.showRuleDocumentation',
  checkWorkspace: 'lockstep.checkWorkspace',
} as const;

/** A rule id as the server names one: nothing else reaches the file system through the documentation command. */
export function isRuleId(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z]+(-[a-z]+)*$/.test(value);
}
