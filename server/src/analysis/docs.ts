// Where each rule's documentation lives; diagnostics link there through codeDescription, SARIF through helpUri.
export const REPOSITORY_URL = 'https://github.com/lockstep-dev/lockstep';

export function ruleDocsUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${ruleId}.md`;
}
