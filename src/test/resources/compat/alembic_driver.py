"""Long-lived Alembic driver for retort's compatibility tests.

Protocol: one JSON object per line on stdin, one JSON object per line on stdout.

  request:  {"cwd": "/abs/dir", "argv": ["-c", "/abs/alembic.ini", "heads"]}
  reply:    {"exit": 0, "stdout": "...", "stderr": "..."}

  request:  {"version": true}
  reply:    {"exit": 0, "stdout": "<alembic version>", "stderr": ""}

Each request runs ``alembic.config.CommandLine().main(argv)`` in this process, the way
``python3 -m alembic`` would: a new Config (and therefore a new ScriptDirectory and
revision map) is built for every call, so files written between calls are picked up.

Exit codes follow the real command line: CommandError -> util.err -> sys.exit(-1) -> 255
("FAILED: ..." on stdout); argparse errors -> 2; any other exception -> traceback on
stderr and 1.

Determinism: Alembic 1.8.1 lists a versions directory with os.listdir (file-system
order).  retort loads files in file-name order, as Alembic >= 1.10 does, so this driver
makes Alembic 1.8.1 sort the listing too (Script._list_py_dir is wrapped).  Nothing else
in Alembic is changed.
"""

import io
import json
import os
import sys
import traceback
import warnings


class _Redirect(io.TextIOBase):
    """A text stream that forwards to whatever buffer is current.

    Installed as sys.stdout/sys.stderr *before* Alembic is imported, because
    ``Config.__init__`` binds ``stdout=sys.stdout`` as a default argument at import time.
    """

    def __init__(self):
        super().__init__()
        self.target = io.StringIO()

    @property
    def encoding(self):
        return "utf-8"

    def writable(self):
        return True

    def write(self, s):
        return self.target.write(s)

    def flush(self):
        pass

    def isatty(self):
        return False


_proto_in = sys.stdin
_proto_out = sys.stdout
_out = _Redirect()
_err = _Redirect()
sys.stdout = _out
sys.stderr = _err
sys.dont_write_bytecode = True  # revision files may be rewritten within one second

import alembic  # noqa: E402
import alembic.config  # noqa: E402
import alembic.util.messaging as _messaging  # noqa: E402
from alembic.script.base import Script  # noqa: E402

# Output must not depend on a terminal (util.msg wraps and indents when it finds one).
_messaging.TERMWIDTH = None

_orig_list_py_dir = Script._list_py_dir.__func__


def _sorted_list_py_dir(cls, scriptdir, path):
    return sorted(_orig_list_py_dir(cls, scriptdir, path))


Script._list_py_dir = classmethod(_sorted_list_py_dir)


def _exit_code(code):
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    # sys.exit("message") prints the message and exits 1
    _err.write(str(code) + "\n")
    return 1


def _run(req):
    if req.get("version"):
        return {"exit": 0, "stdout": alembic.__version__, "stderr": ""}
    _out.target = io.StringIO()
    _err.target = io.StringIO()
    cwd = req.get("cwd")
    if cwd:
        os.chdir(cwd)
    code = 0
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        try:
            alembic.config.CommandLine(prog="alembic").main(argv=list(req["argv"]))
        except SystemExit as e:
            code = _exit_code(e.code)
        except BaseException:  # noqa: B036 - a traceback is the observable behaviour
            traceback.print_exc(file=_err)
            code = 1
    return {"exit": code, "stdout": _out.target.getvalue(), "stderr": _err.target.getvalue()}


def main():
    for line in _proto_in:
        line = line.strip()
        if not line:
            continue
        try:
            reply = _run(json.loads(line))
        except BaseException:  # protocol problems: report, keep serving
            reply = {"exit": -1, "stdout": "", "stderr": traceback.format_exc()}
        _proto_out.write(json.dumps(reply) + "\n")
        _proto_out.flush()


if __name__ == "__main__":
    main()
