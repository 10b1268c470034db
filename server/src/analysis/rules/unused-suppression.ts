// unused-suppression (opt-in): a `// lockstep-ignore-next-line` or `// lockstep-ignore-file` comment that
// suppresses nothing — the finding it was written for is gone, or it names the wrong rule. Stale suppressions
// hide the next real finding on that line, so they are worth removing. The matching itself is in
// ../suppressions.ts; this rule turns its verdict into findings.
import type { SuppressionRule, UnusedSuppression } from '../types';

export const unusedSuppression: SuppressionRule = {
  meta: {
    id: 'unused-suppression',
    description: 'A lockstep-ignore comment that suppresses no finding.',
    defaultSeverity: 'off',
  },
  checkSuppressions({ unused, report }) {
    for (const suppression of unused) {
      report(suppression, messageFor(suppression), {
        fixes: [{ title: fixTitle(suppression), edits: suppression.removal, preferred: true }],
      });
    }
  },
};

function where(suppression: UnusedSuppression): string {
  return suppression.kind === 'file' ? 'in this file' : 'on the next line';
}

function messageFor(suppression: UnusedSuppression): string {
  const { unusedRules } = suppression;
  if (unusedRules.length === 0) {
    return `This lockstep-ignore-${suppression.kind} suppresses nothing: no finding ${where(suppression)}. Remove it, so it cannot hide a future finding.`;
  }
  const names = unusedRules.map((id) => `\`${id}\``).join(', ');
  return `${names} ${unusedRules.length === 1 ? 'has' : 'have'} no finding ${where(suppression)} to suppress. Remove ${unusedRules.length === 1 ? 'it' : 'them'} from the comment, so ${unusedRules.length === 1 ? 'it' : 'they'} cannot hide a future finding.`;
}

function fixTitle(suppression: UnusedSuppression): string {
  // A removal that writes text keeps the comment for the rules that are still used.
  const keepsComment = suppression.removal.some((edit) => edit.newText !== '');
  return keepsComment ? `Remove ${suppression.unusedRules.join(', ')} from the suppression` : 'Remove the unused suppression';
}
