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
});

export type ObservatoryConfig = {
  databasePath: string;
  partnershipDir: string;
  port: number;
  host: string;
  pseudonymKey: string | undefined;
  pseudonymKeyFile: string | undefined;
  user: string;
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
  };
}
