"""A byte line on a pty for the peer simulators: raw mode, blocking reads with a deadline.

A pty ignores baud and parity (docs/domain.md §9.6), so no line settings are applied here.
"""
import os
import select
import termios
import tty


class PtyLine:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(self.fd)
        attrs = termios.tcgetattr(self.fd)
        attrs[3] &= ~termios.ECHO
        termios.tcsetattr(self.fd, termios.TCSANOW, attrs)
        self.pending = b""

    def read_some(self, timeout=None):
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return b""
        try:
            return os.read(self.fd, 4096)
        except OSError:
            # The other end closed: wait for the next client instead of dying.
            return b""

    def write(self, data):
        os.write(self.fd, data)
