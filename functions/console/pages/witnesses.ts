import {
  addWitness,
  assertAllowed,
  InvalidWitnessError,
  listAllForkReports,
  listWitnesses,
  manageWitnessesAccess,
  witnessInput,
} from '@soquy/ledger';
import {
  type FieldsState,
  type Lang,
  redirect,
  type WitnessTextKey,
  witnessesPage,
  wt,
} from '@soquy/web';
import type { ZodError } from 'zod';
import { fieldsOf, type SignedInContext, type SignedInPage, show } from '../context.ts';

/**
 * The witnesses page: the registered witnesses, the command that prints a key, the form, and
 * what witnesses reported (fork reports of every fund, proven first).
 */
async function renderWitnesses(
  context: SignedInContext,
  extra: { status?: number; flash?: string; form?: FieldsState } = {},
) {
  // Administrators only; anyone else gets the console's 403 page.
  assertAllowed(manageWitnessesAccess, context.event.actor, {});
  const { lang } = context;
  const [witnesses, forkReports] = await Promise.all([
    listWitnesses(context.deps),
    listAllForkReports(context.deps),
  ]);
  return show(
    context,
    extra.status ?? 200,
    wt(lang, 'witnesses'),
    witnessesPage(lang, {
      witnesses,
      forkReports,
      csrf: context.session.csrf,
      baseUrl: context.baseUrl,
      form: extra.form ?? { values: {}, errors: {} },
      ...(extra.flash ? { flash: extra.flash } : {}),
    }),
  );
}

/** GET /console/witnesses[?done=1]. */
export const witnessesPageRoute: SignedInPage = async (context) =>
  renderWitnesses(context, {
    ...(context.event.queryStringParameters?.done ? { flash: wt(context.lang, 'done') } : {}),
  });

/**
 * What a refused field says, in the page's language: the input schema's problems and the
 * operation's refusals each get one sentence a person can act on.
 */
const LABEL_PROBLEMS: [RegExp, WitnessTextKey][] = [
  [/^is required/, 'labelRequired'],
  [/^must be one line/, 'labelOneLine'],
  [/^must be at most/, 'labelTooLong'],
  [/^is published/, 'labelPersonal'],
];

function fieldErrors(lang: Lang, error: ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'vkey');
    if (errors[field]) continue;
    const key: WitnessTextKey =
      field === 'vkey'
        ? issue.code === 'too_small'
          ? 'vkeyRequired'
          : 'vkeyMalformed'
        : (LABEL_PROBLEMS.find(([pattern]) => pattern.test(issue.message))?.[1] ?? 'invalid');
    errors[field] = wt(lang, key);
  }
  return errors;
}

/** The operation's refusal of a well-formed key: a log key, or a key id that does not match. */
const refusedKey = (lang: Lang, error: InvalidWitnessError) =>
  wt(
    lang,
    /^A witness key must be a cosignature/.test(error.message) ? 'vkeyLogKey' : 'vkeyInvalid',
  );

/** POST /console/witnesses: registers a witness; a refused form is shown again, nothing written. */
export const addWitnessForm: SignedInPage = async (context) => {
  const { actor } = context.event;
  assertAllowed(manageWitnessesAccess, actor, {});
  const fields = fieldsOf(context);
  const values = { vkey: fields.vkey ?? '', label: fields.label ?? '' };
  const parsed = witnessInput.safeParse(values);
  if (!parsed.success) {
    return renderWitnesses(context, {
      status: 400,
      form: { values, errors: fieldErrors(context.lang, parsed.error) },
    });
  }
  try {
    await addWitness(context.deps, parsed.data, actor);
  } catch (error) {
    if (!(error instanceof InvalidWitnessError)) throw error;
    return renderWitnesses(context, {
      status: 400,
      form: { values, errors: { vkey: refusedKey(context.lang, error) } },
    });
  }
  return redirect(`/console/witnesses?done=1${context.lang === 'en' ? '&lang=en' : ''}`);
};
