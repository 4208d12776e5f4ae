// CDK app entry (cdk.json: `tsx infra/aws/app.ts`). Stage from context: `npx cdk synth -c stage=prod`; default dev.
import { createPlatform } from './platform.ts';

createPlatform();
