/** A DynamoDB call failed for a reason that is not the client's doing. Keeps the SDK error. */
export class StoreError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}
