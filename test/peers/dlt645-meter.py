#!/usr/bin/python3
"""An independent DL/T 645-2007 meter for peer tests, written from docs/domain.md §9.3.

Usage: dlt645-meter.py PORT --address 123456789012 [--kwh 1234.56] [--bad-checksum N]

Answers a read (control 0x11) of data id 00 01 00 00 (forward active total energy) addressed to
it, or to the AA..AA wildcard, with control 0x91 and 4 BCD bytes XXXXXX.XX kWh; another data id
gets an error reply (0xD1, "no such data"). The first N replies carry a wrong checksum. Frames
are 68 A0..A5 68 C L DATA CS 16 with a FE FE FE FE preamble, address reversed BCD, DATA +0x33,
CS = sum mod 256. Prints READY once the port is open.
"""
import argparse
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from ptyline import PtyLine  # noqa: E402


def address_bytes(address):
    return bytes(int(address[i : i + 2], 16) for i in range(10, -1, -2))


def frame(address, control, data):
    body = b"\x68" + address_bytes(address) + b"\x68" + bytes([control, len(data)])
    body += bytes((b + 0x33) & 0xFF for b in data)
    return b"\xfe\xfe\xfe\xfe" + body + bytes([sum(body) & 0xFF, 0x16])


def bcd_energy(kwh):
    hundredths = round(float(kwh) * 100)
    digits = f"{hundredths:08d}"
    return bytes(int(digits[i : i + 2], 16) for i in range(6, -1, -2))


def take_frame(buffer):
    """(frame body or None, rest of buffer)."""
    start = buffer.find(b"\x68")
    if start < 0:
        return None, b""
    buffer = buffer[start:]
    if len(buffer) < 10:
        return None, buffer
    length = buffer[9]
    if len(buffer) < 12 + length:
        return None, buffer
    if buffer[7] != 0x68 or buffer[11 + length] != 0x16:
        return None, buffer[1:]
    body = buffer[: 12 + length]
    if sum(body[: 10 + length]) & 0xFF != body[10 + length]:
        return None, buffer[12 + length :]  # a garbled request gets no answer
    return body, buffer[12 + length :]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port")
    parser.add_argument("--address", required=True)
    parser.add_argument("--kwh", default="1234.56")
    parser.add_argument("--bad-checksum", type=int, default=0)
    args = parser.parse_args()

    own = address_bytes(args.address)
    spoil = args.bad_checksum
    line = PtyLine(args.port)
    print("READY", flush=True)
    buffer = b""
    while True:
        chunk = line.read_some(0.5)
        if not chunk:
            continue
        buffer += chunk
        while True:
            body, buffer = take_frame(buffer)
            if body is None:
                break
            asked = body[1:7]
            if not all(a == 0xAA or a == o for a, o in zip(asked, own)):
                continue  # another meter's address: silence, as on a real bus
            if body[8] != 0x11:
                continue
            di = bytes((b - 0x33) & 0xFF for b in body[10 : 10 + body[9]])
            if di == b"\x00\x00\x01\x00":
                reply = frame(args.address, 0x91, di + bcd_energy(args.kwh))
            else:
                reply = frame(args.address, 0xD1, b"\x02")
            if spoil > 0:
                spoil -= 1
                reply = reply[:-2] + bytes([(reply[-2] + 1) & 0xFF]) + reply[-1:]
            print(f"reply {reply.hex()}", flush=True)
            line.write(reply)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
