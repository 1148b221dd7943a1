#!/usr/bin/python3
"""An independent Modbus RTU meter for peer tests, built on Debian's pymodbus (3.0.0rc1).

Usage: pymodbus-meter.py PORT SLAVE [--input REG=TYPE:VALUE]... [--holding REG=TYPE:VALUE]...
                         [--size N]

REG is a 0-based register (decimal or 0x..), TYPE one of f32 (big-endian, high word first),
u32, i32, u16, i16. Input registers answer FC 04, holding registers FC 03. Each table holds
registers 0..N-1 (default 256): reading beyond gives exception 2 (illegal data address).

Like an Eastron meter, a write to holding registers 0x0014..0x0015 (a float32, with FC 16)
changes the slave id, so commissioning can be tested. Prints READY once the port is open.
"""
import argparse
import asyncio
import struct
import sys

from pymodbus.datastore import (
    ModbusSequentialDataBlock,
    ModbusServerContext,
    ModbusSlaveContext,
)
from pymodbus.server import StartAsyncSerialServer
from pymodbus.transaction import ModbusRtuFramer

ID_REGISTER = 0x0014

FORMATS = {"f32": ">f", "u32": ">I", "i32": ">i", "u16": ">H", "i16": ">h"}


def words_for(kind, text):
    fmt = FORMATS[kind]
    value = float(text) if kind == "f32" else int(text)
    data = struct.pack(fmt, value)
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def parse_assignment(text):
    reg, _, rest = text.partition("=")
    kind, _, value = rest.partition(":")
    if kind not in FORMATS:
        raise SystemExit(f"unknown type {kind!r} in {text!r}")
    return int(reg, 0), words_for(kind, value)


class HoldingBlock(ModbusSequentialDataBlock):
    """Holding registers that move the meter to a new id when 0x0014 is written."""

    def __init__(self, size, on_id):
        super().__init__(0, [0] * size)
        self.on_id = on_id

    def setValues(self, address, values):  # noqa: N802 (pymodbus' name)
        super().setValues(address, values)
        count = len(values) if isinstance(values, list) else 1
        if address <= ID_REGISTER + 1 and address + count > ID_REGISTER:
            high, low = self.getValues(ID_REGISTER, 2)
            new_id = struct.unpack(">f", struct.pack(">HH", high, low))[0]
            if new_id == int(new_id) and 1 <= new_id <= 247:
                self.on_id(int(new_id))


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port")
    parser.add_argument("slave", type=int)
    parser.add_argument("--input", action="append", default=[])
    parser.add_argument("--holding", action="append", default=[])
    parser.add_argument("--size", type=int, default=256)
    args = parser.parse_args()

    current = {"id": args.slave}
    server_context = ModbusServerContext(slaves={}, single=False)

    def move_to(new_id):
        # The answer to the write still goes out from the old id (it is sent after this).
        slave = server_context[current["id"]]
        del server_context[current["id"]]
        server_context[new_id] = slave
        print(f"slave id is now {new_id}", flush=True)
        current["id"] = new_id

    inputs = ModbusSequentialDataBlock(0, [0] * args.size)
    holding = HoldingBlock(args.size, move_to)
    holding.values[ID_REGISTER : ID_REGISTER + 2] = words_for("f32", args.slave)
    for text in args.input:
        reg, words = parse_assignment(text)
        inputs.setValues(reg, words)
    for text in args.holding:
        reg, words = parse_assignment(text)
        ModbusSequentialDataBlock.setValues(holding, reg, words)

    server_context[args.slave] = ModbusSlaveContext(ir=inputs, hr=holding, zero_mode=True)
    server = await StartAsyncSerialServer(
        context=server_context,
        framer=ModbusRtuFramer,
        port=args.port,
        baudrate=9600,
        # Another id's request gets silence, as on a real bus (not a gateway exception).
        ignore_missing_slaves=True,
        defer_start=True,
    )
    await server.start()
    if server.transport is None:
        print(f"cannot open {args.port}", file=sys.stderr, flush=True)
        sys.exit(1)
    print("READY", flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
