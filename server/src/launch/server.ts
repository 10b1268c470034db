// The language server the extension starts (dist/server.js): starts the server bundle (dist/server-main.js,
// built from ../server.ts).
import { launch } from './launch';

launch('server-main.js');
