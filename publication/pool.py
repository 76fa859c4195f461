"""Documents made side by side: in this process (`jobs` 1) or on a pool of forked processes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

from .document import DocumentMaker, MadeDocument
from .plan import BuildOptions, Project, Publication
from .sources import Sources, read_sources

_maker: list[DocumentMaker] = []  # the worker's own, made once per process


def default_jobs() -> int:
    """Every CPU this process may use."""
    counter = getattr(os, "process_cpu_count", None) or os.cpu_count
    return counter() or 1


def _start_worker(project: Project, options: BuildOptions, sources: Sources | None) -> None:
    """Each worker makes its DocumentMaker once (a forked worker inherits the parent's sources), and dies
    with the parent."""
    import signal

    _die_with_parent()
    # The parent turns Ctrl-C and SIGTERM into a clean stop, and ends its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _maker[:] = [DocumentMaker(project, sources or read_sources(project.sources), options)]


def _die_with_parent() -> None:
    """Linux: a worker of a killed build (SIGKILL) ends too, and so lets go of the output folder's lock."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: a killed build's workers end with their document
        return
    if os.getppid() == 1:  # the parent died before prctl
        os._exit(1)


def _make_in_worker(publication: Publication, keep_going: bool) -> MadeDocument:
    return _maker[0].make(publication, keep_going)


class DocumentPool:
    """Makes documents with `DocumentMaker.make`, here or on `jobs` processes, yielding each as it is done."""

    def __init__(
        self, project: Project, sources: Sources, options: BuildOptions, jobs: int, keep_going: bool = True
    ) -> None:
        self.project, self.sources, self.options = project, sources, options
        self.jobs, self.keep_going = jobs, keep_going
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> DocumentPool:
        return self

    def __exit__(self, *failure) -> None:
        if self.pool is None:
            return
        if failure[0] is not None:
            # Interrupted, or the caller stopped (the preview's sources changed): end the workers now
            # rather than wait for the documents they are typesetting.
            for process in list((getattr(self.pool, "_processes", None) or {}).values()):
                process.terminate()
            # A worker ended while it was sending its document leaves half a message in the result pipe, and
            # the executor's thread would wait for the rest for ever, this process holding the pipe's other
            # end (CPython 3.11, concurrent.futures.process): a build stopped then never ended. With that end
            # closed, the read ends once the workers are gone, and the pool stops.
            writer = getattr(getattr(self.pool, "_result_queue", None), "_writer", None)
            if writer is not None:
                writer.close()
            self.pool.shutdown(wait=True, cancel_futures=True)
        else:
            self.pool.shutdown(wait=True)

    def make(self, publications: list[Publication]) -> Iterator[MadeDocument]:
        """Each publication made, in the order they finish."""
        if self.jobs == 1 or len(publications) <= 1:
            maker = DocumentMaker(self.project, self.sources, self.options)
            for publication in publications:
                yield maker.make(publication, self.keep_going)
            return
        pool = self._pool()
        futures = [pool.submit(_make_in_worker, publication, self.keep_going) for publication in publications]
        for future in as_completed(futures):
            yield future.result()

    def _pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            import multiprocessing

            # fork: workers inherit the imported modules and the sources already read.
            methods = multiprocessing.get_all_start_methods()
            forks = "fork" in methods
            context = multiprocessing.get_context("fork" if forks else None)
            self.pool = ProcessPoolExecutor(
                self.jobs,
                mp_context=context,
                initializer=_start_worker,
                initargs=(self.project, self.options, self.sources if forks else None),
            )
        return self.pool
