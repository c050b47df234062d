/**
 * Adapters for the bank: statement files (statements/) and gateway notifications (gateways/),
 * each turned into the core's IncomingBankLine.
 */
export * from './gateways/index.ts';
export * from './statements/index.ts';
