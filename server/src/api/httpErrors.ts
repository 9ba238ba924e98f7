/** Errors with an HTTP status below 500: installErrorHandler sends them as `{ statusCode, error, message }`. */
export class HttpError extends Error {
  constructor(readonly statusCode: number, readonly code: string, message: string) {
    super(message);
  }
}

export const unauthorized = (message = 'sign in first (POST /api/session)') => new HttpError(401, 'Unauthorized', message);
export const forbidden = (message: string) => new HttpError(403, 'Forbidden', message);
export const conflict = (message: string) => new HttpError(409, 'Conflict', message);
