"""The pipeline's threads: generators run ahead of their consumer through bounded queues, with one
stop flag and one error list shared by all, so that any thread's failure ends every other."""

from __future__ import annotations

import queue
import threading

END = object()
QUEUE_ITEMS = 3


class Workers:
    def __init__(self):
        self.stop = threading.Event()
        self.errors: list[BaseException] = []
        self.threads: list[threading.Thread] = []

    def put(self, q, item) -> bool:
        while not self.stop.is_set():
            try:
                q.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def items(self, q):
        """What ``q`` receives, until END, or until the stop flag is seen."""
        while True:
            try:
                item = q.get(timeout=0.2)
            except queue.Empty:
                if self.stop.is_set():
                    return
                continue
            if item is END or self.stop.is_set():
                return
            yield item

    def start(self, target, name: str, *args) -> threading.Thread:
        """Run ``target(*args)`` in a thread whose exception goes to ``errors`` and stops the others."""

        def guarded() -> None:
            try:
                target(*args)
            except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
                self.errors.append(exc)
                self.stop.set()

        thread = threading.Thread(target=guarded, name=name, daemon=True)
        self.threads.append(thread)
        thread.start()
        return thread

    def ahead(self, items, name: str, size: int = QUEUE_ITEMS):
        """Runs the generator ``items`` in a thread, a bounded queue (``size`` items) ahead of its consumer."""
        q: queue.Queue = queue.Queue(maxsize=size)

        def pump() -> None:
            try:
                for item in items:
                    if not self.put(q, item):
                        return
            except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
                self.errors.append(exc)
                self.stop.set()
            finally:
                self.put(q, END)

        thread = threading.Thread(target=pump, name=name, daemon=True)
        self.threads.append(thread)
        thread.start()
        return self.items(q)

    def join(self) -> None:
        # A thread still waiting on its queue (an early end) sees the flag and returns.
        self.stop.set()
        for thread in self.threads:
            thread.join()
