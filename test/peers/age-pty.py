#!/usr/bin/env python3
"""Runs a program with its passphrase prompts answered through a pseudo-terminal.

The standard `age` tool and `griddesk` itself read a passphrase only from a terminal, never from a
pipe, so a test cannot simply pipe it.
Usage: age-pty.py PASSPHRASE PROGRAM ARGS...   (the passphrase, then Enter, at every prompt)
Exit status: the program's own. Its terminal output is echoed to stderr for test failures.
"""
import os
import re
import pty
import sys


def main() -> int:
    passphrase = sys.argv[1].encode()
    argv = sys.argv[2:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(argv[0], argv)
    seen = b""
    answered = -1
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        # A prompt is a line naming the passphrase that ends in ":" with nothing after it (the
        # program waits): age's "Enter passphrase (...): " and "Confirm passphrase: ", griddesk's
        # "Backup passphrase for FILE: ". Each is answered once; messages are never answered.
        prompt = re.search(rb"[^\r\n]*passphrase[^\r\n]*: ?$", seen)
        if prompt and prompt.start() > answered:
            answered = prompt.start()
            try:
                os.write(fd, passphrase + b"\r")
            except OSError:
                break
    _, status = os.waitpid(pid, 0)
    sys.stderr.write(seen.decode(errors="replace"))
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
