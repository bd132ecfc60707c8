"""Prints UPDATE requests for lab.test. built by dnspython, one per line: CASE HEX.

unsigned  - no TSIG
badkey    - signed with a key the server does not know
badsig    - the server's key name, another secret
badtime   - the right key, signed 1000 s in the past
good      - the right key, now: adds good.lab.test. A
partial   - the right key: adds partial.lab.test. A, then a record outside the zone (NOTZONE)
"""
import sys
import time

import dns.name
import dns.tsigkeyring
import dns.update

SECRET = sys.argv[1]
OTHER = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="


def request(name, keyname=None, secret=SECRET, skew=0, outside=False):
    u = dns.update.UpdateMessage("lab.test.")
    u.add(name, 60, "A", "192.0.2.77")
    if outside:
        u.add(dns.name.from_text("x.example."), 60, "A", "192.0.2.78")
    if keyname is not None:
        ring = dns.tsigkeyring.from_text({keyname: ("hmac-sha256", secret)})
        u.use_tsig(ring, keyname=keyname, fudge=300)
    real = time.time
    time.time = lambda: real() + skew
    try:
        return u.to_wire().hex()
    finally:
        time.time = real


print("unsigned", request("unsigned"))
print("badkey", request("badkey", "other-key."))
print("badsig", request("badsig", "upd-key.", OTHER))
print("badtime", request("badtime", "upd-key.", skew=-1000))
print("good", request("good", "upd-key."))
print("partial", request("partial", "upd-key.", outside=True))
