"""A pyzmq peer for plait's transport conformance suite.

Binds ROUTER, PUB and REP on 127.0.0.1 (random ports), prints {"router":..,"pub":..,"rep":..} as one
JSON line, then serves until its stdin closes:
- ROUTER: [b"echo", *frames] -> replies [b"echo", *frames]; [b"publish", topic, n, size] -> publishes
  n messages [topic, b"%d" % i, b"x" * size] on PUB and replies [b"published"]; [b"sync", topic] ->
  publishes [topic, b"sync"] once (the client repeats it until its subscription is live).
- REP: replies [b"rep", *frames].
"""
import json
import sys

import zmq

ctx = zmq.Context()
router, pub, rep = ctx.socket(zmq.ROUTER), ctx.socket(zmq.PUB), ctx.socket(zmq.REP)
for s in (router, pub, rep):
    s.linger = 0
ports = {name: s.bind_to_random_port("tcp://127.0.0.1") for name, s in (("router", router), ("pub", pub), ("rep", rep))}
print(json.dumps(ports), flush=True)

poller = zmq.Poller()
poller.register(router, zmq.POLLIN)
poller.register(rep, zmq.POLLIN)
poller.register(sys.stdin.fileno(), zmq.POLLIN)


def on_router():
    ident, *frames = router.recv_multipart()
    verb = frames[0]
    if verb == b"echo":
        router.send_multipart([ident, *frames])
    elif verb == b"sync":
        pub.send_multipart([frames[1], b"sync"])
    elif verb == b"publish":
        topic, n, size = frames[1], int(frames[2]), int(frames[3])
        for i in range(n):
            pub.send_multipart([topic, b"%d" % i, b"x" * size])
        router.send_multipart([ident, b"published"])


while True:
    events = dict(poller.poll())
    if sys.stdin.fileno() in events:
        if not sys.stdin.buffer.read1(1024):
            break
    if router in events:
        on_router()
    if rep in events:
        rep.send_multipart([b"rep", *rep.recv_multipart()])
ctx.destroy(linger=0)
