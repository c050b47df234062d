import { InvalidPeriodError } from '@soquy/ledger';
import { htmlPage, type Lang, layout, pathOf, periodErrorPage, statementText } from '@soquy/web';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

/**
 * A period the page cannot read is a 400 page saying what is wrong and what to write, never a
 * silent fallback to another period. Other errors go on to the page middleware.
 */
export async function orPeriodError<T>(
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  lang: Lang,
  fundId: string,
  render: () => Promise<T>,
) {
  try {
    return await render();
  } catch (error) {
    if (!(error instanceof InvalidPeriodError)) throw error;
    return htmlPage(
      400,
      layout({
        lang,
        title: statementText(lang, 'periodError'),
        path: pathOf(event),
        body: periodErrorPage(lang, fundId, error),
      }),
    );
  }
}
