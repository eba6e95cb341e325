"""Tests of the ``stream_kernel`` package, laid out as its source is."""
