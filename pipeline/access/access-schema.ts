/**
 * Tables for people and access: users, their tokens (hashes only), browser
 * sessions and recent sign-in attempts (hashes only, so no cookie value, name or
 * address typed at sign-in is stored as it was sent), and the audit of requests.
 */
export const ACCESS_TABLES = [
  `CREATE TABLE IF NOT EXISTS observatory_user (
     name VARCHAR PRIMARY KEY,
     role VARCHAR NOT NULL,
     disabled BOOLEAN NOT NULL DEFAULT false,
     password_hash VARCHAR,
     created_at TIMESTAMP NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS access_token (
     token_id VARCHAR PRIMARY KEY,
     user_name VARCHAR NOT NULL,
     secret_hash VARCHAR NOT NULL,
     created_at TIMESTAMP NOT NULL,
     expires_on DATE
   )`,
  // A browser session: the SHA-256 of its cookie value, whose it is, until when (and, added since
  // in schema.ts, token_id: the token it was signed in with). Sign-out, disabling the user and
  // revoking that token delete it; expired ones are purged by the server.
  `CREATE TABLE IF NOT EXISTS observatory_session (
     session_hash VARCHAR NOT NULL,
     user_name VARCHAR NOT NULL,
     created_at TIMESTAMP NOT NULL,
     expires_at TIMESTAMP NOT NULL
   )`,
  // Sign-in attempts inside the rate limit's window, so a restart does not reset the limits:
  // scope 'name-failure' (a failed attempt for a user name) or 'address' (any attempt from a
  // client address); key_hash is the SHA-256 of the name (lower case) or address.
  `CREATE TABLE IF NOT EXISTS sign_in_attempt (
     attempted_at TIMESTAMP NOT NULL,
     scope VARCHAR NOT NULL,
     key_hash VARCHAR NOT NULL
   )`,
  // One row per API request that read or changed data. Datasets and partners are
  // comma-delimited with a leading and trailing comma, so a filter is one contains().
  `CREATE TABLE IF NOT EXISTS audit_event (
     occurred_at TIMESTAMP NOT NULL,
     request_id VARCHAR NOT NULL,
     actor VARCHAR NOT NULL,
     role VARCHAR NOT NULL,
     action VARCHAR NOT NULL,
     method VARCHAR NOT NULL,
     route VARCHAR NOT NULL,
     parameters VARCHAR NOT NULL,
     indicator VARCHAR,
     area VARCHAR,
     extract VARCHAR,
     period VARCHAR,
     datasets VARCHAR NOT NULL,
     partners VARCHAR NOT NULL,
     outcome INTEGER NOT NULL
   )`,
];
