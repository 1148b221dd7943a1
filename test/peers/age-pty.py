#!/usr/bin/env python3
"""Runs the standard `age` tool with its passphrase prompts answered through a pseudo-terminal.

age reads a passphrase only from a terminal, never from a pipe, so a test cannot simply pipe it.
Usage: age-pty.py PASSPHRASE age ARGS...   (the passphrase is typed at every prompt)
Exit status: age's own. age's terminal output is echoed to stderr for test failures.
"""
import os
import pty
import sys


def main() -> int:
    passphrase = sys.argv[1].encode()
    argv = sys.argv[2:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(argv[0], argv)
    seen = b""
    answered = 0
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        # age prompts "Enter passphrase..." and, when encrypting, "Confirm passphrase:".
        if seen.count(b"passphrase") > answered:
            answered += 1
            os.write(fd, passphrase + b"\r")
    _, status = os.waitpid(pid, 0)
    sys.stderr.write(seen.decode(errors="replace"))
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
