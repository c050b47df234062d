export * from './client.ts';
export * from './errors.ts';
export * from './event-schema.ts';
export * from './events.ts';
export * from './settings.ts';
