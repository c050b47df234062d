import { type Actor, assertAllowed } from '../../access/access.ts';
import { InvalidFundError } from '../../errors.ts';
import type { FundSettings } from '../../ports/fund-settings.ts';
import type { LedgerDeps } from '../../ports/ledger-store.ts';
import { requireFund } from '../common/read.ts';
import { updateFundSettingsAccess } from './access.ts';
import { fundSettingsInput } from './input.ts';

type SettingsDeps = Pick<LedgerDeps, 'store'>;

/** What a fund that never saved settings does: remind on the due date, then weekly. */
export const DEFAULT_FUND_SETTINGS: FundSettings = { reminders: { onDueDate: true, everyDays: 7 } };

/** A fund's settings, or the defaults when none were saved. Public: donors read the contact. */
export async function readFundSettings(deps: SettingsDeps, fundId: string): Promise<FundSettings> {
  const saved = await deps.store.settings.get(fundId);
  return saved ? settingsOf(saved.value) : structuredClone(DEFAULT_FUND_SETTINGS);
}

/**
 * A treasurer or administrator replaces the fund's settings. Bad input throws InvalidFundError
 * listing every problem, before anything is written; a concurrent save throws
 * RecordConflictError rather than silently losing one of the two.
 */
export async function updateFundSettings(
  deps: SettingsDeps,
  actor: Actor,
  fundId: string,
  input: unknown,
): Promise<FundSettings> {
  assertAllowed(updateFundSettingsAccess, actor, { fundId });
  const parsed = fundSettingsInput.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.') || '(body)',
      message: issue.message,
    }));
    throw new InvalidFundError(
      `Some settings are not valid: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      problems,
    );
  }
  await requireFund(deps, fundId);
  const settings: FundSettings = {
    ...(parsed.data.cashContact ? { cashContact: parsed.data.cashContact } : {}),
    reminders: parsed.data.reminders ?? { ...DEFAULT_FUND_SETTINGS.reminders },
  };
  const saved = await deps.store.settings.get(fundId);
  await deps.store.settings.save(fundId, settings, saved?.version ?? 0);
  return settings;
}

/** Settings saved before a field existed get that field's default. */
function settingsOf(saved: Partial<FundSettings>): FundSettings {
  return {
    ...(saved.cashContact ? { cashContact: saved.cashContact } : {}),
    reminders: { ...DEFAULT_FUND_SETTINGS.reminders, ...saved.reminders },
  };
}
