import { CognitoStaffDirectory, DevStaffDirectory } from '@soquy/http';
import type { StaffDirectory } from '@soquy/ledger';
import { part } from './config.ts';
import type { FunctionRuntime } from './runtime.ts';

/**
 * Who works on which fund: Cognito's user pool in AWS (its admin API), the local dev users'
 * file otherwise. The function must have asked for the `staff` part of the configuration.
 */
export function staffDirectory(runtime: Pick<FunctionRuntime, 'config'>): StaffDirectory {
  const settings = part(runtime.config, 'staff');
  if ('USER_POOL_ID' in settings) {
    return CognitoStaffDirectory.create({
      userPoolId: settings.USER_POOL_ID,
      region: runtime.config.AWS_REGION,
      ...(settings.COGNITO_ENDPOINT ? { endpoint: settings.COGNITO_ENDPOINT } : {}),
    });
  }
  return new DevStaffDirectory(settings.DEV_USERS_FILE);
}

/** The local dev users' file, where the dev sign-in finds them; undefined in AWS. */
export function devUsersFile(runtime: Pick<FunctionRuntime, 'config'>): string | undefined {
  const settings = part(runtime.config, 'staff');
  return 'DEV_USERS_FILE' in settings ? settings.DEV_USERS_FILE : undefined;
}
