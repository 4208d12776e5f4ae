// The one error mapper: any thrown value -> RFC 9457 problem+json. 5xx bodies carry no internals.
import type { APIGatewayProxyResult } from 'aws-lambda';
import { AppError, ServiceUnavailable } from '../errors.ts';

type Lang = 'en' | 'zh';

const TITLES: Record<string, { en: string; zh: string }> = {
  'validation-failed': { en: 'The request is not valid', zh: '请求内容不符合要求' },
  'malformed-json': { en: 'The request body is not valid JSON', zh: '请求体不是有效的 JSON' },
  'invalid-cursor': { en: 'The cursor is not valid', zh: '分页游标无效' },
  unauthenticated: { en: 'Sign-in required', zh: '需要登录' },
  'forbidden-role': { en: 'Your role may not do this', zh: '您的角色无权执行此操作' },
  'not-in-jurisdiction': { en: 'Outside your jurisdiction', zh: '超出您的管辖范围' },
  'not-found': { en: 'Not found', zh: '未找到' },
  'route-not-found': { en: 'No such route', zh: '没有这个接口' },
  'method-not-allowed': { en: 'Method not allowed', zh: '不支持该请求方法' },
  'unsupported-media-type': { en: 'Send application/json', zh: '请使用 application/json' },
  'concurrent-modification': { en: 'Changed by someone else; read it again', zh: '记录已被他人修改，请重新读取' },
  'invalid-transition': { en: 'Not allowed in the current state', zh: '当前状态下不允许此操作' },
  'precondition-failed': { en: 'The record changed since you read it', zh: '记录自您读取后已变更' },
  'precondition-required': { en: 'If-Match is required', zh: '需要 If-Match 请求头' },
  'payload-too-large': { en: 'The request body is too large', zh: '请求体过大' },
  'idempotency-key-reused': { en: 'Idempotency-Key reused with another body', zh: '幂等键已用于不同的请求内容' },
  'already-subscribed': { en: 'This endpoint is already subscribed', zh: '该接收地址已订阅' },
  'service-unavailable': { en: 'Busy; try again shortly', zh: '服务繁忙，请稍后重试' },
  'internal-error': { en: 'Internal error', zh: '内部错误' },
  // Rule violations (422) share one family of titles; each code still names its rule.
  'rule-violation': { en: 'A rule of the emergency plan system forbids this', zh: '违反应急预案管理规定' },
};

/** The preferred of the two languages we speak, by the q-values of Accept-Language (RFC 9110); English by default. */
export function languageOf(acceptLanguage: string | undefined): Lang {
  let best: { lang: Lang; q: number } = { lang: 'en', q: 0 };
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    const lang: Lang | undefined = range.startsWith('zh') ? 'zh' : range.startsWith('en') ? 'en' : undefined;
    if (lang && Number.isFinite(q) && q > best.q) best = { lang, q };
  }
  return best.lang;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: { path: string; message: string }[];
  requestId?: string;
}

const THROTTLING = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

/** Maps SDK throttling onto our own 503 so the caller is told when to retry. */
export function normalise(err: unknown): unknown {
  if (err instanceof Error && THROTTLING.has(err.name)) {
    return new ServiceUnavailable('The data store is throttling requests.', 1);
  }
  if (err instanceof Error && err.name === 'TransactionCanceledException') {
    const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (reasons.some((r) => r.Code === 'ThrottlingError' || r.Code === 'ProvisionedThroughputExceeded')) {
      return new ServiceUnavailable('The data store is throttling requests.', 1);
    }
  }
  return err;
}

export function toProblem(err: unknown, requestId: string, lang: Lang): { problem: Problem; headers: Record<string, string> } {
  const e = normalise(err);
  if (e instanceof AppError) {
    const titles = TITLES[e.code] ?? TITLES['rule-violation']!;
    const problem: Problem = {
      type: `https://errors.emergency.example/${e.code}`,
      title: titles[lang],
      status: e.status,
      code: e.code,
      requestId,
    };
    if (e.status < 500) problem.detail = e.message;
    if (e.errors?.length) problem.errors = e.errors;
    return { problem, headers: e.headers };
  }
  return {
    problem: {
      type: 'https://errors.emergency.example/internal-error',
      title: TITLES['internal-error']![lang],
      status: 500,
      code: 'internal-error',
      requestId,
    },
    headers: {},
  };
}

export function problemResponse(err: unknown, requestId: string, lang: Lang): APIGatewayProxyResult {
  const { problem, headers } = toProblem(err, requestId, lang);
  return {
    statusCode: problem.status,
    headers: { 'Content-Type': 'application/problem+json', 'Content-Language': lang === 'zh' ? 'zh-CN' : 'en', ...headers },
    body: JSON.stringify(problem),
  };
}
