import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where the database lives: SQLite embedded by default, MySQL when DATABASE_URL says mysql://. */
export type DatabaseConfig = { type: 'sqlite'; database: string } | { type: 'mysql'; url: string };

/** Where uploaded files are kept and how large they may be. */
export interface StorageConfig {
  /** CASCADE_STORAGE_URL: null keeps files under `<dataDir>/files`; `s3://bucket?endpoint=…` or `file:///dir` otherwise. */
  url: string | null;
  /** CASCADE_FILE_MAX_BYTES: largest upload accepted (default 50 MB). */
  maxFileBytes: number;
  /** CASCADE_FILES_PER_DOCUMENT: most files one directive or report may carry (default 20). */
  filesPerDocument: number;
}

export const DEFAULT_STORAGE: StorageConfig = {
  url: null,
  maxFileBytes: 50 * 1024 * 1024,
  filesPerDocument: 20,
};

/** The storage settings of a configuration; hand-built configurations without them get the defaults. */
export function storageConfigOf(config: { storage?: StorageConfig }): StorageConfig {
  return config.storage ?? DEFAULT_STORAGE;
}

/**
 * How a process reaches a remote or secured Temporal cluster (TEMPORAL_TLS, TEMPORAL_TLS_CA_FILE,
 * TEMPORAL_TLS_CERT_FILE + TEMPORAL_TLS_KEY_FILE for mTLS, TEMPORAL_TLS_SERVER_NAME).
 */
export interface TemporalTlsConfig {
  /** PEM file of the CA that signed the server's certificate; null trusts the system's CAs. */
  caFile: string | null;
  /** mTLS: PEM client certificate and its private key, both or neither. */
  clientCertFile: string | null;
  clientKeyFile: string | null;
  /** Name the server's certificate must carry when it differs from the address's host. */
  serverName: string | null;
}

/** The one validated configuration of every Cascade process. */
export interface CascadeConfig {
  /** HTTP port of the API (PORT, default 3000). */
  port: number;
  /** Directory for embedded data: SQLite and the Temporal dev server (CASCADE_DATA_DIR, default ./data). */
  dataDir: string;
  database: DatabaseConfig;
  temporal: {
    /** host:port of an existing Temporal server; null means: start the provisioned dev server. */
    address: string | null;
    namespace: string;
    taskQueue: string;
    /** Port of the dev server's Web UI when Cascade starts it (TEMPORAL_UI_PORT, default 8233). */
    uiPort: number | null;
    /** TLS to the cluster; absent means plain gRPC (the dev server, a cluster on a private network). */
    tls?: TemporalTlsConfig;
    /** TEMPORAL_API_KEY: sent as a bearer token on every call (Temporal Cloud); implies TLS. */
    apiKey?: string;
  };
  /**
   * Demo mode (CASCADE_DEMO=1|0): `cascade start` seeds the reference cascade and the API serves
   * the demo tokens at GET /api/demo/tokens. Default: on with the embedded SQLite, off with MySQL.
   * Absent (hand-built configurations, tests) means off.
   */
  demo?: boolean;
  /** Absent (hand-built configurations, tests) means {@link DEFAULT_STORAGE}; see {@link storageConfigOf}. */
  storage?: StorageConfig;
  /**
   * Share (0–1) of the fair working time a forward may take from the subordinates before the review
   * warns of 层层加码 (CASCADE_SQUEEZE_WARN_PERCENT, 0–100, default 25). Absent means the default.
   */
  squeezeWarnRatio?: number;
  /**
   * Sign-in sessions of people: ended after `idleMinutes` without a request
   * (CASCADE_SESSION_IDLE_MINUTES, default 30) and `maxHours` after sign-in however active
   * (CASCADE_SESSION_MAX_HOURS, default 12). Absent means {@link DEFAULT_SESSIONS}.
   */
  sessions?: SessionConfig;
}

export interface SessionConfig {
  idleMinutes: number;
  maxHours: number;
}

export const DEFAULT_SESSIONS: SessionConfig = { idleMinutes: 30, maxHours: 12 };

/** A configuration error names the variable at fault; processes print it and exit at boot. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`配置错误 / invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function readPort(env: Env, name: string, fallback: number | null): number | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) {
    throw new ConfigError(name, `must be a port number from 1 to 65535, got "${raw}"`);
  }
  return Number(raw);
}

function readDatabase(env: Env, dataDir: string): DatabaseConfig {
  const url = env.DATABASE_URL;
  if (url === undefined || url === '') return { type: 'sqlite', database: path.join(dataDir, 'cascade.db') };
  if (/^mysql:\/\/[^/]+\/[^/?]+/.test(url)) return { type: 'mysql', url };
  const sqlite = /^sqlite:(?:\/\/)?(.+)$/.exec(url);
  if (sqlite) return { type: 'sqlite', database: sqlite[1] === ':memory:' ? ':memory:' : path.resolve(sqlite[1]) };
  throw new ConfigError(
    'DATABASE_URL',
    'must look like mysql://user:password@host:3306/database or sqlite:path/to/file.db',
  );
}

function readTemporalAddress(env: Env): string | null {
  const raw = env.TEMPORAL_ADDRESS;
  if (raw === undefined || raw === '') return null;
  if (!/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(raw)) {
    throw new ConfigError('TEMPORAL_ADDRESS', `must be host:port, got "${raw}"`);
  }
  return raw;
}

function readName(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(raw))
    throw new ConfigError(name, `may hold only letters, digits, '.', '_' and '-', got "${raw}"`);
  return raw;
}

function readFlag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|on|yes)$/i.test(raw)) return true;
  if (/^(0|false|off|no)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be 1 or 0, got "${raw}"`);
}

function readPositiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < 1)
    throw new ConfigError(name, `must be a positive whole number, got "${raw}"`);
  return Number(raw);
}

function readFile(env: Env, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  const file = path.resolve(raw);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile())
    throw new ConfigError(name, `must name a readable PEM file, got "${raw}" (not found)`);
  return file;
}

/** TLS and API key of the Temporal connection; either absent when not configured. */
function readTemporalSecurity(env: Env): { tls?: TemporalTlsConfig; apiKey?: string } {
  const caFile = readFile(env, 'TEMPORAL_TLS_CA_FILE');
  const clientCertFile = readFile(env, 'TEMPORAL_TLS_CERT_FILE');
  const clientKeyFile = readFile(env, 'TEMPORAL_TLS_KEY_FILE');
  if ((clientCertFile === null) !== (clientKeyFile === null)) {
    const missing = clientCertFile === null ? 'TEMPORAL_TLS_CERT_FILE' : 'TEMPORAL_TLS_KEY_FILE';
    throw new ConfigError(missing, 'must be set too: mTLS needs both the client certificate and its key');
  }
  const serverName = env.TEMPORAL_TLS_SERVER_NAME || null;
  if (serverName !== null && !/^[A-Za-z0-9.-]{1,253}$/.test(serverName))
    throw new ConfigError('TEMPORAL_TLS_SERVER_NAME', `must be a host name, got "${serverName}"`);
  const apiKey = env.TEMPORAL_API_KEY || undefined;
  if (apiKey !== undefined && /\s/.test(apiKey))
    throw new ConfigError('TEMPORAL_API_KEY', 'must not contain spaces or line breaks');
  const anyFile = caFile !== null || clientCertFile !== null || serverName !== null;
  // An API key travels only over TLS: Temporal Cloud refuses it in the clear, and so should we.
  const tlsOn = readFlag(env, 'TEMPORAL_TLS', anyFile || apiKey !== undefined);
  if (!tlsOn && (anyFile || apiKey !== undefined))
    throw new ConfigError('TEMPORAL_TLS', 'cannot be 0 while TLS files, a server name or an API key are set');
  return {
    ...(tlsOn ? { tls: { caFile, clientCertFile, clientKeyFile, serverName } } : {}),
    ...(apiKey !== undefined ? { apiKey } : {}),
  };
}

function readStorageUrl(env: Env): string | null {
  const raw = env.CASCADE_STORAGE_URL;
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      'CASCADE_STORAGE_URL',
      'must be s3://bucket?endpoint=http://host:9000 or file:///absolute/dir',
    );
  }
  if (url.protocol === 's3:' && url.hostname) return raw;
  if (url.protocol === 'file:' && url.pathname.length > 1) return raw;
  throw new ConfigError('CASCADE_STORAGE_URL', 'must be s3://bucket?endpoint=http://host:9000 or file:///absolute/dir');
}

function readPercent(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback / 100;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) > 100)
    throw new ConfigError(name, `must be a whole percentage from 0 to 100, got "${raw}"`);
  return Number(raw) / 100;
}

/** Reads and validates the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): CascadeConfig {
  const dataDir = path.resolve(env.CASCADE_DATA_DIR || 'data');
  const database = readDatabase(env, dataDir);
  return {
    port: readPort(env, 'PORT', 3000) as number,
    dataDir,
    database,
    temporal: {
      address: readTemporalAddress(env),
      namespace: readName(env, 'TEMPORAL_NAMESPACE', 'default'),
      taskQueue: readName(env, 'TEMPORAL_TASK_QUEUE', 'cascade'),
      uiPort: readPort(env, 'TEMPORAL_UI_PORT', 8233),
      ...readTemporalSecurity(env),
    },
    demo: readFlag(env, 'CASCADE_DEMO', database.type === 'sqlite'),
    storage: {
      url: readStorageUrl(env),
      maxFileBytes: readPositiveInt(env, 'CASCADE_FILE_MAX_BYTES', DEFAULT_STORAGE.maxFileBytes),
      filesPerDocument: readPositiveInt(env, 'CASCADE_FILES_PER_DOCUMENT', DEFAULT_STORAGE.filesPerDocument),
    },
    squeezeWarnRatio: readPercent(env, 'CASCADE_SQUEEZE_WARN_PERCENT', 25),
    sessions: {
      idleMinutes: readPositiveInt(env, 'CASCADE_SESSION_IDLE_MINUTES', DEFAULT_SESSIONS.idleMinutes),
      maxHours: readPositiveInt(env, 'CASCADE_SESSION_MAX_HOURS', DEFAULT_SESSIONS.maxHours),
    },
  };
}
