// Markdown built from what the user wrote (lock keys, function, file and call text): hosts render hovers with
// links and images enabled, so none of it may turn into markup. vscode-languageserver's
// MarkedString.fromPlainText is the LSP layer's (the analysis does not import it) and leaves `<`, `>`, `&`, `|`
// and `~` as they are, so these two are written here.

const LINE_BREAKS = /\s*[\r\n]+\s*/g;

/** Text shown as it is: every ASCII punctuation character backslash-escaped (CommonMark escapes each), on one line. */
export function markdownText(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/**
 * Text as an inline code span, on one line. Nothing inside a code span is markup; only a run of backticks as long
 * as the fence would close it, so the fence is one longer than the longest run inside (and spaced from a backtick
 * at either end, which the renderer strips again).
 */
export function markdownCode(text: string): string {
  const oneLine = text.replace(LINE_BREAKS, ' ');
  const longestRun = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padding = longestRun > 0 ? ' ' : '';
  return `${fence}${padding}${oneLine}${padding}${fence}`;
}
