#!/usr/bin/python3
"""Sends the same queries to several DNS servers and prints what each answered, as JSON.

Input (the file named by the first argument, else stdin): {"servers": {"name": ["127.0.0.1", 5300], ...},
                "cases": [{"id": "...", "qname": "...", "qtype": "A",
                           "transport": "udp" | "tcp", "edns": null | payload size}]}
Output (stdout): {"case id": {"server name": result}}, where result holds the rcode, the header
flags, each section as a list of presentation-format lines (TTL included), the EDNS version and
payload size (-1 without OPT), the response size in bytes and the TC bit, or "error" when no
response came or it did not parse. Queries go out with RD clear, as the Ferret corpus sent them.
"""
import json
import socket
import struct
import sys

import dns.flags
import dns.message
import dns.rcode
import dns.rdataclass
import dns.rdatatype

TIMEOUT = 1.5


def make_query(case):
    edns = case.get("edns")
    if edns is None:
        query = dns.message.make_query(case["qname"], case["qtype"], use_edns=False)
    else:
        query = dns.message.make_query(case["qname"], case["qtype"], use_edns=0, payload=edns)
    query.flags = 0
    return query.to_wire()


def exchange_udp(wire, address):
    for _ in range(2):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(TIMEOUT)
            sock.connect(address)
            sock.send(wire)
            try:
                return sock.recv(65535)
            except socket.timeout:
                continue
    return None


def recv_exactly(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def exchange_tcp(wire, address):
    with socket.create_connection(address, timeout=TIMEOUT) as sock:
        sock.sendall(struct.pack("!H", len(wire)) + wire)
        try:
            prefix = recv_exactly(sock, 2)
            if prefix is None:
                return None
            return recv_exactly(sock, struct.unpack("!H", prefix)[0])
        except socket.timeout:
            return None


def section(rrsets):
    lines = []
    for rrset in rrsets:
        lines.extend(rrset.to_text().splitlines())
    return sorted(lines)


def describe(wire):
    if wire is None:
        return {"error": "no response"}
    flags = struct.unpack("!H", wire[2:4])[0] if len(wire) >= 4 else 0
    result = {"size": len(wire), "tc": bool(flags & dns.flags.TC)}
    try:
        message = dns.message.from_wire(wire)
    except Exception as error:  # a truncated or malformed response is data too
        result["error"] = "does not parse: %s" % error
        result["rcode"] = dns.rcode.to_text(flags & 0xF)
        result["counts"] = list(struct.unpack("!HHHH", wire[4:12])) if len(wire) >= 12 else []
        return result
    result.update({
        "rcode": dns.rcode.to_text(message.rcode()),
        "flags": dns.flags.to_text(message.flags),
        "question": sorted("%s %s %s" % (q.name, dns.rdataclass.to_text(q.rdclass), dns.rdatatype.to_text(q.rdtype))
                           for q in message.question),
        "answer": section(message.answer),
        "authority": section(message.authority),
        "additional": section(message.additional),
        "edns": message.edns,
        "payload": message.payload if message.edns >= 0 else -1,
    })
    return result


def ask(exchange, wire, address):
    try:
        return describe(exchange(wire, address))
    except OSError as error:
        return {"error": "no response: %s" % error}


def main():
    if len(sys.argv) > 1:
        with open(sys.argv[1], encoding="utf-8") as source:
            request = json.load(source)
    else:
        request = json.load(sys.stdin)
    servers = {name: (address[0], int(address[1])) for name, address in request["servers"].items()}
    results = {}
    for case in request["cases"]:
        wire = make_query(case)
        exchange = exchange_tcp if case["transport"] == "tcp" else exchange_udp
        results[case["id"]] = {name: ask(exchange, wire, address) for name, address in servers.items()}
    json.dump(results, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
