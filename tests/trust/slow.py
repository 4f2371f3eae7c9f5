#!/usr/bin/env python3
"""slow.py: issue 11 item 6, slow and hostile clients (docs/trust.md section 6).

A thousand hostile connections are kept open against one `barnplan serve` (each one the server cuts is opened
again at once): slow headers (a byte every second or two), slow bodies (a POST whose Content-Length never
arrives), slow readers (hundreds of pipelined requests for /static/app.css on a 4 KB receive buffer, never
read) and idle ones (connect, send nothing). Meanwhile a normal client logs in through the API and reads its
cases list and the login page without pause. Checked (counts, never timings):
  - the normal client's requests succeed at least 99 % of the time;
  - every kind of hostile connection is cut by the server, and its log names the timeout that cut it
    (header_timeout, body_timeout, send_timeout, idle_timeout);
  - the worker's memory stays bounded (its RSS, sampled, grows by less than RSS_BOUND_MB);
  - the server still stops gracefully (exit 0).
The p99 of the normal client is printed (the long run's figure; not asserted here: timings are noisy).

  python3 trust/slow.py                  the suite's run: timeouts of 2 s, about 40 s
  python3 trust/slow.py --long           defaults of the configuration (10/60/60/60 s), 300 s of load
Environment: BARNPLAN_BIN, BARNPLAN_LOCALEDIR (as for the HTTP tests).
"""
import argparse
import http.client
import json
import os
import random
import re
import resource
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
BIN = os.environ.get('BARNPLAN_BIN', os.path.join(SOURCE, 'build/dev/src/cli/barnplan'))
LOCALEDIR = os.environ.get('BARNPLAN_LOCALEDIR', os.path.join(SOURCE, 'build/dev/locale'))
RSS_BOUND_MB = 200  # a thousand connections of at most tens of KB each in the worker, with room to spare
PASSWORD = 'Barnplan-demo-1'


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    """A throwaway `barnplan serve` on a demo database in a temporary folder."""

    def __init__(self, timeouts):
        self.dir = tempfile.mkdtemp(prefix='barnplan-slow-')
        self.env = {k: v for k, v in os.environ.items() if not k.startswith('BARNPLAN_')}
        self.env.update(BARNPLAN_DATABASE='sqlite:' + os.path.join(self.dir, 'barnplan.db'), BARNPLAN_LOCALEDIR=LOCALEDIR,
                        BARNPLAN_FAST_HASH='1', BARNPLAN_ACCESS_LOG='', BARNPLAN_REMIND_EVERY='0')
        for name, seconds in timeouts.items():
            if seconds:
                self.env['BARNPLAN_' + name.upper()] = str(seconds)
        subprocess.run([BIN, 'demo', '--children', '5'], env=self.env, check=True, capture_output=True)
        self.port = free_port()
        self.log = open(os.path.join(self.dir, 'server.log'), 'w+')
        self.proc = subprocess.Popen([BIN, 'serve', '--listen', f'127.0.0.1:{self.port}'], env=self.env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while True:
            try:
                c = http.client.HTTPConnection('127.0.0.1', self.port, timeout=2)
                c.request('GET', '/healthz')
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline or self.proc.poll() is not None:
                raise SystemExit('barnplan serve did not start:\n' + self.output())
            time.sleep(0.1)

    def workers(self):
        out = subprocess.run(['pgrep', '-P', str(self.proc.pid)], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]

    def output(self):
        self.log.flush()
        with open(self.log.name) as f:
            return f.read()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = 'did not stop within 20 s'
        out = self.output()
        shutil.rmtree(self.dir, ignore_errors=True)
        return code, out


def rss_kb(pid):
    try:
        with open(f'/proc/{pid}/status') as f:
            return int(re.search(r'VmRSS:\s+(\d+)', f.read()).group(1))
    except (OSError, AttributeError):
        return 0


KINDS = ('headers', 'body', 'reader', 'idle')
TCP_ESTABLISHED = 1  # tcp_info's first byte, the connection's state (linux/tcp_states.h)


class Hostile:
    """Keeps `counts[kind]` hostile connections of each kind open, from one thread, until stopped."""

    def __init__(self, port, counts, drip_s):
        self.port, self.counts, self.drip_s = port, counts, drip_s
        self.sel = selectors.DefaultSelector()
        self.cut = {k: 0 for k in KINDS}  # connections the server closed
        self.opened = {k: 0 for k in KINDS}
        self.stop = False
        self.live = 0
        self.readers = {}  # socket -> state: watched through TCP_INFO, never read
        self.readers_checked = 0

    def open(self, kind):
        s = socket.socket()
        if kind == 'reader':
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.setblocking(False)
        s.connect_ex(('127.0.0.1', self.port))
        head = {
            'headers': b'GET /login HTTP/1.1\r\nHost: barnplan\r\n',
            'body': b'POST /api/v1/session HTTP/1.1\r\nHost: barnplan\r\nContent-Type: application/json\r\n'
                    b'Content-Length: 100000\r\n\r\n{',
            'reader': b'GET /static/app.css HTTP/1.1\r\nHost: barnplan\r\n\r\n' * 400,
            'idle': b'',
        }[kind]
        st = {'kind': kind, 'out': head, 'next': time.time() + random.uniform(0.5, 1.5) * self.drip_s}
        if kind == 'reader':  # never reads: watched through TCP_INFO below, selected only to write
            self.sel.register(s, selectors.EVENT_WRITE, st)
            self.readers[s] = st
        else:
            self.sel.register(s, selectors.EVENT_READ | (selectors.EVENT_WRITE if head else 0), st)
        self.opened[kind] += 1
        self.live += 1

    def close(self, s, st, by_server):
        if s in self.sel.get_map():
            self.sel.unregister(s)
        self.readers.pop(s, None)
        s.close()
        self.live -= 1
        if by_server:
            self.cut[st['kind']] += 1
            if not self.stop:
                self.open(st['kind'])  # hostile clients come back at once

    def run(self):
        for kind in KINDS:
            for _ in range(self.counts[kind]):
                self.open(kind)
        while not self.stop:
            now = time.time()
            for key, ev in self.sel.select(timeout=0.1):
                s, st = key.fileobj, key.data
                if ev & selectors.EVENT_READ and st['kind'] != 'reader':
                    try:
                        data = s.recv(65536)
                    except OSError:
                        data = b''
                    if not data:
                        self.close(s, st, True)
                        continue
                if ev & selectors.EVENT_WRITE and st['out']:
                    try:
                        n = s.send(st['out'])
                        st['out'] = st['out'][n:]
                    except BlockingIOError:
                        pass
                    except OSError:
                        self.close(s, st, True)
                        continue
                    if not st['out'] and st['kind'] == 'reader':
                        self.sel.unregister(s)
                    elif not st['out']:
                        self.sel.modify(s, selectors.EVENT_READ, st)
            if now - self.readers_checked > 0.5:  # a reader's end: the server's FIN or RST, seen without reading
                self.readers_checked = now
                for s, st in list(self.readers.items()):
                    if s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 1)[0] != TCP_ESTABLISHED:
                        self.close(s, st, True)
            for key in list(self.sel.get_map().values()):  # the drips: a byte each, every few seconds
                s, st = key.fileobj, key.data
                if st['kind'] in ('headers', 'body') and not st['out'] and now >= st['next']:
                    st['next'] = now + self.drip_s
                    try:
                        s.send(b'X' if st['kind'] == 'headers' else b' ')
                    except OSError:
                        self.close(s, st, True)
        for key in list(self.sel.get_map().values()):
            self.close(key.fileobj, key.data, False)
        for s, st in list(self.readers.items()):
            self.close(s, st, False)


class Normal:
    """An ordinary API client: logs in, then reads its cases list and the login page, one after the other."""

    def __init__(self, port, idle_s):
        self.port, self.idle_s = port, idle_s
        self.prev_start = self.this_start = time.monotonic()
        self.early_cuts = 0  # reconnects less than idle_timeout after the previous request began: a busy connection cut
        self.ok = self.failed = 0
        self.latencies = []
        self.errors = {}
        self.reconnects = 0  # keep-alive connections the server had closed under the client
        self.stop = False
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection('127.0.0.1', self.port, timeout=10)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                r = self.conn.getresponse()
                return r, r.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as e:
                # a keep-alive connection the server had closed as idle: a client opens a new one, once
                self.conn.close()
                self.conn = None
                self.reconnects += 1  # legitimate when the client itself paused (a loaded machine): see early_cuts
                if self.this_start - self.prev_start < self.idle_s:
                    self.early_cuts += 1
                if attempt == 2 or method != 'GET':
                    raise e

    def run(self):
        r, body = self.request('POST', '/api/v1/session', json.dumps({'username': 'anna', 'password': PASSWORD}),
                               {'content-type': 'application/json'})
        cookie = r.getheader('set-cookie').split(';')[0]
        paths = ['/api/v1/cases?limit=5', '/cases']  # the API and a page, both reading personal data
        i = 0
        while not self.stop:
            path = paths[i % 2]
            i += 1
            t0 = time.monotonic()
            self.prev_start, self.this_start = self.this_start, t0
            try:
                r, _ = self.request('GET', path, headers={'cookie': cookie, 'accept': 'application/json'})
                if r.status == 200:
                    self.ok += 1
                else:
                    self.failed += 1
                    self.errors[str(r.status)] = self.errors.get(str(r.status), 0) + 1
            except OSError as e:
                self.failed += 1
                self.errors[type(e).__name__] = self.errors.get(type(e).__name__, 0) + 1
                if self.conn:
                    self.conn.close()
                self.conn = None
            self.latencies.append(time.monotonic() - t0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--long', action='store_true', help='defaults of the configuration, 300 s of load')
    ap.add_argument('--seconds', type=float)
    ap.add_argument('--connections', type=int, default=1000)
    a = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = a.connections + 200
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(want, soft)), hard))
        if resource.getrlimit(resource.RLIMIT_NOFILE)[0] < want:
            raise SystemExit(f'slow.py: need {want} file descriptors, the hard limit is {hard} (ulimit -n)')
    if a.long:
        timeouts = {}  # the configuration's defaults
        seconds, drip = a.seconds or 300, 5.0
    else:
        # idle_timeout longer: on a loaded machine the normal client itself may pause for seconds between requests
        timeouts = {'header_timeout': 2, 'body_timeout': 2, 'idle_timeout': 5, 'send_timeout': 2}
        seconds, drip = a.seconds or 20, 0.7
    n = a.connections
    counts = {'headers': n * 3 // 10, 'body': n * 3 // 10, 'reader': n * 2 // 10}
    counts['idle'] = n - sum(counts.values())

    srv = Server(timeouts)
    failures = []
    try:
        worker = srv.workers()[0]
        rss0 = rss_kb(worker)
        hostile = Hostile(srv.port, counts, drip)
        normal = Normal(srv.port, timeouts.get('idle_timeout', 60))
        th = [threading.Thread(target=hostile.run), threading.Thread(target=normal.run)]
        for t in th:
            t.start()
        rss_max, t0 = rss0, time.time()
        live_min = None
        while time.time() - t0 < seconds:
            time.sleep(0.5)
            rss_max = max(rss_max, rss_kb(worker))
            if time.time() - t0 > 3:
                live_min = hostile.live if live_min is None else min(live_min, hostile.live)
        normal.stop = True
        hostile.stop = True
        for t in th:
            t.join(60)
        total = normal.ok + normal.failed
        lat = sorted(normal.latencies)
        p99 = lat[int(len(lat) * 0.99)] if lat else None
        cuts = {name: sum(int(m) for m in re.findall(r'cut (\d+) connections? \(' + name + r'\)', srv.output()))
                for name in ('header_timeout', 'body_timeout', 'send_timeout', 'idle_timeout')}
        figures = {
            'seconds': seconds, 'connections': n, 'kinds': counts, 'timeouts': timeouts or 'defaults',
            'normal_requests': total, 'normal_success': round(normal.ok / total, 4) if total else 0,
            'normal_errors': normal.errors, 'normal_reconnects': normal.reconnects, 'normal_early_cuts': normal.early_cuts, 'p50_ms': round(lat[len(lat) // 2] * 1000, 1) if lat else None,
            'p99_ms': round(p99 * 1000, 1) if p99 is not None else None, 'worker_rss_kb': [rss0, rss_max],
            'hostile_live_min': live_min, 'cut_seen_by_clients': hostile.cut, 'cut_logged': cuts,
        }
        print('slow figures: ' + json.dumps(figures), flush=True)
        if total < 10:
            failures.append(f'the normal client made only {total} requests')
        if total and normal.ok / total < 0.99:
            failures.append(f'normal client success {normal.ok}/{total} is under 99 %: {normal.errors}')
        if (rss_max - rss0) > RSS_BOUND_MB * 1024:
            failures.append(f'worker RSS grew from {rss0} kB to {rss_max} kB (bound {RSS_BOUND_MB} MB)')
        if live_min is not None and live_min < n * 9 // 10:
            failures.append(f'the hostile connections fell to {live_min} (of {n}): the test was not holding them')
        if normal.early_cuts:  # a connection used again within idle_timeout must never have been cut
            failures.append(f'the busy normal client lost its keep-alive connection {normal.early_cuts} times')
        if not a.long:  # with the short timeouts every kind is cut within the run, and the log names why
            for kind, name in (('headers', 'header_timeout'), ('body', 'body_timeout'), ('reader', 'send_timeout'),
                               ('idle', 'idle_timeout')):
                if hostile.cut[kind] < counts[kind]:
                    failures.append(f'{kind}: only {hostile.cut[kind]} of {counts[kind]} connections were cut')
                # a reader whose answers all fit in the kernel's buffers looks idle to the worker: idle_timeout's
                need = 1 if kind == 'reader' else counts[kind]
                if cuts[name] < need:
                    failures.append(f'the log names {name} for {cuts[name]} cuts, fewer than {need} ({kind})')
    finally:
        code, out = srv.stop()
    if code != 0:
        failures.append(f'barnplan serve did not stop gracefully: {code}')
    for pat in ('ERROR: AddressSanitizer', 'runtime error:', r'worker \d+ ended'):
        if re.search(pat, out):
            failures.append(f'the server log shows {pat}')
    if failures:
        print('FAILED:\n  ' + '\n  '.join(failures) + '\n--- server log (tail)\n' + out[-3000:], file=sys.stderr)
        return 1
    print('slow: ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
