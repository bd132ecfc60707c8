"""A primary for lab.test. that serves serial 1 whole, then claims serial 2 and cuts every
transfer after half of its messages' records. Usage: cut_primary.py PORT"""
import socket
import struct
import sys
import threading

import dns.message
import dns.rrset

PORT = int(sys.argv[1])
state = {"transfers": 0}


def records(serial):
    soa = dns.rrset.from_text("lab.test.", 300, "IN", "SOA", f"ns1.lab.test. hostmaster.lab.test. {serial} 1 1 600 60")
    body = [dns.rrset.from_text("lab.test.", 300, "IN", "NS", "ns1.lab.test."),
            dns.rrset.from_text("ns1.lab.test.", 300, "IN", "A", "127.0.0.1")]
    body += [dns.rrset.from_text(f"h{i}.lab.test.", 300, "IN", "A", f"10.0.0.{i}") for i in range(1, 41)]
    return soa, body


def serial():
    return 1 if state["transfers"] == 0 else 2


def udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", PORT))
    while True:
        data, peer = s.recvfrom(4096)
        q = dns.message.from_wire(data)
        r = dns.message.make_response(q)
        r.flags |= dns.flags.AA
        r.answer.append(records(serial())[0])
        s.sendto(r.to_wire(), peer)


def send(conn, msg):
    wire = msg.to_wire()
    conn.sendall(struct.pack("!H", len(wire)) + wire)


def tcp():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", PORT))
    s.listen(5)
    while True:
        conn, _ = s.accept()
        length = struct.unpack("!H", conn.recv(2))[0]
        q = dns.message.from_wire(conn.recv(length))
        soa, body = records(serial())
        sets = [soa] + body + [soa]
        if state["transfers"] > 0:
            sets = sets[: len(sets) // 2]
        for rrset in sets:
            r = dns.message.make_response(q)
            r.answer.append(rrset)
            send(conn, r)
        state["transfers"] += 1
        conn.close()


threading.Thread(target=udp, daemon=True).start()
print("ready", flush=True)
tcp()
