// Imported first by the local entry points: quiet defaults set before any module builds its logger.
process.env['POWERTOOLS_LOG_LEVEL'] ??= 'WARN';
process.env['POWERTOOLS_METRICS_DISABLED'] ??= 'true';
process.env['AWS_REGION'] ??= 'cn-north-1';
export {};
