// CDK app entry (cdk.json: `tsx infra/aws/app.ts`). Settings from context, e.g. `npx cdk synth -c stage=prod`, or
// `-c region=cn-north-1 -c identity=oidc -c oidcIssuer=... -c oidcAudience=... -c oidcJwksUrl=...`: see infra/aws/stage.ts.
import { createPlatform } from './platform.ts';

createPlatform();
