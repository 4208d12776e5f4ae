// The one error mapper: named errors to RFC 9457 problem+json, throttling to 503, and nothing internal in a 5xx body.
import {
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  type AppError,
  ConcurrentModification,
  Forbidden,
  IdempotencyKeyReused,
  InvalidCursor,
  InvalidTransition,
  MalformedJson,
  MethodNotAllowed,
  NotFound,
  NotInJurisdiction,
  PayloadTooLarge,
  PreconditionFailed,
  PreconditionRequired,
  RouteNotFound,
  RuleViolation,
  ServiceUnavailable,
  Unauthenticated,
  UnsupportedMediaType,
  ValidationFailed,
} from '../../shared/errors.ts';
import { languageOf, problemResponse, toProblem } from '../../shared/http/problem.ts';

const REQUEST_ID = 'req-0001';
const $metadata = {};

const NAMED_ERRORS: [AppError, number, string][] = [
  [new ValidationFailed('bad body'), 400, 'validation-failed'],
  [new MalformedJson('bad json'), 400, 'malformed-json'],
  [new InvalidCursor('bad cursor'), 400, 'invalid-cursor'],
  [new Unauthenticated('no token'), 401, 'unauthenticated'],
  [new Forbidden('wrong role'), 403, 'forbidden-role'],
  [new NotInJurisdiction('not yours'), 403, 'not-in-jurisdiction'],
  [new NotFound('no plan'), 404, 'not-found'],
  [new RouteNotFound('no route'), 404, 'route-not-found'],
  [new MethodNotAllowed('no DELETE', ['GET', 'PUT']), 405, 'method-not-allowed'],
  [new ConcurrentModification('changed'), 409, 'concurrent-modification'],
  [new InvalidTransition('not now'), 409, 'invalid-transition'],
  [new PreconditionFailed('stale'), 412, 'precondition-failed'],
  [new PayloadTooLarge('too big'), 413, 'payload-too-large'],
  [new UnsupportedMediaType('xml'), 415, 'unsupported-media-type'],
  [new RuleViolation('parent-not-superior', 'parent below child'), 422, 'parent-not-superior'],
  [new IdempotencyKeyReused('other body'), 422, 'idempotency-key-reused'],
  [new PreconditionRequired('If-Match'), 428, 'precondition-required'],
  [new ServiceUnavailable('busy', 3), 503, 'service-unavailable'],
];

describe('toProblem', () => {
  it.each(NAMED_ERRORS.map(([error, status, code]) => [error.name, error, status, code] as const))('maps %s to %i %s', (_name, error, status, code) => {
    const { problem } = toProblem(error, REQUEST_ID, 'en');

    expect(problem).toMatchObject({ status, code, type: `https://errors.emergency.example/${code}`, requestId: REQUEST_ID });
    // Each named error has titles of its own in both languages; only rule violations share the family title.
    const zh = toProblem(error, REQUEST_ID, 'zh').problem;
    expect(zh.title).not.toBe(problem.title);
    if (!(error instanceof RuleViolation)) expect(problem.title).not.toBe('A rule of the emergency response system forbids this');
    // Client errors explain themselves; server errors do not.
    if (status < 500) expect(problem.detail).toBe(error.message);
    else expect(problem.detail).toBeUndefined();
  });

  it('titles in English by default and in Chinese for a zh-CN caller', () => {
    const en = toProblem(new InvalidTransition('x'), REQUEST_ID, languageOf(undefined)).problem;
    const zh = toProblem(new InvalidTransition('x'), REQUEST_ID, languageOf('zh-CN,zh;q=0.9')).problem;

    expect(en.title).toBe('Not allowed in the current state');
    expect(zh.title).toBe('当前状态下不允许此操作');
  });

  it('gives every rule violation the rule-violation title while keeping its own code', () => {
    const { problem } = toProblem(new RuleViolation('drill-in-future', 'later'), REQUEST_ID, 'zh');
    expect(problem).toMatchObject({ code: 'drill-in-future', status: 422, title: '违反突发事件应对管理规定' });
  });

  it('carries field errors in errors', () => {
    const errors = [
      { path: 'body.responseLevels', message: 'define at least one of I, II, III, IV' },
      { path: 'body.title', message: 'required' },
    ];
    expect(toProblem(new ValidationFailed('invalid', errors), REQUEST_ID, 'en').problem.errors).toEqual(errors);
    expect(toProblem(new ValidationFailed('invalid'), REQUEST_ID, 'en').problem.errors).toBeUndefined();
  });
});

describe('languageOf', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9', 'zh'],
    ['zh-Hans-CN', 'zh'],
    ['ZH-TW', 'zh'],
    // French is preferred but not spoken here; of the languages we speak, Chinese is the one asked for.
    ['fr-FR, zh;q=0.5', 'zh'],
    ['zh;q=0.1, en', 'en'],
    ['en;q=0.3, zh-CN;q=0.8', 'zh'],
    ['zh;q=0', 'en'],
  ])('reads %s as %s', (header, lang) => {
    expect(languageOf(header)).toBe(lang);
  });
});

describe('problemResponse', () => {
  it('answers an unknown error with 500 internal-error and nothing of its message or stack', () => {
    // Prepare: an internal error whose message names a person (the kind of thing that must not leak)
    const secret = 'ID 110105199001011234 failed AKIAEXAMPLESECRET';
    const error = new Error(`lookup of ${secret}`);

    // Act
    const response = problemResponse(error, REQUEST_ID, 'en');

    // Assess
    expect(response.statusCode).toBe(500);
    expect(response.headers).toMatchObject({ 'Content-Type': 'application/problem+json', 'Content-Language': 'en' });
    expect(JSON.parse(response.body)).toEqual({
      type: 'https://errors.emergency.example/internal-error',
      title: 'Internal error',
      status: 500,
      code: 'internal-error',
      requestId: REQUEST_ID,
    });
    expect(response.body).not.toContain('110105199001011234');
    expect(response.body).not.toContain('AKIAEXAMPLESECRET');
    expect(response.body).not.toContain('lookup of');
    expect(response.body).not.toContain('problem.test.ts');
    expect(response.body).not.toContain(' at ');
  });

  it('answers a thrown non-Error with 500 internal-error', () => {
    const response = problemResponse('a string with secret 42', REQUEST_ID, 'zh');
    expect(response.statusCode).toBe(500);
    expect(response.headers).toMatchObject({ 'Content-Language': 'zh-CN' });
    expect(JSON.parse(response.body)).toMatchObject({ code: 'internal-error', title: '内部错误' });
    expect(response.body).not.toContain('secret');
  });

  it.each([
    ['ThrottlingException', new ThrottlingException({ message: 'Rate exceeded for table t', $metadata })],
    ['ProvisionedThroughputExceededException', new ProvisionedThroughputExceededException({ message: 'Throughput exceeded on t', $metadata })],
    ['RequestLimitExceeded', new RequestLimitExceeded({ message: 'Account limit', $metadata })],
    [
      'TransactionCanceledException with a ThrottlingError reason',
      new TransactionCanceledException({ message: 'Transaction cancelled [None, ThrottlingError]', $metadata, CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }] }),
    ],
    [
      'TransactionCanceledException with a ProvisionedThroughputExceeded reason',
      new TransactionCanceledException({ message: 'Transaction cancelled', $metadata, CancellationReasons: [{ Code: 'ProvisionedThroughputExceeded' }] }),
    ],
  ])('answers %s with 503 and Retry-After', (_what, error) => {
    const response = problemResponse(error, REQUEST_ID, 'en');

    expect(response.statusCode).toBe(503);
    expect(response.headers?.['Retry-After']).toMatch(/^[1-9]\d*$/);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'service-unavailable', status: 503, title: 'Busy; try again shortly' });
    expect(response.body).not.toContain(error.message);
  });

  it('does not treat a transaction cancelled by a failed condition as throttling', () => {
    const error = new TransactionCanceledException({ message: 'Transaction cancelled', $metadata, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] });
    const response = problemResponse(error, REQUEST_ID, 'en');
    expect(response.statusCode).toBe(500);
    expect(response.headers?.['Retry-After']).toBeUndefined();
  });

  it('passes on the headers an error carries', () => {
    const response = problemResponse(new MethodNotAllowed('no DELETE', ['GET', 'PUT']), REQUEST_ID, 'en');
    expect(response.statusCode).toBe(405);
    expect(response.headers).toMatchObject({ Allow: 'GET, PUT', 'Content-Type': 'application/problem+json' });
  });

  it('writes the Chinese title and Content-Language for a zh-CN caller', () => {
    const response = problemResponse(new NotFound('No plan p-1.'), REQUEST_ID, languageOf('zh-CN,zh;q=0.9'));
    expect(response.headers).toMatchObject({ 'Content-Language': 'zh-CN' });
    expect(JSON.parse(response.body)).toMatchObject({ title: '未找到', detail: '未找到预案：p-1。', status: 404 });
  });
});
