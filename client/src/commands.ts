// The command ids the extension registers. package.json declares the same ids under contributes.commands;
// test/unit/client-manifest.test.ts keeps the two lists equal.
export const commandIds = {
  restartServer: 'lockstep.restartServer',
  showOutput: 'lockstep.showOutput',
  openVisualizer: 'lockstep.openVisualizer',
} as const;
