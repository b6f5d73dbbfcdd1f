/** The API contract: every response's schema, for the server, the web app and the tests. */
export * from './common.ts';
export * from './indicators.ts';
export * from './areas.ts';
export * from './multi-agency.ts';
export * from './health.ts';
export * from './agreements.ts';
export * from './partners.ts';
export * from './users.ts';
export * from './audit.ts';
export * from './extracts.ts';
export * from './datasets.ts';
export * from './serious-violence.ts';
export * from './interventions.ts';
export * from './boards.ts';
