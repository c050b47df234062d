export * from './banks.ts';
export * from './errors.ts';
export * from './payload.ts';
export * from './svg.ts';
