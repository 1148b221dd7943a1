#!/usr/bin/python3
"""An independent Modbus RTU bus of meters for peer tests, built on Debian's pymodbus (3.0.0rc1).

Usage: pymodbus-meter.py PORT SLAVE [--input REG=TYPE:VALUE]... [--holding REG=TYPE:VALUE]...
                         [--slave ID [--input ...]... [--holding ...]...]... [--size N]

One process serves every slave on the bus. SLAVE (or a first --slave ID) starts the first meter;
each further --slave ID starts another, and the --input/--holding assignments after it belong to
it. REG is a 0-based register (decimal or 0x..), TYPE one of f32 (big-endian, high word first),
u32, i32, u16, i16; VALUE may be nan or inf for f32. Input registers answer FC 04, holding
registers FC 03. Each table holds registers 0..N-1 (default 256), grown to cover the highest
assigned register: reading beyond gives exception 2 (illegal data address). Other ids get
silence, as on a real bus.

Like an Eastron meter, a write to holding registers 0x0014..0x0015 (a float32, with FC 16)
changes that slave's id, so commissioning can be tested. Prints READY once the port is open.
"""
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

USAGE = __doc__.split("\n\n")[1]


def words_for(kind, text):
    fmt = FORMATS[kind]
    # float() takes "nan", "inf" and "-inf": a meter sending NaN is a fault case to test.
    value = float(text) if kind == "f32" else int(text, 0)
    data = struct.pack(fmt, value)
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def parse_assignment(text):
    reg, _, rest = text.partition("=")
    kind, _, value = rest.partition(":")
    if kind not in FORMATS:
        raise SystemExit(f"unknown type {kind!r} in {text!r}")
    try:
        return int(reg, 0), words_for(kind, value)
    except (ValueError, struct.error) as error:
        raise SystemExit(f"bad assignment {text!r}: {error}")


def slave_id(text):
    try:
        value = int(text, 0)
    except ValueError:
        value = -1
    if not 1 <= value <= 247:
        raise SystemExit(f"a slave id is 1..247, got {text!r}\n{USAGE}")
    return value


def parse_args(argv):
    """[(id, inputs, holdings)] and the table size, from the usage above."""
    if not argv or argv[0].startswith("-"):
        raise SystemExit(USAGE)
    port, rest = argv[0], list(argv[1:])
    slaves = []
    size = 256
    if rest and not rest[0].startswith("-"):
        slaves.append({"id": slave_id(rest.pop(0)), "input": [], "holding": []})
    while rest:
        token = rest.pop(0)
        name, eq, value = token.partition("=")
        if not eq:
            if not rest:
                raise SystemExit(f"{token} needs a value\n{USAGE}")
            value = rest.pop(0)
        if name == "--size":
            size = int(value, 0)
        elif name == "--slave":
            slaves.append({"id": slave_id(value), "input": [], "holding": []})
        elif name in ("--input", "--holding"):
            if not slaves:
                raise SystemExit(f"{token} comes before any slave id\n{USAGE}")
            slaves[-1][name[2:]].append(parse_assignment(value))
        else:
            raise SystemExit(f"unknown option {token!r}\n{USAGE}")
    if not slaves:
        raise SystemExit(f"no slave id given\n{USAGE}")
    ids = [s["id"] for s in slaves]
    if len(set(ids)) != len(ids):
        raise SystemExit(f"slave ids must differ, got {ids}")
    return port, slaves, size


def table_size(size, assignments):
    top = max((reg + len(words) for reg, words in assignments), default=0)
    return max(size, top, ID_REGISTER + 2)


class HoldingBlock(ModbusSequentialDataBlock):
    """Holding registers that move their meter to a new id when 0x0014 is written."""

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
    port, slaves, size = parse_args(sys.argv[1:])
    server_context = ModbusServerContext(slaves={}, single=False)

    def add_slave(spec):
        current = {"id": spec["id"]}

        def move_to(new_id):
            # The answer to the write still goes out from the old id (it is sent after this).
            if new_id == current["id"]:
                return
            context = server_context[current["id"]]
            del server_context[current["id"]]
            server_context[new_id] = context
            print(f"slave {current['id']} is now {new_id}", flush=True)
            current["id"] = new_id

        inputs = ModbusSequentialDataBlock(0, [0] * table_size(size, spec["input"]))
        holding = HoldingBlock(table_size(size, spec["holding"]), move_to)
        holding.values[ID_REGISTER : ID_REGISTER + 2] = words_for("f32", str(spec["id"]))
        for reg, words in spec["input"]:
            inputs.setValues(reg, words)
        for reg, words in spec["holding"]:
            ModbusSequentialDataBlock.setValues(holding, reg, words)
        server_context[spec["id"]] = ModbusSlaveContext(ir=inputs, hr=holding, zero_mode=True)

    for spec in slaves:
        add_slave(spec)

    server = await StartAsyncSerialServer(
        context=server_context,
        framer=ModbusRtuFramer,
        port=port,
        baudrate=9600,
        # Another id's request gets silence, as on a real bus (not a gateway exception).
        ignore_missing_slaves=True,
        defer_start=True,
    )
    await server.start()
    if server.transport is None:
        print(f"cannot open {port}", file=sys.stderr, flush=True)
        sys.exit(1)
    print(f"READY slaves {','.join(str(s['id']) for s in slaves)}", flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
