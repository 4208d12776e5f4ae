import { warningRoutes as routes } from '../../shared/http/contracts/warnings.ts';
import { idempotency } from '../../shared/app/runtime.ts';
import { api } from '../../shared/http/api.ts';
import * as uc from './use-cases.ts';

export const handler = api('warnings', { idempotency })
  .route(routes.issueWarning, uc.issueWarningUseCase)
  .route(routes.transitionWarning, uc.transitionWarning);
