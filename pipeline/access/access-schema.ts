/**
 * Tables for people and access: users, their tokens (hashes only) and the audit
 * of requests. Sessions live in the server's memory, so no cookie value is stored.
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
