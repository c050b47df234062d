export * from './api.ts';
export * from './auth.ts';
export * from './errors.ts';
export * from './fields.ts';
export * from './middlewares.ts';
export * from './multipart.ts';
export * from './session.ts';
