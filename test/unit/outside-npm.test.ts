// scripts/lib/outside-npm.sh: the e2e set-up's nested installs must not inherit what `npm run` exported
// (code-server's postinstall read the Node version from npm_config_user_agent and refused to install).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

const HELPER = path.join(__dirname, '..', '..', 'scripts', 'lib', 'outside-npm.sh');

/** The environment a command run through `outside_npm` sees, started from `env`. */
function environmentOutsideNpm(env: Record<string, string>): Map<string, string> {
  const printed = execFileSync('bash', ['-c', `source '${HELPER}' && outside_npm env -0`], { env, encoding: 'utf8' });
  return new Map(printed.split('\0').filter(Boolean).map((line) => {
    const equals = line.indexOf('=');
    return [line.slice(0, equals), line.slice(equals + 1)];
  }));
}

/** The PATH before npm: where this node (and so npm) lives, and the system's own folders. */
const USER_PATH = `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`;

const CALLED_BY_NPM = {
  PATH: `/work/p/node_modules/.bin:/work/node_modules/.bin:/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin:${USER_PATH}`,
  HOME: '/home/someone',
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_config_nodedir: '/usr',
  NPM_CONFIG_PREFIX: '/usr',
  npm_package_name: 'lockstep',
  npm_lifecycle_event: 'test:e2e',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  NODE: '/usr/bin/node',
  INIT_CWD: '/work/p',
  npm_config_registry: 'https://registry.example/',
  npm_config_https_proxy: 'http://proxy.example:3128',
};

test('what the calling npm exported is gone: npm_config_* in any case, npm_package_*, lifecycle, NODE, INIT_CWD', () => {
  const seen = environmentOutsideNpm(CALLED_BY_NPM);
  for (const name of ['npm_config_user_agent', 'npm_config_nodedir', 'NPM_CONFIG_PREFIX', 'npm_package_name', 'npm_lifecycle_event', 'npm_execpath', 'NODE', 'INIT_CWD']) {
    assert.equal(seen.has(name), false, `${name} leaked`);
  }
  assert.equal(seen.get('HOME'), '/home/someone');
});

test('how to reach the registry is the user\'s and is kept', () => {
  const seen = environmentOutsideNpm(CALLED_BY_NPM);
  assert.equal(seen.get('npm_config_registry'), 'https://registry.example/');
  assert.equal(seen.get('npm_config_https_proxy'), 'http://proxy.example:3128');
});

test('PATH loses the folders npm run put in front, and keeps the rest in order', () => {
  const seen = environmentOutsideNpm(CALLED_BY_NPM);
  assert.equal(seen.get('PATH'), USER_PATH);
});

test('a nested npm reads its own user agent, not the caller\'s', () => {
  const env = { ...CALLED_BY_NPM, npm_config_user_agent: 'npm/0.0.0 node/v0.0.0 leaked' };
  const agent = execFileSync('bash', ['-c', `source '${HELPER}' && outside_npm npm config get user-agent`], { env, encoding: 'utf8' });
  assert.doesNotMatch(agent, /leaked/);
  assert.match(agent, /node\//);
});
