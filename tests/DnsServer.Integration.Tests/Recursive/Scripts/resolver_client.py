#!/usr/bin/python3
"""A stub client for the resolver tests: one JSON request per line on stdin, one JSON answer per
line on stdout, until stdin closes. Started once per test collection, so each query costs no
interpreter start.

Request:  {"server": ["127.0.9.20", 5399], "qname": "www.glued.test.", "qtype": "A", "timeout": 5}
Answer:   {"rcode": "NOERROR", "flags": "QR RD RA", "tcp": false, "elapsed_ms": 12.5,
           "answer": [{"name": "...", "type": "A", "ttl": 300, "rdata": ["192.0.2.10", ...]}, ...],
           "authority": [...], "ede": [[code, "text"], ...], "error": null}
Queries go out with RD set and EDNS 0 offering 1232 bytes, over UDP; a truncated answer is asked
again over TCP, as a stub resolver does. "error" is set (and the rest empty) when no answer came.
"""
import json
import sys
import time

import dns.edns
import dns.exception
import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype


def rrsets(section):
    return [
        {
            "name": rrset.name.to_text().lower(),
            "type": dns.rdatatype.to_text(rrset.rdtype),
            "ttl": rrset.ttl,
            "rdata": sorted(rdata.to_text().lower() for rdata in rrset),
        }
        for rrset in section
    ]


def ask(request):
    query = dns.message.make_query(request["qname"], request["qtype"], use_edns=0, payload=1232)
    query.flags |= dns.flags.RD
    address, port = request["server"]
    timeout = float(request.get("timeout", 5))
    started = time.monotonic()
    try:
        response, tcp = dns.query.udp_with_fallback(query, address, timeout=timeout, port=port)
    except (dns.exception.DNSException, OSError) as error:
        return {"error": f"{type(error).__name__}: {error}", "elapsed_ms": (time.monotonic() - started) * 1000}
    elapsed = (time.monotonic() - started) * 1000
    ede = [[option.code, option.text or ""] for option in response.options if option.otype == dns.edns.EDE]
    return {
        "rcode": dns.rcode.to_text(response.rcode()),
        "flags": dns.flags.to_text(response.flags),
        "tcp": tcp,
        "elapsed_ms": elapsed,
        "answer": rrsets(response.answer),
        "authority": rrsets(response.authority),
        "ede": ede,
        "error": None,
    }


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        print(json.dumps(ask(json.loads(line))), flush=True)


if __name__ == "__main__":
    main()
