import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigurationError } from './errors.ts';

/** Environment variables the observatory reads, validated once at start. */
const environmentSchema = z.object({
  OBSERVATORY_DB: z.string().min(1).default('.observatory/observatory.duckdb'),
  OBSERVATORY_PARTNERSHIP: z.string().min(1).default('datasets/chorley-south-ribble'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  // Loopback only until sign-in exists: exposing partner data needs an explicit choice.
  HOST: z.string().min(1).default('127.0.0.1'),
  OBSERVATORY_PSEUDONYM_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  OBSERVATORY_PSEUDONYM_KEY_FILE: z.string().min(1).optional(),
  OBSERVATORY_USER: z.string().min(1).optional(),
  /** A bearer token the CLI sends when it hands a change (a risk review) to a running server. */
  OBSERVATORY_TOKEN: z.string().min(1).optional(),
  // Host names the server answers (DNS rebinding defence); HOST is added when it is a name or address other than 0.0.0.0/::.
  OBSERVATORY_ALLOWED_HOSTS: z
    .string()
    .regex(/^[A-Za-z0-9.:\[\]-]+(,[A-Za-z0-9.:\[\]-]+)*$/, 'must be host names separated by commas')
    .default('localhost,127.0.0.1'),
  OBSERVATORY_UPLOAD_LIMIT_BYTES: z.coerce.number().int().positive().default(2 * 1024 ** 3),
  OBSERVATORY_AUDIT_RETENTION_DAYS: z.coerce.number().int().positive().default(400),
  OBSERVATORY_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(8),
});

export type ObservatoryConfig = {
  databasePath: string;
  partnershipDir: string;
  port: number;
  host: string;
  pseudonymKey: string | undefined;
  pseudonymKeyFile: string | undefined;
  user: string;
  /** OBSERVATORY_TOKEN: the bearer token the CLI sends to a running server, or null. */
  token: string | null;
  /** Host names (without port) the server answers. */
  allowedHosts: string[];
  uploadLimitBytes: number;
  auditRetentionDays: number;
  sessionHours: number;
};

/** Reads and validates the configuration from an environment (process.env by default). */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): ObservatoryConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'environment');
    throw new ConfigurationError(`${issue?.message ?? 'invalid value'}`, { field });
  }
  const env = parsed.data;
  return {
    databasePath: resolve(env.OBSERVATORY_DB),
    partnershipDir: resolve(env.OBSERVATORY_PARTNERSHIP),
    port: env.PORT,
    host: env.HOST,
    pseudonymKey: env.OBSERVATORY_PSEUDONYM_KEY,
    pseudonymKeyFile: env.OBSERVATORY_PSEUDONYM_KEY_FILE,
    user: env.OBSERVATORY_USER ?? environment.USER ?? 'unknown',
    token: env.OBSERVATORY_TOKEN ?? null,
    allowedHosts: [
      ...new Set([
        ...env.OBSERVATORY_ALLOWED_HOSTS.split(',').map((h) => h.toLowerCase()),
        ...(['0.0.0.0', '::'].includes(env.HOST) ? [] : [env.HOST.toLowerCase()]),
      ]),
    ],
    uploadLimitBytes: env.OBSERVATORY_UPLOAD_LIMIT_BYTES,
    auditRetentionDays: env.OBSERVATORY_AUDIT_RETENTION_DAYS,
    sessionHours: env.OBSERVATORY_SESSION_HOURS,
  };
}
