export * from './client.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './settings.ts';
