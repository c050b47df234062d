import type { Access } from '../../access/access.ts';

/**
 * The API's description (/openapi.json and the /docs/api page) is public: the people who
 * integrate with soquy (a ward's website, a bank gateway, a witness) read it before any account.
 */
export const readApiDescriptionAccess: Access = {
  operation: 'read-api-description',
  grants: [{ anyone: true }],
  fund: 'none',
};
