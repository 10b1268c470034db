// The page's explore worker (a Web Worker: dist/webview.js starts it from its own text, explore-thread.ts): runs
// one explore request off the page's thread, posting its progress at most every PROGRESS_MS and then its result.
// The page ends the worker to cancel the search: nothing here needs to stop by itself.
import { explore, schedulerProblem, type ExploreReply, type ExploreRequest } from './explore';

const PROGRESS_MS = 100;

/** The worker's global scope, as far as it is used (the page's DOM types have no worker scope). */
interface WorkerScope {
  postMessage(reply: ExploreReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ExploreRequest>) => void): void;
}
const scope = self as unknown as WorkerScope;

scope.addEventListener('message', (event) => {
  let posted = performance.now();
  try {
    const explored = explore(event.data, (progress) => {
      const now = performance.now();
      if (now - posted < PROGRESS_MS) return;
      posted = now;
      scope.postMessage({ type: 'progress', progress });
    });
    scope.postMessage({ type: 'done', ...explored });
  } catch (error) {
    scope.postMessage({ type: 'failed', problem: schedulerProblem(error) });
  }
});
