/**
 * The transparency log as a reader sees it: the static checkpoint at
 * `/funds/{fundId}/log/checkpoint`, signed by the local export publisher within a second or so of
 * a write. Polls until the checkpoint covers `size` entries and answers its note.
 */
export async function waitForCheckpoint(
  baseUrl: string,
  fundId: string,
  size: number,
  timeoutMs = 15_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '(none)';
  while (Date.now() < deadline) {
    const response = await fetch(`${baseUrl}/funds/${fundId}/log/checkpoint`);
    const text = await response.text();
    if (response.status === 200) {
      last = text;
      const signed = Number(text.split('\n')[1]);
      if (signed >= size) return text;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `No checkpoint of size ${size} or more for fund ${fundId} after ${timeoutMs} ms; last seen:\n${last}`,
  );
}
