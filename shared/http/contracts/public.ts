// API contract of public disclosure: releases, active warnings as JSON, CAP 1.2 documents and the Atom feed (no token).
import * as z from 'zod/mini';
import { meta } from '../../schema.ts';
import { divisionCode, pageOf, pageQuery } from './common.ts';
import { releaseView } from './response.ts';
import { defineRoutes } from './routing.ts';
import { warningFields } from './warnings.ts';

export const publicListQuery = z.lazy(() => z.strictObject({ division: z.optional(divisionCode), ...pageQuery() }));

/** `/v1/public/warnings/{warningFile}` where the file is `<warningId>.cap` (API Gateway allows no partial variables). */
export const capFileParams = z.lazy(() => z.strictObject({ warningFile: z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}\.cap$/, 'cap-file')) }));
export const releasePage = z.lazy(() => meta(pageOf(releaseView), { id: 'ReleasePage' }));
/** The public face of a warning: the Art 64 fields and a link to its CAP document. */
export const publicWarningView = z.lazy(() => z.strictObject({ ...warningFields(), cap: z.string() })).register(z.globalRegistry, { id: 'PublicWarning' });
export const publicWarningPage = z.lazy(() => meta(pageOf(publicWarningView), { id: 'PublicWarningPage' }));

export const publicRoutes = defineRoutes({
  publicReleases: {
    method: 'GET', path: '/v1/public/releases', fn: 'public', auth: 'public', summary: 'Public information releases, newest first',
    query: publicListQuery, response: { status: 200, schema: releasePage },
  },
  publicWarnings: {
    method: 'GET', path: '/v1/public/warnings', fn: 'public', auth: 'public', summary: 'Active warnings',
    query: publicListQuery, response: { status: 200, schema: publicWarningPage },
  },
  publicWarningsFeed: {
    method: 'GET', path: '/v1/public/warnings.cap', fn: 'public', auth: 'public', summary: 'Active warnings as CAP 1.2 alerts in an Atom feed',
    response: { status: 200, contentType: 'application/atom+xml' },
  },
  publicWarningCap: {
    method: 'GET', path: '/v1/public/warnings/{warningFile}', fn: 'public', auth: 'public', summary: 'One warning as CAP 1.2 XML (`<warningId>.cap`)',
    params: capFileParams, response: { status: 200, contentType: 'application/cap+xml' },
  },
});
