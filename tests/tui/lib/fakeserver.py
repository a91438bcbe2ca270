"""A scripted stand-in for tcpchatd, for what a real one never sends:
hostile bytes, unknown events, history from other days."""
import socket
import threading


class FakeServer:
    """Listens on 127.0.0.1; to each connection it answers /hello and the
    name, then sends script (bytes), then replies[i] after the client's
    i-th line, and keeps the connection open until the client closes it
    or close() is called."""

    def __init__(self, script, replies=()):
        self.script = script
        self.replies = list(replies)
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(30)
        self.port = self.sock.getsockname()[1]
        self.received = b""
        self.conns = []
        self.t = threading.Thread(target=self.serve, daemon=True)
        self.t.start()

    def readline(self, c):
        line = b""
        while not line.endswith(b"\n"):
            b = c.recv(1)
            if not b:
                break
            line += b
        self.received += line
        return line

    def serve(self):
        try:
            c, _ = self.sock.accept()
        except OSError:
            return
        self.conns.append(c)
        c.settimeout(30)
        try:
            self.readline(c)                  # /hello tcpchat 1
            c.sendall(b"Welcome!\n[ENTER YOUR NAME]:\nHELLO\t1\tfake\n"
                      b"NAME?\n")
            name = self.readline(c).split()[-1].decode()
            c.sendall(("WELCOME\t%s\tgeneral\n" % name).encode())
            c.sendall(self.script)
            while self.readline(c):
                if self.replies:
                    c.sendall(self.replies.pop(0))
        except OSError:
            pass

    def close(self):
        for c in self.conns:
            c.close()
        self.sock.close()
