/**
 * Vietnam is UTC+7 all year (no daylight saving), so its days and months are fixed-offset ones.
 * Every "which day / which month" question in soquy is answered here.
 */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

const shifted = (instant: string) => new Date(Date.parse(instant) + VIETNAM_OFFSET_MS);

/** The month of an instant in Vietnam time, YYYY-MM. */
export function monthOf(instant: string): string {
  return shifted(instant).toISOString().slice(0, 7);
}

/** The date of an instant in Vietnam time, YYYY-MM-DD. */
export function vietnamDate(instant: string): string {
  return shifted(instant).toISOString().slice(0, 10);
}

/** A calendar date (YYYY-MM-DD, as <input type="date"> sends it) as midnight in Vietnam, in UTC. */
export function vietnamMidnight(date: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const time = Date.parse(`${date}T00:00:00+07:00`);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
