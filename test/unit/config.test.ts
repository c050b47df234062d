import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../functions/shared/config.ts';
import { startFunction } from '../../functions/shared/runtime.ts';

const tables = { JOURNAL_TABLE: 'soquy-journal', STATE_TABLE: 'soquy-state' };

describe('configuration read once at start', () => {
  it('names every missing variable in one error, for the parts the function asked for', () => {
    // Act
    const attempt = () => loadConfig({ STATE_TABLE: 'soquy-state' }, ['evidence', 'signIn']);
    // Assess
    expect(attempt).toThrow(ConfigError);
    const problems = (() => {
      try {
        attempt();
      } catch (error) {
        return (error as ConfigError).problems.join('\n');
      }
      return '';
    })();
    expect(problems).toMatch(/JOURNAL_TABLE/);
    expect(problems).toMatch(/EVIDENCE_BUCKET, or EVIDENCE_DIR and LOCAL_EVIDENCE_KEY/);
    expect(problems).toMatch(
      /USER_POOL_ID and USER_POOL_CLIENT_ID and COGNITO_DOMAIN, or DEV_JWT_KEY/,
    );
    expect(problems).not.toMatch(/STRIPE/);
  });

  it('fills the documented defaults and keeps only what it checked', () => {
    // Act
    const config = loadConfig({ ...tables, EVIDENCE_BUCKET: 'evidence', UNRELATED: 'x' }, [
      'evidence',
    ]);
    // Assess
    expect(config).toEqual({
      ...tables,
      AWS_REGION: 'ap-southeast-1',
      LOG_LEVEL: 'info',
      CHECKOUT_ORIGIN: 'https://checkout.stripe.com',
      evidence: { EVIDENCE_BUCKET: 'evidence' },
    });
  });

  it('refuses to start a function, not its first request, when a variable is missing', () => {
    expect(() => startFunction(['stripe'], { ...tables })).toThrow(/stripe: set STRIPE_SECRET_ID/);
    expect(() => startFunction([], { STATE_TABLE: 'x' })).toThrow(/JOURNAL_TABLE/);
  });
});
