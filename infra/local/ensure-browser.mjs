// Runs before the browser tests and in .ci/run: they drive Debian's Chromium (no browser download at install) and
// need CJK fonts to render and screenshot the zh-CN console. Installs `chromium` and `fonts-noto-cjk` with apt when
// it can (root on a Debian machine); otherwise says how and exits 1.
import { spawnSync } from 'node:child_process';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PACKAGES = ['chromium', 'fonts-noto-cjk'];
const has = (cmd) => spawnSync('sh', ['-c', cmd], { stdio: 'ignore' }).status === 0;
const hasChromium = () => has(`test -x ${CHROMIUM}`) && spawnSync(CHROMIUM, ['--version'], { stdio: 'ignore' }).status === 0;
const hasCjkFonts = () => has('dpkg -s fonts-noto-cjk') || has("fc-list ':lang=zh' | grep -q .");
const missing = () => [...(hasChromium() ? [] : ['chromium']), ...(hasCjkFonts() ? [] : ['fonts-noto-cjk'])];

if (missing().length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = has('command -v apt-get');
if (isRoot && hasApt && process.env.SKIP_BROWSER_INSTALL !== '1') {
  const need = missing();
  console.log(`browser tests: installing ${need.join(' and ')} with apt-get (Debian's Chromium, CJK fonts)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
  if (run(['update', '-q']) && run(['install', '-y', '-q', '--no-install-recommends', ...need]) && missing().length === 0) {
    console.log('browser installed.');
    process.exit(0);
  }
}
console.error(`The browser tests need Chromium at ${CHROMIUM} and CJK fonts; missing: ${missing().join(', ')}.
Install them, for example:
  sudo apt-get update && sudo apt-get install -y ${PACKAGES.join(' ')}     (Debian)
or point CHROMIUM_PATH at a Chromium binary, then run the tests again.`);
process.exit(1);
