// The command ids the extension registers. package.json declares the same ids under contributes.commands;
// test/unit/client-manifest.test.ts keeps the two lists equal.
export const commandIds = {
  restartServer: 'lockstep.restartServer',
  showOutput: 'lockstep.showOutput',
  openVisualizer: 'lockstep.openVisualizer',
  /** Run by a deadlock finding's code action and hover link (server/src/protocol.ts names it for the server). */
  showDeadlock: 'lockstep.showDeadlock',
} as const;
