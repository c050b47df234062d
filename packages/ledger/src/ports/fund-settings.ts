import type { Versioned } from '../primitives/records.ts';

/** Whom a cash donor pays, where and when: shown on the cash pledge's result and its page. */
export interface CashContact {
  name: string;
  phone: string;
  place: string;
  hours: string;
}

/** When donors with an unpaid pledge are reminded. */
export interface ReminderSettings {
  /** A reminder on the pledge's due date. */
  onDueDate: boolean;
  /** Then again every this many days while unpaid; 0 = no repeats. */
  everyDays: number;
}

/** A fund's settings a treasurer keeps: not money, so kept beside the journal, not in it. */
export interface FundSettings {
  cashContact?: CashContact;
  reminders: ReminderSettings;
}

/** Where a fund's settings are kept (the State table in AWS). */
export interface FundSettingsRepository {
  get(fundId: string): Promise<Versioned<FundSettings> | undefined>;
  /** Throws RecordConflictError if the version moved since it was read (0 = not there yet). */
  save(fundId: string, settings: FundSettings, expectedVersion: number): Promise<void>;
}
