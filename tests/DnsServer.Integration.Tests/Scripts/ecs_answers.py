#!/usr/bin/python3
"""Asks one DNS server for a name with an EDNS Client Subnet option per subnet; prints what came back, as JSON.

Arguments: ADDRESS PORT QNAME QTYPE SUBNET... (SUBNET as 10.1.2.0/24 or 2001:db8::/56; "none" for no option).
Output: {"SUBNET": {"rcode": "NOERROR", "answer": ["127.0.0.21", ...] (sorted), "ttl": 5,
         "ecs": null | {"address": "10.1.2.0", "source": 24, "scope": 16}}} ("error" when nothing usable came).
"""
import json
import sys

import dns.edns
import dns.message
import dns.query
import dns.rcode


def ask(address, port, qname, qtype, subnet):
    options = []
    if subnet != "none":
        network, prefix = subnet.split("/")
        options.append(dns.edns.ECSOption(network, int(prefix)))
    query = dns.message.make_query(qname, qtype, use_edns=0, options=options)
    query.flags = 0
    try:
        response = dns.query.udp(query, address, port=port, timeout=2)
    except Exception as error:  # noqa: BLE001 - any failure is reported as data
        return {"error": str(error)}
    ecs = None
    for option in response.options:
        if isinstance(option, dns.edns.ECSOption):
            ecs = {"address": option.address, "source": option.srclen, "scope": option.scopelen}
    answers = sorted(rd.to_text() for rrset in response.answer if rrset.rdtype == dns.rdatatype.from_text(qtype) for rd in rrset)
    ttls = [rrset.ttl for rrset in response.answer if rrset.rdtype == dns.rdatatype.from_text(qtype)]
    return {"rcode": dns.rcode.to_text(response.rcode()), "answer": answers, "ttl": ttls[0] if ttls else None, "ecs": ecs}


def main():
    address, port, qname, qtype = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    print(json.dumps({subnet: ask(address, port, qname, qtype, subnet) for subnet in sys.argv[5:]}))


if __name__ == "__main__":
    main()
