"""Run one Cocrea process under uvicorn, the way containers do:
``python infra/serve.py <gateway|consultation|roadmaps|tracking|frontend> [--port 8000]``.

SIGTERM (``docker stop``, a Kubernetes rolling update) is a graceful shutdown: uvicorn
stops accepting connections, finishes the requests in flight (up to ``--grace`` seconds),
then the lifespan stops the outbox relay after the batch under way. Uvicorn re-raises the
signal once it is done, which would make the exit status 143; the handler installed here
turns that into exit 0, so a clean stop is not reported as a crash.
"""

import argparse
import signal
import sys
from types import FrameType

import uvicorn

PROCESSES = ("gateway", "consultation", "roadmaps", "tracking", "frontend")


def _exit_cleanly(signum: int, frame: FrameType | None) -> None:
    # Reached only after uvicorn's own handler has finished the graceful shutdown.
    raise SystemExit(0)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("process", help=f"one of {', '.join(PROCESSES)}, or module:factory")
    parser.add_argument("--host", default="0.0.0.0")  # inside a container
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--grace", type=float, default=20.0, help="seconds for requests")
    parser.add_argument("--no-access-log", action="store_true", help="(kit logs requests)")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv)
    target = args.process if ":" in args.process else f"{args.process}.main:create_app"
    if ":" not in args.process and args.process not in PROCESSES:
        print(f"unknown process {args.process!r}; known: {', '.join(PROCESSES)}", file=sys.stderr)
        return 2
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, _exit_cleanly)
    uvicorn.run(
        target,
        factory=True,
        host=args.host,
        port=args.port,
        server_header=False,
        # The gateway and the website decide themselves whom to believe about the client
        # address (GATEWAY_/FRONTEND_TRUSTED_PROXIES, kit.forwarding); uvicorn must not
        # rewrite it first from its own loopback default.
        proxy_headers=False,
        access_log=False,  # kit.logging writes one JSON access line per request
        timeout_graceful_shutdown=args.grace,
        log_config=None,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
