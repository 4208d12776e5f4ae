// API Gateway TOKEN authorizer for deployments without Cognito (the Beijing and Ningxia regions, `-c identity=oidc`):
// verifies the bearer token against the configured OIDC issuer and passes its claims on as the Cognito authorizer would.
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { readConfig } from '../../shared/config.ts';
import { logger } from '../../shared/log.ts';
import { claimMapFrom } from './claims.ts';
import { bearerToken, oidcSettings, oidcVerifier, remoteKeys, TokenRefused } from './oidc.ts';

const settings = readConfig(oidcSettings);

// Module scope: one key set per execution environment, cached as JWKS_CACHE says.
const verify = oidcVerifier({
  issuer: settings.OIDC_ISSUER,
  audience: settings.OIDC_AUDIENCE,
  keys: remoteKeys(settings.OIDC_JWKS_URL),
  claimMap: claimMapFrom(settings.OIDC_CLAIM_MAP),
});

/**
 * Every route of the stage: API Gateway caches the result per token and reuses it for other routes, so a policy for
 * the one method called would refuse the caller's next request elsewhere. Roles are checked by the functions.
 */
export function stageWide(methodArn: string): string {
  const m = /^(arn:aws[\w-]*:execute-api:[\w-]+:\d{12}:[\w]+\/[\w-]+)\//.exec(methodArn);
  if (!m) throw new Error('authorizer: unexpected methodArn');
  return `${m[1]}/*`;
}

function policy(effect: 'Allow' | 'Deny', resource: string): APIGatewayAuthorizerResult['policyDocument'] {
  return { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] };
}

/**
 * Allow with the claims, or Deny with a sentence for the caller: API Gateway answers a Deny with the ACCESS_DENIED
 * gateway response, which the API stack turns into a 401 problem+json carrying that sentence. A refused token is
 * expected traffic, not a failure of this function, so it never counts as a Lambda error; a failure to check tokens
 * at all (keys unreachable) is thrown and answered 503.
 */
export async function authorize(event: APIGatewayTokenAuthorizerEvent, verifyToken = verify): Promise<APIGatewayAuthorizerResult> {
  const resource = stageWide(event.methodArn);
  const token = bearerToken(event.authorizationToken);
  try {
    if (!token) throw new TokenRefused('malformed', 'The Authorization header must be: Bearer <token>.');
    const claims = await verifyToken(token);
    // Lambda authorizer context values must be strings; the claims travel as one JSON string (shared/http/principal.ts).
    return { principalId: claims['sub']!, policyDocument: policy('Allow', resource), context: { claims: JSON.stringify(claims) } };
  } catch (err) {
    if (!(err instanceof TokenRefused)) {
      logger.error('bearer tokens cannot be checked', { errorName: (err as Error).name, errorCode: (err as { code?: string }).code });
      throw err;
    }
    logger.info('bearer token refused', { reason: err.reason });
    // The detail goes into the 401 body through a gateway response template as it is: it holds no quote or backslash.
    return { principalId: 'refused', policyDocument: policy('Deny', resource), context: { reason: err.reason, detail: err.message } };
  }
}

export const handler = (event: APIGatewayTokenAuthorizerEvent) => authorize(event);
