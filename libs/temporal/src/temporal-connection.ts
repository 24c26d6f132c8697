import * as fs from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import type { CascadeConfig } from '@cascade/config';

/** What both Connection.connect (client) and NativeConnection.connect (worker) take to reach a cluster. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
}

/**
 * The connection options of the configured cluster: its address, TLS (server CA, mTLS client pair,
 * server name) and API key. `address` overrides the configured one (the dev server `cascade start` began).
 */
export function temporalConnectionOptions(
  temporal: CascadeConfig['temporal'],
  address: string | null = temporal.address,
): TemporalConnectionOptions {
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set and no dev server was started');
  const options: TemporalConnectionOptions = { address };
  const { tls, apiKey } = temporal;
  if (tls) {
    options.tls = {
      ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
      ...(tls.caFile ? { serverRootCACertificate: fs.readFileSync(tls.caFile) } : {}),
      ...(tls.clientCertFile && tls.clientKeyFile
        ? { clientCertPair: { crt: fs.readFileSync(tls.clientCertFile), key: fs.readFileSync(tls.clientKeyFile) } }
        : {}),
    };
  }
  if (apiKey) options.apiKey = apiKey;
  return options;
}
