"""concur-queue-monitor: the status page, read as JSON and rendered by headless Chromium."""
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.request

from harness import Process, QueueTest, free_port

MONITOR = os.environ.get('CONCUR_QUEUE_MONITOR', '')
SCREENSHOT = os.environ.get('CONCUR_QUEUE_SCREENSHOT', os.path.join(tempfile.gettempdir(), 'concur-queue-monitor.png'))


def chromium():
    for name in ('chromium', 'chromium-browser', 'google-chrome'):
        path = shutil.which(name)
        if path:
            return path
    return None


class Monitor(QueueTest):
    def test_status_page(self):
        self.cpp_worker(hostname='cpp@monitor')
        port = free_port()
        monitor = Process([MONITOR, '--broker', self.redis.url, '--port', str(port)])
        self.processes.append(monitor)
        monitor.wait_for_log('http://')
        time.sleep(0.5)  # subscribed to the events
        app = self.app()
        results = [app.send_task('tasks.sleep_ms', (i * 10,)) for i in range(20)]
        results += [app.send_task('tasks.fail', ('boom %d' % i,)) for i in range(3)]
        for r in results:
            try:
                r.get(timeout=30)
            except Exception:
                pass
        base = f'http://127.0.0.1:{port}'
        deadline = time.time() + 10
        while True:
            state = json.load(urllib.request.urlopen(base + '/api/state', timeout=5))
            if state['tasks_by_state'].get('SUCCESS') == 20 and state['queues']:
                break
            self.assertLess(time.time(), deadline, state)
            time.sleep(0.2)
        self.assertEqual(state['tasks_by_state'].get('FAILURE'), 3)
        workers = {w['hostname']: w for w in state['workers']}
        self.assertEqual(workers['cpp@monitor']['status'], 'online')
        self.assertEqual(workers['cpp@monitor']['sw_ident'], 'concur-queue')
        self.assertIn('celery', [q['name'] for q in state['queues']])
        self.assertEqual(sum(p['succeeded'] for p in state['rates']), 20)
        # the live stream
        with urllib.request.urlopen(base + '/events', timeout=5) as stream:
            self.assertEqual(stream.headers['Content-Type'], 'text/event-stream')
            line = b''
            while not line.startswith(b'data: '):
                line = stream.readline()
            self.assertIn('cpp@monitor', json.loads(line[6:])['workers'][0]['hostname'])
        # a real browser: the script renders the tables and the chart
        browser = chromium()
        if not browser:
            self.skipTest('chromium not installed')
        profile = tempfile.mkdtemp(prefix='concur-queue-chromium-')
        common = [browser, '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
                  '--user-data-dir=' + profile, '--virtual-time-budget=3000', '--window-size=1280,1000']
        dom = subprocess.run(common + ['--dump-dom', base + '/?poll'], capture_output=True, text=True, timeout=90).stdout
        self.assertIn('cpp@monitor', dom)
        self.assertIn('tasks.sleep_ms', dom)  # the recent tasks table, filled in by the script
        self.assertIn('<path d="M', dom)  # the chart
        self.assertIn('FAILURE 3', dom)
        subprocess.run(common + ['--screenshot=' + SCREENSHOT, base + '/?poll'], capture_output=True, timeout=90)
        self.assertTrue(os.path.getsize(SCREENSHOT) > 10000)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == '__main__':
    unittest.main(verbosity=2)
