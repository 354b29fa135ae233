/** Runs tests/kernel/zmq_peer.py (pyzmq ROUTER, PUB, REP) for the transport conformance suite. */
export const PYTHON = "/usr/bin/python3";

export interface PeerPorts {
  router: number;
  pub: number;
  rep: number;
}

/** Starts the peer, hands its ports to `fn`, and always stops it (closing its stdin) afterwards. */
export async function withPeer(fn: (ports: PeerPorts) => Promise<void>): Promise<void> {
  const child = new Deno.Command(PYTHON, {
    args: [new URL("./zmq_peer.py", import.meta.url).pathname],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let line = "";
    while (!line.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("zmq_peer.py exited before printing its ports");
      line += value;
    }
    await fn(JSON.parse(line) as PeerPorts);
  } finally {
    await child.stdin.close();
    await reader.cancel();
    await child.status;
  }
}
