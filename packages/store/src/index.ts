export * from './client.ts';
export * from './errors.ts';
export * from './ledger-store.ts';
export * from './schema.ts';
