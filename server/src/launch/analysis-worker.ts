// The language server's analysis thread (dist/analysis-worker.js): starts its bundle (dist/analysis-worker-main.js,
// built from ../lsp/analysis-worker.ts) through the compile cache, as the server itself starts.
import { launch } from './launch';

launch('analysis-worker-main.js');
