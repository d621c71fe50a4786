// The raw floor's child: newline-delimited JSON, no library, one write per reply.
// Counts events; answers any message with an id (`count` returns the tally).
let buf = '';
let events = 0;
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buf += chunk;
  let nl;
  while ((nl = buf.indexOf('\n')) !== -1) {
    const line = buf.slice(0, nl);
    buf = buf.slice(nl + 1);
    const msg = JSON.parse(line);
    if (msg.id === undefined) {
      events++;
      continue;
    }
    process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', id: msg.id, result: msg.method === 'count' ? events : null })}\n`);
  }
});
process.stdin.on('end', () => process.exit(0));
