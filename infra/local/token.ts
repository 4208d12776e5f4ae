// npm run --silent token -- --role office --division 110105 --level county  -> prints only a signed JWT.
import { resolve } from 'node:path';
import { loadOrCreateSecret, parseTokenArgs, signToken } from './auth.ts';

try {
  const spec = parseTokenArgs(process.argv.slice(2));
  const secret = loadOrCreateSecret(resolve(process.env['LOCAL_DATA_DIR'] ?? '.local'));
  process.stdout.write(`${await signToken(spec, secret)}\n`);
} catch (err) {
  process.stderr.write(`token: ${(err as Error).message}
usage: npm run --silent token -- --role office|org|citizen|auditor [--division 110105 --level county] [--org ORG_ID] [--sub USER_ID] [--phone +8613812345678 [--phone-verified]] [--id-number 110105199001011232] [--expires 12h]
`);
  process.exit(2);
}
