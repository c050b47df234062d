export * from './client.ts';
export * from './errors.ts';
export * from './ledger-store.ts';
export * from './mail-log.ts';
export * from './schema.ts';
