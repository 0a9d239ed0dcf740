/**
 * Who may read `/metrics`: with `SAMVAD_METRICS_TOKEN` set, only a request carrying it as a bearer
 * token; without it anyone who can reach the address, so start-up warns when that is not this
 * machine alone.
 */
import { sameSecret } from './handshake.js';

/** True when `header` is `Bearer <token>` (case-insensitive scheme), compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] !== undefined && sameSecret(match[1], token);
}

/** Whether `host` (what the server listens on) is reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The warning to log at start, or undefined when `/metrics` is protected or only local. */
export function metricsExposure(host: string, token: string | undefined): string | undefined {
  if (token !== undefined || isLoopbackHost(host)) return undefined;
  return `GET /metrics answers anyone who can reach ${host}: set SAMVAD_METRICS_TOKEN, or listen on 127.0.0.1 behind a proxy`;
}
