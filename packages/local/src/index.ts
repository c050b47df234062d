export * from './api-gateway.ts';
export * from './demo.ts';
export * from './dev-auth.ts';
export * from './dynamodb-local.ts';
export * from './errors.ts';
export * from './ports.ts';
export * from './stack.ts';
export * from './stripe-simulator.ts';
