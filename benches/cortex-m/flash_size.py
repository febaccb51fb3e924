#!/usr/bin/env python3
"""Flash and RAM use of a 32-bit little-endian ARM ELF, from its section headers.

Flash = every allocated section with contents (vector table, .text, .rodata, and .data's
initial values, which are stored in flash and copied to RAM at reset). RAM = .data + .bss +
.uninit (the stack is measured by the program itself). Usage: flash_size.py ELF
"""
import struct
import sys

SHF_ALLOC = 0x2
SHT_NOBITS = 8


def sections(path):
    data = open(path, "rb").read()
    if data[:4] != b"\x7fELF" or data[4] != 1 or data[5] != 1:
        sys.exit(f"{path}: not a 32-bit little-endian ELF")
    shoff, = struct.unpack_from("<I", data, 0x20)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x2E)
    headers = [struct.unpack_from("<IIIIIIIIII", data, shoff + i * shentsize) for i in range(shnum)]
    strtab = headers[shstrndx]
    for name, kind, flags, _addr, _off, size, *_ in headers:
        end = data.index(b"\0", strtab[4] + name)
        yield data[strtab[4] + name:end].decode(), kind, flags, size


def main():
    flash = ram = 0
    parts = []
    for name, kind, flags, size in sections(sys.argv[1]):
        if not flags & SHF_ALLOC or size == 0:
            continue
        if kind != SHT_NOBITS:
            flash += size
            parts.append(f"{name} {size}")
        if name in (".data", ".bss", ".uninit"):
            ram += size
    print(f"flash {flash} bytes ({flash / 1024:.1f} KiB: {', '.join(parts)}); static RAM {ram} bytes")


if __name__ == "__main__":
    main()
