"""The benchmark: a generator that fills a separate database with a national
data set at a scale factor (generate.py) and a harness that serves the portal
under gunicorn with production settings and drives it with wrk (run.py).
See the README's "Benchmark" section."""
