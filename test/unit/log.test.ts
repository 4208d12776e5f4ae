// The platform's logger: under Lambda's JSON log format it hands the runtime one structured object per call (the
// runtime adds timestamp, level and request id); elsewhere it writes the same record as one JSON line itself.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Logger, logContext } from '../../shared/log.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('under Lambda (AWS_LAMBDA_LOG_FORMAT=JSON)', () => {
  const lambda = { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: 'INFO' };

  it('passes the message, service, invocation keys and fields as one object to the console method of the level', () => {
    // Prepare
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const log = new Logger({ service: 'plans', env: lambda });
    log.appendKeys({ requestId: 'api-1', route: 'GET /v1/plans' });

    // Act
    log.info('request refused', { code: 'not-found', status: 404 });
    log.error('request failed', { code: 'internal-error', status: 500 });

    // Assess
    expect(info).toHaveBeenCalledExactlyOnceWith({ message: 'request refused', service: 'plans', requestId: 'api-1', route: 'GET /v1/plans', code: 'not-found', status: 404 });
    expect(error).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ message: 'request failed', code: 'internal-error' }));
  });

  it('drops calls below the application log level', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const log = new Logger({ service: 'plans', env: { ...lambda, AWS_LAMBDA_LOG_LEVEL: 'WARN' } });

    log.info('request refused');
    log.warn('alert not published');

    expect(info).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledOnce();
  });
});

describe('outside Lambda', () => {
  it('writes one JSON line with timestamp and level, INFO to stdout and WARN and above to stderr', () => {
    // Prepare
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const log = new Logger({ service: 'outbox-relay', env: { LOG_LEVEL: 'INFO' } });

    // Act
    log.info('filing sweep progress', { checked: 3 });
    log.warn('alert not published', { eventId: 'e-1' });

    // Assess
    const line = JSON.parse(String(out.mock.calls[0]![0]));
    expect(line).toEqual({ timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), level: 'INFO', message: 'filing sweep progress', service: 'outbox-relay', checked: 3 });
    expect(JSON.parse(String(err.mock.calls[0]![0]))).toMatchObject({ level: 'WARN', eventId: 'e-1' });
  });

  it('writes nothing at level SILENT', () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    new Logger({ service: 'plans', env: { POWERTOOLS_LOG_LEVEL: 'SILENT' } }).error('request failed');
    expect(out).not.toHaveBeenCalled();
  });
});

describe('logContext', () => {
  it("starts each invocation without the previous one's keys", async () => {
    // Prepare
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const log = new Logger({ service: 'plans', env: { AWS_LAMBDA_LOG_FORMAT: 'JSON' } });
    log.appendKeys({ requestId: 'first' });
    const before = logContext(log).before!;

    // Act
    await before({ event: {}, context: { awsRequestId: 'lambda-2' }, response: undefined, error: undefined, internal: {} } as never);
    log.info('second');

    // Assess
    expect(info.mock.calls[0]![0]).not.toHaveProperty('requestId');
  });
});
