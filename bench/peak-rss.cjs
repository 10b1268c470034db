// Preloaded (`node --require bench/peak-rss.cjs <script>`) into a measured child process: at exit it writes the
// process's peak resident set size in KB to $LOCKSTEP_PEAK_RSS_FILE. Works wherever Node runs, with no
// /usr/bin/time; the same measure for lockstep, tsc and ESLint alike.
'use strict';
const fs = require('node:fs');
const target = process.env.LOCKSTEP_PEAK_RSS_FILE;
if (target) process.on('exit', () => fs.writeFileSync(target, String(process.resourceUsage().maxRSS)));
