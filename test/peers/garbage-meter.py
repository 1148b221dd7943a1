#!/usr/bin/python3
"""A faulty Modbus RTU bus for peer tests: meters that answer, but wrongly (docs/domain.md §9.6).

Usage: garbage-meter.py PORT --slave ID=MODE [--slave ID=MODE]... [--value F32]

Reads 8-byte request frames (FC 03/04 reads), and for each listed slave id answers by MODE:
  bad-crc  the right answer (byte count, registers holding --value as float32 ABCD, default
           1234.5) with its CRC bytes inverted: noise on the line
  short    3 bytes of garbage: a meter at a higher baud than ours, heard as a few framing errors
  long     garbage 4 times the length of the right answer (never a valid function code): a
           meter at a lower baud than ours, each of its bytes heard as several
Other ids get silence. Prints "ANSWER ID MODE" per answer and READY once the port is open.
"""
import argparse
import random
import struct
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from ptyline import PtyLine  # noqa: E402

MODES = ("bad-crc", "short", "long")


def crc16(data):
    """CRC-16/MODBUS: init 0xFFFF, reflected polynomial 0xA001; sent low byte first."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def with_crc(body):
    crc = crc16(body)
    return body + bytes([crc & 0xFF, crc >> 8])


def slave_mode(text):
    ident, _, mode = text.partition("=")
    if mode not in MODES:
        raise argparse.ArgumentTypeError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    return int(ident, 0), mode


def garbage(rng, length, fn):
    while True:
        data = bytes(rng.randrange(256) for _ in range(length))
        # Byte 1 must not pass for the function asked or an exception: then the client judges
        # the frame by the length it expected, as it would with real line noise.
        if data[1] != fn and not data[1] & 0x80:
            return data


def answer(mode, request, value, rng):
    slave, fn = request[0], request[1]
    count = int.from_bytes(request[4:6], "big")
    if mode == "bad-crc":
        words = struct.pack(">f", value) * ((count + 1) // 2)
        body = bytes([slave, fn, 2 * count]) + words[: 2 * count]
        good = with_crc(body)
        return good[:-2] + bytes([good[-2] ^ 0xFF, good[-1] ^ 0xFF])
    if mode == "short":
        return garbage(rng, 3, fn)
    return garbage(rng, 4 * (5 + 2 * count), fn)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port")
    parser.add_argument("--slave", type=slave_mode, action="append", required=True)
    parser.add_argument("--value", type=float, default=1234.5)
    args = parser.parse_args()
    modes = dict(args.slave)
    rng = random.Random(62056)

    line = PtyLine(args.port)
    print("READY", flush=True)
    buffer = b""
    while True:
        buffer += line.read_some(0.5)
        while len(buffer) >= 8:
            frame = buffer[:8]
            if frame[1] not in (3, 4) or with_crc(frame[:6]) != frame:
                buffer = buffer[1:]  # not a read request: resynchronise byte by byte
                continue
            buffer = buffer[8:]
            mode = modes.get(frame[0])
            if mode:
                line.write(answer(mode, frame, args.value, rng))
                print(f"ANSWER {frame[0]} {mode}", flush=True)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
