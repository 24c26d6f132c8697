import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '@cascade/config';
import { temporalConnectionOptions } from './temporal-connection';

describe('Temporal connection settings (TLS, mTLS, API key)', () => {
  let dir: string;
  let ca: string;
  let cert: string;
  let key: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-tls-'));
    [ca, cert, key] = ['ca.pem', 'client.pem', 'client.key'].map((name) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, `-----BEGIN ${name}-----\n`);
      return file;
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const base = { TEMPORAL_ADDRESS: 'cluster.example:7233' };

  it('connects in plain gRPC when nothing asks for TLS', () => {
    const config = loadConfig(base);
    expect(config.temporal.tls).toBeUndefined();
    expect(config.temporal.apiKey).toBeUndefined();
    expect(temporalConnectionOptions(config.temporal)).toEqual({ address: 'cluster.example:7233' });
  });

  it('TEMPORAL_TLS=1 alone trusts the system CAs', () => {
    const config = loadConfig({ ...base, TEMPORAL_TLS: '1' });
    expect(config.temporal.tls).toEqual({ caFile: null, clientCertFile: null, clientKeyFile: null, serverName: null });
    expect(temporalConnectionOptions(config.temporal)).toEqual({ address: 'cluster.example:7233', tls: {} });
  });

  it('reads the CA, the mTLS pair and the server name into the connection options', () => {
    const config = loadConfig({
      ...base,
      TEMPORAL_TLS_CA_FILE: ca,
      TEMPORAL_TLS_CERT_FILE: cert,
      TEMPORAL_TLS_KEY_FILE: key,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    const options = temporalConnectionOptions(config.temporal);
    expect(options.tls?.serverNameOverride).toBe('temporal.internal');
    expect(Buffer.from(options.tls?.serverRootCACertificate ?? []).toString()).toContain('ca.pem');
    expect(Buffer.from(options.tls?.clientCertPair?.crt ?? []).toString()).toContain('client.pem');
    expect(Buffer.from(options.tls?.clientCertPair?.key ?? []).toString()).toContain('client.key');
  });

  it('an API key turns TLS on and travels with every call', () => {
    const config = loadConfig({ ...base, TEMPORAL_NAMESPACE: 'cascade.a1b2c', TEMPORAL_API_KEY: 'secret-key' });
    expect(temporalConnectionOptions(config.temporal)).toEqual({
      address: 'cluster.example:7233',
      tls: {},
      apiKey: 'secret-key',
    });
  });

  it('the address the CLI started overrides the configured one', () => {
    expect(temporalConnectionOptions(loadConfig({}).temporal, '127.0.0.1:7234').address).toBe('127.0.0.1:7234');
    expect(() => temporalConnectionOptions(loadConfig({}).temporal)).toThrow(/TEMPORAL_ADDRESS is not set/);
  });

  it.each([
    [{ TEMPORAL_TLS_CA_FILE: '/nonexistent/ca.pem' }, /TEMPORAL_TLS_CA_FILE must name a readable PEM file/],
    [{ TEMPORAL_TLS_CERT_FILE: 'CERT' }, /TEMPORAL_TLS_KEY_FILE must be set too/],
    [{ TEMPORAL_TLS_KEY_FILE: 'KEY' }, /TEMPORAL_TLS_CERT_FILE must be set too/],
    [{ TEMPORAL_TLS_SERVER_NAME: 'bad name' }, /TEMPORAL_TLS_SERVER_NAME must be a host name/],
    [{ TEMPORAL_API_KEY: 'two words' }, /TEMPORAL_API_KEY must not contain spaces/],
    [{ TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: '0' }, /TEMPORAL_TLS cannot be 0/],
    [{ TEMPORAL_TLS: 'maybe' }, /TEMPORAL_TLS must be 1 or 0/],
  ])('rejects %j naming the variable', (env, message) => {
    const resolved = Object.fromEntries(
      Object.entries(env).map(([name, value]) => [name, value === 'CERT' ? cert : value === 'KEY' ? key : value]),
    );
    expect(() => loadConfig({ ...base, ...resolved })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...resolved })).toThrow(message);
  });
});
