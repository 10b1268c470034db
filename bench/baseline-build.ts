// A build of an earlier commit, for benchmarks that compare against it in the same run: the commit's files
// (`git archive`) in .bench-cache/baseline-<commit>/, bundled by its own esbuild.mjs against this checkout's
// node_modules (the runtime dependencies a bundle takes in are pinned the same). Built once per commit.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CACHE_DIR, REPO } from './corpora';

/** The folder of the commit's build; its CLI is `dist/cli.js` inside. */
export function ensureBaselineBuild(commit: string, log: (message: string) => void = (m) => console.error(m)): string {
  const full = execFileSync('git', ['rev-parse', '--verify', `${commit}^{commit}`], { cwd: REPO, encoding: 'utf8' }).trim();
  const dir = path.join(CACHE_DIR, `baseline-${full.slice(0, 12)}`);
  const built = path.join(dir, 'dist', 'cli.js');
  if (fs.existsSync(built)) return dir;
  log(`building the baseline ${full.slice(0, 12)} into ${dir}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const archive = execFileSync('git', ['archive', '--format=tar', full], { cwd: REPO, maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!fs.existsSync(built)) throw new Error(`the baseline build of ${full} made no dist/cli.js`);
  return dir;
}
