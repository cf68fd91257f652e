"""What a process holds once it has started stays out of the garbage collector's way.

A started process carries some 120 MB of long-lived objects (modules, SQLAlchemy and
pydantic metadata, templates, the route table). Python's full collection walks all of them:
under load the gateway and the consultation service ran one every one to two seconds, each
stopping the event loop for 90–123 ms, which every request in flight waited out (the votes'
open-loop tail, docs/PERFORMANCE.md). :func:`settle` collects once and moves everything
alive to the permanent generation (``gc.freeze``), so later collections look only at what
requests allocate.
"""

import gc


def settle() -> None:
    """Call at the end of start-up, just before serving."""
    gc.collect()
    gc.freeze()


def release() -> None:
    """Call at shutdown: what was frozen goes back to the collector (a test process starts
    and stops many apps; their cycles must still be collected)."""
    gc.unfreeze()
