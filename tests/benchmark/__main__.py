from tests.benchmark.run import entry_point

entry_point()
