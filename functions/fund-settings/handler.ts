import { json } from '@soquy/http';
import {
  fundPath,
  fundSettingsInput,
  readFundSettings,
  updateFundSettings,
  updateFundSettingsAccess,
} from '@soquy/ledger';
import { byRoute } from '../shared/by-route.ts';
import { startFunction } from '../shared/runtime.ts';

/**
 * A fund's settings for its treasurers and administrators: the cash contact donors see and the
 * reminder schedule. Kept in State beside the journal; this function never touches the journal.
 */
const runtime = startFunction();

/** GET /funds/{fundId}/settings: what is saved, or the defaults. */
const readSettings = runtime
  .api({
    name: 'read-fund-settings',
    operation: updateFundSettingsAccess,
    input: { path: fundPath },
  })
  .handler(async (event) =>
    json(200, await readFundSettings(runtime.deps, event.input.path.fundId)),
  );

/** POST /funds/{fundId}/settings: replaces the settings; a refused body writes nothing. */
const saveSettings = runtime
  .api({
    name: 'update-fund-settings',
    operation: updateFundSettingsAccess,
    input: { path: fundPath, body: fundSettingsInput },
  })
  .handler(async (event) =>
    json(
      200,
      await updateFundSettings(
        runtime.deps,
        event.actor,
        event.input.path.fundId,
        event.input.body,
      ),
    ),
  );

export const handler = byRoute({
  'GET /funds/{fundId}/settings': readSettings,
  'POST /funds/{fundId}/settings': saveSettings,
});
