/** Reading a Server-Sent Events body in tests (the upload progress stream). */

/** The events of a Server-Sent Events body, each with its name (`message` when unnamed) and its data lines joined. */
export function sseEvents(text: string): { event: string; data: string }[] {
  return text
    .split('\n\n')
    .filter((block) => block.includes('data:'))
    .map((block) => {
      const lines = block.split('\n');
      return { event: lines.find((l) => l.startsWith('event:'))?.slice(6).trim() ?? 'message', data: lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n') };
    });
}
