"""Prints AXFR requests for lab.test. signed by dnspython, one per line: CASE HEX.

unsigned  - no TSIG
badkey    - signed with a key the server does not know
badsig    - the server's key name, another secret
badtime   - the right key, signed 1000 s in the past
good      - the right key, now
"""
import sys
import time

import dns.message
import dns.tsigkeyring

SECRET = sys.argv[1]
OTHER = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="


def request(keyname=None, secret=SECRET, skew=0):
    q = dns.message.make_query("lab.test.", "AXFR")
    if keyname is not None:
        ring = dns.tsigkeyring.from_text({keyname: ("hmac-sha256", secret)})
        q.use_tsig(ring, keyname=keyname, fudge=300)
    real = time.time
    time.time = lambda: real() + skew
    try:
        return q.to_wire().hex()
    finally:
        time.time = real


print("unsigned", request())
print("badkey", request("other-key."))
print("badsig", request("xfr-key.", OTHER))
print("badtime", request("xfr-key.", skew=-1000))
print("good", request("xfr-key."))
