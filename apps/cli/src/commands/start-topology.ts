import { ConfigError } from '@cascade/config';

/** How many processes `cascade start` runs of each app, and where the system is reached. */
export interface StartTopology {
  /** CASCADE_WORKERS: worker processes polling the task queue (default 1). */
  workers: number;
  /** CASCADE_API_PORTS: one API process per port, comma-separated (default PORT alone). */
  apiPorts: number[];
  /** CASCADE_PUBLIC_URL: the address users open, e.g. a load balancer in front of the APIs (default the first API). */
  publicUrl: string;
}

const MAX_PROCESSES = 16;

/** Reads the process topology of `cascade start` (the production topology on one machine: scripts/cluster/start.sh). */
export function readStartTopology(env: Record<string, string | undefined>, port: number): StartTopology {
  const rawWorkers = env.CASCADE_WORKERS || '1';
  if (!/^\d{1,2}$/.test(rawWorkers) || Number(rawWorkers) < 1 || Number(rawWorkers) > MAX_PROCESSES)
    throw new ConfigError('CASCADE_WORKERS', `must be a whole number from 1 to ${MAX_PROCESSES}, got "${rawWorkers}"`);
  const rawPorts = env.CASCADE_API_PORTS || String(port);
  const apiPorts = rawPorts.split(',').map((part) => part.trim());
  const bad = apiPorts.find((p) => !/^\d{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65535);
  if (bad !== undefined || apiPorts.length > MAX_PROCESSES)
    throw new ConfigError('CASCADE_API_PORTS', `must list 1 to ${MAX_PROCESSES} port numbers, got "${rawPorts}"`);
  if (new Set(apiPorts).size !== apiPorts.length)
    throw new ConfigError('CASCADE_API_PORTS', `lists a port twice: "${rawPorts}"`);
  const publicUrl = (env.CASCADE_PUBLIC_URL || `http://127.0.0.1:${apiPorts[0]}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+$/.test(publicUrl))
    throw new ConfigError('CASCADE_PUBLIC_URL', `must be http(s)://host[:port], got "${publicUrl}"`);
  return { workers: Number(rawWorkers), apiPorts: apiPorts.map(Number), publicUrl };
}
