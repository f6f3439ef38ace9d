"""``python -m onedoor.sandbox [--host H] [--port P] [--data-dir D]``: serve until killed."""

import argparse
import logging
import signal
import sys
from pathlib import Path
from types import FrameType

from onedoor.sandbox.app import default_data_dir, make_app
from onedoor.sandbox.clients import ClientsFileError
from onedoor.sandbox.server import make_server


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m onedoor.sandbox", description="The simulated department systems."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8100, help="port (0: any free port)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=f"where the data store and clients.json live (default {default_data_dir()})",
    )
    return parser.parse_args(argv)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def main(argv: list[str] | None = None) -> None:
    args = _parse(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(message)s")
    try:
        app = make_app(args.data_dir)
    except ClientsFileError as exc:
        sys.exit(f"sandbox: {exc}")
    server = make_server(args.host, args.port, app)
    signal.signal(signal.SIGTERM, _stop)
    address = f"http://{args.host}:{server.server_port}"
    print(f"sandbox serving {address} (data in {app.data_dir})", file=sys.stderr)
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
