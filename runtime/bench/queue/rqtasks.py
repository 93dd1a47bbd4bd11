"""The no-op task for RQ (python3-rq), imported by its workers."""


def noop():
    return None
