import type { FastifyError, FastifyInstance } from 'fastify';
import type { ApiErrorCode } from '@nianbao/shared';
import { HttpError } from './httpErrors.ts';

/**
 * A request that cannot be answered as asked; `parameter` names the query parameter at fault,
 * `details` a stable code (default invalid_parameter) and what a client needs to offer a way out.
 */
export class BadRequestError extends Error {
  constructor(readonly parameter: string, message: string, readonly details: { code?: ApiErrorCode; year?: number; years?: number[] } = {}) {
    super(`${parameter}: ${message}`);
  }
}

export class NotFoundError extends Error {}

/** The stable code of an HTTP error below 500 (HttpError and fastify's own). */
function codeOfStatus(status: number): ApiErrorCode {
  return ({ 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'too_large', 429: 'too_many_requests' } as Record<number, ApiErrorCode>)[status] ?? 'bad_request';
}

interface ValidationItem {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Which parameter a schema error is about: `/metric` → `metric`, a missing one from its params. */
function parameterOf(v: ValidationItem): string {
  if (v.keyword === 'required' && typeof v.params?.missingProperty === 'string') return v.params.missingProperty;
  return (v.instancePath ?? '').replace(/^\//, '').split('/')[0] || 'query';
}

/** Every error leaves as JSON naming its cause; only genuine bugs are 500s (and are logged). */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError & { validation?: ValidationItem[] }, req, reply) => {
    if (err.validation?.length) {
      const v = err.validation[0];
      const parameter = parameterOf(v);
      const allowed = Array.isArray(v.params?.allowedValues) && v.params.allowedValues.length <= 10 ? ` (${v.params.allowedValues.join(', ')})` : '';
      const hint = parameter === 'metric' && v.keyword === 'enum' ? ' (see GET /api/metrics)' : '';
      const got = (req.query as Record<string, unknown> | undefined)?.[parameter] ?? (req.params as Record<string, unknown> | undefined)?.[parameter];
      const message = `invalid ${err.validationContext ?? 'request'} parameter "${parameter}"${got !== undefined ? ` = ${JSON.stringify(got)}` : ''}: ${v.message}${allowed}${hint}`;
      return reply.code(400).send({ statusCode: 400, error: 'Bad Request', code: 'invalid_parameter', message, parameter });
    }
    if (err instanceof BadRequestError) {
      const { code = 'invalid_parameter', ...details } = err.details;
      return reply.code(400).send({ statusCode: 400, error: 'Bad Request', code, message: err.message, parameter: err.parameter, ...details });
    }
    if (err instanceof NotFoundError) {
      return reply.code(404).send({ statusCode: 404, error: 'Not Found', code: 'not_found', message: err.message });
    }
    if (err.statusCode && err.statusCode < 500) {
      const error = err instanceof HttpError ? err.code : (err.code ?? 'Error');
      return reply.code(err.statusCode).send({ statusCode: err.statusCode, error, code: codeOfStatus(err.statusCode), message: err.message });
    }
    req.log.error(err);
    return reply.code(500).send({ statusCode: 500, error: 'Internal Server Error', code: 'internal', message: 'internal error' });
  });
}
