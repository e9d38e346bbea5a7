// A fetch for the `eventsource` package's `fetch` option that hands every byte through unchanged and counts the
// lines an SSE parser skips: comments (`: keepalive`) and the `retry:` directive. The tests use the counts to
// know those lines really reached the client they check.
export function countingFetch(counts) {
  return async (input, init) => {
    const res = await fetch(input, init);
    if (!res.body) {
      return res;
    }
    const decoder = new TextDecoder();
    let partial = '';
    const count = new TransformStream({
      transform(chunk, controller) {
        const lines = (partial + decoder.decode(chunk, { stream: true })).split('\n');
        partial = lines.pop();
        for (const line of lines) {
          if (line.startsWith(':')) {
            counts.comments++;
          } else if (line.startsWith('retry:')) {
            counts.retry = line.slice('retry:'.length).trim();
          }
        }
        controller.enqueue(chunk);
      },
    });
    return new Response(res.body.pipeThrough(count), { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
