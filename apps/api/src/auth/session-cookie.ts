import type { Request, Response } from 'express';

/** Name of the session cookie of the dashboard. */
export const SESSION_COOKIE = 'cascade_session';

/**
 * The header every state-changing request authenticated by cookie must carry. A cross-site form
 * cannot set it and a cross-site script may not without CORS, so it guards beside SameSite=Strict.
 */
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_VALUE = 'cascade';

/** The value of one cookie of a request, or null (Express does not parse the Cookie header). */
export function readCookie(request: Pick<Request, 'headers'>, name: string): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0 || part.slice(0, at).trim() !== name) continue;
    const raw = part.slice(at + 1).trim();
    try {
      return decodeURIComponent(raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw);
    } catch {
      return null;
    }
  }
  return null;
}

export function hasCsrfHeader(request: Pick<Request, 'headers'>): boolean {
  return request.headers[CSRF_HEADER] === CSRF_VALUE;
}

/**
 * Whether the browser reached us over https: directly, or through a proxy that says so. Trusting the
 * header is safe here: it can only add the Secure flag, never drop it from an https request.
 */
function overHttps(request: Request): boolean {
  return request.secure || request.headers['x-forwarded-proto'] === 'https';
}

/** HttpOnly, SameSite=Strict, Path=/, and Secure when the request came over https. */
export function setSessionCookie(request: Request, response: Response, value: string, maxAgeMs: number): void {
  response.cookie(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'strict',
    secure: overHttps(request),
    path: '/',
    maxAge: maxAgeMs,
  });
}

export function clearSessionCookie(request: Request, response: Response): void {
  response.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: overHttps(request), path: '/' });
}
