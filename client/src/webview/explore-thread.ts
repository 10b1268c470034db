// The page's side of its explore worker. A search can take seconds, so it runs in a Web Worker and the page stays
// responsive. A webview cannot start a Worker from its resource URLs (another origin), so esbuild.mjs bundles
// explore-worker.ts apart and hands its text to this bundle (EXPLORE_WORKER_SCRIPT); the worker starts from a blob:
// URL of that text (the CSP's `worker-src blob:`). One worker per search, ended when it answers or is cancelled:
// ending it is the one cancel that always works, and a search superseded by a newer one can never be shown.
import type { SearchProgress } from '../../../scheduler/index';
import type { ExploreReply, ExploreRequest, Explored } from './explore';

declare const EXPLORE_WORKER_SCRIPT: string;

export interface SearchHandlers {
  progress(progress: SearchProgress): void;
  done(explored: Explored): void;
  failed(problem: string): void;
}

let scriptUrl: string | undefined;
const workerScriptUrl = () => (scriptUrl ??= URL.createObjectURL(new Blob([EXPLORE_WORKER_SCRIPT], { type: 'text/javascript' })));

export class ExploreThread {
  private worker: Worker | undefined;

  /** Starts a search, ending the one running: only the newest search answers. */
  start(request: ExploreRequest, handlers: SearchHandlers): void {
    this.cancel();
    const worker = new Worker(workerScriptUrl());
    this.worker = worker;
    worker.addEventListener('message', (event: MessageEvent<ExploreReply>) => {
      if (this.worker !== worker) return;
      const reply = event.data;
      if (reply.type === 'progress') return handlers.progress(reply.progress);
      this.cancel();
      if (reply.type === 'done') handlers.done(reply);
      else handlers.failed(reply.problem);
    });
    worker.addEventListener('error', (event) => {
      if (this.worker !== worker) return;
      this.cancel();
      handlers.failed(`The search failed: ${event.message || 'its worker stopped'}`);
    });
    worker.postMessage(request);
  }

  /** Ends the running search, if any; it will not answer. */
  cancel(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }
}
