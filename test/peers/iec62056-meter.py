#!/usr/bin/python3
"""An independent IEC 62056-21 mode C meter for peer tests, written from docs/domain.md §9.2.

Usage: iec62056-meter.py PORT [--maker GDK] [--letter 5] [--ident SIM100] [--kwh 0012345.67]
                              [--echo] [--bad-bcc]

Answers "/?!\\r\\n" (or "/?ADDRESS!\\r\\n") with "/<maker><letter><ident>\\r\\n", waits for
ACK 0 Z 0 CR LF, then after ~250 ms sends STX data ! CR LF ETX BCC. --echo sends back every
byte it receives first, like many optical probes; --bad-bcc spoils the BCC. Prints
"ACK <letter>" for each acknowledgement and READY once the port is open.
"""
import argparse
import sys
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from ptyline import PtyLine  # noqa: E402

STX, ETX, ACK = b"\x02", b"\x03", b"\x06"


def block_check(data):
    value = 0
    for b in data:
        value ^= b
    return value & 0x7F


def data_block(kwh, bad_bcc):
    lines = [
        "0.0.0(12345678)",
        f"1.8.0({kwh}*kWh)",
        "1.8.1(0010000.00*kWh)",
        "1.8.2(0002345.67*kWh)",
        "32.7.0(230.1*V)",
        "0.9.1(123456)",
    ]
    body = ("\r\n".join(lines) + "\r\n!\r\n").encode("ascii") + ETX
    bcc = block_check(body)
    if bad_bcc:
        bcc ^= 0x01
    return STX + body + bytes([bcc])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port")
    parser.add_argument("--maker", default="GDK")
    parser.add_argument("--letter", default="5")
    parser.add_argument("--ident", default="SIM100")
    parser.add_argument("--kwh", default="0012345.67")
    parser.add_argument("--echo", action="store_true")
    parser.add_argument("--bad-bcc", action="store_true")
    args = parser.parse_args()

    line = PtyLine(args.port)
    print("READY", flush=True)
    buffer = b""
    state = "idle"
    while True:
        chunk = line.read_some(0.5)
        if not chunk:
            continue
        if args.echo:
            line.write(chunk)
        buffer += chunk
        if state == "idle":
            start = buffer.find(b"/?")
            end = buffer.find(b"!\r\n", max(start, 0))
            if start >= 0 and end >= 0:
                buffer = buffer[end + 3 :]
                line.write(f"/{args.maker}{args.letter}{args.ident}\r\n".encode("ascii"))
                state = "ident-sent"
        elif state == "ident-sent":
            at = buffer.find(ACK)
            if at >= 0 and len(buffer) >= at + 6:
                ack = buffer[at : at + 6]
                buffer = buffer[at + 6 :]
                letter = chr(ack[2])
                print(f"ACK {letter}", flush=True)
                state = "idle"
                if ack[1:2] != b"0" or ack[3:6] != b"0\r\n" or letter > args.letter:
                    continue  # not a readout request this meter accepts: stay silent
                time.sleep(0.25)
                line.write(data_block(args.kwh, args.bad_bcc))
            elif b"/?" in buffer:
                state = "idle"  # a new sign-on: start over


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
