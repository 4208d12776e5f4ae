// Runs before `npm start` and in .ci/run: DynamoDB Local needs a Java runtime.
// Installs openjdk-17-jre-headless with apt when it can (root on a Debian machine); otherwise says how and exits 1.
import { spawnSync } from 'node:child_process';

const PACKAGE = 'openjdk-17-jre-headless';
const hasJava = () => spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;

if (hasJava()) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (isRoot && hasApt && process.env.SKIP_JAVA_INSTALL !== '1') {
  console.log(`java not found: installing ${PACKAGE} with apt-get (DynamoDB Local runs on Java)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
  if (run(['update', '-q']) && run(['install', '-y', '-q', '--no-install-recommends', PACKAGE]) && hasJava()) {
    console.log('java installed.');
    process.exit(0);
  }
}
console.error(`DynamoDB Local needs Java, and \`java\` was not found on PATH.
Install a Java runtime (17 or newer), for example:
  sudo apt-get update && sudo apt-get install -y ${PACKAGE}     (Debian/Ubuntu)
  brew install openjdk@17                                            (macOS)
then run npm start again.`);
process.exit(1);
